package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
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

  @Test
  void aNewKeyAndCertificateNeverReplaceAFileAndNeverShareOne() throws IOException {
    Path key = dir.resolve("tls.key");
    Path cert = dir.resolve("tls.crt");
    Files.writeString(cert, "in use\n");
    // the key would be new, but nothing is written while the certificate exists
    assertThrows(FileAlreadyExistsException.class,
        () -> AtomicFile.writeNewKeyAndCertificate(key, new byte[] {1}, cert, new byte[] {2}));
    assertEquals("in use\n", Files.readString(cert));
    assertFalse(Files.exists(key));
    assertThrows(IllegalArgumentException.class, () -> AtomicFile.writeNewKeyAndCertificate(key, new byte[] {1},
        dir.resolve(".").resolve("tls.key"), new byte[] {2}));
    assertFalse(Files.exists(key));

    Files.delete(cert);
    AtomicFile.writeNewKeyAndCertificate(key, new byte[] {1}, cert, new byte[] {2});
    assertEquals(1, Files.readAllBytes(key)[0]);
    assertEquals(2, Files.readAllBytes(cert)[0]);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
    }
  }
}
