package org.cosettle.platform.trust;

import java.time.Instant;
import org.cosettle.crypto.sm2.Sm2Certificate;

/** The checks every certificate passes before its key is trusted. */
public final class Certificates {
  private Certificates() {}

  /** What is wrong with {@code cert} at {@code time} (bad self-signature, expired, not yet valid), or null. */
  public static String problemAt(Sm2Certificate cert, Instant time) {
    if (!cert.isSignedBy(cert.publicKey())) {
      return "certificate " + cert.subject() + " is not signed by its own key (only self-signed certificates are used)";
    }
    if (time.isAfter(cert.notAfter())) {
      return "certificate " + cert.subject() + " expired at " + Times.format(cert.notAfter());
    }
    if (time.isBefore(cert.notBefore())) {
      return "certificate " + cert.subject() + " is not valid before " + Times.format(cert.notBefore());
    }
    return null;
  }

  /** SM3 of the certificate's DER, naming it in signed records. */
  public static String digest(Sm2Certificate cert) {
    return Digests.sm3(cert.toDer());
  }
}
