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

  /** Whether table number {@code table} is a private code set. */
  public boolean isCodeSet(int table) {
    return tables.get(table).isCodeSet();
  }

  /** The entries of private table number {@code table} by code (empty for a code set). */
  public java.util.Map<String, Long> tableEntries(int table) {
    return tables.get(table).entries();
  }

  /** The elements of private code set number {@code table} as the insurer gave them (empty for a table). */
  public List<String> codeSetElements(int table) {
    return tables.get(table).isCodeSet() ? tables.get(table).members().codes() : List.of();
  }

  /** The number of private tables and code sets given. */
  public int tableCount() {
    return tables.size();
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
