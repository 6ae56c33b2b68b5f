package org.cosettle.crypto;

/**
 * Bytes or text handed to a decoder (a PEM file, a DER key, a serialized message) are not a valid
 * encoding of what was expected. The message says what was wrong, never the secret content.
 */
public class InvalidEncodingException extends IllegalArgumentException {
  public InvalidEncodingException(String message) {
    super(message);
  }

  public InvalidEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
