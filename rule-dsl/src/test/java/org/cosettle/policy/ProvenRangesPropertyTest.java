package org.cosettle.policy;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.ProvenRanges;

/**
 * The ranges {@link ProvenRanges} tightens are bounds: on random policies (the plaintext
 * evaluator's generators and the running-total ones) and batches, ordinary and at the input
 * bounds, every claim-level value of every op lies within its proven range — the secure engine
 * sizes its comparisons and divisions by them, so a value outside would be a wrong result.
 */
class ProvenRangesPropertyTest {
  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void everyValueLiesWithinItsProvenRange(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    boolean running = rnd.nextBoolean();
    CompiledPolicy policy;
    BatchGenerator.Batch batch;
    if (running) {
      policy = Policies.compile(new Source("running.cpl", RunningTotalPolicies.policy(rnd))).policy();
      batch = RunningTotalPolicies.batch(rnd);
    } else {
      GenPolicy generated = PolicyGenerator.generate(rnd);
      policy = ReferencePropertyTest.compile(seed, generated);
      if (policy == null) {
        Statistics.label("policies").collect("rejected by check");
        return;
      }
      List<String> states = ReferencePropertyTest.stateNames(generated);
      List<GType> privates = ReferencePropertyTest.privateTypes(generated);
      List<BatchGenerator.TableShape> tables = ReferencePropertyTest.tableShapes(policy);
      batch = rnd.nextBoolean() ? BatchGenerator.extreme(rnd, states, privates, tables)
          : BatchGenerator.generate(rnd, states, privates, tables);
    }
    ProvenRanges proven = ProvenRanges.of(policy.program());
    String outside = firstOutside(policy, batch, proven::min, proven::max);
    if (outside == REJECTED) {
      Statistics.label("policies").collect("batch rejected by the evaluator");
      return;
    }
    if (outside != null) {
      throw new AssertionError("seed " + seed + ": " + outside);
    }
    Statistics.label("policies").collect(running ? "running totals" : "generated");
  }

  static final String REJECTED = "rejected";

  /** The first claim-level value outside its range as {@code min}/{@code max} give it; null when none is. */
  static String firstOutside(CompiledPolicy policy, BatchGenerator.Batch batch, java.util.function.IntToLongFunction min,
      java.util.function.IntToLongFunction max) throws Exception {
    List<Ir.Op> ops = policy.program().ops();
    boolean[] all = new boolean[ops.size()];
    boolean[] claimLevel = new boolean[ops.size()];
    for (Ir.Op op : ops) {
      all[op.id()] = true;
      claimLevel[op.id()] = op.level() == Ir.Level.CLAIM;
    }
    LocalValues values;
    try {
      values = LocalValues.evaluate(policy, ClaimBatch.resolve(batch.claims(), batch.insured()).batch(),
          batch.values(), all, claimLevel);
    } catch (EvaluationException e) {
      return REJECTED;
    }
    for (Ir.Op op : ops) {
      if (!claimLevel[op.id()]) {
        continue;
      }
      long[] column = values.column(op.id());
      for (int c = 0; c < column.length; c++) {
        if (column[c] < min.applyAsLong(op.id()) || column[c] > max.applyAsLong(op.id())) {
          return op + " is " + column[c] + " for claim " + c + ", outside [" + min.applyAsLong(op.id()) + ", "
              + max.applyAsLong(op.id()) + "]";
        }
      }
    }
    return null;
  }

  /** The positive control: a range one unit too narrow at an end values reach is caught. */
  @org.junit.jupiter.api.Test
  void aRangeOneUnitTooNarrowIsCaught() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("p.cpl", "policy \"p\" version 1\n"
        + "let x = max(0, claim.total)\noutput o = x to insurer\n")).policy();
    int x = policy.program().bindings().get(0).op();
    ProvenRanges proven = ProvenRanges.of(policy.program());
    Random rnd = new Random(3);
    boolean caught = false;
    for (int round = 0; round < 50 && !caught; round++) {
      BatchGenerator.Batch batch = BatchGenerator.generate(rnd, List.of(), List.of());
      org.junit.jupiter.api.Assertions.assertNull(firstOutside(policy, batch, proven::min, proven::max));
      String outside = firstOutside(policy, batch, id -> id == x ? proven.min(id) + 1 : proven.min(id), proven::max);
      caught = outside != null && outside != REJECTED;
    }
    org.junit.jupiter.api.Assertions.assertTrue(caught, "max(0, total) is 0 for a refund, below a planted minimum of 1");
  }
}
