package org.cosettle.core;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written as a stream and published all at once: the content goes to a temporary file
 * beside the target, which {@link #commit()} forces to disk and renames over the target. Closing
 * without committing deletes the temporary file, so a failure leaves the target as it was and a
 * reader never sees a half-written file.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.open(path)) {
 *   out.writer().append(...);
 *   out.commit();
 * }
 * }</pre>
 */
public final class AtomicOutput implements Closeable {
  private final Path target;
  private final Path tmp;
  private final FileChannel channel;
  private final OutputStream stream;
  private Writer writer;
  private boolean done;

  private AtomicOutput(Path target, Path tmp, FileChannel channel) {
    this.target = target;
    this.tmp = tmp;
    this.channel = channel;
    this.stream = Channels.newOutputStream(channel);
  }

  /** An output readable by all (where the file system has POSIX permissions): results, reports. */
  public static AtomicOutput open(Path target) throws IOException {
    return open(target, false);
  }

  /**
   * An output; {@code secret} ones (private keys) are readable by their owner only. The
   * temporary file is created owner-only either way, before anything is written to it.
   */
  public static AtomicOutput open(Path target, boolean secret) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path tmp = posix
        ? Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      if (posix && !secret) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      return new AtomicOutput(target, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** The content as UTF-8 text. */
  public Writer writer() {
    if (writer == null) {
      writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }
    return writer;
  }

  /** The content as bytes (do not mix with {@link #writer()}). */
  public OutputStream stream() {
    return stream;
  }

  /** Forces the content to disk and publishes the file under its name. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException(target + " already committed or closed");
    }
    if (writer != null) {
      writer.flush();
    }
    stream.flush();
    channel.force(true);
    channel.close();
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    done = true;
  }

  /** Discards the file unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
