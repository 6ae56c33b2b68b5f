package org.cosettle.platform;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * The records of one settlement file in groups, one group per settlement after netting (an
 * original and the reversals that name it), in ascending order of settlement id, in bounded
 * memory: records are sorted in chunks of at most the memory budget, each chunk spilled to a
 * temporary run file, and the runs merged (an external merge sort). A file that fits in the
 * budget is never written to disk.
 *
 * <p>While grouping it checks what no single line can show: a settlement id used twice, a
 * reversal of an id that is not in the file, a reversal of a reversal. For the id checks every
 * reversal also leaves a marker under its own id, so that any two records with the same id meet
 * in one group whatever they reverse.
 */
final class SortedSettlements implements Closeable {
  /** One record and the line it came from. */
  record Line(SettlementRecord record, long line) {}

  /** A settlement and its reversals, in file order. */
  record Group(String settlementId, List<Line> lines) {}

  /** A sorted entry: a record under its root id, or a marker under a reversal's own id. */
  private record Entry(String key, SettlementRecord record, long line, boolean marker) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::key).thenComparingLong(Entry::line).thenComparing(Entry::marker);
  /** Rough heap bytes of one entry beyond its strings (objects, headers, boxed date). */
  private static final long ENTRY_OVERHEAD = 160;

  private final String label;
  private final List<Path> runs = new ArrayList<>();
  private final List<InputError> errors = new ArrayList<>();
  private Iterator<Entry> sorted;
  private final List<RunReader> readers = new ArrayList<>();
  private Entry pending;
  private long recordCount;

  private SortedSettlements(String label) {
    this.label = label;
  }

  /**
   * Reads and sorts a file. Spills runs to {@code tempDir} when the records exceed {@code
   * memoryBudget} bytes (estimated).
   *
   * @throws InputException for bad lines (nothing is kept then)
   */
  static SortedSettlements sort(Path path, String label, long memoryBudget, Path tempDir)
      throws IOException, InputException {
    SortedSettlements s = new SortedSettlements(label);
    try {
      s.load(path, memoryBudget, tempDir);
      return s;
    } catch (IOException | InputException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void load(Path path, long memoryBudget, Path tempDir) throws IOException, InputException {
    List<Entry> chunk = new ArrayList<>();
    long[] used = {0};
    SettlementFile.forEach(path, label, (r, line) -> {
      recordCount++;
      chunk.add(new Entry(r.rootId(), r, line, false));
      used[0] += ENTRY_OVERHEAD + 2L * (r.settlementId().length() + r.reverses().length()
          + r.insuredId().length() + r.claimId().length());
      if (r.status() == SettlementStatus.REVERSED) {
        chunk.add(new Entry(r.settlementId(), r, line, true));
        used[0] += ENTRY_OVERHEAD;
      }
      if (used[0] > memoryBudget) {
        spill(chunk, tempDir);
        used[0] = 0;
      }
    });
    if (runs.isEmpty()) {
      chunk.sort(ORDER);
      sorted = chunk.iterator();
      return;
    }
    if (!chunk.isEmpty()) {
      spill(chunk, tempDir);
    }
    PriorityQueue<RunReader> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
    // the merge reads every run at once: share the budget among their buffers
    int buffer = (int) Math.max(4096, Math.min(1 << 16, memoryBudget / runs.size()));
    for (Path run : runs) {
      RunReader r = new RunReader(run, buffer);
      readers.add(r);
      if (r.advance()) {
        heads.add(r);
      }
    }
    sorted = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public Entry next() {
        RunReader r = heads.poll();
        Entry e = r.head;
        try {
          if (r.advance()) {
            heads.add(r);
          }
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
        return e;
      }
    };
  }

  private void spill(List<Entry> chunk, Path tempDir) throws IOException {
    chunk.sort(ORDER);
    Path run = Files.createTempFile(tempDir, "cosettle-run-", ".bin");
    runs.add(run);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (Entry e : chunk) {
        out.writeBoolean(e.marker);
        out.writeLong(e.line);
        writeRecord(out, e.record);
      }
    }
    chunk.clear();
  }

  /** The number of records read. */
  long recordCount() {
    return recordCount;
  }

  /** The number of run files spilled (0 when the file fitted in memory). */
  int runCount() {
    return runs.size();
  }

  /** The next group in settlement id order, or null at the end. Problems found go to {@link #errors()}. */
  Group next() throws IOException {
    try {
      return nextGroup();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Group nextGroup() {
    while (true) {
      if (pending == null) {
        if (!sorted.hasNext()) {
          return null;
        }
        pending = sorted.next();
      }
      String key = pending.key;
      List<Entry> entries = new ArrayList<>(2);
      while (pending != null && pending.key.equals(key)) {
        entries.add(pending);
        pending = sorted.hasNext() ? sorted.next() : null;
      }
      Group g = check(key, entries);
      if (g != null) {
        return g;
      }
    }
  }

  /** Located problems found so far while grouping, in line order. */
  List<InputError> errors() {
    errors.sort(Comparator.comparingInt(InputError::line));
    return errors;
  }

  private Group check(String key, List<Entry> entries) {
    Entry owner = null;
    boolean markerSeen = false;
    List<Line> lines = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      boolean claimsKey = e.marker || e.record.status() == SettlementStatus.SETTLED;
      if (claimsKey) {
        if (owner != null) {
          error(e.line, "settlement_id", "duplicate settlement id \"" + key + "\" (first on line " + owner.line + ")");
        } else {
          owner = e;
        }
        markerSeen |= e.marker;
      }
      if (!e.marker) {
        lines.add(new Line(e.record, e.line));
      }
    }
    boolean original = owner != null && !owner.marker;
    for (Line l : lines) {
      if (l.record().status() == SettlementStatus.REVERSED && !original) {
        error(l.line(), "reverses", markerSeen
            ? "\"" + key + "\" is itself a reversal (line " + owner.line + "); reverse the original settlement"
            : "unknown reversal target \"" + key + "\": no settlement with that id in the file");
      }
    }
    return lines.isEmpty() ? null : new Group(key, lines);
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

  private static void writeRecord(DataOutputStream out, SettlementRecord r) throws IOException {
    out.writeUTF(r.settlementId());
    out.writeLong(r.settlementDate().toEpochDay());
    out.writeByte(r.status().ordinal());
    out.writeUTF(r.reverses());
    out.writeUTF(r.hospitalId());
    out.writeUTF(r.insurerId());
    out.writeUTF(r.insuredId());
    out.writeUTF(r.claimId());
    out.writeLong(r.total());
    out.writeLong(r.basicInsurance());
    out.writeLong(r.personalAccount());
    out.writeLong(r.commercialPayout());
    out.writeLong(r.patientCash());
    out.writeLong(r.payoutExcess());
    out.writeByte(r.flag().ordinal());
  }

  private static SettlementRecord readRecord(DataInputStream in) throws IOException {
    return new SettlementRecord(in.readUTF(), LocalDate.ofEpochDay(in.readLong()),
        SettlementStatus.values()[in.readByte()], in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
        in.readUTF(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
        SplitFlag.values()[in.readByte()]);
  }

  /** Reads one run file back in order. */
  private static final class RunReader {
    final DataInputStream in;
    Entry head;

    RunReader(Path run, int buffer) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), buffer));
    }

    boolean advance() throws IOException {
      boolean marker;
      try {
        marker = in.readBoolean();
      } catch (EOFException end) {
        head = null;
        return false;
      }
      long line = in.readLong();
      SettlementRecord r = readRecord(in);
      head = new Entry(marker ? r.settlementId() : r.rootId(), r, line, marker);
      return true;
    }
  }
}
