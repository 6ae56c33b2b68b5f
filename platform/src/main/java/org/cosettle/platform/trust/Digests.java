package org.cosettle.platform.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.cosettle.crypto.hash.HashAlgorithm;
import org.cosettle.crypto.hash.Hasher;

/** SM3 digests as the lower-case hex every CoSettle record writes. */
public final class Digests {
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  public static String sm3(byte[] bytes) {
    return HEX.formatHex(HashAlgorithm.SM3.hash(bytes));
  }

  /** SM3 of the UTF-8 bytes of {@code text}. */
  public static String sm3(CharSequence text) {
    return sm3(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** SM3 of a file's bytes, read in blocks. */
  public static String sm3(Path file) throws IOException {
    Hasher h = HashAlgorithm.SM3.newHasher();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        h.update(buffer, 0, n);
      }
    }
    return HEX.formatHex(h.digest());
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
