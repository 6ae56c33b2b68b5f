package org.cosettle.crypto.ot;

/**
 * The sender's side of {@code count} random OTs of one bit: bit i of {@code bits0} and of
 * {@code bits1} (packed, bit i at {@code words[i >>> 6] >>> i}) are its two messages. The arrays
 * are the outputs themselves, not copies; {@link #toString()} shows only the count.
 */
public record BitOtSenderOutput(int count, long[] bits0, long[] bits1) {
  public BitOtSenderOutput {
    int words = (count + 63) >>> 6;
    if (bits0.length != words || bits1.length != words) {
      throw new IllegalArgumentException("expected " + words + " words per message array");
    }
  }

  @Override
  public String toString() {
    return "BitOtSenderOutput[" + count + " OTs]";
  }
}
