package org.cosettle.platform.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * Reads the members of one JSON object strictly, each problem an {@link InputException} located
 * as {@code FILE:LINE: field: message} (nested members as {@code admission.until}).
 *
 * <pre>{@code
 * JsonRecord r = new JsonRecord(object, "consents.jsonl", 3, "");
 * r.allowOnly("consent_id", "insured_id", ...);
 * String id = r.text("consent_id");
 * }</pre>
 */
public final class JsonRecord {
  private static final HexFormat HEX = HexFormat.of();
  private final ObjectNode object;
  private final String file;
  private final int line;
  private final String prefix;

  public JsonRecord(ObjectNode object, String file, int line, String prefix) {
    this.object = object;
    this.file = file;
    this.line = line;
    this.prefix = prefix;
  }

  /**
   * A whole file that holds one canonical JSON object and a final {@code \n} (an envelope, a
   * revocation list); {@code what} names it in the error.
   */
  public static JsonRecord parseDocument(String text, String file, String what) throws InputException {
    JsonRecord r = new JsonRecord(CanonicalJson.object(), file, 1, "");
    if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
      throw r.error("", what + " is one line of canonical JSON ending in a newline");
    }
    try {
      return new JsonRecord(CanonicalJson.parseCanonical(text.substring(0, text.length() - 1)), file, 1, "");
    } catch (IllegalArgumentException e) {
      throw r.error("", e.getMessage());
    }
  }

  /** The object read. */
  public ObjectNode node() {
    return object;
  }

  /** An error located at {@code field} of this record. */
  public InputException error(String field, String message) {
    return new InputException(new InputError(file, line, prefix + field, message));
  }

  /** Refuses members other than {@code names}. */
  public void allowOnly(String... names) throws InputException {
    Set<String> allowed = Set.of(names);
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw error(name, "unknown field (expected " + String.join(", ", names) + ")");
      }
    }
  }

  public boolean has(String name) {
    return object.has(name) && !object.get(name).isNull();
  }

  private JsonNode required(String name) throws InputException {
    JsonNode v = object.get(name);
    if (v == null) {
      throw error(name, "missing");
    }
    if (v.isNull()) {
      throw error(name, "null is not allowed here");
    }
    return v;
  }

  /** A non-empty string. */
  public String text(String name) throws InputException {
    JsonNode v = required(name);
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw error(name, "expected a non-empty string");
    }
    return v.textValue();
  }

  /** An integer that fits in a {@code long}. */
  public long integer(String name) throws InputException {
    JsonNode v = required(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(name, "expected an integer");
    }
    return v.longValue();
  }

  public boolean bool(String name) throws InputException {
    JsonNode v = required(name);
    if (!v.isBoolean()) {
      throw error(name, "expected true or false");
    }
    return v.booleanValue();
  }

  /** A time in the form {@link Times#format} writes. */
  public Instant instant(String name) throws InputException {
    String s = text(name);
    try {
      return Times.parse(s);
    } catch (IllegalArgumentException e) {
      throw error(name, e.getMessage());
    }
  }

  /** A time, or null when the member is absent or null. */
  public Instant optionalInstant(String name) throws InputException {
    return has(name) ? instant(name) : null;
  }

  /** Lower-case hex of exactly {@code length} bytes ({@code length} 0: any non-zero length). */
  public byte[] hex(String name, int length) throws InputException {
    String s = text(name);
    byte[] bytes;
    try {
      bytes = HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      throw error(name, "expected lower-case hex digits");
    }
    if (!HEX.formatHex(bytes).equals(s)) {
      throw error(name, "expected lower-case hex digits");
    }
    if (length > 0 && bytes.length != length) {
      throw error(name, "expected " + length + " bytes (" + 2 * length + " hex digits), found " + bytes.length);
    }
    return bytes;
  }

  /** Standard base64 with padding, in the one spelling that encodes the bytes back. */
  public byte[] base64(String name) throws InputException {
    String s = text(name);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw error(name, "expected base64");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
      throw error(name, "expected base64 in its canonical spelling");
    }
    return bytes;
  }

  /** A nested object, read with the member name as prefix. */
  public JsonRecord object(String name) throws InputException {
    JsonNode v = required(name);
    if (!v.isObject()) {
      throw error(name, "expected an object");
    }
    return new JsonRecord((ObjectNode) v, file, line, prefix + name + ".");
  }

  /** An array of non-empty strings. */
  public List<String> texts(String name) throws InputException {
    JsonNode v = required(name);
    if (!v.isArray()) {
      throw error(name, "expected an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual() || e.textValue().isEmpty()) {
        throw error(name, "expected an array of non-empty strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** An array of objects, each read with {@code name[i].} as prefix. */
  public List<JsonRecord> objects(String name) throws InputException {
    JsonNode v = required(name);
    if (!v.isArray()) {
      throw error(name, "expected an array of objects");
    }
    List<JsonRecord> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        throw error(name + "[" + i + "]", "expected an object");
      }
      out.add(new JsonRecord((ObjectNode) v.get(i), file, line, prefix + name + "[" + i + "]."));
    }
    return out;
  }
}
