package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * Ferret silent OT with the small, insecure test parameters: the COT correlation over many
 * iterations (bootstrap and main, several calls crossing iteration boundaries), the multi-point
 * COT on its own, random OTs, and the exact bytes on the wire.
 */
class SilentOtTest {
  /** Test sets: the bootstrap yields 728 per iteration; the main reserves 528 and yields 3,568. */
  static final FerretParameters TEST_BOOTSTRAP = FerretParameters.insecureForTests(200, 16, 6);
  static final FerretParameters TEST_MAIN = FerretParameters.insecureForTests(400, 16, 8);

  /** Both ends' outputs of one run. */
  record Run(List<CorrelatedOtSenderOutput> sent, List<OtReceiverOutput> received, int[] senderIterations,
      int[] receiverIterations, long bytes) {}

  /** Runs the test sets for the given counts, one correlatedOts call each, after the hooks. */
  static Run run(int[] counts, Consumer<SilentOtSender> senderHook, Consumer<SilentOtReceiver> receiverHook) {
    var result = TwoParty.run(
        channel -> {
          SilentOtSender sender = SilentOtSender.forTests(IknpSender.setUp(channel, Prg.create()), channel,
              Prg.create(), TEST_BOOTSTRAP, TEST_MAIN);
          senderHook.accept(sender);
          List<CorrelatedOtSenderOutput> outputs = new ArrayList<>();
          for (int count : counts) {
            outputs.add(sender.correlatedOts(count));
          }
          return new Object[] {outputs, sender.iterations()};
        },
        channel -> {
          SilentOtReceiver receiver = receiverFor(channel);
          receiverHook.accept(receiver);
          List<OtReceiverOutput> outputs = new ArrayList<>();
          for (int count : counts) {
            outputs.add(receiver.correlatedOts(count));
          }
          return new Object[] {outputs, receiver.iterations()};
        });
    @SuppressWarnings("unchecked")
    List<CorrelatedOtSenderOutput> sent = (List<CorrelatedOtSenderOutput>) result.first()[0];
    @SuppressWarnings("unchecked")
    List<OtReceiverOutput> received = (List<OtReceiverOutput>) result.second()[0];
    return new Run(sent, received, (int[]) result.first()[1], (int[]) result.second()[1],
        result.firstChannel().bytesSent() + result.firstChannel().bytesReceived());
  }

  static SilentOtReceiver receiverFor(Channel channel) {
    return SilentOtReceiver.forTests(IknpReceiver.setUp(channel, Prg.create()), channel, Prg.create(),
        TEST_BOOTSTRAP, TEST_MAIN);
  }

  /** How many outputs break t = q ⊕ x·Δ. */
  static int brokenCorrelations(CorrelatedOtSenderOutput sent, OtReceiverOutput received) {
    long[] delta = sent.delta();
    int broken = 0;
    for (int i = 0; i < sent.count(); i++) {
      long bit = received.choice(i) ? -1L : 0;
      boolean ok = (sent.message0()[2 * i] ^ (bit & delta[0])) == received.chosen()[2 * i]
          && (sent.message0()[2 * i + 1] ^ (bit & delta[1])) == received.chosen()[2 * i + 1];
      broken += ok ? 0 : 1;
    }
    return broken;
  }

  @Test
  void everyOutputSatisfiesTheCorrelationAcrossBootstrapAndMainIterations() {
    // small calls (bootstrap iterations), then calls that need the main set, crossing boundaries
    int[] counts = {1, 63, 700, 729, 5_000, 3_568, 20_000, 3, 1_000};
    Run run = run(counts, s -> { }, r -> { });
    for (int c = 0; c < counts.length; c++) {
      assertEquals(counts[c], run.received().get(c).count());
      assertEquals(0, brokenCorrelations(run.sent().get(c), run.received().get(c)), "call " + c);
    }
    assertArrayEquals(run.senderIterations(), run.receiverIterations());
    assertTrue(run.senderIterations()[0] >= 7, "main iterations: " + run.senderIterations()[0]);
    assertTrue(run.senderIterations()[1] >= 3, "bootstrap iterations: " + run.senderIterations()[1]);
    long[] delta = run.sent().get(0).delta();
    assertFalse(delta[0] == 0 && delta[1] == 0);
    for (CorrelatedOtSenderOutput sent : run.sent()) {
      assertArrayEquals(delta, sent.delta(), "one global Δ");
    }
  }

  @Test
  void theCorrelationTestCatchesReceiverChoicesWithoutTheLpnSecret() {
    Run run = run(new int[] {5_000}, s -> { }, SilentOtReceiver::plantNoSecretInChoices);
    assertTrue(brokenCorrelations(run.sent().get(0), run.received().get(0)) > 1_000);
  }

  @Test
  void theMultiPointCotHasOneNoisePositionPerBlockAndHidesThePuncturedLeaf() {
    Run run = run(new int[] {TEST_BOOTSTRAP.n() - TEST_BOOTSTRAP.reserve()},
        s -> s.mpcotOnly = true, r -> r.mpcotOnly = true);
    assertEquals(List.of(), MpcotCheck.violations(run, TEST_BOOTSTRAP));
  }

  @Test
  void thePuncturedLeafCheckCatchesTreesGrownFromOneSeed() {
    Run run = run(new int[] {TEST_BOOTSTRAP.n() - TEST_BOOTSTRAP.reserve()}, s -> {
      s.mpcotOnly = true;
      s.plantSameTreeSeed();
    }, r -> r.mpcotOnly = true);
    List<String> violations = MpcotCheck.violations(run, TEST_BOOTSTRAP);
    assertFalse(violations.isEmpty());
    assertTrue(violations.get(0).contains("known to the receiver"), violations.get(0));
  }

  @Test
  void randomOtsGiveTheReceiverTheMessageOfItsChoice() {
    int count = 5_000;
    var result = TwoParty.run(
        channel -> SilentOtSender.forTests(IknpSender.setUp(channel, Prg.create()), channel, Prg.create(),
            TEST_BOOTSTRAP, TEST_MAIN),
        SilentOtTest::receiverFor);
    // the same two sessions, used again from two threads in turn through TwoParty
    SilentOtSender sender = result.first();
    SilentOtReceiver receiver = result.second();
    var outputs = TwoParty.run(channel -> sender.randomOts(count), channel -> receiver.randomOts(count));
    var bits = TwoParty.run(channel -> sender.randomBitOts(count), channel -> receiver.randomBitOts(count));
    OtSenderOutput pairs = outputs.first();
    OtReceiverOutput chosen = outputs.second();
    for (int i = 0; i < count; i++) {
      long[] mine = chosen.choice(i) ? pairs.message1() : pairs.message0();
      long[] other = chosen.choice(i) ? pairs.message0() : pairs.message1();
      assertEquals(mine[2 * i], chosen.chosen()[2 * i], "OT " + i);
      assertEquals(mine[2 * i + 1], chosen.chosen()[2 * i + 1], "OT " + i);
      assertNotEquals(other[2 * i], chosen.chosen()[2 * i], "OT " + i);
      long c = (bits.second().choices()[i >>> 6] >>> i) & 1;
      long[] from = c == 1 ? bits.first().bits1() : bits.first().bits0();
      assertEquals((from[i >>> 6] >>> i) & 1, (bits.second().chosen()[i >>> 6] >>> i) & 1, "bit OT " + i);
    }
  }

  @Test
  void eachIterationSendsItsTreesAndNothingElse() {
    // setup: base OTs, coin tossing, the first pool from IKNP; then only tree messages
    Run setupOnly = run(new int[] {1}, s -> { }, r -> { });
    Run more = run(new int[] {1, 20_000}, s -> { }, r -> { });
    long perMain = (long) TEST_MAIN.t() * Ferret.longsPerTree(TEST_MAIN.log2BlockSize()) * Long.BYTES;
    long perBootstrap = (long) TEST_BOOTSTRAP.t() * Ferret.longsPerTree(TEST_BOOTSTRAP.log2BlockSize()) * Long.BYTES;
    int[] iterations = more.senderIterations();
    assertEquals(setupOnly.bytes() + iterations[0] * perMain + (iterations[1] - 1) * perBootstrap, more.bytes());
  }

  @Test
  void publishedParametersAreTheOnlyOnesThePublicFactoriesTake() {
    assertTrue(FerretParameters.MAIN.secure());
    assertEquals(10_805_248, FerretParameters.MAIN.n());
    assertEquals(606_907, FerretParameters.MAIN.reserve());
    assertEquals(47_709, FerretParameters.BOOTSTRAP.reserve());
    assertTrue(FerretParameters.BOOTSTRAP.n() >= FerretParameters.MAIN.reserve());
    assertFalse(TEST_MAIN.secure());
    assertTrue(TEST_MAIN.toString().contains("INSECURE"));
    assertThrows(IllegalArgumentException.class, TEST_MAIN::requireSecure);
    assertThrows(IllegalArgumentException.class, () -> FerretParameters.insecureForTests(100, 3, 5));
  }
}
