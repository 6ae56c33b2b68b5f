package org.cosettle.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short public fingerprints of secret material, for {@code toString()} and logs.
 *
 * <p>A fingerprint is the first four bytes of SHA-256 over a domain label and the secret. For the
 * high-entropy secrets this module holds (keys, seeds) it reveals nothing useful, yet it lets two
 * log lines be compared ("both parties derived the same seed").
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** Eight hex digits identifying {@code secret} within {@code domain}. */
  public static String of(String domain, byte[] secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(domain.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      byte[] digest = sha256.digest(secret);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
