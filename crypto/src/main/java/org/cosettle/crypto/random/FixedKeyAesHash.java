package org.cosettle.crypto.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Correlation-robust hashing of 128-bit blocks by AES under a fixed, public key π, as OT extension
 * needs it.
 *
 * <ul>
 *   <li>{@link #tccr}: the tweakable circular correlation-robust hash
 *       H(x, i) = π(π(x) ⊕ i) ⊕ π(x) of Guo, Katz, Wang and Yu, "Efficient and Secure Multiparty
 *       Computation from Fixed-Key Block Ciphers" (IEEE S&amp;P 2020, §7.3). Use it in IKNP-style
 *       OT extension with the OT index as the tweak.
 *   <li>{@link #cr}: the Matyas–Meyer–Oseas hash H(x) = π(x) ⊕ x, correlation robust (not
 *       circular) in the ideal-permutation model (same paper, §7.1).
 * </ul>
 *
 * <p>A block is two {@code long}s, {@code (low, high)}: block {@code j} of an array is
 * {@code blocks[2j], blocks[2j+1]}, and it enters AES as the 16 little-endian bytes of low then
 * high. A tweak {@code i} is the block {@code (i, 0)}. The key is public; agree on a fresh one per
 * session ({@link #withKey}) so that no precomputation against a single global key helps an
 * attacker across sessions. Not thread-safe.
 *
 * <pre>{@code
 * FixedKeyAesHash hash = FixedKeyAesHash.withKey(sessionPublicKey);
 * hash.tccr(rows, firstOtIndex, pads);   // pads[2j..2j+1] = H(rows[2j..2j+1], firstOtIndex + j)
 * }</pre>
 */
public final class FixedKeyAesHash {
  private static final int CHUNK_BLOCKS = 1024;

  private final Cipher permutation;
  private final byte[] bytes = new byte[CHUNK_BLOCKS * 16];
  private final byte[] second = new byte[CHUNK_BLOCKS * 16];
  private final long[] permuted = new long[CHUNK_BLOCKS * 2];
  private final long[] twice = new long[CHUNK_BLOCKS * 2];
  /** Little-endian long views of the byte buffers: bulk copies, not a conversion per long. */
  private final LongBuffer longs = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
  private final LongBuffer secondLongs = ByteBuffer.wrap(second).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();

  private FixedKeyAesHash(byte[] publicKey) {
    if (publicKey.length != 16) {
      throw new IllegalArgumentException("the fixed AES key has 16 bytes, not " + publicKey.length);
    }
    this.permutation = JdkAes.encryptor("AES/ECB/NoPadding", publicKey.clone(), null);
  }

  /** The hash under {@code publicKey} (16 bytes, known to both parties, e.g. a session seed). */
  public static FixedKeyAesHash withKey(byte[] publicKey) {
    return new FixedKeyAesHash(publicKey);
  }

  /**
   * Tweakable circular correlation-robust hash of {@code blockCount} blocks:
   * {@code out} block j = π(π(x_j) ⊕ (firstTweak + j)) ⊕ π(x_j). {@code in} and {@code out} may
   * be the same array.
   */
  public void tccr(long[] in, int inBlock, long firstTweak, long[] out, int outBlock, int blockCount) {
    checkBlocks(in, inBlock, out, outBlock, blockCount);
    for (int done = 0; done < blockCount; done += CHUNK_BLOCKS) {
      int n = Math.min(CHUNK_BLOCKS, blockCount - done);
      long tweak = firstTweak + done;
      tccrChunk(in, 2 * (inBlock + done), tweak, n);
      // π(x) is (π(x) ⊕ i) ⊕ i
      int o = 2 * (outBlock + done);
      for (int j = 0; j < n; j++) {
        out[o + 2 * j] = twice[2 * j] ^ permuted[2 * j] ^ (tweak + j);
        out[o + 2 * j + 1] = twice[2 * j + 1] ^ permuted[2 * j + 1];
      }
    }
  }

  /**
   * The low bits of {@link #tccr}: bit {@code bitAt + j} of {@code bits} |= the low bit of
   * H(x<sub>j</sub>, firstTweak + j), for j &lt; {@code blockCount} (the bits are expected zero).
   * What one-bit random OTs keep, without writing the whole hashes.
   */
  public void tccrLowBits(long[] in, int inBlock, long firstTweak, long[] bits, int bitAt, int blockCount) {
    Objects.checkFromIndexSize(2L * inBlock, 2L * blockCount, in.length);
    Objects.checkFromIndexSize(bitAt, blockCount, 64L * bits.length);
    for (int done = 0; done < blockCount; done += CHUNK_BLOCKS) {
      int n = Math.min(CHUNK_BLOCKS, blockCount - done);
      long tweak = firstTweak + done;
      tccrChunk(in, 2 * (inBlock + done), tweak, n);
      for (int j = 0; j < n; j++) {
        int b = bitAt + done + j;
        bits[b >>> 6] |= ((twice[2 * j] ^ permuted[2 * j] ^ (tweak + j)) & 1) << b;
      }
    }
  }

  /**
   * The low words of {@link #tccr}: {@code words[wordAt + j]} = the low 64 bits of
   * H(x<sub>j</sub>, firstTweak + j), for j &lt; {@code blockCount}. What 64-bit random OTs keep,
   * without writing the whole hashes.
   */
  public void tccrLowWords(long[] in, int inBlock, long firstTweak, long[] words, int wordAt, int blockCount) {
    Objects.checkFromIndexSize(2L * inBlock, 2L * blockCount, in.length);
    Objects.checkFromIndexSize(wordAt, blockCount, words.length);
    for (int done = 0; done < blockCount; done += CHUNK_BLOCKS) {
      int n = Math.min(CHUNK_BLOCKS, blockCount - done);
      long tweak = firstTweak + done;
      tccrChunk(in, 2 * (inBlock + done), tweak, n);
      int o = wordAt + done;
      for (int j = 0; j < n; j++) {
        words[o + j] = twice[2 * j] ^ permuted[2 * j] ^ (tweak + j);
      }
    }
  }

  /** π(x) ⊕ i into {@code permuted}, π(π(x) ⊕ i) into {@code twice}: {@code n} blocks from long {@code at}. */
  private void tccrChunk(long[] in, int at, long tweak, int n) {
    permute(in, at, permuted, 0, n); // π(x)
    for (int j = 0; j < n; j++) {
      permuted[2 * j] ^= tweak + j; // π(x) ⊕ i
    }
    longs.put(0, permuted, 0, 2 * n);
    encrypt(bytes, second, n); // π(π(x) ⊕ i)
    secondLongs.get(0, twice, 0, 2 * n);
  }

  /** {@link #tccr(long[], int, long, long[], int, int)} over whole arrays of equal length. */
  public void tccr(long[] in, long firstTweak, long[] out) {
    requireSameWholeBlocks(in, out);
    tccr(in, 0, firstTweak, out, 0, in.length / 2);
  }

  /**
   * Matyas–Meyer–Oseas hash of {@code blockCount} blocks: {@code out} block j = π(x_j) ⊕ x_j.
   * {@code in} and {@code out} may be the same array.
   */
  public void cr(long[] in, int inBlock, long[] out, int outBlock, int blockCount) {
    checkBlocks(in, inBlock, out, outBlock, blockCount);
    for (int done = 0; done < blockCount; done += CHUNK_BLOCKS) {
      int n = Math.min(CHUNK_BLOCKS, blockCount - done);
      int i = 2 * (inBlock + done);
      permute(in, i, permuted, 0, n);
      int o = 2 * (outBlock + done);
      for (int j = 0; j < 2 * n; j++) {
        out[o + j] = permuted[j] ^ in[i + j];
      }
    }
  }

  /** {@link #cr(long[], int, long[], int, int)} over whole arrays of equal length. */
  public void cr(long[] in, long[] out) {
    requireSameWholeBlocks(in, out);
    cr(in, 0, out, 0, in.length / 2);
  }

  @Override
  public String toString() {
    return "FixedKeyAesHash[AES-128]";
  }

  private void permute(long[] in, int inIndex, long[] out, int outIndex, int blockCount) {
    longs.put(0, in, inIndex, 2 * blockCount);
    // not in place: the JDK copies an input that overlaps the output before it encrypts
    encrypt(bytes, second, blockCount);
    secondLongs.get(0, out, outIndex, 2 * blockCount);
  }

  private void encrypt(byte[] from, byte[] to, int blockCount) {
    try {
      permutation.update(from, 0, 16 * blockCount, to, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed", e);
    }
  }

  private static void checkBlocks(long[] in, int inBlock, long[] out, int outBlock, int blockCount) {
    Objects.checkFromIndexSize(2L * inBlock, 2L * blockCount, in.length);
    Objects.checkFromIndexSize(2L * outBlock, 2L * blockCount, out.length);
  }

  private static void requireSameWholeBlocks(long[] in, long[] out) {
    if ((in.length & 1) != 0 || in.length != out.length) {
      throw new IllegalArgumentException("blocks are pairs of longs: in has " + in.length
          + " longs, out has " + out.length);
    }
  }
}
