package org.cosettle.crypto.random;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.cosettle.crypto.Fingerprint;

/**
 * A pseudorandom generator: the AES-CTR keystream under a 128-bit (or 256-bit) seed, counter
 * starting at zero, or at the start of one of the seed's 2<sup>64</sup> <em>streams</em>
 * ({@link #fromSeed(byte[], long)}, {@link #restart(long)}).
 *
 * <p>Every output method consumes the keystream strictly in order, so the values depend only on the
 * seed and on the sequence of calls, never on buffering: {@code nextBytes(10)} then
 * {@code nextBytes(100)} gives the same 110 bytes as {@code nextBytes(110)}. Two parties that
 * expand a shared seed with the same calls therefore get the same values. {@code long}s are read
 * little-endian from 8 keystream bytes; bounded values use Lemire's multiply-and-reject method,
 * so they are exactly uniform.
 *
 * <p>Security: AES-CTR output is indistinguishable from random as long as AES is a PRP, up to the
 * birthday bound of about 2<sup>64</sup> blocks per seed. Not thread-safe: give each thread its own
 * generator ({@link #fork()}).
 *
 * <pre>{@code
 * Prg prg = Prg.create();                 // seeded from SecureRandom
 * long[] masks = prg.nextLongs(batchSize);
 * long[] fieldElements = new long[batchSize];
 * prg.fillBelow(fieldElements, plainModulus);
 * }</pre>
 */
public final class Prg {
  /** Bytes per seed of {@link #create()} and {@link #nextSeed()}: AES-128. */
  public static final int SEED_BYTES = 16;

  private static final int BUFFER_BYTES = 4096;
  private static final int CHUNK_BYTES = 16384;
  private static final byte[] ZEROS = new byte[CHUNK_BYTES];
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final String description;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int bufferUsed = BUFFER_BYTES;
  private byte[] scratch;
  /** A little-endian long view of {@link #scratch}: bulk copies, not a conversion per long. */
  private LongBuffer scratchLongs;

  private Prg(byte[] seed) {
    if (seed.length != 16 && seed.length != 32) {
      throw new IllegalArgumentException("a Prg seed has 16 or 32 bytes, not " + seed.length);
    }
    this.key = new SecretKeySpec(seed, "AES");
    this.cipher = JdkAes.encryptor("AES/CTR/NoPadding", seed, streamStart(0));
    this.description = "Prg[AES-" + seed.length * 8 + "-CTR, seed " + Fingerprint.of("cosettle/prg", seed) + "]";
  }

  /** A generator seeded with 16 bytes from a new {@link SecureRandom}. */
  public static Prg create() {
    return create(new SecureRandom());
  }

  /** A generator seeded with 16 bytes from {@code random}. */
  public static Prg create(SecureRandom random) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    return new Prg(seed);
  }

  /**
   * A generator expanding an explicit seed: 16 bytes (AES-128) or 32 bytes (AES-256). Use it for a
   * seed shared between parties or for reproducible tests; never seed two different purposes with
   * the same bytes.
   */
  public static Prg fromSeed(byte[] seed) {
    return new Prg(seed.clone());
  }

  /**
   * Stream {@code stream} of {@code seed}: the AES-CTR keystream from the counter block (stream, 0),
   * the 8 big-endian bytes of {@code stream} then 8 zero bytes. Stream 0 is
   * {@link #fromSeed(byte[])}. Streams of one seed never share a counter block (each is
   * 2<sup>64</sup> blocks long), so they are independent pseudorandom strings and any one of them
   * can be computed without the others, e.g. one per chunk of work.
   */
  public static Prg fromSeed(byte[] seed, long stream) {
    Prg prg = new Prg(seed.clone());
    prg.restart(stream);
    return prg;
  }

  /**
   * Moves this generator to the start of stream {@code stream} of its seed (see
   * {@link #fromSeed(byte[], long)}), dropping what it had buffered: cheap enough to call once
   * per few kilobytes of output.
   */
  public void restart(long stream) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, streamStart(stream));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed", e);
    }
    bufferUsed = BUFFER_BYTES;
  }

  /** A fresh 16-byte seed taken from this generator's output. */
  public byte[] nextSeed() {
    return nextBytes(SEED_BYTES);
  }

  /** An independent generator seeded from this one's output (16 bytes are consumed). */
  public Prg fork() {
    return new Prg(nextSeed());
  }

  /** Fills {@code out} with keystream bytes. */
  public void nextBytes(byte[] out) {
    nextBytes(out, 0, out.length);
  }

  /** A new array of {@code count} keystream bytes. */
  public byte[] nextBytes(int count) {
    byte[] out = new byte[count];
    nextBytes(out, 0, count);
    return out;
  }

  /** Writes {@code length} keystream bytes to {@code out} from {@code offset}. */
  public void nextBytes(byte[] out, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, out.length);
    while (length > 0) {
      if (bufferUsed == BUFFER_BYTES) {
        if (length >= BUFFER_BYTES) {
          keystream(out, offset, length);
          return;
        }
        keystream(buffer, 0, BUFFER_BYTES);
        bufferUsed = 0;
      }
      int n = Math.min(length, BUFFER_BYTES - bufferUsed);
      System.arraycopy(buffer, bufferUsed, out, offset, n);
      bufferUsed += n;
      offset += n;
      length -= n;
    }
  }

  /** The next 64 keystream bits as a {@code long} (little-endian). */
  public long nextLong() {
    if (bufferUsed > BUFFER_BYTES - Long.BYTES) {
      byte[] eight = new byte[Long.BYTES];
      nextBytes(eight, 0, Long.BYTES);
      return (long) LONG_LE.get(eight, 0);
    }
    long value = (long) LONG_LE.get(buffer, bufferUsed);
    bufferUsed += Long.BYTES;
    return value;
  }

  /** A new array of {@code count} uniformly random {@code long}s. */
  public long[] nextLongs(int count) {
    long[] out = new long[count];
    fillLongs(out, 0, count);
    return out;
  }

  /** Fills {@code out} with uniformly random {@code long}s. */
  public void fillLongs(long[] out) {
    fillLongs(out, 0, out.length);
  }

  /** Writes {@code length} uniformly random {@code long}s to {@code out} from {@code offset}. */
  public void fillLongs(long[] out, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, out.length);
    byte[] bytes = scratch();
    int perChunk = CHUNK_BYTES / Long.BYTES;
    while (length > 0) {
      int n = Math.min(length, perChunk);
      nextBytes(bytes, 0, n * Long.BYTES);
      scratchLongs.get(0, out, offset, n);
      offset += n;
      length -= n;
    }
  }

  /**
   * {@code bitCount} random bits packed little-endian into {@code ceil(bitCount / 64)} words; bit
   * {@code i} is {@code (words[i >>> 6] >>> i) & 1}. Bits past {@code bitCount} in the last word
   * are zero.
   */
  public long[] nextBits(int bitCount) {
    if (bitCount < 0) {
      throw new IllegalArgumentException("bit count must not be negative: " + bitCount);
    }
    long[] words = nextLongs((bitCount + 63) >>> 6);
    if ((bitCount & 63) != 0) {
      words[words.length - 1] &= (1L << bitCount) - 1;
    }
    return words;
  }

  /** A uniformly random value in {@code [0, bound)}; {@code bound} must be positive. */
  public long nextLongBelow(long bound) {
    requirePositive(bound);
    long threshold = Long.remainderUnsigned(-bound, bound);
    while (true) {
      long x = nextLong();
      long low = x * bound;
      if (Long.compareUnsigned(low, threshold) >= 0) {
        return unsignedMultiplyHigh(x, bound);
      }
    }
  }

  /** Fills {@code out} with independent uniformly random values in {@code [0, bound)}. */
  public void fillBelow(long[] out, long bound) {
    fillBelow(out, 0, out.length, bound);
  }

  /**
   * Writes {@code length} uniformly random values in {@code [0, bound)} to {@code out} from
   * {@code offset}. Consumes exactly the keystream that as many {@link #nextLongBelow} calls would.
   */
  public void fillBelow(long[] out, int offset, int length, long bound) {
    requirePositive(bound);
    Objects.checkFromIndexSize(offset, length, out.length);
    // Lemire, "Fast random integer generation in an interval" (ACM TOMACS 2019): the high word of
    // x * bound is uniform once the low word is at least 2^64 mod bound.
    long threshold = Long.remainderUnsigned(-bound, bound);
    int end = offset + length;
    while (offset < end) {
      int drawn = end - offset;
      fillLongs(out, offset, drawn);
      int kept = offset;
      for (int i = offset; i < offset + drawn; i++) {
        long x = out[i];
        long low = x * bound;
        out[kept] = unsignedMultiplyHigh(x, bound);
        kept += Long.compareUnsigned(low, threshold) >= 0 ? 1 : 0;
      }
      offset = kept;
    }
  }

  /** A {@link SecureRandom} view of this generator, for APIs (Bouncy Castle) that want one. */
  public SecureRandom asSecureRandom() {
    return new PrgSecureRandom(this);
  }

  /** Names the algorithm and a fingerprint of the seed; never the seed. */
  @Override
  public String toString() {
    return description;
  }

  static long unsignedMultiplyHigh(long x, long y) {
    return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
  }

  private static IvParameterSpec streamStart(long stream) {
    byte[] counter = new byte[16];
    for (int i = 0; i < Long.BYTES; i++) {
      counter[i] = (byte) (stream >>> (56 - 8 * i));
    }
    return new IvParameterSpec(counter);
  }

  private static void requirePositive(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
  }

  private byte[] scratch() {
    if (scratch == null) {
      scratch = new byte[CHUNK_BYTES];
      scratchLongs = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    }
    return scratch;
  }

  private void keystream(byte[] out, int offset, int length) {
    try {
      while (length > 0) {
        int n = Math.min(length, CHUNK_BYTES);
        int written = cipher.update(ZEROS, 0, n, out, offset);
        if (written != n) {
          throw new IllegalStateException("AES-CTR returned " + written + " of " + n + " bytes");
        }
        offset += n;
        length -= n;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed", e);
    }
  }
}
