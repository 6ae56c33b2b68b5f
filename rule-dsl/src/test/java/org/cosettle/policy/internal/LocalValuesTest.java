package org.cosettle.policy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.ir.Ir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each party's plaintext share of a handshake agrees with the whole evaluation, op by op. */
class LocalValuesTest {
  record Case(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] params) {}

  static Case load(String name) throws Exception {
    Path dir = Path.of("..", "testdata", "conformance", name);
    CompiledPolicy p = Policies.compile(new Source("policy.cpl", Files.readString(dir.resolve("policy.cpl")))).policy();
    List<Claim> claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", p.stateNames(), 100);
    Path params = dir.resolve("params.json");
    return new Case(p, claims, insured, PrivateParams.read(Files.exists(params) ? params : null, "params.json", p));
  }

  /**
   * The ops a party computes alone: those of its labels, less everything that depends on a state
   * whose update it cannot compute (such a state is shared from the first claim on).
   */
  static boolean[] view(Ir.Program program, Ir.Label own) {
    List<Ir.Op> ops = program.ops();
    boolean[] compute = new boolean[ops.size()];
    for (Ir.Op op : ops) {
      compute[op.id()] = op.label() == Ir.Label.PUBLIC || op.label() == own;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Ir.Op op : ops) {
        boolean ok = compute[op.id()];
        if (op.code() == Ir.Opcode.STATE) {
          int s = (int) op.imm();
          ok &= program.updates().stream().noneMatch(u -> u.stateIndex() == s && u.op() >= 0 && !compute[u.op()]);
        }
        for (int a : op.args()) {
          ok &= compute[a];
        }
        if (ok != compute[op.id()]) {
          compute[op.id()] = ok;
          changed = true;
        }
      }
    }
    return compute;
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive", "hospital-totals", "special-drug"})
  void eachPartysValuesAreTheWholeEvaluationsValues(String name) throws Exception {
    Case c = load(name);
    Ir.Program program = c.policy().program();
    int n = program.ops().size();
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);
    ClaimBatch batch = ClaimBatch.of(c.claims(), c.insured());
    LocalValues whole = LocalValues.evaluate(c.policy(), batch, c.params(), all, all);
    // the whole evaluation through LocalValues gives the evaluator's outputs
    BatchResult reference = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    for (int o = 0; o < c.policy().outputs().size(); o++) {
      long[] column = whole.column(c.policy().outputs().get(o).op());
      for (int claim = 0; claim < c.claims().size(); claim++) {
        assertEquals(reference.output(claim, o), column[claim]);
      }
    }
    boolean[] dataHolder = view(program, Ir.Label.DATA_HOLDER);
    LocalValues mine = LocalValues.evaluate(c.policy(), ClaimBatch.of(c.claims(), c.insured()), new long[0],
        dataHolder, dataHolder);
    ClaimBatch insurerView = PartyViews.insurerView(c.claims().stream().map(Claim::id).toList(),
        c.claims().stream().map(Claim::insuredId).toList(), c.insured());
    boolean[] insurer = view(program, Ir.Label.INSURER);
    LocalValues theirs = LocalValues.evaluate(c.policy(), insurerView, c.params(), insurer, insurer);
    int compared = 0;
    for (Ir.Op op : program.ops()) {
      if (op.level() != Ir.Level.CLAIM) {
        continue;
      }
      if (dataHolder[op.id()]) {
        assertArrayEquals(whole.column(op.id()), mine.column(op.id()), "data holder " + op);
        compared++;
      }
      if (insurer[op.id()]) {
        assertArrayEquals(whole.column(op.id()), theirs.column(op.id()), "insurer " + op);
        compared++;
      }
    }
    assertTrue(compared > 0);
    // the two views agree on the layers
    assertEquals(batch.layerCount(), insurerView.layerCount());
    for (int l = 0; l < batch.layerCount(); l++) {
      assertArrayEquals(batch.layer(l), insurerView.layer(l));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive"})
  void theInsurersViewHasNoClaimFields(String name) throws Exception {
    Case c = load(name);
    int n = c.policy().program().ops().size();
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);
    ClaimBatch insurerView = PartyViews.insurerView(c.claims().stream().map(Claim::id).toList(),
        c.claims().stream().map(Claim::insuredId).toList(), c.insured());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalValues.evaluate(c.policy(), insurerView, c.params(), all, all));
    assertTrue(e.getMessage().contains("no claim fields"), e.getMessage());
    assertThrows(EvaluationException.class, () -> PartyViews.insurerView(List.of("c1"), List.of("nobody"), c.insured()));
  }
}
