package org.cosettle.crypto.paillier;

import java.math.BigInteger;

/**
 * A Paillier ciphertext c = (1 + m·n)·r<sup>n</sup> mod n², bound to its public key. Immutable.
 * {@link #toBytes()} is c big-endian in exactly twice the modulus length (768 bytes at 3072 bits);
 * decode with {@link PaillierPublicKey#ciphertextFromBytes(byte[])}.
 */
public final class PaillierCiphertext {
  final PaillierPublicKey key;
  final BigInteger value;

  PaillierCiphertext(PaillierPublicKey key, BigInteger value) {
    this.key = key;
    this.value = value;
  }

  public PaillierPublicKey publicKey() {
    return key;
  }

  /** c big-endian, fixed length 2·modulusBytes. */
  public byte[] toBytes() {
    int length = 2 * key.parameters().modulusBytes();
    byte[] out = new byte[length];
    PaillierEncoding.writeFixed(value, out, 0, length);
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PaillierCiphertext c && c.value.equals(value) && c.key.equals(key);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "PaillierCiphertext[key " + key.fingerprint() + "]";
  }
}
