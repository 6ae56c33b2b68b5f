package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cosettle he-keys}: an empty state directory, a rotation (a 0600 file), its description
 * (the public fingerprint, never key material), a corrupt file refused with exit 1 and replaced by
 * {@code --rotate}.
 */
class HeKeysCommandTest {
  private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ([0-9a-f]{64}), made ");

  @Test
  void showsRotatesAndRefusesACorruptKeySet(@TempDir Path dir) throws Exception {
    Cli empty = Cli.run("he-keys", "--state-dir", dir.toString());
    assertEquals(0, empty.code(), empty.toString());
    assertTrue(empty.out().contains("no HE key set"), empty.toString());

    Cli rotated = Cli.run("he-keys", "--state-dir", dir.toString(), "--rotate");
    assertEquals(0, rotated.code(), rotated.toString());
    Matcher m = FINGERPRINT.matcher(rotated.out());
    assertTrue(m.find(), rotated.toString());
    Path file = dir.resolve("he-keys.bin");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Cli shown = Cli.run("he-keys", "--state-dir", dir.toString());
    assertTrue(shown.out().startsWith("fingerprint " + m.group(1)) && shown.out().contains("0 sessions"),
        shown.toString());

    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 4;
    Files.write(file, bytes);
    Cli corrupt = Cli.run("he-keys", "--state-dir", dir.toString());
    assertEquals(1, corrupt.code(), corrupt.toString());
    assertTrue(corrupt.err().contains("is corrupt"), corrupt.toString());
    Cli again = Cli.run("he-keys", "--state-dir", dir.toString(), "--rotate");
    assertEquals(0, again.code(), again.toString());
    Matcher n = FINGERPRINT.matcher(again.out());
    assertTrue(n.find() && !n.group(1).equals(m.group(1)), again.toString());
  }
}
