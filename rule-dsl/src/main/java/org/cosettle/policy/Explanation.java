package org.cosettle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one claim computed, declaration by declaration, for {@code cosettle explain}: the value
 * of every {@code let}, {@code output} and {@code update} in the order the policy declares
 * them, with the source line each comes from. States are shown with the value they had before
 * the claim ({@link #statesBefore}) and, through the {@code update} entries, after it; a state
 * kept per item code only before it, as its insured-file cell ({@link #valuesByCodeBefore}, by
 * state name).
 */
public record Explanation(String claimId, int claimLine, List<Entry> statesBefore, List<Entry> entries,
    Map<String, String> valuesByCodeBefore) {
  /** One evaluated declaration; {@code kind} is {@code state}, {@code let}, {@code output} or {@code update}. */
  public record Entry(String kind, String name, Type type, long value, int line) {
    /** The value as result files write it (spec §8). */
    public String formatted() {
      return type.format(value);
    }
  }

  /** An explanation of a policy without states per item code. */
  public Explanation(String claimId, int claimLine, List<Entry> statesBefore, List<Entry> entries) {
    this(claimId, claimLine, statesBefore, entries, Map.of());
  }

  public Explanation {
    statesBefore = List.copyOf(statesBefore);
    entries = List.copyOf(entries);
    valuesByCodeBefore = Collections.unmodifiableMap(new LinkedHashMap<>(valuesByCodeBefore));
  }
}
