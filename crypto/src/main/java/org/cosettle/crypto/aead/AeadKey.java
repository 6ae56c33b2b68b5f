package org.cosettle.crypto.aead;

import org.cosettle.crypto.Fingerprint;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;

/**
 * A symmetric key bound to its {@link AeadAlgorithm}. {@code toString()} shows the algorithm and a
 * fingerprint; the bytes leave only through {@link #toBytes(SecretAccess)}.
 *
 * <pre>{@code
 * AeadKey key = AeadKey.generate(AeadAlgorithm.SM4_GCM, prg);
 * Aead aead = Aead.create(key);
 * }</pre>
 */
public final class AeadKey {
  private final AeadAlgorithm algorithm;
  private final byte[] key;

  private AeadKey(AeadAlgorithm algorithm, byte[] key) {
    if (key.length != algorithm.keyBytes()) {
      throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyBytes() + "-byte key, not "
          + key.length + " bytes");
    }
    this.algorithm = algorithm;
    this.key = key;
  }

  /** A new random key. */
  public static AeadKey generate(AeadAlgorithm algorithm, Prg prg) {
    return new AeadKey(algorithm, prg.nextBytes(algorithm.keyBytes()));
  }

  /** A key from its raw bytes (copied), e.g. read from a key store. */
  public static AeadKey fromBytes(AeadAlgorithm algorithm, byte[] key) {
    return new AeadKey(algorithm, key.clone());
  }

  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the raw key. */
  public byte[] toBytes(SecretAccess access) {
    SecretAccess.check(access);
    return key.clone();
  }

  byte[] bytes() {
    return key;
  }

  @Override
  public String toString() {
    return "AeadKey[" + algorithm + ", " + Fingerprint.of("cosettle/aead-key/" + algorithm, key) + "]";
  }
}
