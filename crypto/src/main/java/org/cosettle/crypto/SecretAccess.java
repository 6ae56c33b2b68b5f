package org.cosettle.crypto;

/**
 * A token that a caller must pass to read raw secret material (a private key's encoding, a
 * symmetric key's bytes). It carries no power of its own; it makes every place that takes a secret
 * out of its type visible in the code and easy to find in review.
 *
 * <pre>{@code
 * String pem = privateKey.toPkcs8Pem(SecretAccess.grant());
 * }</pre>
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** Returns the token; call it only where secret bytes must leave their type (key files, KATs). */
  public static SecretAccess grant() {
    return INSTANCE;
  }

  /** Fails unless {@code access} is the token, so passing {@code null} does not silently work. */
  public static void check(SecretAccess access) {
    if (access != INSTANCE) {
      throw new SecurityException("reading secret material needs SecretAccess.grant()");
    }
  }
}
