package org.cosettle.crypto.paillier;

/**
 * A ciphertext holding {@code count} packed values (see {@link PaillierPacking}), the sum of
 * {@code terms} fresh encryptions; the term count guards the slots' headroom.
 */
public record PackedCiphertext(PaillierCiphertext ciphertext, int count, long terms) {
  public PackedCiphertext {
    if (ciphertext == null || count < 0 || terms < 1) {
      throw new IllegalArgumentException("a packed ciphertext needs a ciphertext, a count ≥ 0 and terms ≥ 1");
    }
  }
}
