package org.cosettle.policy;

import java.util.List;
import org.cosettle.policy.eval.CodeTable;

/**
 * The insurer's run-time values for a policy: its private params in slot order and its private
 * tables and private code sets in table order ({@link CompiledPolicy#privateTables()}). Read them
 * with {@link PrivateParams#readValues}.
 *
 * <pre>{@code
 * PrivateValues mine = PrivateParams.readValues(Path.of("params.json"), "params.json", policy);
 * BatchResult r = Evaluator.evaluate(policy, claims, insured, mine);
 * }</pre>
 */
public record PrivateValues(long[] params, List<CodeTable> tables) {
  public PrivateValues {
    params = params.clone();
    tables = List.copyOf(tables);
  }

  /** Values for a policy without private tables. */
  public static PrivateValues of(long[] params) {
    return new PrivateValues(params, List.of());
  }

  @Override
  public long[] params() {
    return params.clone();
  }

  /** Prints only how many values there are: they are the insurer's secrets. */
  @Override
  public String toString() {
    return "PrivateValues[" + params.length + " params, " + tables + "]";
  }
}
