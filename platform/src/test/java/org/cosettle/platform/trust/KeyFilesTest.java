package org.cosettle.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.cosettle.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path tmp;

  @Test
  void identityRoundTripsThroughOwnerOnlyFiles() throws Exception {
    PartyIdentity id = TestParties.identity(Role.INSURER, "Ping, \"An\" + Co");
    Path key = tmp.resolve("k.pem");
    Path cert = tmp.resolve("c.pem");
    KeyFiles.writeIdentity(id, key, cert);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
    PartyIdentity back = KeyFiles.readIdentity(key, cert, TestParties.NOW);
    assertEquals(id.certificate().publicKey(), back.key().publicKey());
    assertTrue(back.certificate().subject().contains("OU=insurer"), back.certificate().subject());
    assertFalse(id.toString().contains("PRIVATE"), id.toString());
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.writeIdentity(id, key, tmp.resolve("other.pem")));
    try (var files = Files.list(tmp)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void aKeyOfAnotherPartyAnExpiredCertificateOrGarbageIsALocatedError() throws Exception {
    PartyIdentity a = TestParties.identity(Role.INSURER, "a");
    PartyIdentity b = TestParties.identity(Role.INSURER, "b");
    KeyFiles.writeIdentity(a, tmp.resolve("a.key"), tmp.resolve("a.crt"));
    KeyFiles.writeIdentity(b, tmp.resolve("b.key"), tmp.resolve("b.crt"));
    InputException e = assertThrows(InputException.class,
        () -> KeyFiles.readIdentity(tmp.resolve("b.key"), tmp.resolve("a.crt"), TestParties.NOW));
    assertTrue(e.getMessage().startsWith(tmp.resolve("b.key") + ": this key does not belong"), e.getMessage());

    e = assertThrows(InputException.class,
        () -> KeyFiles.readIdentity(tmp.resolve("a.key"), tmp.resolve("a.crt"), TestParties.START.plus(Duration.ofDays(800))));
    assertTrue(e.getMessage().contains("expired at 2028-01-01T00:00:00Z"), e.getMessage());

    Files.writeString(tmp.resolve("junk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    e = assertThrows(InputException.class, () -> KeyFiles.readPrivateKey(tmp.resolve("junk.pem")));
    assertTrue(e.getMessage().contains("not an SM2 private key"), e.getMessage());
    e = assertThrows(InputException.class, () -> KeyFiles.readCertificate(tmp.resolve("a.key")));
    assertTrue(e.getMessage().contains("not an SM2 certificate"), e.getMessage());
  }
}
