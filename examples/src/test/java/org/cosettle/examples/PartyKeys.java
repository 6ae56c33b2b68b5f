package org.cosettle.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;

/**
 * The key files of the two-process tests, made once per test JVM in a directory removed at exit:
 * TLS identities {@code plat}, {@code ins} and a {@code stranger} with the insurer's name, and SM2
 * identities {@code plat.sm2}, {@code ins.sm2} for the audit logs.
 */
final class PartyKeys {
  private static Path dir;

  private PartyKeys() {}

  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("cosettle-keys");
        TransportFiles.writeIdentity(TransportIdentity.generate("PLAT", Duration.ofDays(30)), d.resolve("plat.key"),
            d.resolve("plat.crt"));
        TransportFiles.writeIdentity(TransportIdentity.generate("INS-01", Duration.ofDays(30)), d.resolve("ins.key"),
            d.resolve("ins.crt"));
        TransportFiles.writeIdentity(TransportIdentity.generate("INS-01", Duration.ofDays(30)),
            d.resolve("stranger.key"), d.resolve("stranger.crt"));
        Instant now = Instant.now().minusSeconds(60);
        KeyFiles.writeIdentity(PartyIdentity.generate(Role.PLATFORM, "PLAT", now, Duration.ofDays(30), Prg.create()),
            d.resolve("plat.sm2.key"), d.resolve("plat.sm2.crt"));
        KeyFiles.writeIdentity(PartyIdentity.generate(Role.INSURER, "INS-01", now, Duration.ofDays(30), Prg.create()),
            d.resolve("ins.sm2.key"), d.resolve("ins.sm2.crt"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(d)));
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  private static void delete(Path d) {
    try (Stream<Path> files = Files.walk(d)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
