package org.cosettle.platform.trust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one byte form of a JSON value that CoSettle signs and hashes: the subset of RFC 8785 (JSON
 * Canonicalization Scheme) for values without fractions. Object members sorted by key (UTF-16
 * code units), no whitespace, integers in plain decimal, strings with only {@code "}, {@code \}
 * and control characters escaped ({@code \b \t \n \f \r}, else backslash, {@code u00} and two lower-case hex digits),
 * everything else as UTF-8. Fractions and exponents are refused: nothing signed here needs them,
 * and leaving them out avoids number canonicalisation altogether.
 *
 * <pre>{@code
 * byte[] signed = CanonicalJson.bytes(envelopeWithoutSignature);
 * ObjectNode event = CanonicalJson.parseCanonical(line);   // refuses any other spelling
 * }</pre>
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CanonicalJson() {}

  /** A new, empty object to fill. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The canonical text of {@code value}; throws {@link IllegalArgumentException} for a fraction. */
  public static String write(JsonNode value) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, value);
    return sb.toString();
  }

  /** The canonical UTF-8 bytes of {@code value}. */
  public static byte[] bytes(JsonNode value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses one JSON object (duplicate keys refused). The message of the {@link
   * IllegalArgumentException} says what is wrong without echoing the content.
   */
  public static ObjectNode parseObject(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Parses an object that must be spelled exactly in canonical form. */
  public static ObjectNode parseCanonical(String text) {
    ObjectNode node = parseObject(text);
    String canonical;
    try {
      canonical = write(node);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not canonical JSON: " + e.getMessage());
    }
    if (!canonical.equals(text)) {
      throw new IllegalArgumentException("not canonical JSON (sorted keys, no spaces, integers only; "
          + "first difference at column " + (firstDifference(canonical, text) + 1) + ")");
    }
    return node;
  }

  /** A deep copy of {@code object} without the member at {@code path} (e.g. "admission", "signature"). */
  public static ObjectNode without(ObjectNode object, String... path) {
    ObjectNode copy = object.deepCopy();
    ObjectNode parent = copy;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode next = parent.get(path[i]);
      if (!(next instanceof ObjectNode)) {
        return copy;
      }
      parent = (ObjectNode) next;
    }
    parent.remove(path[path.length - 1]);
    return copy;
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  private static void append(StringBuilder sb, JsonNode value) {
    switch (value.getNodeType()) {
      case OBJECT: {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(value.properties());
        members.sort(Map.Entry.comparingByKey());
        sb.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendString(sb, members.get(i).getKey());
          sb.append(':');
          append(sb, members.get(i).getValue());
        }
        sb.append('}');
        break;
      }
      case ARRAY: {
        sb.append('[');
        Iterator<JsonNode> it = value.elements();
        for (boolean first = true; it.hasNext(); first = false) {
          if (!first) {
            sb.append(',');
          }
          append(sb, it.next());
        }
        sb.append(']');
        break;
      }
      case STRING:
        appendString(sb, value.textValue());
        break;
      case BOOLEAN:
        sb.append(value.booleanValue());
        break;
      case NULL:
        sb.append("null");
        break;
      case NUMBER:
        if (!value.isIntegralNumber()) {
          throw new IllegalArgumentException("a number with a fraction or exponent");
        }
        sb.append(value.bigIntegerValue());
        break;
      default:
        throw new IllegalArgumentException("a " + value.getNodeType() + " value has no JSON form");
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\b': sb.append("\\b"); break;
        case '\t': sb.append("\\t"); break;
        case '\n': sb.append("\\n"); break;
        case '\f': sb.append("\\f"); break;
        case '\r': sb.append("\\r"); break;
        default:
          if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1)))) {
            if (Character.isHighSurrogate(c) || i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))) {
              // a lone surrogate has no UTF-8 form: two different strings would sign alike
              throw new IllegalArgumentException("a string with a lone UTF-16 surrogate");
            }
          }
          if (c < 0x20) {
            sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
