package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.mpc.engine.proto.Metadata;
import org.cosettle.mpc.engine.proto.Refusal;
import org.cosettle.mpc.engine.proto.Verdict;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.HandshakeClient;
import org.cosettle.mpc.transport.HandshakeServer;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A party's process facing a peer that holds the right certificate and policy but misbehaves: it
 * sends garbage, a message cut short or one far beyond what the step allows where a message of the
 * protocol belongs, or goes away, or falls silent. The real party (the platform facing a rogue
 * insurer, the insurer facing a rogue platform) ends within its timeout with exit status 1, one line
 * ending "nothing written", no file, and the failure in its audit log; it never crashes, hangs or
 * takes in what it was not due.
 */
class RoguePeerTest {
  static final Path EXAMPLE = TwoProcessHandshakeTest.CONFORMANCE.resolve("inclusive");
  static final Duration EXIT = Duration.ofSeconds(60);
  /** Far larger than any receive bound of the example's settlement (about 1 MiB for a verdict). */
  static final int HUGE = 64 << 20;

  interface Misbehaviour {
    void run(GrpcChannel session) throws Exception;
  }

  static void face(Path dir, String role, List<String> jvm, TransportOptions rogueOptions, Misbehaviour rogue,
      String expected) throws Exception {
    face(dir, role, true, jvm, rogueOptions, rogue, expected);
  }

  /**
   * The real party ({@code platform} or {@code insurer}) in its own process, listening (the rogue
   * dials it) or dialling (the rogue listens), and the rogue with the other party's identity.
   */
  static void face(Path dir, String role, boolean realListens, List<String> jvm, TransportOptions rogueOptions,
      Misbehaviour rogue, String expected) throws Exception {
    boolean platformIsReal = role.equals("platform");
    Path log = dir.resolve(role + "-audit.jsonl");
    List<String> args = TwoProcessHandshakeTest.audited(platformIsReal ? TwoProcessHandshakeTest.platform(EXAMPLE, dir)
        : TwoProcessHandshakeTest.insurer(EXAMPLE, dir), log, platformIsReal ? "plat" : "ins");
    args.set(args.indexOf("30s"), "15s");
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl",
        Files.readString(EXAMPLE.resolve("policy.cpl")))).policy();
    SessionHello hello = SessionHello.forPolicy(policy.name(), policy.version(),
        PolicyText.sm3(Files.readAllBytes(EXAMPLE.resolve("policy.cpl"))));
    Path keys = TwoProcessHandshakeTest.keys;
    String me = platformIsReal ? "ins" : "plat";
    TransportIdentity identity = TransportFiles.readIdentity(keys.resolve(me + ".key"), keys.resolve(me + ".crt"),
        Instant.now());
    X509Certificate real = TransportFiles.readPeerCertificate(keys.resolve((platformIsReal ? "plat" : "ins") + ".crt"),
        Instant.now());
    HandshakeServer server = realListens ? null
        : HandshakeServer.listen(new InetSocketAddress("127.0.0.1", 0), identity, real, hello, rogueOptions);
    args.addAll(List.of(realListens ? "--listen" : "--connect", "127.0.0.1:" + (realListens ? 0 : server.port())));
    try (CosettleProcess party = CosettleProcess.start(dir, role, jvm, args.toArray(String[]::new))) {
      try (GrpcChannel session = realListens ? HandshakeClient.connect(new InetSocketAddress("127.0.0.1",
          party.listeningPort(EXIT)), identity, real, hello, rogueOptions) : server.accept(EXIT)) {
        rogue.run(session);
      } catch (RuntimeException expectedOnTheRogueSide) {
        // the real party aborting the session is what the rogue gets
      }
      assertEquals(1, party.exitCode(EXIT), party.err());
      String err = party.err();
      assertTrue(err.contains(expected), err);
      assertEquals(1, err.lines().filter(l -> l.startsWith("cosettle handshake " + role + ": ")
          && l.endsWith("nothing written")).count(), "one closing line: " + err);
      assertFalse(err.contains("Exception") || err.contains("\tat "), "no Java exception names: " + err);
    } finally {
      if (server != null) {
        server.close();
      }
    }
    for (String file : platformIsReal ? List.of("platform.csv", "platform-aggregates.csv")
        : List.of("insurer.csv", "insurer-states.csv", "insurer-aggregates.csv")) {
      assertFalse(Files.exists(dir.resolve(file)), file + " after a failure");
    }
    String last = TwoProcessHandshakeTest.lastEvent(log);
    assertTrue(last.contains("\"type\":\"session_failed\""), last);
  }

  static void facePlatform(Path dir, Misbehaviour rogue, String expected) throws Exception {
    face(dir, "platform", List.of(), TransportOptions.DEFAULTS, rogue, expected);
  }

  /** A verdict the platform would accept (one refusal), cut before its end. */
  static byte[] truncatedVerdict() {
    byte[] whole = Verdict.newBuilder().addRefusals(Refusal.newBuilder().setKind("NO_INSURED_RECORD")
        .setDetail("1 claim(s) of persons the insurer has no insured record for").addClaimIds("C1")).build().toByteArray();
    return Arrays.copyOf(whole, whole.length - 7);
  }

  /** The example's metadata, as the platform sends it. */
  static byte[] metadata() throws Exception {
    List<Claim> claims = ClaimsFile.read(EXAMPLE.resolve("claims.jsonl"), "claims.jsonl").claims();
    return Metadata.newBuilder().addAllClaimIds(claims.stream().map(Claim::id).toList())
        .addAllInsuredIds(claims.stream().map(Claim::insuredId).toList())
        .setBatchNonce(com.google.protobuf.ByteString.copyFrom(new byte[16])).build().toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "a verdict cut short"})
  void garbageOrAVerdictCutShortWhereTheVerdictBelongsEndsThePlatformCleanly(String what, @TempDir Path dir)
      throws Exception {
    byte[] message = what.equals("garbage") ? new byte[] {(byte) 0xff, 0x13, 0x37, 0x00, 0x42, (byte) 0x99}
        : truncatedVerdict();
    facePlatform(dir, session -> {
      session.receive(); // the metadata
      session.send(message);
      session.receive();
    }, "the verdict message does not parse");
  }

  @Test
  void aMessageCutShortInTheOfflinePhaseEndsThePlatformCleanly(@TempDir Path dir) throws Exception {
    facePlatform(dir, session -> {
      session.receive(); // the metadata
      session.receive(); // the platform's verdict
      session.send(new byte[0]); // the insurer's: all is well
      session.send(new byte[] {1, 2, 3}); // where the first message of oblivious transfer belongs
      session.receive(Duration.ofSeconds(20));
    }, "the peer sent 3 bytes where");
  }

  @Test
  void aMessageFarBeyondTheBoundIsRefusedWithoutTakingItIn(@TempDir Path dir) throws Exception {
    // 64 MiB in the transport's 1 MiB frames, to a platform with a 96 MiB heap: refused at the frame past the bound
    face(dir, "platform", List.of("-Xmx96m"), TransportOptions.DEFAULTS, session -> {
      session.receive(); // the metadata
      session.send(new byte[HUGE]);
      session.receive();
    }, "a message longer than the ");
  }

  @Test
  void aFrameFarBeyondTheFrameSizeIsRefusedWithoutTakingItIn(@TempDir Path dir) throws Exception {
    // one 16 MiB frame (the rogue's frames are 16 MiB) where frames of at most 1 MiB are due
    face(dir, "platform", List.of("-Xmx96m"), TransportOptions.DEFAULTS.withFrameBytes(16 << 20), session -> {
      session.receive(); // the metadata
      session.send(new byte[16 << 20]);
      session.receive();
    }, "larger than the ");
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

  @Test
  void garbageWhereTheMetadataBelongsEndsTheInsurerCleanly(@TempDir Path dir) throws Exception {
    face(dir, "insurer", List.of(), TransportOptions.DEFAULTS, session -> {
      session.send(new byte[] {(byte) 0xff, 0x13, 0x37, 0x00, 0x42, (byte) 0x99});
      session.receive();
    }, "the metadata message does not parse");
  }

  @Test
  void metadataCutShortEndsTheInsurerCleanly(@TempDir Path dir) throws Exception {
    face(dir, "insurer", List.of(), TransportOptions.DEFAULTS, session -> {
      byte[] whole = metadata();
      session.send(Arrays.copyOf(whole, whole.length - 3));
      session.receive();
    }, "the metadata message does not parse");
  }

  @Test
  void oversizedMessagesAndFramesFromAPlatformEndTheInsurerCleanly(@TempDir Path root) throws Exception {
    // a 64 MiB verdict after good metadata, in 1 MiB frames, to an insurer with a 96 MiB heap
    Path dir = Files.createDirectory(root.resolve("message"));
    face(dir, "insurer", List.of("-Xmx96m"), TransportOptions.DEFAULTS, session -> {
      session.send(metadata());
      session.send(new byte[HUGE]);
      session.receive();
    }, "a message longer than the ");
    // one 16 MiB frame where the metadata belongs
    Path frame = Files.createDirectory(root.resolve("frame"));
    face(frame, "insurer", List.of("-Xmx96m"), TransportOptions.DEFAULTS.withFrameBytes(16 << 20), session -> {
      session.send(new byte[16 << 20]);
      session.receive();
    }, "larger than the ");
  }

  @Test
  void anOversizedFrameToAnInsurerThatDialsEndsItCleanly(@TempDir Path dir) throws Exception {
    // the rogue platform listens; the frame reaches the insurer's dialling end
    face(dir, "insurer", false, List.of("-Xmx96m"), TransportOptions.DEFAULTS.withFrameBytes(16 << 20), session -> {
      session.send(new byte[16 << 20]);
      session.receive();
    }, "larger than the ");
  }
}
