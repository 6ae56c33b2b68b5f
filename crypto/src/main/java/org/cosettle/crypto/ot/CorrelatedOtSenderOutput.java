package org.cosettle.crypto.ot;

/**
 * The sender's side of {@code count} correlated OTs with the session's global offset Δ: block i of
 * {@code message0} is m<sub>0</sub>, and m<sub>1</sub> = m<sub>0</sub> ⊕ Δ, where Δ is the block
 * {@code delta[0], delta[1]}. The receiver holds m<sub>c</sub> = m<sub>0</sub> ⊕ c·Δ. Arrays are
 * not copies; {@link #toString()} shows only the count.
 */
public record CorrelatedOtSenderOutput(int count, long[] delta, long[] message0) {
  public CorrelatedOtSenderOutput {
    if (delta.length != 2 || message0.length != 2 * count) {
      throw new IllegalArgumentException("expected a 2-long delta and " + 2 * count + " longs of messages");
    }
  }

  @Override
  public String toString() {
    return "CorrelatedOtSenderOutput[" + count + " OTs]";
  }
}
