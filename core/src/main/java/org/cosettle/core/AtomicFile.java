package org.cosettle.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a file all at once or not at all (through {@link AtomicOutput}): the content goes to a
 * temporary file beside the target, forced to disk and renamed over it. A reader never sees a
 * half-written file, and after a failure the target is as it was.
 */
public final class AtomicFile {
  private AtomicFile() {}

  public static void write(Path target, CharSequence content) throws IOException {
    try (AtomicOutput out = AtomicOutput.open(target)) {
      out.writer().append(content);
      out.commit();
    }
  }

  /** Bytes; {@code secret} files (private keys) are readable by their owner only. */
  public static void write(Path target, byte[] content, boolean secret) throws IOException {
    try (AtomicOutput out = AtomicOutput.open(target, secret)) {
      out.stream().write(content);
      out.commit();
    }
  }
}
