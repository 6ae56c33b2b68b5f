package org.cosettle.crypto.paillier;

/**
 * A ciphertext holding {@code count} packed values (see {@link PaillierPacking}) whose slots are
 * bounded by {@code terms} times the value range: a fresh encryption has one term, a sum adds the
 * terms of its operands, a product by k multiplies them by |k|. Only {@link PaillierPacking} makes
 * one, so the count cannot be understated.
 */
public final class PackedCiphertext {
  private final PaillierCiphertext ciphertext;
  private final int count;
  private final long terms;

  PackedCiphertext(PaillierCiphertext ciphertext, int count, long terms) {
    this.ciphertext = ciphertext;
    this.count = count;
    this.terms = terms;
  }

  public PaillierCiphertext ciphertext() {
    return ciphertext;
  }

  /** How many values are packed. */
  public int count() {
    return count;
  }

  /** The headroom used, in units of one fresh value range. */
  public long terms() {
    return terms;
  }

  @Override
  public String toString() {
    return "PackedCiphertext[" + count + " values, " + terms + " terms, key " + ciphertext.key.fingerprint() + "]";
  }
}
