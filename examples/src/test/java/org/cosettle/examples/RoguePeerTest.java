package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.HandshakeClient;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportOptions;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform process facing an insurer that holds the right certificate and policy but misbehaves:
 * it sends garbage where a message of the protocol belongs, or goes away in the middle. The
 * platform ends within its timeout with exit status 1, one line, no file, and the failure in its
 * audit log; it never crashes or hangs.
 */
class RoguePeerTest {
  static final Path EXAMPLE = TwoProcessHandshakeTest.CONFORMANCE.resolve("inclusive");
  static final Duration EXIT = Duration.ofSeconds(60);

  interface Misbehaviour {
    void run(GrpcChannel session) throws Exception;
  }

  static void facePlatform(Path dir, Misbehaviour rogue, String expected) throws Exception {
    Path log = dir.resolve("platform-audit.jsonl");
    List<String> args = TwoProcessHandshakeTest.audited(TwoProcessHandshakeTest.platform(EXAMPLE, dir), log, "plat");
    args.set(args.indexOf("30s"), "15s");
    args.addAll(List.of("--listen", "127.0.0.1:0"));
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl",
        Files.readString(EXAMPLE.resolve("policy.cpl")))).policy();
    SessionHello hello = SessionHello.forPolicy(policy.name(), policy.version(),
        PolicyText.sm3(Files.readAllBytes(EXAMPLE.resolve("policy.cpl"))));
    Path keys = TwoProcessHandshakeTest.keys;
    try (CosettleProcess platform = CosettleProcess.start(dir, "platform", args.toArray(String[]::new))) {
      int port = platform.listeningPort(EXIT);
      try (GrpcChannel session = HandshakeClient.connect(new InetSocketAddress("127.0.0.1", port),
          TransportFiles.readIdentity(keys.resolve("ins.key"), keys.resolve("ins.crt"), Instant.now()),
          TransportFiles.readPeerCertificate(keys.resolve("plat.crt"), Instant.now()), hello,
          TransportOptions.DEFAULTS)) {
        rogue.run(session);
      } catch (RuntimeException expectedOnTheRogueSide) {
        // the platform aborting the session is what the rogue gets
      }
      assertEquals(1, platform.exitCode(EXIT), platform.err());
      String err = platform.err();
      assertTrue(err.contains(expected), err);
      assertTrue(err.lines().filter(l -> l.startsWith("cosettle handshake platform: ") && l.endsWith("nothing written"))
          .count() == 1, "one closing line: " + err);
      assertFalse(err.contains("Exception"), "no Java exception names: " + err);
    }
    assertFalse(Files.exists(dir.resolve("platform.csv")), "no results after a failure");
    String last = TwoProcessHandshakeTest.lastEvent(log);
    assertTrue(last.contains("\"type\":\"session_failed\""), last);
  }

  @Test
  void garbageWhereTheVerdictBelongsEndsThePlatformCleanly(@TempDir Path dir) throws Exception {
    facePlatform(dir, session -> {
      session.receive(); // the metadata
      session.send(new byte[] {(byte) 0xff, 0x13, 0x37, 0x00, 0x42, (byte) 0x99});
      session.receive();
    }, "the verdict message does not parse");
  }

  @Test
  void anInsurerThatGoesAwayMidSessionEndsThePlatformCleanly(@TempDir Path dir) throws Exception {
    facePlatform(dir, session -> {
      session.receive(); // the metadata, then nothing: the rogue closes without finishing
    }, "the session failed");
  }

  @Test
  void anInsurerThatFallsSilentIsStoppedByTheTimeout(@TempDir Path dir) throws Exception {
    long start = System.nanoTime();
    facePlatform(dir, session -> {
      session.receive(); // the metadata
      session.receive(); // the platform's verdict (it speaks first); then silence until the platform gives up
      session.receive(Duration.ofSeconds(40));
    }, "the settlement took longer than 15 s");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(40).toNanos(), "ended by the platform's 15 s timeout");
  }
}
