package org.cosettle.core;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Read failures that name their file: a {@link FileSystemException} names it already; any other
 * {@link IOException} (bytes that are not UTF-8, a directory read as a file) does not, and is
 * given the file's name and a reason in words.
 */
public final class ReadFailures {
  private ReadFailures() {}

  /** {@code e} itself when it names a file, else a {@link FileSystemException} for {@code path} caused by it. */
  public static IOException named(Path path, IOException e) {
    if (e instanceof FileSystemException) {
      return e;
    }
    String reason = e instanceof CharacterCodingException ? "not UTF-8 text"
        : e.getMessage() != null ? e.getMessage() : "cannot be read";
    FileSystemException named = new FileSystemException(path.toString(), null, reason);
    named.initCause(e);
    return named;
  }
}
