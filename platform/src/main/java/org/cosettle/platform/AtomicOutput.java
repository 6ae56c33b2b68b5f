package org.cosettle.platform;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written as a stream and published all at once: text goes to a temporary file beside the
 * target, renamed over it by {@link #commit()}. Closing without committing deletes the temporary
 * file, so a failure leaves the target as it was. (The streaming counterpart of {@code
 * org.cosettle.core.AtomicFile}, for outputs too large to build in memory.)
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
  private final Writer writer;
  private boolean done;

  private AtomicOutput(Path target, Path tmp, Writer writer) {
    this.target = target;
    this.tmp = tmp;
    this.writer = writer;
  }

  public static AtomicOutput open(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      return new AtomicOutput(target, tmp, new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  public Writer writer() {
    return writer;
  }

  /** Publishes the file under its name. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException(target + " already committed or closed");
    }
    writer.close();
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
        writer.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
