package org.cosettle.platform;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
 * Entry}), the arena sorted and, when it reaches the memory budget, spilled to a temporary run
 * file; at the end the runs are merged (an external merge sort). A file that fits in the budget is
 * never written to disk.
 *
 * <p>While grouping it checks what no single line can show: a settlement id used twice, a
 * reversal of an id that is not in the file, a reversal of a reversal. For the id checks every
 * reversal also leaves a marker under its own id, so that any two records with the same id meet
 * in one group whatever they reverse.
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
  private final Group group = new Group();

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
    SortedSettlements s = new SortedSettlements(label);
    try {
      s.load(path, Math.max(1, Math.min(memoryBudget, MAX_ARENA)), tempDir);
      return s;
    } catch (IOException | InputException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void load(Path path, long budget, Path tempDir) throws IOException, InputException {
    arena = new byte[(int) Math.max(1 << 16, Math.min(budget, Files.size(path) / 2))];
    SettlementLines.read(path, label, (p, line) -> {
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
      heads = new PriorityQueue<>((a, b) -> Entry.compare(a.buf, 0, b.buf, 0));
      // the merge reads every run at once: share the budget among their buffers
      int buffer = (int) Math.max(4096, Math.min(1 << 16, budget / runs.size()));
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
    int size = Entry.size(p, marker);
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
    used = Entry.write(arena, used, p, line, marker);
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
    int common = Entry.keyLength(arena, first);
    for (int i = 1; i < count && common > 0; i++) {
      int o = offsets[i];
      int m = Arrays.mismatch(arena, first + 2, first + 2 + common, arena, o + 2, o + 2 + Math.min(common,
          Entry.keyLength(arena, o)));
      if (m >= 0) {
        common = m;
      }
    }
    return common;
  }

  /** Four key bytes from {@code from} (zeros past the key's end), then min(bytes left, 5). */
  private long digit(int o, int from) {
    int len = Entry.keyLength(arena, o);
    long v = 0;
    for (int k = from; k < from + 4; k++) {
      v = (v << 8) | (k < len ? arena[o + 2 + k] & 0xFF : 0);
    }
    return (v << 8) | Math.min(Math.max(len - from, 0), 5);
  }

  private void mergeSort(int[] a, int[] tmp, int from, int to) {
    if (to - from < 16) {
      for (int i = from + 1; i < to; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= from && Entry.compare(arena, a[j], arena, x) > 0) {
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
    if (Entry.compare(arena, a[mid - 1], arena, a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      a[k] = j >= to || (i < mid && Entry.compare(arena, tmp[i], arena, tmp[j]) <= 0) ? tmp[i++] : tmp[j++];
    }
  }

  private void spill(Path tempDir) throws IOException {
    Path run = Files.createTempFile(tempDir, "cosettle-run-", ".bin");
    runs.add(run);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (int i = 0; i < count; i++) {
        int len = Entry.length(arena, offsets[i]);
        out.writeShort(len);
        out.write(arena, offsets[i], len);
      }
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
    int len = Entry.length(r.buf, 0);
    if (pendingCopy.length < len) {
      pendingCopy = new byte[Math.max(len, 2 * pendingCopy.length)];
    }
    System.arraycopy(r.buf, 0, pendingCopy, 0, len);
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
  Group next() throws IOException {
    while (pendingBuf != null) {
      group.clear();
      group.add(pendingBuf, pendingOff);
      advancePending();
      while (pendingBuf != null && Entry.sameKey(pendingBuf, pendingOff, group.buf, 0)) {
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
  private boolean check(Group g) {
    int owner = -1;
    boolean markerSeen = false;
    for (int i = 0; i < g.entries; i++) {
      int o = g.offsets[i];
      boolean marker = Entry.marker(g.buf, o);
      if (marker || !Entry.reversed(g.buf, o)) {
        if (owner >= 0) {
          error(Entry.line(g.buf, o), "settlement_id", "duplicate settlement id \"" + g.settlementId()
              + "\" (first on line " + Entry.line(g.buf, g.offsets[owner]) + ")");
        } else {
          owner = i;
        }
        markerSeen |= marker;
      }
      if (!marker) {
        g.records[g.size++] = o;
      }
    }
    boolean original = owner >= 0 && !Entry.marker(g.buf, g.offsets[owner]);
    for (int i = 0; i < g.size && !original; i++) {
      if (Entry.reversed(g.buf, g.records[i])) {
        error(Entry.line(g.buf, g.records[i]), "reverses", markerSeen
            ? "\"" + g.settlementId() + "\" is itself a reversal (line " + Entry.line(g.buf, g.offsets[owner])
                + "); reverse the original settlement"
            : "unknown reversal target \"" + g.settlementId() + "\": no settlement with that id in the file");
      }
    }
    return g.size > 0;
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
   * A settlement and its reversals, in file order: the records of one group, read in place from
   * their binary entries.
   */
  static final class Group {
    private byte[] buf = new byte[1024];
    private int used;
    private int[] offsets = new int[8];
    private int entries;
    private int[] records = new int[8];
    private int size;
    private String id;

    private void clear() {
      used = 0;
      entries = 0;
      size = 0;
      id = null;
    }

    private void add(byte[] from, int off) {
      int len = Entry.length(from, off);
      if (used + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(2 * buf.length, used + len));
      }
      System.arraycopy(from, off, buf, used, len);
      if (entries == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * entries);
        records = Arrays.copyOf(records, 2 * entries);
      }
      offsets[entries++] = used;
      used += len;
    }

    String settlementId() {
      if (id == null) {
        id = new String(buf, 2, Entry.keyLength(buf, 0), StandardCharsets.UTF_8);
      }
      return id;
    }

    /** Orders groups of two files by settlement id (UTF-8 byte order). */
    int compareId(Group other) {
      return Arrays.compareUnsigned(buf, 2, 2 + Entry.keyLength(buf, 0), other.buf, 2, 2 + Entry.keyLength(other.buf, 0));
    }

    /** The number of records (the settlement and its reversals). */
    int size() {
      return size;
    }

    long line(int i) {
      return Entry.line(buf, records[i]);
    }

    int epochDay(int i) {
      return Entry.epochDay(buf, records[i]);
    }

    boolean reversed(int i) {
      return Entry.reversed(buf, records[i]);
    }

    /** Amount {@code k} (0 total .. 5 payout_excess, the order of the record) of record {@code i}, fen. */
    long amount(int i, int k) {
      return Entry.amount(buf, records[i], k);
    }

    /** Text field {@code k} of record {@code i}: one of {@link Entry#SETTLEMENT_ID} ... {@link Entry#CLAIM_ID}. */
    String text(int i, int k) {
      int at = Entry.text(buf, records[i], k);
      return new String(buf, at + 2, Entry.u16(buf, at), StandardCharsets.UTF_8);
    }

    /** Whether text field {@code k} of record {@code i} equals that of record {@code j} of {@code other}. */
    boolean sameText(int i, int k, Group other, int j) {
      int a = Entry.text(buf, records[i], k);
      int b = Entry.text(other.buf, other.records[j], k);
      return Arrays.equals(buf, a + 2, a + 2 + Entry.u16(buf, a), other.buf, b + 2, b + 2 + Entry.u16(other.buf, b));
    }
  }

  /**
   * The binary form of one sorted entry: {@code u16 key length, key, u8 kind (bit 0 marker, bit 1
   * reversed, bits 2-3 flag), i64 line, i32 epoch day, 6 × i64 amounts, then six u16-prefixed
   * UTF-8 texts: settlement id, reverses, hospital, insurer, insured, claim}. The key is the
   * settlement id the entry is grouped under: its root for a record, its own id for a marker.
   */
  static final class Entry {
    static final int SETTLEMENT_ID = 0;
    static final int REVERSES = 1;
    static final int HOSPITAL_ID = 2;
    static final int INSURER_ID = 3;
    static final int INSURED_ID = 4;
    static final int CLAIM_ID = 5;
    private static final int[] TEXT_FIELDS = {
      RecordParser.SETTLEMENT_ID, RecordParser.REVERSES, RecordParser.HOSPITAL_ID, RecordParser.INSURER_ID,
      RecordParser.INSURED_ID, RecordParser.CLAIM_ID
    };
    private static final int FIXED = 1 + 8 + 4 + 8 * RecordParser.AMOUNTS;

    private Entry() {}

    static int size(RecordParser p, boolean marker) {
      int size = 2 + keyField(p, marker) + FIXED;
      for (int f : TEXT_FIELDS) {
        size += 2 + p.length(f);
      }
      return size;
    }

    private static int keyField(RecordParser p, boolean marker) {
      return p.length(!marker && p.status == SettlementStatus.REVERSED ? RecordParser.REVERSES : RecordParser.SETTLEMENT_ID);
    }

    /** Writes the entry at {@code at}; returns the offset after it. */
    static int write(byte[] b, int at, RecordParser p, long line, boolean marker) {
      int key = !marker && p.status == SettlementStatus.REVERSED ? RecordParser.REVERSES : RecordParser.SETTLEMENT_ID;
      at = putText(b, at, p, key);
      b[at++] = (byte) ((marker ? 1 : 0) | (p.status == SettlementStatus.REVERSED ? 2 : 0) | (p.flag.ordinal() << 2));
      at = putLong(b, at, line);
      at = putInt(b, at, p.epochDay);
      for (int k = 0; k < RecordParser.AMOUNTS; k++) {
        at = putLong(b, at, p.amount(k));
      }
      for (int f : TEXT_FIELDS) {
        at = putText(b, at, p, f);
      }
      return at;
    }

    static int length(byte[] b, int o) {
      int at = text(b, o, CLAIM_ID);
      return at + 2 + u16(b, at) - o;
    }

    static int keyLength(byte[] b, int o) {
      return u16(b, o);
    }

    static boolean sameKey(byte[] a, int ao, byte[] b, int bo) {
      int al = u16(a, ao);
      return al == u16(b, bo) && Arrays.equals(a, ao + 2, ao + 2 + al, b, bo + 2, bo + 2 + al);
    }

    /** Key (unsigned bytes), then line, then records before markers. */
    static int compare(byte[] a, int ao, byte[] b, int bo) {
      int al = u16(a, ao);
      int bl = u16(b, bo);
      int c = Arrays.compareUnsigned(a, ao + 2, ao + 2 + al, b, bo + 2, bo + 2 + bl);
      if (c != 0) {
        return c;
      }
      c = Long.compare(getLong(a, ao + 3 + al), getLong(b, bo + 3 + bl));
      return c != 0 ? c : Integer.compare(a[ao + 2 + al] & 1, b[bo + 2 + bl] & 1);
    }

    static boolean marker(byte[] b, int o) {
      return (b[o + 2 + u16(b, o)] & 1) != 0;
    }

    static boolean reversed(byte[] b, int o) {
      return (b[o + 2 + u16(b, o)] & 2) != 0;
    }

    static long line(byte[] b, int o) {
      return getLong(b, o + 3 + u16(b, o));
    }

    static int epochDay(byte[] b, int o) {
      return getInt(b, o + 11 + u16(b, o));
    }

    static long amount(byte[] b, int o, int k) {
      return getLong(b, o + 15 + u16(b, o) + 8 * k);
    }

    /** The offset of text field {@code k}'s u16 length. */
    static int text(byte[] b, int o, int k) {
      int at = o + 2 + u16(b, o) + FIXED;
      for (int i = 0; i < k; i++) {
        at += 2 + u16(b, at);
      }
      return at;
    }

    static int u16(byte[] b, int at) {
      return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int putText(byte[] b, int at, RecordParser p, int field) {
      int len = p.length(field);
      b[at] = (byte) (len >>> 8);
      b[at + 1] = (byte) len;
      System.arraycopy(p.buffer(field), p.start(field), b, at + 2, len);
      return at + 2 + len;
    }

    private static int putLong(byte[] b, int at, long v) {
      for (int i = 7; i >= 0; i--) {
        b[at + i] = (byte) v;
        v >>>= 8;
      }
      return at + 8;
    }

    private static int putInt(byte[] b, int at, int v) {
      for (int i = 3; i >= 0; i--) {
        b[at + i] = (byte) v;
        v >>>= 8;
      }
      return at + 4;
    }

    private static long getLong(byte[] b, int at) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[at + i] & 0xFF);
      }
      return v;
    }

    private static int getInt(byte[] b, int at) {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (b[at + i] & 0xFF);
      }
      return v;
    }
  }

  /** Reads one run file back in order, one entry at a time into its own buffer. */
  private static final class RunReader {
    final DataInputStream in;
    byte[] buf = new byte[1024];

    RunReader(Path run, int buffer) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), buffer));
    }

    boolean advance() throws IOException {
      int len;
      try {
        len = in.readUnsignedShort();
      } catch (EOFException end) {
        return false;
      }
      if (buf.length < len) {
        buf = new byte[Math.max(len, 2 * buf.length)];
      }
      in.readFully(buf, 0, len);
      return true;
    }
  }
}
