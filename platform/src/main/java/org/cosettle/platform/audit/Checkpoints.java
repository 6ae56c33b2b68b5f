package org.cosettle.platform.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.trust.CanonicalJson;

/**
 * Checkpoint entries: {@code {"prev":…,"seq":…,"signature":…,"signer":…,"time":…,"type":"checkpoint"}},
 * the SM2 signature covering the canonical bytes of the entry without {@code signature} — so it
 * signs the hash of every entry before it ({@code prev}), its own position and time, and the
 * signer's key fingerprint.
 */
final class Checkpoints {
  private Checkpoints() {}

  static byte[] signedBytes(ObjectNode checkpoint) {
    return CanonicalJson.bytes(CanonicalJson.without(checkpoint, "signature"));
  }

  /** What is wrong with checkpoint {@code e} under {@code trusted}, or null. */
  static String problem(AuditEntry e, Sm2Certificate trusted) {
    String signer = e.text("signer");
    String signature = e.text("signature");
    if (signer == null || signature == null || e.json().size() != 6) {
      return "a checkpoint has exactly prev, seq, signature, signer, time and type";
    }
    if (!signer.equals(trusted.publicKey().fingerprint())) {
      return "checkpoint signed by key " + signer + ", not the trusted key " + trusted.publicKey().fingerprint()
          + " (" + trusted.subject() + ")";
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(signature);
    } catch (IllegalArgumentException ex) {
      return "checkpoint signature is not lower-case hex";
    }
    if (!HexFormat.of().formatHex(bytes).equals(signature)) {
      return "checkpoint signature is not lower-case hex";
    }
    if (!trusted.publicKey().verify(signedBytes(e.json()), bytes)) {
      return "checkpoint signature does not verify: this entry was changed";
    }
    if (!trusted.isValidAt(e.time())) {
      return "checkpoint made at " + e.text("time") + ", outside the validity of the trusted certificate";
    }
    return null;
  }
}
