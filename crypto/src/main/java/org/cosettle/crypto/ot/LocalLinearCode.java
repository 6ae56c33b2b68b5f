package org.cosettle.crypto.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cosettle.crypto.random.Prg;

/**
 * The public n × k matrix A of Ferret's LPN step, a local linear code: row i has
 * {@link FerretParameters#ROW_WEIGHT} entries at positions drawn uniformly from [0, k) under a
 * seed both parties hold (a repeated position cancels, as in GF(2) it should).
 *
 * <p>The rows come in chunks of {@value #ROWS_PER_CHUNK}: the positions of chunk c (row
 * c·{@value #ROWS_PER_CHUNK} onwards, in row order, ten per row) are drawn from stream c of the seed
 * ({@link Prg#fromSeed(byte[], long)}, AES-CTR from the counter block (c, 0)) by Lemire's
 * multiply-and-reject on 32-bit little-endian keystream words: a word w gives ⌊w·k / 2<sup>32</sup>⌋
 * unless (w·k mod 2<sup>32</sup>) &lt; 2<sup>32</sup> mod k, when it is skipped. So every position
 * is exactly uniform and independent of the others, any chunk can be drawn on its own, and a code
 * of n rows is the first n rows of any longer one under the same seed.
 *
 * <p>Cost: encoding reads ten random blocks of u per row, the part that takes the time; the loop
 * draws a chunk's positions first and then gathers, so that a row's reads are independent loads
 * the processor overlaps. A code whose positions take at most {@value #MAX_KEPT_BYTES} bytes (the
 * bootstrap set's: 26 MB) keeps them after the first encoding, since every iteration of a session
 * encodes with the same matrix; larger ones (400 MB at the main size) draw them again each time.
 * With two or more cores, an encoding of at least {@value #MIN_CHUNKS_TO_SPLIT} chunks hands its
 * second half to a helper thread: the two halves' rows are disjoint, so the result does not depend
 * on the split.
 */
final class LocalLinearCode {
  /** Rows whose positions come from one stream of the seed. */
  static final int ROWS_PER_CHUNK = 1024;
  /** The largest table of positions kept between encodings. */
  static final long MAX_KEPT_BYTES = 32L << 20;

  /** Encodings of at least this many chunks are split between this thread and helpers. */
  static final int MIN_CHUNKS_TO_SPLIT = 64;
  /** At most this many threads per encoding, this one included. */
  private static final int MAX_PARTS = 2;
  /** Daemon threads made as needed and dropped after a minute idle, so a helper never waits for one. */
  private static final ExecutorService HELPERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "cosettle-lpn-encoding");
    thread.setDaemon(true);
    return thread;
  });

  private static final int POSITIONS_PER_CHUNK = ROWS_PER_CHUNK * FerretParameters.ROW_WEIGHT;
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] seed;
  private final int n;
  private final int k;
  private final long threshold;
  private final boolean keep;
  /** Twice the positions of all n rows (block j of u starts at long 2j), once drawn if kept. */
  private int[] kept;
  /** Scratch: the blocks and bits of u of the current encoding. */
  private long[] table;
  private long[] tableBits;

  LocalLinearCode(byte[] seed, int n, int k) {
    this(seed, n, k, (long) n * FerretParameters.ROW_WEIGHT * Integer.BYTES <= MAX_KEPT_BYTES);
  }

  /** With the choice of keeping the positions made by the caller: tests. */
  LocalLinearCode(byte[] seed, int n, int k, boolean keep) {
    if (n < 1 || k < 1 || k > 1 << 30) {
      throw new IllegalArgumentException("a code needs n ≥ 1 rows and 1 ≤ k ≤ 2^30 columns: " + n + " × " + k);
    }
    this.seed = seed.clone();
    this.n = n;
    this.k = k;
    this.threshold = (1L << 32) % k;
    this.keep = keep;
  }

  /**
   * out<sub>i</sub> ⊕= ⊕<sub>j ∈ row i</sub> u<sub>j</sub> for i &lt; n, where u<sub>j</sub> is block
   * {@code uAt + j} of {@code blocks}; and, when {@code bits} is not null, bit i of
   * {@code outBits} ⊕= ⊕ bit {@code uAt + j} of {@code bits}.
   */
  void encode(long[] blocks, long[] bits, int uAt, long[] out, long[] outBits) {
    // u alone, from index 0: a compact table, and positions that need no offset
    if (table == null) {
      table = new long[2 * k];
    }
    System.arraycopy(blocks, 2 * uAt, table, 0, 2 * k);
    if (bits != null && tableBits == null) {
      tableBits = new long[IknpOtExtension.words(k)];
    }
    if (bits != null) {
      Ferret.copyBits(bits, uAt, tableBits, 0, k);
    }
    if (keep && kept == null) {
      kept = drawn(0, n);
    }
    int chunks = (n + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
    int parts = chunks < MIN_CHUNKS_TO_SPLIT ? 1 : Math.min(MAX_PARTS, Runtime.getRuntime().availableProcessors());
    boolean withBits = bits != null;
    List<Future<?>> helpers = new ArrayList<>();
    for (int part = 1; part < parts; part++) {
      int from = chunks * part / parts;
      int to = chunks * (part + 1) / parts;
      helpers.add(HELPERS.submit(() -> encodeChunks(from, to, withBits, out, outBits)));
    }
    encodeChunks(0, chunks / parts, withBits, out, outBits);
    for (Future<?> helper : helpers) {
      awaitHelper(helper);
    }
  }

  /** Chunks {@code fromChunk} to {@code toChunk − 1} of an encoding: rows no other part writes. */
  private void encodeChunks(int fromChunk, int toChunk, boolean withBits, long[] out, long[] outBits) {
    Prg stream = kept == null ? Prg.fromSeed(seed, 0) : null;
    byte[] keystream = kept == null ? new byte[Integer.BYTES * POSITIONS_PER_CHUNK] : null;
    int[] positions = kept != null ? kept : new int[POSITIONS_PER_CHUNK];
    for (int chunk = fromChunk; chunk < toChunk; chunk++) {
      int first = chunk * ROWS_PER_CHUNK;
      int rows = Math.min(ROWS_PER_CHUNK, n - first);
      int from = 0;
      if (kept == null) {
        draw(stream, chunk, keystream, positions, 0, rows * FerretParameters.ROW_WEIGHT);
      } else {
        from = first * FerretParameters.ROW_WEIGHT;
      }
      if (withBits) {
        xorRowsAndBits(table, tableBits, positions, from, out, outBits, first, rows);
      } else {
        xorRows(table, positions, from, out, first, rows);
      }
    }
  }

  /** Waits for a helper's part; its failure (a bug, or out of memory) is rethrown here. */
  private static void awaitHelper(Future<?> helper) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          helper.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true; // the rows are shared with the helper: it must finish first
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException("an encoding helper failed", cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The positions of rows {@code first} to {@code first + rows − 1}, ten per row in the order drawn (for tests). */
  int[] positions(int first, int rows) {
    java.util.Objects.checkFromIndexSize(first, rows, n);
    int[] positions = drawn(first, rows);
    for (int e = 0; e < positions.length; e++) {
      positions[e] >>>= 1;
    }
    return positions;
  }

  /** Twice the positions of rows {@code first} to {@code first + rows − 1}. */
  private int[] drawn(int first, int rows) {
    int from = first / ROWS_PER_CHUNK * ROWS_PER_CHUNK; // a chunk is drawn from its start
    int[] drawn = new int[(first + rows - from) * FerretParameters.ROW_WEIGHT];
    Prg stream = Prg.fromSeed(seed, 0);
    byte[] keystream = new byte[Integer.BYTES * POSITIONS_PER_CHUNK];
    for (int row = from; row < first + rows; row += ROWS_PER_CHUNK) {
      int count = Math.min(ROWS_PER_CHUNK, first + rows - row) * FerretParameters.ROW_WEIGHT;
      draw(stream, row / ROWS_PER_CHUNK, keystream, drawn, (row - from) * FerretParameters.ROW_WEIGHT, count);
    }
    return first == from ? drawn : java.util.Arrays.copyOfRange(drawn, (first - from) * FerretParameters.ROW_WEIGHT,
        drawn.length);
  }

  /**
   * Twice the first {@code count} positions of chunk {@code chunk} into {@code positions} from
   * {@code at}. Rejections are rare (2<sup>32</sup> mod k in 2<sup>32</sup>: below 2<sup>−12</sup>
   * for k &lt; 2<sup>20</sup>), so a batch of words is mapped without compaction first and only a
   * batch with a rejected word is mapped again, one word at a time.
   */
  private void draw(Prg stream, int chunk, byte[] keystream, int[] positions, int at, int count) {
    stream.restart(chunk);
    int filled = 0;
    while (filled < count) {
      int words = count - filled; // at least that many words are needed
      stream.nextBytes(keystream, 0, Integer.BYTES * words);
      long rejected = 0;
      for (int w = 0; w < words; w++) {
        long product = ((int) INT_LE.get(keystream, Integer.BYTES * w) & 0xFFFFFFFFL) * k;
        positions[at + filled + w] = (int) (product >>> 31) & -2;
        rejected |= (product & 0xFFFFFFFFL) - threshold; // negative when below the threshold
      }
      if (rejected >= 0) {
        return;
      }
      for (int w = 0; w < words; w++) {
        long product = ((int) INT_LE.get(keystream, Integer.BYTES * w) & 0xFFFFFFFFL) * k;
        positions[at + filled] = (int) (product >>> 31) & -2;
        filled += (product & 0xFFFFFFFFL) >= threshold ? 1 : 0;
      }
    }
  }

  /** Rows {@code first} to {@code first + rows − 1} of u's blocks into {@code out}; positions from {@code from}. */
  private static void xorRows(long[] table, int[] positions, int from, long[] out, int first, int rows) {
    for (int r = 0; r < rows; r++) {
      long low = 0;
      long high = 0;
      for (int p = from + FerretParameters.ROW_WEIGHT * r; p < from + FerretParameters.ROW_WEIGHT * (r + 1); p++) {
        int j = positions[p];
        low ^= table[j];
        high ^= table[j + 1];
      }
      int i = first + r;
      out[2 * i] ^= low;
      out[2 * i + 1] ^= high;
    }
  }

  /**
   * {@link #xorRows} and the same rows of the bits of u into {@code outBits} in one pass: a method of
   * its own, so that the sender's loop stays free of the bits; unrolled by hand, so that the ten
   * positions of a row stay in registers for both uses.
   */
  private static void xorRowsAndBits(long[] table, long[] tableBits, int[] positions, int from, long[] out,
      long[] outBits, int first, int rows) {
    for (int r = 0, p = from; r < rows; r++, p += FerretParameters.ROW_WEIGHT) {
      int j0 = positions[p];
      int j1 = positions[p + 1];
      int j2 = positions[p + 2];
      int j3 = positions[p + 3];
      int j4 = positions[p + 4];
      int j5 = positions[p + 5];
      int j6 = positions[p + 6];
      int j7 = positions[p + 7];
      int j8 = positions[p + 8];
      int j9 = positions[p + 9];
      int i = first + r;
      out[2 * i] ^= table[j0] ^ table[j1] ^ table[j2] ^ table[j3] ^ table[j4] ^ table[j5] ^ table[j6] ^ table[j7]
          ^ table[j8] ^ table[j9];
      out[2 * i + 1] ^= table[j0 + 1] ^ table[j1 + 1] ^ table[j2 + 1] ^ table[j3 + 1] ^ table[j4 + 1]
          ^ table[j5 + 1] ^ table[j6 + 1] ^ table[j7 + 1] ^ table[j8 + 1] ^ table[j9 + 1];
      // bit j of u is bit (2j >>> 1) of word 2j >>> 7
      long bit = tableBits[j0 >>> 7] >>> (j0 >>> 1) ^ tableBits[j1 >>> 7] >>> (j1 >>> 1)
          ^ tableBits[j2 >>> 7] >>> (j2 >>> 1) ^ tableBits[j3 >>> 7] >>> (j3 >>> 1)
          ^ tableBits[j4 >>> 7] >>> (j4 >>> 1) ^ tableBits[j5 >>> 7] >>> (j5 >>> 1)
          ^ tableBits[j6 >>> 7] >>> (j6 >>> 1) ^ tableBits[j7 >>> 7] >>> (j7 >>> 1)
          ^ tableBits[j8 >>> 7] >>> (j8 >>> 1) ^ tableBits[j9 >>> 7] >>> (j9 >>> 1);
      outBits[i >>> 6] ^= (bit & 1) << i;
    }
  }

  @Override
  public String toString() {
    return "LocalLinearCode[" + n + " × " + k + ", " + FerretParameters.ROW_WEIGHT + " per row]";
  }
}
