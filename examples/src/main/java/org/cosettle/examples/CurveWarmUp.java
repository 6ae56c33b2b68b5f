package org.cosettle.examples;

import java.time.Duration;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.ot.BaseOtReceiver;
import org.cosettle.crypto.ot.BaseOtSender;
import org.cosettle.crypto.random.Prg;

/**
 * Runs a small batch of base OTs with itself, in memory, on a thread of its own while a handshake
 * process starts (the insurer) or waits for its peer (the platform), so that the JIT has compiled
 * the P-256 arithmetic when the session's own 256 base OTs come: on a fresh JVM the interpreter
 * made those the longest step of a one-claim settlement. Its keys are thrown away; nothing of it
 * reaches the session or the peer.
 */
final class CurveWarmUp {
  /** Enough OTs for the field arithmetic to be compiled, few enough to be done before the session's. */
  static final int OTS = 32;

  private CurveWarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  static void start() {
    Thread thread = new Thread(CurveWarmUp::run, "cosettle-curve-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Both ends of one batch on this thread: a send never waits for the peer to read. */
  static void run() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(60));
    BaseOtSender sender = new BaseOtSender(pair.first(), Prg.create());
    BaseOtReceiver receiver = new BaseOtReceiver(pair.second(), Prg.create());
    sender.sendPoint();
    receiver.receiveRandom(new long[] {0x5555_5555_5555_5555L >>> (64 - OTS)}, OTS);
    sender.sendRandom(OTS);
  }
}
