package org.cosettle.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * The records of one settlement file in groups, one group per settlement after netting (an
 * original and the reversals that name it), in ascending byte order of the UTF-8 settlement id,
 * in bounded memory: records are packed into a byte arena in a compact binary form ({@link
 * PackedEntry}), the arena sorted and, when it reaches the memory budget, spilled to a temporary run
 * file; at the end the runs are merged (an external merge sort). A file that fits in the budget is
 * never written to disk.
 *
 * <p>While grouping it checks what no single line can show: a settlement id used twice, a
 * reversal of an id that is not in the file, a reversal of a reversal. For the id checks every
 * reversal also leaves a marker under its own id, so that any two records with the same id meet
 * in one group whatever they reverse.
 *
 * <p>One class, above the usual 400 lines, because loading, the in-arena radix/merge sort, the
 * spill and the k-way merge of runs all work on the one packed arena layout of {@link
 * PackedEntry}; split, that layout would leak across classes.
 */
final class SortedSettlements implements Closeable {
  /** The largest arena one side may use, whatever the budget (arrays are indexed by int). */
  private static final long MAX_ARENA = 1L << 30;
  /** Entries per arena, so that an index fits the low 24 bits of a packed sort key. */
  private static final int MAX_ENTRIES = 1 << 24;
  private static final long INDEX_MASK = MAX_ENTRIES - 1;

  private final String label;
  private final List<Path> runs = new ArrayList<>();
  private final List<InputError> errors = new ArrayList<>();
  private final List<RunReader> readers = new ArrayList<>();
  private byte[] arena;
  private int used;
  private int[] offsets = new int[1024];
  private int count;
  private long recordCount;
  private PriorityQueue<RunReader> heads;
  private int nextInArena;
  /** The entry after the current group: a buffer and an offset in it, or null at the end. */
  private byte[] pendingBuf;
  private int pendingOff;
  private byte[] pendingCopy = new byte[1024];
  private final SettlementGroup group = new SettlementGroup();

  private SortedSettlements(String label) {
    this.label = label;
  }

  /**
   * Reads and sorts a file. Spills runs to {@code tempDir} when the packed records would exceed
   * {@code memoryBudget} bytes.
   *
   * @throws InputException for bad lines (nothing is kept then)
   */
  static SortedSettlements sort(Path path, String label, long memoryBudget, Path tempDir)
      throws IOException, InputException {
    return sort(path, label, false, memoryBudget, tempDir);
  }

  /** As {@link #sort(Path, String, long, Path)}; {@code payoutRecords}: an insurer's payout records are read too. */
  static SortedSettlements sort(Path path, String label, boolean payoutRecords, long memoryBudget, Path tempDir)
      throws IOException, InputException {
    SortedSettlements s = new SortedSettlements(label);
    try {
      s.load(path, payoutRecords, Math.max(1, Math.min(memoryBudget, MAX_ARENA)), tempDir);
      return s;
    } catch (IOException | InputException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void load(Path path, boolean payoutRecords, long budget, Path tempDir) throws IOException, InputException {
    arena = new byte[(int) Math.max(1 << 16, Math.min(budget, Files.size(path) / 2))];
    SettlementLines.read(path, label, payoutRecords, (p, line) -> {
      recordCount++;
      add(p, line, false, budget, tempDir);
      if (p.status == SettlementStatus.REVERSED) {
        add(p, line, true, budget, tempDir);
      }
    });
    sortArena();
    if (runs.isEmpty()) {
      nextInArena = 0;
    } else {
      if (count > 0) {
        spill(tempDir);
      }
      arena = null;
      offsets = null;
      heads = new PriorityQueue<>((a, b) -> PackedEntry.compare(a.buf, a.off, b.buf, b.off));
      // the merge reads every run at once: share the budget among their buffers
      int buffer = (int) Math.max(4096, Math.min(1 << 20, budget / runs.size()));
      for (Path run : runs) {
        RunReader r = new RunReader(run, buffer);
        readers.add(r);
        if (r.advance()) {
          heads.add(r);
        }
      }
    }
    advancePending();
  }

  private void add(RecordParser p, long line, boolean marker, long budget, Path tempDir) throws IOException {
    int size = PackedEntry.size(p, marker);
    // an entry costs its bytes, its offset, and while sorting a packed key, a sorted offset and a copy
    if (count > 0 && (used + size + 20L * (count + 1) > budget || count == MAX_ENTRIES)) {
      sortArena();
      spill(tempDir);
    }
    if (used + size > arena.length) {
      arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * arena.length, used + size)));
    }
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, 2 * count);
    }
    offsets[count++] = used;
    used = PackedEntry.write(arena, used, p, line, marker);
  }

  /**
   * Sorts the arena's offsets by entry order. Comparing entries in place jumps around the arena
   * and misses the cache on every step, so the sort runs on packed longs instead: a 40-bit digit
   * of the key (four key bytes after the prefix all keys of the arena share, then how many of the
   * key's bytes are left, at most five) above the entry's index, sorted as primitives. Runs that
   * tie on a digit are sorted again on the next four bytes (a most-significant-digit radix sort);
   * the length byte orders a key before its extensions and says when keys have ended, and only
   * then are entries compared in full (by line).
   */
  private void sortArena() {
    if (count == 0) {
      return;
    }
    sortRange(offsets, 0, count, commonKeyPrefix(), new long[count], new int[count]);
  }

  /** Sorts {@code a[from, to)}, whose keys agree before {@code keyOffset}; {@code packed} and {@code tmp} are used at the same indexes. */
  private void sortRange(int[] a, int from, int to, int keyOffset, long[] packed, int[] tmp) {
    if (to - from < 16) {
      mergeSort(a, tmp, from, to);
      return;
    }
    for (int i = from; i < to; i++) {
      packed[i] = ((digit(a[i], keyOffset) << 24) | (i - from)) ^ Long.MIN_VALUE;
    }
    Arrays.sort(packed, from, to);
    System.arraycopy(a, from, tmp, from, to - from);
    for (int i = from; i < to; i++) {
      a[i] = tmp[from + (int) (packed[i] & INDEX_MASK)];
    }
    for (int i = from; i < to; ) {
      long digit = packed[i] >>> 24;
      int j = i + 1;
      while (j < to && packed[j] >>> 24 == digit) {
        j++;
      }
      if (j - i > 1) {
        boolean keysEnded = (digit & 0xFF) < 5;
        if (keysEnded) {
          mergeSort(a, tmp, i, j);
        } else {
          sortRange(a, i, j, keyOffset + 4, packed, tmp);
        }
      }
      i = j;
    }
  }

  private int commonKeyPrefix() {
    int first = offsets[0];
    int common = PackedEntry.keyLength(arena, first);
    for (int i = 1; i < count && common > 0; i++) {
      int o = offsets[i];
      int m = Arrays.mismatch(arena, first + 2, first + 2 + common, arena, o + 2, o + 2 + Math.min(common,
          PackedEntry.keyLength(arena, o)));
      if (m >= 0) {
        common = m;
      }
    }
    return common;
  }

  /** Four key bytes from {@code from} (zeros past the key's end), then min(bytes left, 5). */
  private long digit(int o, int from) {
    int len = PackedEntry.keyLength(arena, o);
    long v;
    if (from + 4 <= len) {
      v = (int) INTS.get(arena, o + 2 + from) & 0xFFFF_FFFFL;
    } else {
      v = 0;
      for (int k = from; k < from + 4; k++) {
        v = (v << 8) | (k < len ? arena[o + 2 + k] & 0xFF : 0);
      }
    }
    return (v << 8) | Math.min(Math.max(len - from, 0), 5);
  }

  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private void mergeSort(int[] a, int[] tmp, int from, int to) {
    if (to - from < 16) {
      for (int i = from + 1; i < to; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= from && PackedEntry.compare(arena, a[j], arena, x) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid);
    mergeSort(a, tmp, mid, to);
    if (PackedEntry.compare(arena, a[mid - 1], arena, a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      a[k] = j >= to || (i < mid && PackedEntry.compare(arena, tmp[i], arena, tmp[j]) <= 0) ? tmp[i++] : tmp[j++];
    }
  }

  /** Writes the sorted arena as a run: each entry after its u16 length, gathered in 1 MiB blocks. */
  private void spill(Path tempDir) throws IOException {
    Path run = Files.createTempFile(tempDir, "cosettle-run-", ".bin");
    runs.add(run);
    byte[] block = new byte[1 << 20];
    int filled = 0;
    try (OutputStream out = Files.newOutputStream(run)) {
      for (int i = 0; i < count; i++) {
        int o = offsets[i];
        int len = PackedEntry.length(arena, o);
        if (filled + 2 + len > block.length) {
          out.write(block, 0, filled);
          filled = 0;
        }
        block[filled] = (byte) (len >>> 8);
        block[filled + 1] = (byte) len;
        System.arraycopy(arena, o, block, filled + 2, len);
        filled += 2 + len;
      }
      out.write(block, 0, filled);
    }
    count = 0;
    used = 0;
  }

  private void advancePending() throws IOException {
    if (heads == null) {
      if (nextInArena < count) {
        pendingBuf = arena;
        pendingOff = offsets[nextInArena++];
      } else {
        pendingBuf = null;
      }
      return;
    }
    RunReader r = heads.poll();
    if (r == null) {
      pendingBuf = null;
      return;
    }
    int len = r.len;
    if (pendingCopy.length < len) {
      pendingCopy = new byte[Math.max(len, 2 * pendingCopy.length)];
    }
    System.arraycopy(r.buf, r.off, pendingCopy, 0, len);
    pendingBuf = pendingCopy;
    pendingOff = 0;
    if (r.advance()) {
      heads.add(r);
    }
  }

  /** The number of records read. */
  long recordCount() {
    return recordCount;
  }

  /** The number of run files spilled (0 when the file fitted in memory). */
  int runCount() {
    return runs.size();
  }

  /**
   * The next group in settlement id order, or null at the end; the group object is reused and
   * valid until the next call. Problems found go to {@link #errors()}.
   */
  SettlementGroup next() throws IOException {
    while (pendingBuf != null) {
      group.clear();
      group.add(pendingBuf, pendingOff);
      advancePending();
      while (pendingBuf != null && group.hasKeyOf(pendingBuf, pendingOff)) {
        group.add(pendingBuf, pendingOff);
        advancePending();
      }
      if (check(group)) {
        return group;
      }
    }
    return null;
  }

  /** Located problems found so far while grouping, in line order. */
  List<InputError> errors() {
    errors.sort(Comparator.comparingInt(InputError::line));
    return errors;
  }

  /** Checks the ids of a group and keeps its records (not its markers); false when it has none. */
  private boolean check(SettlementGroup g) {
    int owner = -1;
    boolean markerSeen = false;
    for (int e = 0; e < g.entries(); e++) {
      boolean marker = g.entryIsMarker(e);
      if (marker || !g.entryIsReversal(e)) {
        if (owner >= 0) {
          error(g.entryLine(e), "settlement_id", "duplicate settlement id \"" + g.settlementId()
              + "\" (first on line " + g.entryLine(owner) + ")");
        } else {
          owner = e;
        }
        markerSeen |= marker;
      }
      if (!marker) {
        g.keep(e);
      }
    }
    boolean original = owner >= 0 && !g.entryIsMarker(owner);
    for (int i = 0; i < g.size() && !original; i++) {
      if (g.reversed(i)) {
        error(g.line(i), "reverses", markerSeen
            ? "\"" + g.settlementId() + "\" is itself a reversal (line " + g.entryLine(owner)
                + "); reverse the original settlement"
            : "unknown reversal target \"" + g.settlementId() + "\": no settlement with that id in the file");
      }
    }
    return g.size() > 0;
  }

  private void error(long line, String field, String message) {
    if (errors.size() < SettlementFile.MAX_ERRORS) {
      errors.add(new InputError(label, (int) Math.min(line, Integer.MAX_VALUE), field, message));
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (RunReader r : readers) {
      try {
        r.in.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    for (Path run : runs) {
      Files.deleteIfExists(run);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Reads one run file back in order, a block at a time; the current entry is {@code buf[off,
   * off + len)}, valid until the next {@link #advance}.
   */
  private static final class RunReader {
    final InputStream in;
    byte[] buf;
    int off;
    int len;
    private int pos;
    private int filled;

    RunReader(Path run, int buffer) throws IOException {
      in = Files.newInputStream(run);
      buf = new byte[buffer];
    }

    boolean advance() throws IOException {
      if (!available(2)) {
        if (pos == filled) {
          return false;
        }
        throw new IOException("spilled run ends inside an entry");
      }
      int length = PackedEntry.u16(buf, pos);
      if (!available(2 + length)) {
        throw new IOException("spilled run ends inside an entry");
      }
      off = pos + 2;
      len = length;
      pos += 2 + length;
      return true;
    }

    /** Whether {@code n} bytes from {@code pos} are in the buffer, reading more if needed. */
    private boolean available(int n) throws IOException {
      if (filled - pos >= n) {
        return true;
      }
      System.arraycopy(buf, pos, buf, 0, filled - pos);
      filled -= pos;
      pos = 0;
      if (buf.length < n) {
        buf = Arrays.copyOf(buf, Math.max(n, 2 * buf.length));
      }
      while (filled < n) {
        int read = in.read(buf, filled, buf.length - filled);
        if (read < 0) {
          return false;
        }
        filled += read;
      }
      return true;
    }
  }
}
