package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;

/**
 * The plaintext evaluator against the independent {@link ReferenceEvaluator} on random policies
 * and random batches, through the public API only: outputs, states and aggregate rows must be
 * equal to the unit, or both must reject the batch. A policy {@code check} rejects for possible
 * overflow is skipped and counted; it must stay rare.
 */
class ReferencePropertyTest {
  /** A long run ({@code -Dcosettle.fuzz.tries=100000}) checks 50 cases per try instead of 1. */
  private static final int CASES_PER_TRY = FuzzTries.scaled(1);

  @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
  void evaluatorMatchesReferenceOnRandomPolicies(@ForAll long seed) {
    cases(seed, ReferencePropertyTest::check);
    Statistics.label("outcome").coverage(c -> c.check(REJECTED).percentage(p -> p < 5.0));
  }

  /**
   * As above on policies whose states are now and then shared by a family or kept per item code
   * (either also per policy_year), over batches of families sharing a start, items repeating a
   * few codes, and (one seed in two) reversals.
   */
  @Property(tries = 400, shrinking = ShrinkingMode.OFF)
  void evaluatorMatchesReferenceOnSharedAndPerCodeStates(@ForAll long seed) {
    cases(seed, ReferencePropertyTest::checkKeyed);
    Statistics.label("outcome").coverage(c -> c.check(REJECTED).percentage(p -> p < 5.0));
    Statistics.label("typed states").coverage(c -> {
      for (String form : TYPED_FORMS) {
        c.check(form).count(n -> n > 0);
      }
    });
  }

  /** The int and bool states of every form the language allows, each of which some keyed case must draw. */
  static final List<String> TYPED_FORMS = List.of("int per person", "bool per person", "int per policy_year",
      "bool per policy_year", "int shared by a family", "bool shared by a family", "int by item.code",
      "int by item.code per policy_year");

  /** Counts the policy's int and bool states by form ({@link #TYPED_FORMS}; a per-year state counts twice). */
  static void collectTypedForms(GenPolicy policy) {
    for (GenPolicy.State s : policy.all(GenPolicy.State.class)) {
      if (s.type() == GType.MONEY) {
        continue;
      }
      String type = s.type().cplName;
      String form = s.byCode() ? " by item.code" : s.sharedBy() != null ? " shared by a family" : " per person";
      Statistics.label("typed states").collect(type + form);
      if (s.yearly()) {
        Statistics.label("typed states").collect(type + (s.byCode() ? form + " per policy_year" : " per policy_year"));
      }
    }
  }

  /** Runs one random case with keyed states; returns how it ended, or fails with a reproduction. */
  static String checkKeyed(long seed) {
    GenPolicy policy = PolicyGenerator.withKeyedStates(new Random(seed));
    collectTypedForms(policy);
    CompiledPolicy compiled = compile(seed, policy);
    if (compiled == null) {
      return REJECTED;
    }
    BatchGenerator.Batch batch = BatchGenerator.forPolicy(new Random(seed ^ 0x5DEECE66DL), policy, compiled);
    if (Math.floorMod(seed, 2) == 0) {
      batch = BatchGenerator.withReversals(new Random(seed * 31), batch);
    }
    return compare("seed " + seed + " (keyed states)", policy, compiled, batch);
  }

  /** Runs one random case; returns how it ended, or fails with a reproduction. */
  static String check(long seed) {
    GenPolicy policy = PolicyGenerator.generate(new Random(seed));
    CompiledPolicy compiled = compile(seed, policy);
    if (compiled == null) {
      return REJECTED;
    }
    BatchGenerator.Batch batch = BatchGenerator.generate(new Random(seed ^ 0x5DEECE66DL), stateNames(policy),
        privateTypes(policy), tableShapes(compiled));
    if (Math.floorMod(seed, 3) == 0) {
      batch = BatchGenerator.withReversals(new Random(seed * 31), batch);
    }
    return compare("seed " + seed, policy, compiled, batch);
  }

  static final String REJECTED = "rejected by check";

  /** Runs the cases of one try (one by default, more in a long run), counting how each ended. */
  static void cases(long seed, LongFunction<String> check) {
    for (int k = 0; k < CASES_PER_TRY; k++) {
      String outcome = "failed";
      try {
        outcome = check.apply(seed + k);
      } finally {
        // jqwik cannot report a property with no statistics collected, which would hide the failure
        Statistics.label("outcome").collect(outcome);
      }
    }
  }

  /** The compiled policy; null when check rejected it for possible overflow; a test failure for any other diagnostic. */
  static CompiledPolicy compile(long seed, GenPolicy policy) {
    Policies.Result compiled = Policies.compile(new Source("gen.cpl", policy.text()));
    if (compiled.ok()) {
      return compiled.policy();
    }
    if (compiled.diagnostics().stream().allMatch(d -> d.message().contains("64 bits"))) {
      return null;
    }
    String rendered = compiled.diagnostics().stream().map(d -> d.render(compiled.source())).collect(Collectors.joining("\n"));
    return fail("seed " + seed + ": a well-typed policy was rejected\n" + policy.text() + "\n" + rendered);
  }

  /**
   * The policy's states as the insured file holds them: the declared ones, then the family's year
   * when a state shared by the family is per policy_year, then the person's year when any state is.
   */
  static List<String> stateNames(GenPolicy policy) {
    List<String> names = new ArrayList<>(policy.all(GenPolicy.State.class).stream().map(GenPolicy.State::name).toList());
    if (policy.all(GenPolicy.State.class).stream().anyMatch(s -> s.yearly() && s.sharedBy() != null)) {
      names.add(ReferenceEvaluator.familyYear(policy));
    }
    if (policy.all(GenPolicy.State.class).stream().anyMatch(GenPolicy.State::yearly)) {
      names.add(ReferenceEvaluator.POLICY_YEAR);
    }
    return names;
  }

  /** The shapes of the policy's private tables and code sets, for their values in a batch. */
  static List<BatchGenerator.TableShape> tableShapes(CompiledPolicy compiled) {
    return compiled.privateTables().stream().map(BatchGenerator.TableShape::of).toList();
  }

  static List<GType> privateTypes(GenPolicy policy) {
    return policy.all(GenPolicy.PrivateParam.class).stream().map(GenPolicy.PrivateParam::type).toList();
  }

  static String compare(String label, GenPolicy policy, CompiledPolicy compiled, BatchGenerator.Batch batch) {
    ReferenceEvaluator.Outcome expected =
        ReferenceEvaluator.evaluate(policy, batch.claims(), batch.insured(), batch.privateParams(), batch.tables());
    BatchResult actual;
    try {
      actual = Evaluator.evaluate(compiled, batch.claims(), batch.insured(), batch.values());
    } catch (EvaluationException e) {
      if (expected.error() == null) {
        fail(report(label, policy, batch, "the evaluator rejected the batch: " + e.getMessage()
            + "\nthe reference evaluated it"));
      }
      if (!e.getMessage().contains(expected.culprit())) {
        fail(report(label, policy, batch, "the error does not name " + expected.culprit() + ": " + e.getMessage()
            + "\nreference: " + expected.error()));
      }
      return "both rejected the batch";
    }
    if (expected.error() != null) {
      fail(report(label, policy, batch, "the reference rejected the batch: " + expected.error()
          + "\nthe evaluator accepted it"));
    }
    List<String> differences = differences(policy, batch, expected, actual);
    if (!differences.isEmpty()) {
      fail(report(label, policy, batch, String.join("\n", differences)));
    }
    return "equal";
  }

  private static List<String> differences(GenPolicy policy, BatchGenerator.Batch batch,
      ReferenceEvaluator.Outcome expected, BatchResult actual) {
    List<String> out = new ArrayList<>();
    List<GenPolicy.Output> outputs = policy.all(GenPolicy.Output.class);
    for (int c = 0; c < batch.claims().size(); c++) {
      for (int o = 0; o < outputs.size(); o++) {
        if (expected.outputs()[c][o] != actual.output(c, o)) {
          out.add("claim " + batch.claims().get(c).id() + " output " + outputs.get(o).name() + ": expected "
              + expected.outputs()[c][o] + " got " + actual.output(c, o));
        }
      }
    }
    int states = stateNames(policy).size();
    for (int r = 0; r < batch.insured().records().size(); r++) {
      for (int s = 0; s < states; s++) {
        if (expected.states()[r][s] != actual.state(r, s)) {
          out.add("record " + r + " state " + s + ": expected " + expected.states()[r][s] + " got " + actual.state(r, s));
        }
      }
    }
    List<GenPolicy.State> declared = policy.all(GenPolicy.State.class);
    for (int r = 0; r < batch.insured().records().size(); r++) {
      for (int s = 0; s < declared.size(); s++) {
        if (declared.get(s).byCode()) {
          Map<String, Long> got = new TreeMap<>(actual.valuesByCode(r, s));
          got.values().removeIf(v -> v == 0);
          if (!expected.valuesByCode().get(r).get(s).equals(got)) {
            out.add("record " + r + " state " + declared.get(s).name() + " per code: expected "
                + expected.valuesByCode().get(r).get(s) + " got " + got);
          }
        }
      }
    }
    List<String> want = expected.rows().stream().map(ReferencePropertyTest::row).toList();
    List<String> got = actual.aggregates().stream().map(r -> row(new ReferenceAggregates.Row(r.aggregate(), r.group(),
        r.claims(), r.value(), r.withheld()))).toList();
    if (!want.equals(got)) {
      out.add("aggregates: expected\n  " + String.join("\n  ", want) + "\ngot\n  " + String.join("\n  ", got));
    }
    if (out.isEmpty()) {
      sameFile(out, "results.csv", ReferenceFiles.results(policy, batch.claims(), expected), actual.resultsCsv());
      sameFile(out, "states.csv", ReferenceFiles.states(policy, batch.insured(), expected), actual.statesCsv());
      sameFile(out, "aggregates.csv", ReferenceFiles.aggregates(policy, expected), actual.aggregatesCsv());
    }
    return out;
  }

  private static void sameFile(List<String> out, String name, String expected, String actual) {
    if (!expected.equals(actual)) {
      out.add(name + ": expected\n" + expected + "got\n" + actual);
    }
  }

  /** A row as the aggregates file shows it: claims and value only when not withheld. */
  private static String row(ReferenceAggregates.Row r) {
    return r.aggregate() + "," + r.group() + "," + (r.withheld() ? "," : r.claims() + "," + r.value());
  }

  static String report(String label, GenPolicy policy, BatchGenerator.Batch batch, String problem) {
    List<Claim> claims = batch.claims();
    return label + ": " + problem + "\n--- policy.cpl\n" + policy.text() + "--- claims.jsonl\n"
        + ClaimJson.lines(claims) + "\n--- insured.csv\n" + ClaimJson.insuredCsv(batch.insured())
        + "\n--- private params (declaration order)\n" + Arrays.toString(batch.privateParams());
  }
}
