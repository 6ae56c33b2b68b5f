package org.cosettle.crypto.random;

import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES ciphers from the JDK's own provider, whose AES is compiled to AES-NI/VAES instructions. */
final class JdkAes {
  private JdkAes() {}

  /** An encrypting {@code transformation} (e.g. "AES/CTR/NoPadding") under {@code key}. */
  static Cipher encryptor(String transformation, byte[] key, AlgorithmParameterSpec params) {
    try {
      Cipher cipher;
      try {
        // Preferred even when another provider (Bouncy Castle) was registered first.
        cipher = Cipher.getInstance(transformation, "SunJCE");
      } catch (NoSuchProviderException e) {
        cipher = Cipher.getInstance(transformation);
      }
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), params);
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " is not available", e);
    }
  }
}
