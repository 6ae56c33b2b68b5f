package org.cosettle.policy.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the insurer recorded for one settled claim of an earlier batch, so that a later batch can
 * reverse it: its outputs (by the policy's output order) and the increment it made to each state
 * (by the policy's state order; 0 for a bool state, which a reversal leaves alone, and for a
 * state kept per item code). {@code incrementsByCode}, per state in the policy's state order, the
 * increment it made to each code of a state kept per item code (an empty map for the other
 * states, or an empty list when none is recorded: no code changed). {@code reverses} is the claim
 * it reversed itself, or empty.
 *
 * <pre>{@code
 * new SettledClaim("C0001", "P001", "", new long[] {501_200}, new long[] {100_000, 501_200})
 * }</pre>
 */
public record SettledClaim(String claimId, String insuredId, String reverses, long[] outputs, long[] increments,
    List<Map<String, Long>> incrementsByCode) {
  public SettledClaim {
    reverses = reverses == null ? "" : reverses;
    outputs = outputs.clone();
    increments = increments.clone();
    List<Map<String, Long>> copy = new ArrayList<>();
    for (Map<String, Long> m : incrementsByCode == null ? List.<Map<String, Long>>of() : incrementsByCode) {
      copy.add(Collections.unmodifiableMap(new TreeMap<>(m)));
    }
    incrementsByCode = List.copyOf(copy);
  }

  /** A record with no increment per code (a policy without states kept per item code). */
  public SettledClaim(String claimId, String insuredId, String reverses, long[] outputs, long[] increments) {
    this(claimId, insuredId, reverses, outputs, increments, List.of());
  }

  /** Whether this record is itself a reversal. */
  public boolean isReversal() {
    return !reverses.isEmpty();
  }

  /** The increment this claim made to each code of state {@code state} (kept per item code); empty when none. */
  public Map<String, Long> incrementsByCode(int state) {
    return state < incrementsByCode.size() ? incrementsByCode.get(state) : Map.of();
  }
}
