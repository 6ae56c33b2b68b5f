package org.cosettle.crypto.bfv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256 in counter mode from a zero counter, buffered so that bulk output uses the intrinsics. */
final class AesCtrRandomSource implements RandomSource {
  private static final int BUFFER_BYTES = 8192;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Cipher cipher;
  private final byte[] zeros = new byte[BUFFER_BYTES];
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position = BUFFER_BYTES;

  AesCtrRandomSource(byte[] seed) {
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is not available in this JDK", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  private void refill() {
    try {
      int produced = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
      if (produced != BUFFER_BYTES) {
        throw new IllegalStateException("AES-CTR produced " + produced + " bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed", e);
    }
    position = 0;
  }

  @Override
  public void nextBytes(byte[] out) {
    int done = 0;
    while (done < out.length) {
      if (position == BUFFER_BYTES) {
        refill();
      }
      int take = Math.min(out.length - done, BUFFER_BYTES - position);
      System.arraycopy(buffer, position, out, done, take);
      position += take;
      done += take;
    }
  }

  @Override
  public long nextLong() {
    if (position > BUFFER_BYTES - 8) {
      refill();
    }
    long value = (long) LONGS.get(buffer, position);
    position += 8;
    return value;
  }

  @Override
  public String toString() {
    return "AesCtrRandomSource";
  }
}
