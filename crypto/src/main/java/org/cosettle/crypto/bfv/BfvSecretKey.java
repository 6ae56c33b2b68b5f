package org.cosettle.crypto.bfv;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A ternary BFV secret key. It never prints its coefficients: {@link #toString()} shows a short
 * SHA-256 fingerprint, enough to tell two keys apart in a log.
 */
public final class BfvSecretKey implements BfvScheme.SecretKey {
  final BfvParameters parameters;
  /** Coefficients in {-1, 0, 1}. */
  final byte[] coefficients;
  /** NTT form over the whole chain, special prime included. */
  final long[] ntt;
  private final String fingerprint;

  BfvSecretKey(BfvParameters parameters, byte[] coefficients, long[] ntt) {
    this.parameters = parameters;
    this.coefficients = coefficients;
    this.ntt = ntt;
    this.fingerprint = fingerprintOf(coefficients);
  }

  private static String fingerprintOf(byte[] coefficients) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("cosettle-bfv-secret-key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] digest = sha.digest(coefficients);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  /**
   * The secret key as bytes (2 bits per coefficient), for the key owner's own storage only: whoever
   * holds these bytes can decrypt everything. Store them encrypted (e.g. AES-GCM) at rest. The
   * {@link org.cosettle.crypto.SecretAccess} token marks the call as one that takes a secret out.
   */
  public byte[] exportSecretBytes(org.cosettle.crypto.SecretAccess access) {
    org.cosettle.crypto.SecretAccess.check(access);
    return BfvSerialization.writeSecretKey(this);
  }

  /** Strict inverse of {@link #exportSecretBytes}; errors never echo the key material. */
  public static BfvSecretKey importSecretBytes(BfvContext context, byte[] bytes) {
    return BfvSerialization.readSecretKey(context, bytes);
  }

  @Override
  public String toString() {
    return "BfvSecretKey{fingerprint=" + fingerprint + "}";
  }
}
