package org.cosettle.crypto;

import java.util.Base64;
import java.util.Optional;

/**
 * Strict RFC 7468 text encoding: one object, the expected label, base64 with line breaks only.
 * The one PEM codec of the project: SM2 keys and certificates, and the TLS identities of the
 * handshake transport.
 */
public final class Pem {
  private Pem() {}

  /** {@code der} as PEM text labelled {@code label}, 64 characters a line. */
  public static String encode(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  /**
   * The DER bytes of PEM text holding exactly one object labelled {@code label}.
   *
   * @throws InvalidEncodingException saying what is wrong: not PEM, another label (a key where a
   *     certificate was expected), truncated, more than one object, bad base64
   */
  public static byte[] decode(String label, String pem) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    String text = pem.strip();
    if (!text.startsWith(begin)) {
      throw new InvalidEncodingException(otherLabel(text)
          .map(found -> "found PEM text labelled " + found + " where " + label + " was expected")
          .orElse("not PEM text: expected a first line '" + begin + "'"));
    }
    if (!text.endsWith(end) || text.length() < begin.length() + end.length()) {
      throw new InvalidEncodingException("PEM text does not end with '" + end + "' (truncated?)");
    }
    String body = text.substring(begin.length(), text.length() - end.length());
    if (body.contains("-----")) {
      throw new InvalidEncodingException("PEM text holds more than one object or unexpected headers");
    }
    try {
      return Base64.getDecoder().decode(body.replaceAll("[\\r\\n\\t ]", ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException("PEM body is not valid base64: " + e.getMessage());
    }
  }

  /** The label of PEM text that starts with another one ("EC PRIVATE KEY"), if it does. */
  private static Optional<String> otherLabel(String text) {
    String prefix = "-----BEGIN ";
    int close = text.indexOf("-----", prefix.length());
    if (!text.startsWith(prefix) || close < 0 || close - prefix.length() > 64) {
      return Optional.empty();
    }
    String found = text.substring(prefix.length(), close);
    // only a printable label is repeated in a message; anything else is simply "not PEM"
    return found.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? Optional.of(found) : Optional.empty();
  }
}
