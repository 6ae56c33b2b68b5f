package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * The data holder's view of a handshake settlement must not depend on the insurer's secret
 * inputs. The policy sends every output, state and aggregate to the insurer alone, so the data
 * holder learns nothing; two runs on the same claims with different insured records (pre-existing
 * conditions, starting states) must show the data holder messages of the same sizes in the same
 * order, and online bytes with the same distribution (two-sample χ² over byte values, 255 degrees
 * of freedom: above 400 has probability below 10^-8). Sending an insurer value in the clear, or a
 * share without its mask, shifts that distribution far beyond the threshold.
 */
class EngineViewTest {
  private static final String POLICY = """
      policy "view" version 1
      param deductible: money = 200.00
      param ratio_normal: ratio = 80%
      param ratio_preexisting: ratio = 40%
      param cap: money = 10000.00
      state deductible_used: money
      state paid_ytd: money
      let eligible = claim.total - claim.fund_paid
      let applied = min(eligible, max(0, deductible - deductible_used))
      let rate = if insured.preexisting then ratio_preexisting else ratio_normal
      let raw = (eligible - applied) * rate
      output payout = min(raw, max(0, cap - paid_ytd)) to insurer
      update deductible_used = deductible_used + applied
      update paid_ytd = paid_ytd + min(raw, max(0, cap - paid_ytd))
      aggregate by_visit = sum(raw) by claim.visit_type to insurer
      """;

  /** A channel that logs, in order, the size of every message sent and every message received. */
  static final class Log extends ForwardingChannel {
    final List<long[]> events = new ArrayList<>(); // {+size} sent, {-size - 1} received
    final List<byte[]> received = new ArrayList<>();

    Log(Channel inner) {
      super(inner);
    }

    @Override
    public void send(byte[] message) {
      events.add(new long[] {message.length});
      received.add(null);
      delegate().send(message);
    }

    @Override
    public byte[] receive() {
      return keep(delegate().receive());
    }

    @Override
    public byte[] receive(Duration timeout) {
      return keep(delegate().receive(timeout));
    }

    private byte[] keep(byte[] m) {
      events.add(new long[] {-m.length - 1L});
      received.add(m);
      return m;
    }

    /** The bytes received in the last events that add up to {@code tail} bytes both ways. */
    byte[] receivedInLast(long tail) {
      long total = 0;
      int from = events.size();
      while (from > 0 && total < tail) {
        from--;
        long e = events.get(from)[0];
        total += e >= 0 ? e : -e - 1;
      }
      assertEquals(tail, total, "the online phase starts at a message boundary");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = from; i < events.size(); i++) {
        if (received.get(i) != null) {
          out.writeBytes(received.get(i));
        }
      }
      return out.toByteArray();
    }

    List<Long> shape() {
      return events.stream().map(e -> e[0]).toList();
    }






  }

  record View(List<Long> shape, byte[] online) {}

  static View dataHoldersView(CompiledPolicy policy, List<Claim> claims, InsuredFile insured) throws Exception {
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, insured, new long[0], Log::new);
    assertEquals(null, s.dataHolderFailure());
    assertEquals(null, s.insurerFailure());
    Log log = (Log) s.dataHolderChannel();
    HandshakeSettlement.DataHolderOutcome mine = s.dataHolder();
    for (long[] output : mine.outputs()) {
      assertEquals(null, output, "the data holder receives no output");
    }
    assertTrue(mine.aggregates().isEmpty());
    return new View(log.shape(), log.receivedInLast(mine.stats().onlineBytes()));
  }

  /** Pearson's two-sample χ² statistic of the byte values of {@code first} and {@code second}. */
  static double chiSquareTwoSamples(byte[] first, byte[] second) {
    long[] a = new long[256];
    long[] b = new long[256];
    for (byte x : first) {
      a[x & 0xff]++;
    }
    for (byte x : second) {
      b[x & 0xff]++;
    }
    double chi = 0;
    for (int i = 0; i < 256; i++) {
      if (a[i] + b[i] > 0) {
        chi += (double) (a[i] - b[i]) * (a[i] - b[i]) / (a[i] + b[i]);
      }
    }
    return chi;
  }

  @Test
  void theDataHoldersViewDoesNotDependOnTheInsurersInputs() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("view.cpl", POLICY)).policy();
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    List<Claim> claims = new ArrayList<>();
    for (int copy = 0; copy < 40; copy++) { // enough claims for a meaningful histogram
      for (Claim claim : c.claims()) {
        claims.add(new Claim(claim.id() + "-" + copy, claim.insuredId(), claim.hospitalId(), claim.visitType(),
            claim.hospitalLevel(), claim.admissionDate(), claim.dischargeDate(), claim.diagnosis(), claim.age(),
            claim.sex(), claim.total(), claim.fullSelfPay(), claim.overLimit(), claim.preSelfPay(), claim.inScope(),
            claim.fundPaid(), claim.criticalPaid(), claim.assistancePaid(), claim.accountPaid(), claim.cashPaid(),
            claim.items(), claim.line()));
      }
    }
    InsuredFile first = c.insured();
    InsuredFile second = InsuredFile.of(first.stateNames(), first.records().stream()
        .map(r -> new InsuredRecord(r.insuredId(), !r.preexisting(), r.policyStart(),
            new long[] {r.state(0) + 12_345, r.state(1) + 678_900}))
        .toList());
    View a = dataHoldersView(policy, claims, first);
    View b = dataHoldersView(policy, claims, second);
    assertEquals(a.shape(), b.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(a.online().length > 50_000, "enough online bytes to compare: " + a.online().length);
    double chi = chiSquareTwoSamples(a.online(), b.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
  }
}
