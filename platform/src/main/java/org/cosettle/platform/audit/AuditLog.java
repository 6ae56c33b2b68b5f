package org.cosettle.platform.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;

/**
 * The append-only, SM3-chained audit log (JSON Lines), open for appending. Holds an exclusive
 * file lock while open, so two writers never interleave.
 *
 * <p><b>Crash safety.</b> Each entry is one line written with one positioned write at the end of
 * the file and then forced to disk ({@code fsync}); {@link #append} returns only after that. A
 * crash can therefore leave at most a prefix of the last line, without its newline. {@link #open}
 * checks the chain of the complete lines first (a broken chain is refused, never repaired); then,
 * if bytes follow the last newline, it truncates the file to the last newline, forces it, and
 * appends a {@code recovery} entry recording how many bytes were discarded and their SM3 hash.
 * Nothing that {@code append} acknowledged is ever removed, and the chain stays intact.
 *
 * <p>After every {@code checkpointEvery} entries that are not checkpoints, a {@code checkpoint}
 * entry signed by the platform is appended; {@link #checkpoint} adds one on demand.
 *
 * <pre>{@code
 * try (AuditLog log = AuditLog.open(path, platform, 16, Instant::now)) {
 *   if (log.previousRun(batchSm3, policySm3).isPresent()) { ... refuse ... }
 *   log.append("run", event.toJson());
 *   String anchor = log.anchor().toString();
 * }
 * }</pre>
 */
public final class AuditLog implements Closeable {
  /** Members the log sets itself; {@code signer} and {@code signature} belong to checkpoints only. */
  static final Set<String> RESERVED = Set.of("seq", "prev", "time", "type", "signer", "signature");
  /** {@link #RESERVED} as a list, for removing them from a copy of an entry's fields. */
  public static final java.util.List<String> RESERVED_FIELDS = java.util.List.copyOf(RESERVED);

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private final PartyIdentity signer;
  private final int checkpointEvery;
  private final Supplier<Instant> clock;
  private final List<AuditEntry> entries;
  private long size;
  private int sinceCheckpoint;

  private AuditLog(Path path, FileChannel channel, FileLock lock, PartyIdentity signer, int checkpointEvery,
      Supplier<Instant> clock, List<AuditEntry> entries, long size) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.signer = signer;
    this.checkpointEvery = checkpointEvery;
    this.clock = clock;
    this.entries = new ArrayList<>(entries);
    this.size = size;
    for (int i = entries.size() - 1; i >= 0 && !entries.get(i).type().equals("checkpoint"); i--) {
      sinceCheckpoint++;
    }
  }

  /**
   * Opens (or creates) the log at {@code path} for appending, recovering from an interrupted
   * append as described above. {@code signer} signs checkpoints; {@code checkpointEvery} ≥ 1.
   */
  public static AuditLog open(Path path, PartyIdentity signer, int checkpointEvery, Supplier<Instant> clock)
      throws IOException, AuditException {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be at least 1");
    }
    boolean created = !Files.exists(path);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(path + ": the audit log is in use by another writer");
      }
      if (created) {
        syncDirectory(path);
      }
      byte[] content = readAll(channel);
      AuditChain.Scan scan = AuditChain.scan(content);
      if (!scan.problems().isEmpty()) {
        throw new AuditException(path.toString(), scan.problems());
      }
      long complete = scan.completeLength(content.length);
      AuditLog log = new AuditLog(path, channel, lock, signer, checkpointEvery, clock, scan.entries(), complete);
      if (scan.tornTail().length > 0) {
        channel.truncate(complete);
        channel.force(true);
        ObjectNode recovery = CanonicalJson.object();
        recovery.put("discarded_bytes", scan.tornTail().length);
        recovery.put("discarded_sm3", Digests.sm3(scan.tornTail()));
        log.append("recovery", recovery);
      }
      return log;
    } catch (IOException | AuditException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The entries so far, in order. */
  public List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  /** The anchor of the log as it stands (null while it is empty). */
  public Anchor anchor() {
    return entries.isEmpty() ? null : new Anchor(entries.size(), entries.get(entries.size() - 1).hash());
  }

  /** The latest {@code run} entry that settled this batch with this policy, if any. */
  public Optional<AuditEntry> previousRun(String batchSm3, String policySm3) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      AuditEntry e = entries.get(i);
      if (e.type().equals("run") && batchSm3.equals(e.text("batch_sm3")) && policySm3.equals(e.text("policy_sm3"))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Appends an entry of {@code type} ({@code [a-z_]+}) with {@code fields} (which may not use the
   * names seq, prev, time, type, signer, signature), forced to disk before returning; then a checkpoint if one is due.
   */
  public AuditEntry append(String type, ObjectNode fields) throws IOException {
    if (!type.matches("[a-z_]{1,40}") || type.equals("checkpoint")) {
      throw new IllegalArgumentException("an event type is [a-z_]+ and not 'checkpoint': " + type);
    }
    AuditEntry e = write(type, fields);
    sinceCheckpoint++;
    if (sinceCheckpoint >= checkpointEvery) {
      checkpoint();
    }
    return e;
  }

  /** Appends a checkpoint signed by the platform over the chain so far. */
  public AuditEntry checkpoint() throws IOException {
    AuditEntry e = write("checkpoint", CanonicalJson.object());
    sinceCheckpoint = 0;
    return e;
  }

  private AuditEntry write(String type, ObjectNode fields) throws IOException {
    for (String reserved : RESERVED) {
      if (fields.has(reserved)) {
        throw new IllegalArgumentException("'" + reserved + "' is set by the log, not by the event");
      }
    }
    ObjectNode o = fields.deepCopy();
    Instant now = clock.get();
    o.put("seq", entries.size());
    o.put("prev", entries.isEmpty() ? AuditChain.GENESIS : entries.get(entries.size() - 1).hash());
    o.put("time", Times.format(now));
    o.put("type", type);
    if (type.equals("checkpoint")) {
      o.put("signer", signer.certificate().publicKey().fingerprint());
      o.put("signature", Digests.hex(signer.key().sign(Checkpoints.signedBytes(o))));
    }
    byte[] line = CanonicalJson.bytes(o);
    ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
    long at = size;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
    channel.force(true);
    size = at;
    AuditEntry e = new AuditEntry(entries.size(), entries.size() + 1, type, Times.parse(Times.format(now)), o,
        Digests.sm3(line));
    entries.add(e);
    return e;
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  private static byte[] readAll(FileChannel channel) throws IOException {
    long length = channel.size();
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("the audit log is larger than 2 GiB; rotate it (anchor it, then start a new one)");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    for (int n = 0; buffer.hasRemaining() && n >= 0; ) {
      n = channel.read(buffer, buffer.position());
    }
    return buffer.array();
  }

  /** Makes a new file's directory entry durable (where the platform allows opening a directory). */
  private static void syncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // not every platform can open a directory; the file's own fsync still holds its content
    }
  }

  @Override
  public String toString() {
    return "AuditLog[" + path + ", " + entries.size() + " entries]";
  }
}
