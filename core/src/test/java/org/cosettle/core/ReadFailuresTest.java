package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFailuresTest {
  @TempDir Path tmp;

  @Test
  void theReadersNameTheFileThatIsNotUtf8OrIsADirectory() throws IOException {
    Path latin1 = Files.write(tmp.resolve("insured.csv"), new byte[] {'i', 'd', (byte) 0xff, '\n'});
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> InsuredFile.read(latin1, "insured.csv", List.of(), 10));
    assertEquals(latin1 + ": not UTF-8 text", e.getMessage());
    Path claims = Files.write(tmp.resolve("claims.jsonl"), new byte[] {'{', '"', (byte) 0xc3, '"', '}', '\n'});
    e = assertThrows(FileSystemException.class, () -> ClaimsFile.read(claims, "claims.jsonl"));
    assertEquals(claims + ": not UTF-8 text", e.getMessage());
    e = assertThrows(FileSystemException.class, () -> ClaimsFile.read(tmp, "dir"));
    assertEquals(tmp.toString(), e.getFile());
    e = assertThrows(FileSystemException.class, () -> InsuredFile.read(tmp, "dir", List.of(), 10));
    assertEquals(tmp.toString(), e.getFile());
  }

  @Test
  void aFailureThatNamesItsFileIsKept() {
    NoSuchFileException missing = new NoSuchFileException("a.csv");
    assertSame(missing, ReadFailures.named(Path.of("b.csv"), missing));
    IOException bare = new IOException();
    assertEquals("b.csv: cannot be read", ReadFailures.named(Path.of("b.csv"), bare).getMessage());
  }
}
