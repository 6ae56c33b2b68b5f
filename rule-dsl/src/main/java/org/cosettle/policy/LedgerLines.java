package org.cosettle.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.ReadFailures;

/**
 * What the claim ledgers' files share (plaintext mode's {@link ClaimLedger} and handshake mode's
 * ledgers of shares): JSON Lines, one claim's record an object per line, a claim recorded once,
 * every bad line reported with its number.
 */
public final class LedgerLines {
  /** Duplicate keys in a line are an error, not the last one winning. */
  public static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private LedgerLines() {}

  /** Where a line's parser reports an error: the field and what is wrong. */
  public interface Errors {
    void add(String field, String message);
  }

  /** Reads one line's object into a record; null when it reported an error. */
  public interface Parser<T> {
    T parse(JsonNode root, Errors errors);
  }

  /**
   * The records of the file at {@code path} ({@code label} names it in errors): each non-blank
   * line a JSON object with no field but {@code fields}, read by {@code parser}, and no claim
   * ({@code claimId} of a record) recorded twice.
   *
   * @throws InputException with every bad line, located
   */
  public static <T> List<T> read(Path path, String label, List<String> fields, Parser<T> parser,
      Function<T, String> claimId) throws IOException, InputException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ReadFailures.named(path, e);
    }
    List<InputError> errors = new ArrayList<>();
    List<T> records = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      int line = i + 1;
      Errors here = (field, message) -> errors.add(new InputError(label, line, field, message));
      T r = parse(lines.get(i), fields, parser, here);
      if (r != null && !ids.add(claimId.apply(r))) {
        here.add("claim_id", "claim " + claimId.apply(r) + " is recorded twice");
      } else if (r != null) {
        records.add(r);
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return records;
  }

  private static <T> T parse(String line, List<String> fields, Parser<T> parser, Errors errors) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      errors.add("", "not a JSON object: " + e.getOriginalMessage());
      return null;
    }
    if (!(root instanceof ObjectNode)) {
      errors.add("", "expected a JSON object");
      return null;
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        errors.add(field, "unknown field (expected " + String.join(", ", fields) + ")");
      }
    }
    return parser.parse(root, errors);
  }

  /** The text of {@code field}: non-empty, but for {@code reverses}; null (reported) otherwise. */
  public static String text(JsonNode root, String field, Errors errors) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty() && !field.equals("reverses")) {
      errors.add(field, n == null ? "missing field" : "expected a non-empty string");
      return null;
    }
    return n.asText();
  }

  /** Reads one named value of a record's object; null when it is malformed. */
  public interface Value {
    Long read(JsonNode value, int index);
  }

  /**
   * The values of {@code names} under {@code field}, an object from name to value, each read by
   * {@code value}; {@code expected} says what a malformed one should be (by its index), {@code
   * kind} what a name stands for ("output", "money or int state"). Null when one is missing,
   * malformed or not the policy's (all reported).
   */
  public static long[] values(JsonNode root, String field, List<String> names, String kind, Value value,
      Function<Integer, String> expected, Errors errors) {
    JsonNode obj = root.get(field);
    if (!(obj instanceof ObjectNode)) {
      errors.add(field, obj == null ? "missing field" : "expected an object from name to value");
      return null;
    }
    boolean ok = true;
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        errors.add(field + "." + name, "the policy has no such " + kind + " (a ledger belongs to the policy that"
            + " wrote it)");
        ok = false;
      }
    }
    long[] out = new long[names.size()];
    for (int k = 0; k < names.size(); k++) {
      JsonNode v = obj.get(names.get(k));
      Long read = v == null ? null : value.read(v, k);
      if (read == null) {
        errors.add(field + "." + names.get(k), v == null ? "missing value" : expected.apply(k));
        ok = false;
      } else {
        out[k] = read;
      }
    }
    return ok ? out : null;
  }
}
