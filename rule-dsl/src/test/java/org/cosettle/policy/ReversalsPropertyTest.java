package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.eval.ClaimBatch;

/**
 * A batch with reversals settled whole and settled in two batches, the second reading the
 * claim ledger the first wrote (through its file), gives every claim the same outputs and every
 * person the same states: a reversal of an earlier batch's claim is the reversal of the same
 * claim in one batch. Random policies and batches ({@link PolicyGenerator}, {@link
 * BatchGenerator#withReversals}).
 */
class ReversalsPropertyTest {
  @Property(tries = 150, shrinking = ShrinkingMode.OFF)
  void aLedgerCarriesReversalsAcrossBatchesExactly(@ForAll long seed) throws Exception {
    GenPolicy generated = PolicyGenerator.generate(new Random(seed));
    CompiledPolicy policy = ReferencePropertyTest.compile(seed, generated);
    if (policy == null || !policy.privateTables().isEmpty()) {
      Statistics.label("outcome").collect("skipped");
      return;
    }
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31),
        BatchGenerator.generate(new Random(seed ^ 0x5DEECE66DL), ReferencePropertyTest.stateNames(generated),
            ReferencePropertyTest.privateTypes(generated)));
    PrivateValues values = batch.values();
    BatchResult whole;
    try {
      whole = Evaluator.evaluate(policy, batch.claims(), batch.insured(), values);
    } catch (EvaluationException e) {
      Statistics.label("outcome").collect("rejected whole");
      return;
    }
    int cut = new Random(seed).nextInt(batch.claims().size() + 1);
    List<Claim> first = batch.claims().subList(0, cut);
    List<Claim> second = batch.claims().subList(cut, batch.claims().size());
    BatchResult one = Evaluator.evaluate(policy, first, batch.insured(), values);
    Path file = Files.createTempFile("ledger", ".jsonl");
    try {
      Files.writeString(file, ClaimLedger.empty(policy).after(one).jsonl());
      ClaimLedger ledger = ClaimLedger.read(file, "ledger.jsonl", policy);
      List<InsuredRecord> after = new ArrayList<>();
      for (int r = 0; r < batch.insured().records().size(); r++) {
        long[] states = new long[policy.stateNames().size()];
        for (int s = 0; s < states.length; s++) {
          states[s] = one.state(r, s);
        }
        after.add(batch.insured().records().get(r).withStates(states));
      }
      InsuredFile between = InsuredFile.of(batch.insured().fields(), batch.insured().states(), after);
      BatchResult two = Evaluator.evaluate(policy, ClaimBatch.of(second, between, ledger.records(), ledger.name()),
          values, 1);
      for (int o = 0; o < policy.outputs().size(); o++) {
        for (int c = 0; c < batch.claims().size(); c++) {
          long split = c < cut ? one.output(c, o) : two.output(c - cut, o);
          assertEquals(whole.output(c, o), split, "seed " + seed + " claim " + batch.claims().get(c).id());
        }
      }
      for (int r = 0; r < batch.insured().records().size(); r++) {
        for (int s = 0; s < policy.stateNames().size(); s++) {
          assertEquals(whole.state(r, s), two.state(r, s), "seed " + seed + " record " + r + " state " + s);
        }
      }
      Statistics.label("outcome").collect(batch.claims().stream().anyMatch(Claim::isReversal) ? "equal with reversals"
          : "equal");
    } finally {
      Files.delete(file);
    }
  }
}
