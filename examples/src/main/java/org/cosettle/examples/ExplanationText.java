package org.cosettle.examples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Explanation;
import org.cosettle.policy.Source;

/**
 * An {@link Explanation} as an actuary reads it: the states before the claim, then each
 * declaration's value followed by the rule it comes from, with its line numbers.
 *
 * <pre>
 * update deductible_used = 20000.00   (was 11171.17)
 *     21 | update deductible_used = deductible_used + applied
 * </pre>
 */
final class ExplanationText {
  private final Source source;
  private final DeclarationLines declarations;

  ExplanationText(Source source, CompiledPolicy policy) {
    this.source = source;
    this.declarations = new DeclarationLines(source, policy);
  }

  String render(Explanation x, String claimsLabel, String insuredId) {
    StringBuilder sb = new StringBuilder();
    sb.append("claim ").append(x.claimId()).append(" (").append(claimsLabel).append(':').append(x.claimLine())
        .append("), insured ").append(insuredId).append(", policy ").append(source.name()).append('\n');
    Map<String, String> before = new HashMap<>();
    if (!x.statesBefore().isEmpty() || !x.valuesByCodeBefore().isEmpty()) {
      sb.append("states before the claim:\n");
      for (Explanation.Entry s : x.statesBefore()) {
        before.put(s.name(), s.formatted());
        sb.append("  ").append(s.name()).append(" = ").append(s.formatted()).append('\n');
      }
      x.valuesByCodeBefore().forEach((name, cell) -> sb.append("  ").append(name).append(" = ").append(cell)
          .append(" (per item code)\n"));
    }
    // updates are computed after every let and output but read only what is declared above them,
    // so the policy's own order is the order a reader follows
    List<Explanation.Entry> entries = new ArrayList<>(x.entries());
    entries.sort(Comparator.comparingInt(Explanation.Entry::line));
    for (Explanation.Entry e : entries) {
      sb.append(e.kind()).append(' ').append(e.name()).append(" = ").append(ValueText.of(e.value(), e.type()));
      if (e.kind().equals("update")) {
        sb.append("   (was ").append(before.get(e.name())).append(')');
      }
      sb.append('\n');
      String[] rule = declarations.text(e.line()).split("\n", -1);
      for (int i = 0; i < rule.length; i++) {
        sb.append(String.format("%6d | ", e.line() + i)).append(rule[i]).append('\n');
      }
    }
    return sb.toString();
  }
}
