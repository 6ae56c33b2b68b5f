package org.cosettle.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

  /**
   * A private key (owner-only) and its certificate, both as new files. Refuses before writing
   * either when one of them exists, so that a key in use is never replaced by accident, and when
   * both name the same file (the certificate would replace the key).
   *
   * @throws FileAlreadyExistsException when {@code keyPath} or {@code certPath} exists
   * @throws IllegalArgumentException when they are the same file
   */
  public static void writeNewKeyAndCertificate(Path keyPath, byte[] key, Path certPath, byte[] certificate)
      throws IOException {
    if (keyPath.toAbsolutePath().normalize().equals(certPath.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("the key and the certificate must go to two different files, not both to "
          + keyPath);
    }
    for (Path p : new Path[] {keyPath, certPath}) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(p.toString(), null, "refusing to replace an existing file");
      }
    }
    write(keyPath, key, true);
    write(certPath, certificate, false);
  }
}
