package org.cosettle.crypto.ot;

/**
 * The receiver's side of {@code count} OTs: choice bit i is {@code (choices[i >>> 6] >>> i) & 1}
 * and block i of {@code chosen} ({@code chosen[2i], chosen[2i+1]}) is the message it selected.
 * The arrays are the outputs themselves, not copies; {@link #toString()} shows only the count.
 */
public record OtReceiverOutput(int count, long[] choices, long[] chosen) {
  public OtReceiverOutput {
    if (choices.length != (count + 63) >>> 6 || chosen.length != 2 * count) {
      throw new IllegalArgumentException("expected " + ((count + 63) >>> 6) + " choice words and "
          + 2 * count + " chosen longs");
    }
  }

  /** Choice bit {@code i}. */
  public boolean choice(int i) {
    return ((choices[i >>> 6] >>> i) & 1) != 0;
  }

  @Override
  public String toString() {
    return "OtReceiverOutput[" + count + " OTs]";
  }
}
