package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.mpc.transport.LoopbackSession;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportOptions;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * The party API over a real loopback session: one settlement per object through {@code CREATED →
 * AGREED → OFFLINE → ONLINE → COMMITTED}, the outcome only after both transcripts agree, and every
 * refusal or failure ending both callers with a typed reason (never one side left waiting).
 */
class PartyLifecycleTest {
  static final String DIGEST = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  record Ends(Object dataHolder, Object insurer) {}

  /** Runs the data holder on the listening end and the insurer on the dialling end; each end's outcome or exception. */
  static Ends settle(DataHolder platform, Insurer insurer, HandshakeSettlement.BatchCheck platformCheck,
      HandshakeSettlement.BatchCheck insurerCheck) throws Exception {
    try (LoopbackSession loopback = LoopbackSession.open(platform.hello(), insurer.hello(), TransportOptions.DEFAULTS)) {
      CompletableFuture<Object> theirs = CompletableFuture.supplyAsync(() -> {
        try {
          return insurer.settle(loopback.dialling(), insurerCheck);
        } catch (RuntimeException e) {
          return e;
        }
      });
      Object mine;
      try {
        mine = platform.settle(loopback.listening(), platformCheck);
      } catch (RuntimeException e) {
        mine = e;
      }
      return new Ends(mine, theirs.get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void aSettlementPassesEveryStateAndReturnsTheOutcomeOnlyOnceCommitted() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    DataHolder platform = DataHolder.of(c.policy(), DIGEST, c.claims(), SettlementLimits.DEFAULTS);
    Insurer insurer = Insurer.of(c.policy(), DIGEST, c.insured(), c.params(), SettlementLimits.DEFAULTS);
    assertEquals(SettlementState.CREATED, platform.state());
    Ends ends = settle(platform, insurer, HandshakeSettlement.BatchCheck.NONE, HandshakeSettlement.BatchCheck.NONE);
    List<SettlementState> every = List.of(SettlementState.CREATED, SettlementState.AGREED, SettlementState.OFFLINE,
        SettlementState.ONLINE, SettlementState.COMMITTED);
    assertEquals(every, platform.history());
    assertEquals(every, insurer.history());
    assertEquals(SettlementState.COMMITTED, platform.state());
    BatchResult plain = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    HandshakeSettlement.InsurerOutcome got = (HandshakeSettlement.InsurerOutcome) ends.insurer();
    assertArrayEquals(plain.outputColumn(0), got.outputs()[0]);
    assertArrayEquals(plain.outputColumn(0), ((HandshakeSettlement.DataHolderOutcome) ends.dataHolder()).outputs()[0]);
    // one settlement per object
    assertThrows(IllegalStateException.class, () -> platform.settle(null, HandshakeSettlement.BatchCheck.NONE));
  }

  @Test
  void aRefusedBatchEndsBothCallersWithTheSameTypedRefusals() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    InsuredFile missingFirst = InsuredFile.of(c.insured().stateNames(),
        c.insured().records().subList(1, c.insured().records().size()));
    DataHolder platform = DataHolder.of(c.policy(), DIGEST, c.claims(), SettlementLimits.DEFAULTS);
    Insurer insurer = Insurer.of(c.policy(), DIGEST, missingFirst, c.params(), SettlementLimits.DEFAULTS);
    Ends ends = settle(platform, insurer, HandshakeSettlement.BatchCheck.NONE, HandshakeSettlement.BatchCheck.NONE);
    for (Object end : List.of(ends.dataHolder(), ends.insurer())) {
      SettlementAbortedException e = (SettlementAbortedException) end;
      assertEquals(SettlementAbortedException.Reason.REFUSED, e.reason());
      assertEquals(SettlementState.CREATED, e.state(), "refused at the agreement, before any phase");
      Refusal r = e.refusals().stream().filter(x -> x.kind() == Refusal.Kind.NO_INSURED_RECORD).findFirst()
          .orElseThrow(() -> new AssertionError(e.refusals()));
      String person = c.insured().records().get(0).insuredId();
      assertEquals(c.claims().stream().filter(x -> x.insuredId().equals(person)).map(Claim::id).toList(), r.claimIds());
    }
    assertEquals(SettlementState.ABORTED, platform.state());
    assertEquals(SettlementState.ABORTED, insurer.state());
  }

  @Test
  void eitherPartysOwnBatchCheckStopsBoth() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    String expectedDigest = HandshakeSettlement.batchDigest(c.claims().stream().map(Claim::id).toList(),
        c.claims().stream().map(Claim::insuredId).toList());
    String[] seen = new String[1];
    Ends ends = settle(DataHolder.of(c.policy(), DIGEST, c.claims(), SettlementLimits.DEFAULTS),
        Insurer.of(c.policy(), DIGEST, c.insured(), c.params(), SettlementLimits.DEFAULTS),
        HandshakeSettlement.BatchCheck.NONE, (ids, insured) -> {
          seen[0] = HandshakeSettlement.batchDigest(ids, insured);
          return "settled already at event 7";
        });
    assertEquals(expectedDigest, seen[0], "the insurer names the batch as the data holder does");
    for (Object end : List.of(ends.dataHolder(), ends.insurer())) {
      SettlementAbortedException e = (SettlementAbortedException) end;
      assertEquals(List.of(Refusal.Kind.BATCH_REFUSED), e.refusals().stream().map(Refusal::kind).toList());
      assertTrue(e.getMessage().contains("settled already at event 7"), e.getMessage());
    }
  }

  @Test
  void aBatchBeyondEitherPartysLimitsIsRefusedBeforeAnyPoolIsSized() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    // fewer claims than the batch has; fewer correlated values a slice than one person's claims need
    for (SettlementLimits small : List.of(new SettlementLimits(c.claims().size() - 1, 1L << 26),
        new SettlementLimits(1_000_000, 1000))) {
      // the insurer's limits are small; the data holder's are the defaults
      Ends ends = settle(DataHolder.of(c.policy(), DIGEST, c.claims(), SettlementLimits.DEFAULTS),
          Insurer.of(c.policy(), DIGEST, c.insured(), c.params(), small),
          HandshakeSettlement.BatchCheck.NONE, HandshakeSettlement.BatchCheck.NONE);
      for (Object end : List.of(ends.dataHolder(), ends.insurer())) {
        SettlementAbortedException e = (SettlementAbortedException) end;
        assertEquals(List.of(Refusal.Kind.BATCH_TOO_LARGE), e.refusals().stream().map(Refusal::kind).toList(),
            e.getMessage());
      }
    }
  }

  @Test
  void theLimitsOfASessionAreTheSmallerOfEachPartysOfferKnownToBothAfterTheHello() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    SettlementLimits platformLimits = new SettlementLimits(500, 1L << 20);
    SettlementLimits insurerLimits = new SettlementLimits(2_000, 1L << 18);
    DataHolder platform = DataHolder.of(c.policy(), DIGEST, c.claims(), platformLimits);
    Insurer insurer = Insurer.of(c.policy(), DIGEST, c.insured(), c.params(), insurerLimits);
    assertEquals(platformLimits.offer(), platform.hello().limits());
    try (LoopbackSession loopback = LoopbackSession.open(platform.hello(), insurer.hello(), TransportOptions.DEFAULTS)) {
      SessionHello.Limits agreed = new SessionHello.Limits(500, 1L << 18);
      assertEquals(agreed, loopback.listening().limits());
      assertEquals(agreed, loopback.dialling().limits());
      assertEquals(insurerLimits.offer(), loopback.listening().peerLimits());
      assertEquals(platformLimits.offer(), loopback.dialling().peerLimits());
      assertEquals(new SettlementLimits(500, 1L << 18), platformLimits.agreedWith(loopback.listening().peerLimits()));
    }
  }

  @Test
  void aBatchBeyondThePeersLimitIsRefusedAtBothBeforeAnyClaimIdIsSent() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    SettlementLimits small = new SettlementLimits(c.claims().size() - 1, 1L << 26);
    // the insurer's limit binds the data holder, and the data holder's own binds it too
    for (boolean insurerSmall : new boolean[] {true, false}) {
      DataHolder platform = DataHolder.of(c.policy(), DIGEST, c.claims(), insurerSmall ? SettlementLimits.DEFAULTS : small);
      Insurer insurer = Insurer.of(c.policy(), DIGEST, c.insured(), c.params(), insurerSmall ? small : SettlementLimits.DEFAULTS);
      long[] insurerReceived = new long[1];
      Ends ends;
      try (LoopbackSession loopback = LoopbackSession.open(platform.hello(), insurer.hello(), TransportOptions.DEFAULTS)) {
        CompletableFuture<Object> theirs = CompletableFuture.supplyAsync(() -> {
          try {
            return insurer.settle(loopback.dialling(), HandshakeSettlement.BatchCheck.NONE);
          } catch (RuntimeException e) {
            insurerReceived[0] = loopback.dialling().bytesReceived();
            return e;
          }
        });
        Object mine = assertThrows(SettlementAbortedException.class,
            () -> platform.settle(loopback.listening(), HandshakeSettlement.BatchCheck.NONE));
        ends = new Ends(mine, theirs.get(60, TimeUnit.SECONDS));
      }
      for (Object end : List.of(ends.dataHolder(), ends.insurer())) {
        SettlementAbortedException e = (SettlementAbortedException) end;
        assertEquals(List.of(Refusal.Kind.BATCH_TOO_LARGE), e.refusals().stream().map(Refusal::kind).toList(),
            e.getMessage());
        assertTrue(e.getMessage().contains("a batch of " + c.claims().size() + " claims is more than the limits the two"
            + " parties agreed in the hello allow"), e.getMessage());
        assertEquals(SettlementState.CREATED, e.state(), "refused before any phase, so before any pool is sized");
      }
      assertTrue(insurerReceived[0] < 16, "only the batch's size reached the insurer: " + insurerReceived[0] + " bytes");
    }
  }

  @Test
  void aDataHolderThatLiesAboutItsLimitsIsStillHeldToTheInsurersOwn() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    SessionHello policy = SessionHello.forPolicy(c.policy().name(), c.policy().version(), DIGEST);
    // a rogue data holder offers limits (none, tiny, huge) and then sends the metadata of its whole batch anyway
    for (SessionHello.Limits offer : java.util.Arrays.asList(null, new SessionHello.Limits(1, 1),
        new SessionHello.Limits(Long.MAX_VALUE, Long.MAX_VALUE))) {
      SessionHello rogueHello = policy.withLimits(offer);
      Insurer insurer = Insurer.of(c.policy(), DIGEST, c.insured(), c.params(), new SettlementLimits(c.claims().size() - 1,
          1L << 26));
      try (LoopbackSession loopback = LoopbackSession.open(rogueHello, insurer.hello(), TransportOptions.DEFAULTS)) {
        CompletableFuture<Object> theirs = CompletableFuture.supplyAsync(() -> {
          try {
            return insurer.settle(loopback.dialling(), HandshakeSettlement.BatchCheck.NONE);
          } catch (RuntimeException e) {
            return e;
          }
        });
        HandshakeSettlement.RefusedException rogue = assertThrows(HandshakeSettlement.RefusedException.class,
            () -> HandshakeSettlement.dataHolder(c.policy(), c.claims(), loopback.listening(),
                org.cosettle.crypto.random.Prg.create(), HandshakeSettlement.Hooks.of(HandshakeSettlement.BatchCheck.NONE)));
        assertEquals(List.of(Refusal.Kind.BATCH_TOO_LARGE), rogue.refusals().stream().map(Refusal::kind).toList());
        SettlementAbortedException e = (SettlementAbortedException) theirs.get(60, TimeUnit.SECONDS);
        assertEquals(List.of(Refusal.Kind.BATCH_TOO_LARGE), e.refusals().stream().map(Refusal::kind).toList(),
            e.getMessage());
        assertEquals(SettlementState.CREATED, e.state(), "refused at the agreement, before any pool is sized");
      }
    }
  }

  @Test
  void aPeerThatGoesAwayEndsTheOtherWithATransportOrPeerReason() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    DataHolder platform = DataHolder.of(c.policy(), DIGEST, c.claims(), SettlementLimits.DEFAULTS);
    try (LoopbackSession loopback = LoopbackSession.open(platform.hello(), TransportOptions.DEFAULTS)) {
      CompletableFuture<Void> insurerGone = CompletableFuture.runAsync(() -> {
        loopback.dialling().receive(); // the metadata, then the insurer's process ends
        loopback.dialling().abort("the insurer's operator stopped it");
      });
      SettlementAbortedException e = assertThrows(SettlementAbortedException.class,
          () -> platform.settle(loopback.listening(), HandshakeSettlement.BatchCheck.NONE));
      assertTrue(e.reason() == SettlementAbortedException.Reason.PEER
          || e.reason() == SettlementAbortedException.Reason.TRANSPORT, e.reason().toString());
      assertTrue(e.getMessage().contains("the insurer's operator stopped it"), e.getMessage());
      assertEquals(SettlementState.ABORTED, platform.state());
      try {
        insurerGone.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException ignored) {
        // the dialling end saw its own abort
      }
    }
  }
}
