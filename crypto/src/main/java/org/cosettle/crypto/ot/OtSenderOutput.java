package org.cosettle.crypto.ot;

/**
 * The sender's side of {@code count} 1-out-of-2 OTs of 128-bit blocks: block i of {@code message0}
 * is {@code message0[2i], message0[2i+1]} (low, high), likewise {@code message1}. The arrays are the
 * outputs themselves, not copies; {@link #toString()} shows only the count.
 */
public record OtSenderOutput(int count, long[] message0, long[] message1) {
  public OtSenderOutput {
    if (message0.length != 2 * count || message1.length != 2 * count) {
      throw new IllegalArgumentException("expected " + 2 * count + " longs per message array");
    }
  }

  @Override
  public String toString() {
    return "OtSenderOutput[" + count + " OTs]";
  }
}
