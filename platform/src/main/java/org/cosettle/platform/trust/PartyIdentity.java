package org.cosettle.platform.trust;

import java.time.Duration;
import java.time.Instant;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.crypto.sm2.Sm2PrivateKey;

/**
 * A party's SM2 key pair and self-signed certificate, subject {@code CN=NAME,OU=ROLE,O=CoSettle}.
 * {@code toString()} shows the certificate, never the key.
 *
 * <pre>{@code
 * PartyIdentity regulator = PartyIdentity.generate(Role.REGULATOR, "NHSA Shanghai", Instant.now(), Duration.ofDays(365), Prg.create());
 * }</pre>
 */
public record PartyIdentity(Sm2PrivateKey key, Sm2Certificate certificate) {
  public PartyIdentity {
    if (!key.publicKey().equals(certificate.publicKey())) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
  }

  public static PartyIdentity generate(Role role, String name, Instant notBefore, Duration validity, Prg prg) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a party name is required");
    }
    Sm2PrivateKey key = Sm2PrivateKey.generate(prg);
    String subject = "CN=" + escapeRdnValue(name) + ",OU=" + role.label() + ",O=CoSettle";
    return new PartyIdentity(key, Sm2Certificate.selfSigned(key, subject, notBefore, validity, prg));
  }

  /** RFC 4514 §2.4 escaping of an attribute value. */
  static String escapeRdnValue(String value) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
      if ("\"+,;<>\\=".indexOf(c) >= 0 || edgeSpace || (c == '#' && i == 0)) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "PartyIdentity[" + certificate + "]";
  }
}
