package org.cosettle.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * A ciphertext did not authenticate: it was modified or truncated, the associated data differs,
 * or the key is not the one it was made with. No part of the plaintext is released.
 */
public final class AuthenticationFailedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public AuthenticationFailedException(String message) {
    super(message);
  }

  public AuthenticationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
