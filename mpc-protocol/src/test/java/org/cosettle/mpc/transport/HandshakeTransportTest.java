package org.cosettle.mpc.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.cosettle.crypto.channel.ChannelClosedException;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.channel.ChannelTimeoutException;
import org.cosettle.crypto.ot.IknpReceiver;
import org.cosettle.crypto.ot.IknpSender;
import org.cosettle.crypto.ot.OtReceiverOutput;
import org.cosettle.crypto.ot.OtSenderOutput;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.Ring64;
import org.cosettle.crypto.triples.MultiplicationTriples;
import org.cosettle.crypto.triples.TripleGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions between two parties over loopback gRPC with mutual TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeTransportTest {
  static TransportIdentity platform;
  static TransportIdentity insurer;
  static final SessionHello HELLO = new SessionHello("cosettle.test/1", "policy-hash".getBytes(StandardCharsets.UTF_8));
  static final TransportOptions OPTIONS = TransportOptions.DEFAULTS.withReceiveTimeout(Duration.ofSeconds(20));

  @BeforeAll
  static void identities() {
    platform = TransportIdentity.generate("platform", Duration.ofDays(1));
    insurer = TransportIdentity.generate("insurer", Duration.ofDays(1));
  }

  private static HandshakeServer serve(HandshakeServer.SessionHandler handler) throws Exception {
    return serve(OPTIONS, handler);
  }

  private static HandshakeServer serve(TransportOptions options, HandshakeServer.SessionHandler handler) throws Exception {
    return HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), platform, insurer.certificate(), HELLO,
        options, handler);
  }

  private static GrpcChannel dial(HandshakeServer server) {
    return dial(server, HELLO, insurer, platform);
  }

  private static GrpcChannel dial(HandshakeServer server, SessionHello hello, TransportIdentity me,
      TransportIdentity pinned) {
    return HandshakeClient.connect(new InetSocketAddress("127.0.0.1", server.port()), me, pinned.certificate(), hello,
        OPTIONS);
  }

  @Test
  void messagesOfEverySizeArriveWholeAndInOrderAndTheSessionFinishes() throws Exception {
    int[] sizes = {0, 1, 1023, 1 << 20, (1 << 20) + 1, (7 << 20) / 2};
    CompletableFuture<long[]> serverCounters = new CompletableFuture<>();
    try (HandshakeServer server = serve(session -> {
      for (int i = 0; i < sizes.length; i++) {
        session.send(session.receive());
      }
      session.finish();
      serverCounters.complete(new long[] {session.bytesSent(), session.messagesReceived(), session.rounds()});
    })) {
      Prg prg = Prg.create();
      try (GrpcChannel session = dial(server)) {
        long total = 0;
        for (int size : sizes) {
          byte[] message = prg.nextBytes(size);
          session.send(message);
          assertArrayEquals(message, session.receive());
          total += size;
        }
        assertEquals(HELLO, session.hello());
        assertEquals(16, session.sessionId().length);
        session.finish();
        assertTrue(session.finished());
        assertEquals(total, session.bytesSent());
        assertEquals(total, session.bytesReceived());
        assertEquals(sizes.length, session.messagesSent());
        assertEquals(sizes.length, session.rounds());
        assertArrayEquals(new long[] {total, sizes.length, sizes.length}, serverCounters.get(10, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void bothSidesSendingLargeMessagesAtOnceDoNotDeadlock() throws Exception {
    // OT extension does this: columns one way while corrections go the other; a send that waited
    // for the peer to read would block both sides forever
    byte[] big = new byte[24 << 20];
    try (HandshakeServer server = serve(session -> {
      session.send(big);
      session.send(big);
      session.receive();
      session.receive();
    }); GrpcChannel session = dial(server)) {
      session.send(big);
      session.send(big);
      assertEquals(big.length, session.receive().length);
      assertEquals(big.length, session.receive().length);
      session.finish();
    }
  }

  @Test
  void bothEndsStopTheirNetworkThreadWhenTheSessionCloses() throws Exception {
    // a thread left waiting in epoll holds the JVM's exit up by 300 ms
    try (HandshakeServer server = serve(session -> session.send(session.receive()))) {
      try (GrpcChannel session = dial(server)) {
        assertEquals(List.of("cosettle-dialling-net", "cosettle-listening-net"), networkThreads());
        session.send(new byte[] {1});
        session.receive();
        session.finish();
        assertEquals(List.of("cosettle-listening-net"), networkThreadsSoon(List.of("cosettle-listening-net")),
            "the dialling end stops its own");
      }
    }
    assertEquals(List.of(), networkThreadsSoon(List.of()));
  }

  /** The session ends' network threads alive now (Netty names them POOL-N-N), sorted by pool. */
  private static List<String> networkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("cosettle-") && n.contains("-net-")).map(n -> n.substring(0, n.indexOf("-net-") + 4))
        .sorted().toList();
  }

  /**
   * {@link #networkThreads()} once they are {@code expected}, or after a second: a stopped loop's
   * thread may still be running its last instructions when the close returns.
   */
  private static List<String> networkThreadsSoon(List<String> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    List<String> alive = networkThreads();
    while (!alive.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      alive = networkThreads();
    }
    return alive;
  }

  @Test
  void otExtensionAndTriplesRunOverTheSession() throws Exception {
    int count = 100_000;
    CompletableFuture<OtSenderOutput> sent = new CompletableFuture<>();
    CompletableFuture<MultiplicationTriples> serverTriples = new CompletableFuture<>();
    try (HandshakeServer server = serve(session -> {
      IknpSender sender = IknpSender.setUp(session, Prg.create());
      sent.complete(sender.randomOts(count));
      serverTriples.complete(TripleGenerator.setUp(session, Party.P0, Prg.create())
          .multiplicationTriples(Ring64.INSTANCE, 1000));
    }); GrpcChannel session = dial(server)) {
      OtReceiverOutput received = IknpReceiver.setUp(session, Prg.create()).randomOts(count);
      MultiplicationTriples mine = TripleGenerator.setUp(session, Party.P1, Prg.create())
          .multiplicationTriples(Ring64.INSTANCE, 1000);
      session.finish();
      OtSenderOutput pairs = sent.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < count; i++) {
        long[] m = received.choice(i) ? pairs.message1() : pairs.message0();
        assertEquals(m[2 * i], received.chosen()[2 * i], "OT " + i);
        assertEquals(m[2 * i + 1], received.chosen()[2 * i + 1], "OT " + i);
      }
      MultiplicationTriples theirs = serverTriples.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 1000; i++) {
        assertEquals((mine.a()[i] + theirs.a()[i]) * (mine.b()[i] + theirs.b()[i]), mine.c()[i] + theirs.c()[i]);
      }
    }
  }

  @Test
  void aCertificateOtherThanThePinnedOneIsRefused() throws Exception {
    AtomicReference<Boolean> ran = new AtomicReference<>(false);
    TransportIdentity stranger = TransportIdentity.generate("insurer", Duration.ofDays(1));
    try (HandshakeServer server = serve(session -> ran.set(true))) {
      // the server does not accept the stranger's client certificate
      assertThrows(ChannelException.class, () -> dial(server, HELLO, stranger, platform));
      // and the client does not accept a server other than the pinned one
      assertThrows(ChannelException.class, () -> dial(server, HELLO, insurer, stranger));
      // while the right pair still works
      try (GrpcChannel session = dial(server)) {
        session.finish();
      }
    }
    assertTrue(ran.get());
  }

  @Test
  void aSessionForAnotherPolicyIsRefusedBeforeAnyData() throws Exception {
    AtomicReference<Boolean> ran = new AtomicReference<>(false);
    try (HandshakeServer server = serve(session -> ran.set(true))) {
      SessionHello other = new SessionHello("cosettle.test/1", "another-policy".getBytes(StandardCharsets.UTF_8));
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> dial(server, other, insurer, platform));
      assertEquals(TransportStep.PEER_ABORT, e.step());
      assertTrue(e.getMessage().contains("session refused"), e.getMessage());
    }
    assertFalse(ran.get());
  }

  @Test
  void aFailingPeerAbortsTheSessionAndSaysWhere() throws Exception {
    try (HandshakeServer server = serve(session -> {
      session.receive();
      throw new ProtocolAbortException(TransportStep.DATA, "bad share vector length 3, expected 4");
    }); GrpcChannel session = dial(server)) {
      session.send(new byte[] {1});
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class, session::receive);
      assertEquals(TransportStep.PEER_ABORT, e.step());
      assertTrue(e.getMessage().contains("bad share vector length 3, expected 4"), e.getMessage());
      assertThrows(ChannelClosedException.class, () -> session.send(new byte[1]), "the session is dead");
    }
  }

  @Test
  void anUnexpectedExceptionSendsOnlyItsType() throws Exception {
    try (HandshakeServer server = serve(session -> {
      session.receive();
      throw new IllegalStateException("secret share 12345");
    }); GrpcChannel session = dial(server)) {
      session.send(new byte[] {1});
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class, session::receive);
      assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
      assertFalse(e.getMessage().contains("12345"), e.getMessage());
    }
  }

  @Test
  void closingWithoutFinishingAbortsThePeer() throws Exception {
    CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
    try (HandshakeServer server = serve(session -> {
      try {
        session.receive();
      } catch (RuntimeException e) {
        serverSaw.complete(e);
        throw e;
      }
    })) {
      dial(server).close();
      Throwable t = serverSaw.get(10, TimeUnit.SECONDS);
      ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, t);
      assertTrue(e.getMessage().contains("closed the session before finishing"), e.getMessage());
    }
  }

  @Test
  void aSilentPeerTimesOutAndTheOtherSideLearnsOfIt() throws Exception {
    CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
    try (HandshakeServer server = serve(session -> {
      Thread.sleep(1500);
      try {
        session.receive();
      } catch (RuntimeException e) {
        serverSaw.complete(e);
        throw e;
      }
    }); GrpcChannel session = dial(server)) {
      assertThrows(ChannelTimeoutException.class, () -> session.receive(Duration.ofMillis(300)));
      assertInstanceOf(ProtocolAbortException.class, serverSaw.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aMessageTheOtherSideNeverReadFailsTheFinish() throws Exception {
    CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
    try (HandshakeServer server = serve(session -> {
      try {
        session.finish(); // without reading the client's message
      } catch (RuntimeException e) {
        serverSaw.complete(e);
        throw e;
      }
    }); GrpcChannel session = dial(server)) {
      session.send(new byte[] {42});
      assertThrows(ProtocolAbortException.class, session::finish);
      ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, serverSaw.get(10, TimeUnit.SECONDS));
      assertEquals(TransportStep.FINISH, e.step());
    }
  }

  @Test
  void anOversizedMessageIsRefused() throws Exception {
    try (HandshakeServer server = serve(OPTIONS.withMaxMessageBytes(4096), session -> session.receive());
        GrpcChannel session = dial(server)) {
      session.send(new byte[5000]);
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class, session::receive);
      assertTrue(e.getMessage().contains("larger than the limit of 4096"), e.getMessage());
    }
  }

  @Test
  void aMessageLongerThanTheReceiverExpectsIsRefusedAtTheFirstFrameBeyond() throws Exception {
    // 1 MiB frames: the receiver expecting at most 1,500,000 bytes stops at the second frame of a
    // 64 MiB message instead of buffering it
    java.util.concurrent.atomic.AtomicReference<Throwable> seen = new java.util.concurrent.atomic.AtomicReference<>();
    try (HandshakeServer server = serve(session -> {
      try {
        session.receive(1_500_000L);
      } catch (RuntimeException e) {
        seen.set(e);
        throw e;
      }
    });
        GrpcChannel session = dial(server)) {
      assertThrows(RuntimeException.class, () -> {
        session.send(new byte[64 << 20]);
        session.receive();
      });
    }
    ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, seen.get());
    assertTrue(e.getMessage().contains("a message longer than the 1500000 bytes due"), e.getMessage());
  }

  @Test
  void aBoundedReceiveOfAMessageWithinTheBoundReturnsIt() throws Exception {
    try (LoopbackSession loopback = LoopbackSession.open(HELLO, OPTIONS)) {
      loopback.dialling().send(new byte[3 << 20]);
      assertEquals(3 << 20, loopback.listening().receive(3L << 20).length);
      loopback.listening().send(new byte[10]);
      ProtocolAbortException tooLong = assertThrows(ProtocolAbortException.class, () -> loopback.dialling().receive(9L));
      assertTrue(tooLong.getMessage().contains("a message longer than the 9 bytes due"), tooLong.getMessage());
    }
  }

  @Test
  void aPeerOpeningSessionsWithoutEndGetsRefusalsNotThreads() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<GrpcChannel> open = new java.util.ArrayList<>();
    try (HandshakeServer server = serve(session -> release.await(30, TimeUnit.SECONDS))) {
      for (int i = 0; i < HandshakeServer.MAX_CONCURRENT_SESSIONS; i++) {
        open.add(dial(server));
      }
      ProtocolAbortException refused = assertThrows(ProtocolAbortException.class, () -> dial(server));
      assertTrue(refused.getMessage().contains("runs " + HandshakeServer.MAX_CONCURRENT_SESSIONS + " sessions already"),
          refused.getMessage());
      release.countDown();
    } finally {
      release.countDown();
      open.forEach(GrpcChannel::close);
    }
  }

  @Test
  void aServerThatGoesAwayEndsTheSessionWithoutAHang() throws Exception {
    HandshakeServer server = serve(session -> {
      session.receive();
      Thread.sleep(60_000);
    });
    try (GrpcChannel session = dial(server)) {
      session.send(new byte[] {1});
      server.close();
      // the server either says it is shutting down or the connection simply breaks: never a wait
      RuntimeException e = assertThrows(RuntimeException.class, session::receive);
      assertTrue(e instanceof ProtocolAbortException || e instanceof ChannelException, e.toString());
      assertFalse(e instanceof ChannelTimeoutException, "a broken connection is reported as such: " + e);
    }
  }

  @Test
  void aLoopbackSessionCarriesMessagesBothWaysAndFinishes() throws Exception {
    try (LoopbackSession loopback = LoopbackSession.open(HELLO, OPTIONS)) {
      CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
        byte[] m = loopback.listening().receive();
        loopback.listening().send(m);
        return m;
      });
      loopback.dialling().send(new byte[] {7, 8, 9});
      assertArrayEquals(new byte[] {7, 8, 9}, loopback.dialling().receive());
      assertArrayEquals(new byte[] {7, 8, 9}, echoed.get(10, TimeUnit.SECONDS));
      loopback.finish();
      assertTrue(loopback.dialling().finished());
      assertTrue(loopback.listening().finished());
    }
  }

  @Test
  void aLoopbackSessionClosedBeforeFinishingAbortsTheListeningEnd() throws Exception {
    LoopbackSession loopback = LoopbackSession.open(HELLO, OPTIONS);
    CompletableFuture<Throwable> listening = CompletableFuture.supplyAsync(() -> {
      try {
        loopback.listening().receive();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    loopback.close();
    // the dialler's abort, the end of its stream or the listening side's own abort: it stops at once
    Throwable t = listening.get(10, TimeUnit.SECONDS);
    assertTrue(t instanceof ProtocolAbortException || t instanceof ChannelException, String.valueOf(t));
  }

  @Test
  void identitiesSurvivePemAndNeverPrintTheKey() {
    TransportIdentity copy = TransportIdentity.fromPem(platform.certificatePem(), platform.privateKeyPem(org.cosettle.crypto.SecretAccess.grant()));
    assertEquals(platform.certificate(), copy.certificate());
    assertFalse(platform.toString().contains(platform.privateKeyPem(org.cosettle.crypto.SecretAccess.grant()).substring(30, 60)));
    assertThrows(IllegalArgumentException.class,
        () -> TransportIdentity.fromPem(platform.certificatePem(), insurer.privateKeyPem(org.cosettle.crypto.SecretAccess.grant())));
    assertThrows(IllegalArgumentException.class, () -> TransportIdentity.certificateFromPem("garbage"));
  }
}
