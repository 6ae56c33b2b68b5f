package org.cosettle.crypto.sm2;

import java.util.Base64;
import org.cosettle.crypto.InvalidEncodingException;

/** Strict RFC 7468 text encoding: one object, the expected label, base64 with line breaks only. */
final class Pem {
  private Pem() {}

  static String encode(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static byte[] decode(String label, String pem) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    String text = pem.strip();
    if (!text.startsWith(begin)) {
      throw new InvalidEncodingException("expected PEM text starting with '" + begin + "'");
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
}
