package org.cosettle.crypto.aead;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM4-GCM (RFC 8998 §2.1) from Bouncy Castle's lightweight API. */
final class Sm4Gcm implements Aead.Gcm {
  @Override
  public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
    GCMModeCipher gcm = init(true, key, nonce, 0, associatedData);
    byte[] out = new byte[Aead.NONCE_BYTES + gcm.getOutputSize(plaintext.length)];
    System.arraycopy(nonce, 0, out, 0, Aead.NONCE_BYTES);
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, Aead.NONCE_BYTES);
    try {
      gcm.doFinal(out, Aead.NONCE_BYTES + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM encryption failed", e);
    }
    return out;
  }

  @Override
  public byte[] open(byte[] key, byte[] sealed, byte[] associatedData) throws AuthenticationFailedException {
    GCMModeCipher gcm = init(false, key, sealed, 0, associatedData);
    int bodyLength = sealed.length - Aead.NONCE_BYTES;
    byte[] plaintext = new byte[gcm.getOutputSize(bodyLength)];
    int n = gcm.processBytes(sealed, Aead.NONCE_BYTES, bodyLength, plaintext, 0);
    try {
      gcm.doFinal(plaintext, n);
    } catch (InvalidCipherTextException e) {
      Arrays.fill(plaintext, (byte) 0);
      throw new AuthenticationFailedException("SM4-GCM ciphertext did not authenticate: modified, wrong key "
          + "or wrong associated data");
    }
    return plaintext;
  }

  /** The SM4 block cipher itself, exposed for its GB/T 32907 known-answer tests. */
  static SM4Engine blockCipher(boolean encrypt, byte[] key) {
    SM4Engine engine = new SM4Engine();
    engine.init(encrypt, new KeyParameter(key));
    return engine;
  }

  private static GCMModeCipher init(boolean encrypt, byte[] key, byte[] nonceHolder, int nonceOffset,
      byte[] associatedData) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    byte[] nonce = Arrays.copyOfRange(nonceHolder, nonceOffset, nonceOffset + Aead.NONCE_BYTES);
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), 8 * Aead.TAG_BYTES, nonce, associatedData));
    return gcm;
  }
}
