package org.cosettle.policy.eval;

/**
 * What the insurer recorded for one settled claim of an earlier batch, so that a later batch can
 * reverse it: its outputs (by the policy's output order) and the increment it made to each state
 * (by the policy's state order; 0 for a bool state, which a reversal leaves alone). {@code
 * reverses} is the claim it reversed itself, or empty.
 *
 * <pre>{@code
 * new SettledClaim("C0001", "P001", "", new long[] {501_200}, new long[] {100_000, 501_200})
 * }</pre>
 */
public record SettledClaim(String claimId, String insuredId, String reverses, long[] outputs, long[] increments) {
  public SettledClaim {
    reverses = reverses == null ? "" : reverses;
    outputs = outputs.clone();
    increments = increments.clone();
  }

  /** Whether this record is itself a reversal. */
  public boolean isReversal() {
    return !reverses.isEmpty();
  }
}
