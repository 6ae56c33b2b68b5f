package org.cosettle.crypto.aead;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM from the JDK (AES-NI and carry-less multiply instructions). */
final class JdkAesGcm implements Aead.Gcm {
  @Override
  public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
    try {
      Cipher cipher = init(Cipher.ENCRYPT_MODE, key, nonce, 0, associatedData);
      byte[] out = new byte[Aead.NONCE_BYTES + plaintext.length + Aead.TAG_BYTES];
      System.arraycopy(nonce, 0, out, 0, Aead.NONCE_BYTES);
      cipher.doFinal(plaintext, 0, plaintext.length, out, Aead.NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public byte[] open(byte[] key, byte[] sealed, byte[] associatedData) throws AuthenticationFailedException {
    try {
      Cipher cipher = init(Cipher.DECRYPT_MODE, key, sealed, 0, associatedData);
      return cipher.doFinal(sealed, Aead.NONCE_BYTES, sealed.length - Aead.NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new AuthenticationFailedException("AES-GCM ciphertext did not authenticate: modified, wrong key "
          + "or wrong associated data");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private static Cipher init(int mode, byte[] key, byte[] nonceHolder, int nonceOffset, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(8 * Aead.TAG_BYTES, nonceHolder, nonceOffset, Aead.NONCE_BYTES));
    cipher.updateAAD(associatedData);
    return cipher;
  }
}
