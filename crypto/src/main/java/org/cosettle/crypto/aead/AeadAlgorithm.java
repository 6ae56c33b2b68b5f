package org.cosettle.crypto.aead;

/**
 * The authenticated-encryption algorithms: GCM (NIST SP 800-38D) over AES (FIPS 197) or SM4
 * (GB/T 32907-2016), with 96-bit nonces and 128-bit tags. AES-128 and SM4 give 128-bit security,
 * AES-256 256-bit.
 */
public enum AeadAlgorithm {
  AES_128_GCM(16),
  AES_256_GCM(32),
  SM4_GCM(16);

  private final int keyBytes;

  AeadAlgorithm(int keyBytes) {
    this.keyBytes = keyBytes;
  }

  public int keyBytes() {
    return keyBytes;
  }
}
