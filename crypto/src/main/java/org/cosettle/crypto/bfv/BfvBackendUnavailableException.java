package org.cosettle.crypto.bfv;

/**
 * A BFV backend was asked for that is not on the class path, or whose native library (or a
 * library it needs) failed to load. The message says which and what to do.
 */
public final class BfvBackendUnavailableException extends IllegalStateException {
  public BfvBackendUnavailableException(String message) {
    super(message);
  }

  public BfvBackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
