package org.cosettle.platform.consent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.crypto.sm2.Sm2PublicKey;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.JsonRecord;

/**
 * Reads a consent file (JSON Lines of {@link ConsentRecord}s). Every problem is reported with its
 * line (at most {@value #MAX_ERRORS}): malformed JSON, unknown or missing fields, a consent id seen
 * before, a signer that is not among the trusted keys, a signature that does not verify. One
 * problem rejects the whole file: consent is never inferred from a partly readable registry.
 */
public final class ConsentFile {
  static final int MAX_ERRORS = 100;

  private ConsentFile() {}

  /** The signed records of {@code path}, each verified against {@code trusted}. */
  public static List<ConsentRecord> read(Path path, List<Sm2Certificate> trusted) throws IOException, InputException {
    Map<String, Sm2PublicKey> keys = new HashMap<>();
    for (Sm2Certificate c : trusted) {
      keys.put(c.publicKey().fingerprint(), c.publicKey());
    }
    return read(path, true, keys);
  }

  /** Records without signatures, the input of {@code cosettle consent sign}. */
  public static List<ConsentRecord> readUnsigned(Path path) throws IOException, InputException {
    return read(path, false, Map.of());
  }

  private static List<ConsentRecord> read(Path path, boolean signed, Map<String, Sm2PublicKey> keys)
      throws IOException, InputException {
    String file = path.toString();
    List<String> lines = List.of(new String(Files.readAllBytes(path), StandardCharsets.UTF_8).split("\n", -1));
    List<ConsentRecord> records = new ArrayList<>();
    List<InputError> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int count = lines.get(lines.size() - 1).isEmpty() ? lines.size() - 1 : lines.size();
    for (int i = 0; i < count && errors.size() < MAX_ERRORS; i++) {
      int line = i + 1;
      try {
        ConsentRecord c = readLine(lines.get(i), file, line, signed, keys);
        if (!ids.add(c.consentId())) {
          errors.add(new InputError(file, line, "consent_id", "\"" + c.consentId() + "\" appeared on an earlier line"));
        } else {
          records.add(c);
        }
      } catch (InputException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return records;
  }

  private static ConsentRecord readLine(String text, String file, int line, boolean signed,
      Map<String, Sm2PublicKey> keys) throws InputException {
    JsonRecord r;
    try {
      r = new JsonRecord(CanonicalJson.parseObject(text), file, line, "");
      CanonicalJson.write(r.node());
    } catch (IllegalArgumentException e) {
      throw new InputException(new InputError(file, line, "", e.getMessage()));
    }
    ConsentRecord c = ConsentRecord.read(r, signed);
    if (signed) {
      Sm2PublicKey key = keys.get(c.signer());
      if (key == null) {
        throw r.error("signer", "signed by key " + c.signer() + ", which is not among the trusted consent signers");
      }
      if (!c.isSignedBy(key)) {
        throw r.error("signature", "does not verify: the record was changed after signing");
      }
    }
    return c;
  }
}
