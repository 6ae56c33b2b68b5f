package org.cosettle.crypto.bfv;

/** Bytes that are not a well-formed BFV object for the expected parameter set. */
public final class BfvFormatException extends IllegalArgumentException {
  BfvFormatException(String message) {
    super(message);
  }
}
