package org.cosettle.examples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.ot.BaseOtReceiver;
import org.cosettle.crypto.ot.BaseOtSender;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.transport.PeerSession;

/**
 * What a {@code cosettle handshake} process does on a second thread from its first instant, while
 * the main thread parses the command line and reads the files, for two steps of the settlement
 * that need none of them and that a fresh JVM is slow at:
 *
 * <ol>
 *   <li>the TLS library is loaded and initialized ({@link PeerSession#initializeTls()}, a few
 *       hundred milliseconds), which the session would otherwise do when it dials or listens;
 *   <li>once the main thread starts to meet the peer ({@link #sessionOpening()}: from then on it
 *       mostly waits for the network, while until then it needs the CPU itself), a small batch of
 *       base OTs with itself, in memory, so that the JIT has compiled the P-256 arithmetic before
 *       the session's 256 base OTs: in the interpreter those were the longest step of a one-claim
 *       settlement (a cold batch of 128 took 1.3-2.6 s at load 15, 0.35-1.3 s after this). Its
 *       keys are thrown away; nothing of it reaches the session or the peer.
 * </ol>
 */
final class HandshakeWarmUp {
  /** Enough OTs for the field arithmetic to be compiled, few enough to be done before the session's. */
  static final int OTS = 32;

  private static final CountDownLatch SESSION_OPENING = new CountDownLatch(1);

  private HandshakeWarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  static void start() {
    Thread thread = new Thread(HandshakeWarmUp::run, "cosettle-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** The main thread starts to dial or listen: the base OTs of the warm-up may run (nothing when it was not started). */
  static void sessionOpening() {
    SESSION_OPENING.countDown();
  }

  private static void run() {
    PeerSession.initializeTls();
    try {
      if (SESSION_OPENING.await(1, TimeUnit.MINUTES)) {
        baseOts();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Both ends of one batch on this thread: a send never waits for the peer to read. */
  static void baseOts() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(60));
    BaseOtSender sender = new BaseOtSender(pair.first(), Prg.create());
    BaseOtReceiver receiver = new BaseOtReceiver(pair.second(), Prg.create());
    sender.sendPoint();
    receiver.receiveRandom(new long[] {0x5555_5555_5555_5555L >>> (64 - OTS)}, OTS);
    sender.sendRandom(OTS);
  }
}
