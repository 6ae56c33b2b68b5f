package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.he.lookup.HeKeyExchange;
import org.cosettle.crypto.he.lookup.HeKeySet;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.PrivateValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insurer's HE keys kept across sessions with the same platform: a second session sends only
 * the fingerprint and equals the plaintext evaluator; a platform without the cache, or with a
 * corrupt one, gets the keys again; a corrupt key store stops both parties with nothing changed;
 * keys that do not match the fingerprint offered are refused with nothing written.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HeKeyReuseTest {
  private static final String INSURER = "INS-01";
  private static final String PLATFORM = "PLAT";

  private static TwoPartySettlement.Sides settle(HandshakeSettlementTest.Case c, Path insurerDir, Path platformDir)
      throws InterruptedException {
    HandshakeSettlement.Hooks base = TwoPartySettlement.hooks(Disclosures.NONE, 0);
    HandshakeSettlement.Hooks forced = new HandshakeSettlement.Hooks(base.check(), base.limits(), base.disclosures(),
        base.phases(), 0, AggregateCosts.Construction.HE_INNER_PRODUCTS);
    // each party's state directory: its own key set and its cache of the other's
    HeKeyReuse insurer = HeKeyReuse.inStateDirectory(insurerDir, PLATFORM, HeKeyStore.Rotation.DEFAULT);
    HeKeyReuse platform = HeKeyReuse.inStateDirectory(platformDir, INSURER, HeKeyStore.Rotation.DEFAULT);
    return TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), PrivateValues.of(c.params()),
        UnaryOperator.identity(), forced.withKeyReuse(platform), UnaryOperator.identity(),
        forced.withKeyReuse(insurer));
  }

  private static long bytes(TwoPartySettlement.Sides got) {
    return got.dataHolderChannel().bytesSent() + got.dataHolderChannel().bytesReceived();
  }

  @Test
  void aSecondSessionSendsTheFingerprintOnlyAndEqualsThePlaintext(@TempDir Path insurerDir, @TempDir Path platformDir,
      @TempDir Path lostCache) throws Exception {
    HandshakeSettlementTest.Case c = HeAggregatesTest.withOwnedKeys("hospital-totals", 0);
    TwoPartySettlement.Sides first = settle(c, insurerDir, platformDir);
    HeAggregatesTest.assertEqualToPlaintext(c, first);
    TwoPartySettlement.Sides second = settle(c, insurerDir, platformDir);
    HeAggregatesTest.assertEqualToPlaintext(c, second);
    long keys = first.dataHolder() == null ? 0 : bytes(first) - bytes(second);
    // both parties encrypt for one of the aggregates: both key sets (8.6 MB each) went once
    assertTrue(keys > 16_000_000, "the first session carried both parties' keys, the second not: " + bytes(first)
        + " vs " + bytes(second));
    assertEquals(2, HeKeyStore.at(insurerDir.resolve(HeKeyStore.FILE_NAME), HeKeyStore.Rotation.DEFAULT).describe()
        .orElseThrow().sessions());
    assertEquals(2, HeKeyStore.at(platformDir.resolve(HeKeyStore.FILE_NAME), HeKeyStore.Rotation.DEFAULT).describe()
        .orElseThrow().sessions());

    // a platform that lost its state gets the insurer's keys again (and makes and sends a key set of its own)
    TwoPartySettlement.Sides lost = settle(c, insurerDir, lostCache);
    HeAggregatesTest.assertEqualToPlaintext(c, lost);
    assertTrue(bytes(lost) > bytes(second) + 16_000_000, "the keys went again");

    // a corrupt cache entry is a miss: the keys go again and replace it
    HePeerKeyCache cache = HePeerKeyCache.in(platformDir.resolve(HePeerKeyCache.DIRECTORY_NAME));
    Path entry = cache.fileOf(INSURER);
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 1;
    Files.write(entry, bytes);
    TwoPartySettlement.Sides repaired = settle(c, insurerDir, platformDir);
    HeAggregatesTest.assertEqualToPlaintext(c, repaired);
    assertTrue(bytes(repaired) > bytes(second) + 8_000_000, "the keys went again");
    TwoPartySettlement.Sides after = settle(c, insurerDir, platformDir);
    HeAggregatesTest.assertEqualToPlaintext(c, after);
    assertTrue(bytes(after) < bytes(repaired) - 8_000_000, "cached again");
  }

  @Test
  void keptKeysServeThePrivateLookupsAcrossSessions(@TempDir Path insurerDir, @TempDir Path platformDir)
      throws Exception {
    org.cosettle.policy.CompiledPolicy policy = org.cosettle.policy.Policies.compile(new org.cosettle.policy.Source(
        "lookups.cpl", """
        policy "lookups" version 1
        private table diagnosis_cap: money by code size 5000 default 500.00
        let payable = min(claim.in_scope, diagnosis_cap[claim.diagnosis])
        output payout = payable to insurer, data_holder
        """)).policy();
    HandshakeSettlementTest.Case inclusive = HandshakeSettlementTest.load("inclusive");
    List<org.cosettle.core.Claim> claims = inclusive.claims();
    java.util.Map<String, Long> caps = new java.util.LinkedHashMap<>();
    caps.put(claims.get(0).diagnosis(), 1L);
    PrivateValues values = new PrivateValues(new long[0],
        List.of(org.cosettle.policy.eval.CodeTable.of(caps, 50_000)));
    org.cosettle.core.InsuredFile insured = org.cosettle.core.InsuredFile.of(List.of(), inclusive.insured().records()
        .stream().map(r -> new org.cosettle.core.InsuredRecord(r.insuredId(), r.preexisting(), r.policyStart(),
            new long[0])).toList());
    HandshakeSettlement.Hooks base = TwoPartySettlement.hooks(Disclosures.NONE, 0);
    HeKeyReuse insurer = HeKeyReuse.keyOwner(HeKeyStore.at(insurerDir.resolve(HeKeyStore.FILE_NAME),
        HeKeyStore.Rotation.DEFAULT));
    HeKeyReuse platform = HeKeyReuse.peer(HePeerKeyCache.in(platformDir), INSURER);
    BatchResult expected = Evaluator.evaluate(policy, claims, insured, values);
    long[] bytes = new long[2];
    for (int session = 0; session < 2; session++) {
      TwoPartySettlement.Sides got = TwoPartySettlement.run(policy, claims, insured, values, UnaryOperator.identity(),
          base.withKeyReuse(platform), UnaryOperator.identity(), base.withKeyReuse(insurer));
      assertNull(got.dataHolderFailure());
      assertNull(got.insurerFailure());
      for (int i = 0; i < claims.size(); i++) {
        assertEquals(expected.output(i, 0), got.dataHolder().outputs()[0][i], "claim " + i);
        assertEquals(expected.output(i, 0), got.insurer().outputs()[0][i], "claim " + i);
      }
      bytes[session] = bytes(got);
    }
    assertTrue(bytes[0] - bytes[1] > 8_000_000, "the lookup's keys went once: " + bytes[0] + " then " + bytes[1]);
  }

  @Test
  void aCorruptKeyStoreStopsBothPartiesAndIsLeftAsItIs(@TempDir Path insurerDir, @TempDir Path platformDir)
      throws Exception {
    HandshakeSettlementTest.Case c = HeAggregatesTest.withOwnedKeys("hospital-totals", 0);
    Path file = insurerDir.resolve(HeKeyStore.FILE_NAME);
    HeKeyStore.at(file, HeKeyStore.Rotation.DEFAULT).forSession(java.time.Instant.now(), Prg.create());
    byte[] bytes = Files.readAllBytes(file);
    bytes[40] ^= 1;
    Files.write(file, bytes);
    TwoPartySettlement.Sides got = settle(c, insurerDir, platformDir);
    assertInstanceOf(HeKeyStore.StoreException.class, got.insurerFailure());
    assertNotNull(got.dataHolderFailure(), "the data holder stops too");
    assertArrayEquals(bytes, Files.readAllBytes(file));
    assertTrue(Files.notExists(platformDir.resolve(HePeerKeyCache.DIRECTORY_NAME)), "nothing cached");
  }

  @Test
  void keysThatDoNotMatchTheOfferedFingerprintAreRefusedWithNothingWritten(@TempDir Path platformDir) {
    HeKeySet offered = HeKeySet.generate(Prg.create());
    HeKeySet sent = HeKeySet.generate(Prg.create());
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMinutes(1));
    HeKeyReuse platform = HeKeyReuse.peer(HePeerKeyCache.in(platformDir.resolve(HePeerKeyCache.DIRECTORY_NAME)),
        INSURER);
    CompletableFuture<SessionHeKeys> dataHolder = CompletableFuture.supplyAsync(
        () -> SessionHeKeys.round(Party.DATA_HOLDER, false, true, platform, pair.second(), Prg.create()));
    HeKeyExchange.offer(pair.first(), offered.publicKeys());
    assertEquals(false, HeKeyExchange.receiveAnswer(pair.first()), "an empty cache lacks the keys");
    SessionHeKeys keys = dataHolder.join();
    assertEquals(AggregateCosts.Keys.KEPT, keys.costState(Party.INSURER));
    assertEquals(AggregateCosts.Keys.FRESH, keys.costState(Party.DATA_HOLDER));
    HeKeyExchange.sendKeys(pair.first(), sent.publicKeys());
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, keys::peerKeys);
    assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    assertTrue(Files.notExists(platformDir.resolve(HePeerKeyCache.DIRECTORY_NAME)), "nothing cached");
  }
}
