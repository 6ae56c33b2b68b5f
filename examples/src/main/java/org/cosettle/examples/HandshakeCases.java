package org.cosettle.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.TestCase;

/**
 * An actuary's test cases settled in handshake mode ({@code cosettle test --mode handshake}):
 * every case in one batch, both parties in this process over loopback, each case its own insured
 * person (and its own family, for a state shared by one), so that each is settled on its own as in
 * plaintext mode; then each case's outputs and states compared with what it expects.
 */
final class HandshakeCases {
  private HandshakeCases() {}

  /**
   * Per case (in order), what differs from its expectations when the batch of all cases is settled
   * in handshake mode; empty lists when every case passes.
   *
   * @throws org.cosettle.mpc.engine.SettlementAbortedException when handshake mode refuses the batch
   *     or a side fails
   */
  static List<List<String>> differences(CompiledPolicy policy, String policyDigest, List<TestCase> cases,
      PrivateValues params) {
    List<Claim> claims = new ArrayList<>();
    List<InsuredRecord> records = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      TestCase c = cases.get(i);
      String id = "case-" + c.number();
      claims.add(renamed(c.claim(), id));
      records.add(ownPerson(policy, c.insured(), id, i));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
    BatchResult result = LoopbackHandshake.settle(policy, policyDigest, claims, insured, params, state -> { })
        .result();
    Map<String, Integer> outputIndex = new LinkedHashMap<>();
    for (int o = 0; o < policy.outputs().size(); o++) {
      outputIndex.put(policy.outputs().get(o).name(), o);
    }
    Map<String, Integer> stateIndex = new LinkedHashMap<>();
    for (int s = 0; s < policy.stateColumns().size(); s++) {
      stateIndex.put(policy.stateColumns().get(s).name(), s);
    }
    List<List<String>> all = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      TestCase c = cases.get(i);
      List<String> differences = new ArrayList<>();
      for (TestCase.Expected e : c.outputs()) {
        compare(e, result.output(i, outputIndex.get(e.name())), "", differences);
      }
      for (TestCase.Expected e : c.states()) {
        compare(e, result.state(i, stateIndex.get(e.name())), " (state after the claim)", differences);
      }
      all.add(differences);
    }
    return all;
  }

  private static void compare(TestCase.Expected e, long got, String what, List<String> into) {
    if (got != e.value()) {
      into.add(e.name() + what + ": expected " + e.type().text(e.value()) + ", got " + e.type().text(got));
    }
  }

  /** The claim with the case's own id as claim id and insured id (a case's own ids may repeat across cases). */
  static Claim renamed(Claim c, String id) {
    return new Claim(id, id, c.hospitalId(), c.visitType(), c.hospitalLevel(), c.admissionDate(), c.dischargeDate(),
        c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(), c.inScope(),
        c.fundPaid(), c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid(), c.items(), c.route(),
        c.thresholdApplied(), c.otherInsurerPaid(), c.diagnosisDate(), c.reverses(), c.line());
  }

  /**
   * The case's insured record as person {@code id}, record {@code index} of the batch: an id field
   * (a family) names the case alone, so that no two cases share a state.
   */
  private static InsuredRecord ownPerson(CompiledPolicy policy, InsuredRecord r, String id, int index) {
    List<InsuredColumn> fields = policy.insuredFields();
    long[] values = r.fields();
    List<List<String>> codes = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      if (fields.get(f).kind() == InsuredColumn.Kind.ID) {
        values[f] = index;
        codes.add(List.of(id));
      } else {
        codes.add(r.codes(f));
      }
    }
    List<Map<String, Long>> byCode = new ArrayList<>();
    for (int s = 0; s < r.states().length; s++) {
      byCode.add(r.valuesByCode(s));
    }
    boolean keptByCode = policy.stateColumns().stream().anyMatch(InsuredColumn::isByCode);
    return new InsuredRecord(id, r.preexisting(), r.policyStart(), r.states(), values, codes,
        keptByCode ? byCode : List.of());
  }
}
