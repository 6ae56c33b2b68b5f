package org.cosettle.policy.eval;

import java.util.HashMap;
import java.util.Map;
import org.cosettle.policy.ir.CodeSet;

/**
 * The insurer's values of one private table or private code set, as the evaluator reads them:
 * a code's entry, or the table's default for a code absent from it. A code set's entry is 1 for a
 * member (exact or by a {@code "C*"} prefix, spec §4) and 0 otherwise. Immutable.
 *
 * <pre>{@code
 * CodeTable drugRatio = CodeTable.of(Map.of("XL01XC", 7000L), 0);   // 70% for XL01XC, else 0%
 * CodeTable covered = CodeTable.of(new CodeSet(List.of("C*", "D0*")));
 * }</pre>
 */
public final class CodeTable {
  private final Map<String, Long> entries;
  private final CodeSet members;
  private final long defaultValue;

  private CodeTable(Map<String, Long> entries, CodeSet members, long defaultValue) {
    this.entries = entries;
    this.members = members;
    this.defaultValue = defaultValue;
  }

  /** A private table: {@code entries} from code to value (matched exactly), {@code defaultValue} for any other code. */
  public static CodeTable of(Map<String, Long> entries, long defaultValue) {
    return new CodeTable(new HashMap<>(entries), null, defaultValue);
  }

  /** A private code set: 1 for a member of {@code members}, 0 for any other code. */
  public static CodeTable of(CodeSet members) {
    return new CodeTable(Map.of(), members, 0);
  }

  /** Whether this is a code set rather than a table. */
  public boolean isCodeSet() {
    return members != null;
  }

  /** The number of entries of a table, or of elements of a code set (its exact codes and prefixes). */
  public int size() {
    return members != null ? members.codes().size() : entries.size();
  }

  /** A table's entries by code (empty for a code set), for a lookup protocol that must encode them. */
  public Map<String, Long> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  /** A code set's elements (null for a table). */
  public CodeSet members() {
    return members;
  }

  /** The value for a code absent from a table (0 for a code set). */
  public long defaultValue() {
    return defaultValue;
  }

  /** The value for {@code code}. */
  public long get(String code) {
    if (members != null) {
      return members.contains(code) ? 1 : 0;
    }
    Long v = entries.get(code);
    return v != null ? v : defaultValue;
  }

  /** Prints the size only: the entries are the insurer's secret. */
  @Override
  public String toString() {
    return (members != null ? "CodeSet" : "CodeTable") + "[" + size() + " entries]";
  }
}
