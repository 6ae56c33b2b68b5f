package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir Path dir;

  @Test
  void anUncommittedOutputLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("results.csv");
    Files.writeString(target, "old\n");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      out.writer().append("half a fi");
      // no commit: as if the batch failed here
    }
    assertEquals("old\n", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void aCommittedOutputReplacesTheFileWholeAndCannotBeCommittedTwice() throws IOException {
    Path target = dir.resolve("results.csv");
    Files.writeString(target, "old\n");
    AtomicOutput out = AtomicOutput.open(target);
    out.writer().append("claim_id,payout\nC1,0.10\n");
    out.commit();
    out.close();
    assertEquals("claim_id,payout\nC1,0.10\n", Files.readString(target));
    assertThrows(IllegalStateException.class, out::commit);
  }

  @Test
  void outputsAreReadableByAllAndSecretsByTheirOwnerOnly() throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    AtomicFile.write(dir.resolve("report.csv"), "x\n");
    AtomicFile.write(dir.resolve("key.pem"), new byte[] {1, 2, 3}, true);
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("report.csv"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem"))));
  }
}
