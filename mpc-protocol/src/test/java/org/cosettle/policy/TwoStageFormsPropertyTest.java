package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.mpc.plan.Planner;

/**
 * A person's deductible within a family deductible written in many forms: the forms equal to the
 * guide's amount {@code min(x, max(0, P − p), max(0, L − q))} run as family prefixes in two stages
 * ({@code CoupledStates}), and near misses — an amount that differs somewhere, a step that may be
 * negative, the family counting another amount, an output of the person's state — keep the chain;
 * either way every output and state equals the plaintext evaluator's on {@link
 * FamilyChainPropertyTest}'s families and batches (starts above the limits among them).
 */
class TwoStageFormsPropertyTest {
  /** The amount's forms equal to the guide's, P and L standing for the limits, d and f for the states. */
  private static final List<String> EQUAL = List.of(
      "min(burden, max(0, min(P - d, L - f)))",
      "min(max(0, min(L - f, P - d)), burden)",
      "min(burden, min(max(0, P - d), max(0, L - f)))",
      "min(min(burden, max(0, L - f)), max(0, P - d))",
      "max(0, min(burden, min(P - d, L - f)))",
      "min(max(0, P - d), min(burden, max(0, L - f)))");
  /** Near misses: not the guide's amount, or not coupled as it is. */
  private static final List<String> NEAR = List.of(
      "min(burden, max(0, min(P - d, L - f - d)))",
      "min(burden, max(0, min(P - d, L - f)) + 1)",
      "min(claim.in_scope - claim.fund_paid, max(0, min(P - d, L - f)))",
      "min(burden, max(0, min(P - d - d, L - f)))",
      "min(burden, max(100.00, min(P - d, L - f)))");

  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void everyFormSettlesAsThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Random random = new Random(seed ^ 0x7F4A7C15L);
    FamilyChainPropertyTest.Generated g = FamilyChainPropertyTest.generate(seed, true);
    boolean near = random.nextInt(4) == 0;
    List<String> forms = near ? NEAR : EQUAL;
    String form = forms.get(random.nextInt(forms.size()))
        .replace("P - d", random.nextBoolean() ? "person_limit - own_used" : "insured.cap - own_used")
        .replace("L - f", "family_limit - family_used").replace(" d)", " own_used)").replace(" d,", " own_used,");
    String text = g.text().replaceFirst("let applied = [^\\n]*\\n", "let applied = " + form + "\n");
    String variant = "plain";
    if (!near && random.nextInt(5) == 0) {
      // other readers of the person's state or another amount for the family: the chain
      variant = random.nextBoolean() ? "an output of the person's state" : "the family's own amount";
      text = variant.startsWith("an output") ? text.replace("output payout", "output used_before = own_used to"
          + " insurer\noutput payout") : text.replace("update family_used = family_used + applied",
          "update family_used = family_used + min(burden, max(0, family_limit - family_used))");
    }
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
    boolean twoStages = !Planner.plan(policy).familyCouplings().isEmpty();
    Statistics.label("form").collect((near ? "near miss" : "equal") + ", " + variant + ": "
        + (twoStages ? "two stages" : "chain"));
    if (!near) {
      assertEquals(variant.equals("plain"), twoStages, text);
    }
    String settled = text;
    String outcome = HandshakePropertyTest.settleAndCompare(policy, g.batch(),
        problem -> "seed " + seed + "\n" + settled + "\n" + problem);
    assertTrue(outcome.equals("equal"), outcome + "\n" + settled);
  }
}
