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
  /** The reason a file that exists is not replaced. */
  public static final String REFUSING_TO_REPLACE = "refusing to replace an existing file";

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
   * The staged copy of {@code target}: {@code .NAME.staged} beside it. A two-party settlement
   * stages its files before it commits with its peer and publishes them after; a staged file a
   * crash left behind is what a rerun finds (and checks against the audit log) to finish.
   */
  public static Path stagedPath(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".staged");
  }

  /** Writes {@code content} to {@link #stagedPath} of {@code target}, forced to disk; the target is untouched. */
  public static Path stage(Path target, CharSequence content) throws IOException {
    Path staged = stagedPath(target);
    write(staged, content);
    return staged;
  }

  /** Renames the staged copy of {@code target} over it (atomically where the file system can). */
  public static void publish(Path target) throws IOException {
    Path staged = stagedPath(target);
    try {
      Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(staged, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Checks that none of {@code paths} exists (a symbolic link counts, wherever it points), before
   * anything is written.
   *
   * @throws FileAlreadyExistsException for the first that exists, with {@code reason}
   */
  public static void requireAbsent(String reason, Path... paths) throws FileAlreadyExistsException {
    for (Path p : paths) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(p.toString(), null, reason);
      }
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
    requireAbsent(REFUSING_TO_REPLACE, keyPath, certPath);
    write(keyPath, key, true);
    write(certPath, certificate, false);
  }
}
