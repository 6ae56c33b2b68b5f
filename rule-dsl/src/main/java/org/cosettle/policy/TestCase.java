package org.cosettle.policy;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredRecord;

/**
 * One of an actuary's test cases (a line of a cases file, see docs/language.md "Testing a
 * policy"): a claim, the insured record it is settled against, and the values expected.
 */
public record TestCase(int number, int line, String name, Claim claim, InsuredRecord insured,
    List<Expected> outputs, List<Expected> states) {
  /** An expected value of an output or of a state after the claim, in the units of its type. */
  public record Expected(String name, Type type, long value) {}

  public TestCase {
    outputs = List.copyOf(outputs);
    states = List.copyOf(states);
  }

  /** {@code case 3 (line 3, "deductible crosses")}, as failures are reported. */
  public String title() {
    return "case " + number + " (line " + line + (name == null ? "" : ", \"" + name + "\"") + ")";
  }

  /**
   * What differs from this case's expectations when its claim is settled on its own under
   * {@code policy} with {@code privateParams}; empty when the case passes.
   */
  public List<String> differences(CompiledPolicy policy, long[] privateParams) {
    return differences(policy, PrivateValues.of(privateParams));
  }

  /** As {@link #differences(CompiledPolicy, long[])} with private tables too. */
  public List<String> differences(CompiledPolicy policy, PrivateValues privateParams) {
    Explanation x;
    try {
      x = Evaluator.explain(policy, List.of(claim), org.cosettle.core.InsuredFile.of(policy.insuredFields(), policy.stateColumns(),
          List.of(insured)), privateParams, claim.id());
    } catch (EvaluationException e) {
      return List.of("evaluation failed: " + e.getMessage());
    }
    java.util.Map<String, Long> actualOutputs = new java.util.HashMap<>();
    java.util.Map<String, Long> actualStates = new java.util.HashMap<>();
    x.statesBefore().forEach(s -> actualStates.put(s.name(), s.value()));
    for (Explanation.Entry e : x.entries()) {
      (e.kind().equals("update") ? actualStates : actualOutputs).put(e.name(), e.value());
    }
    List<String> differences = new java.util.ArrayList<>();
    compare(outputs, actualOutputs, "", differences);
    compare(states, actualStates, " (state after the claim)", differences);
    return differences;
  }

  private static void compare(List<Expected> expected, java.util.Map<String, Long> actual, String what,
      List<String> into) {
    for (Expected e : expected) {
      long got = actual.get(e.name());
      if (got != e.value()) {
        into.add(e.name() + what + ": expected " + e.type().text(e.value()) + ", got " + e.type().text(got));
      }
    }
  }
}
