package org.cosettle.crypto.ot;

/**
 * The receiver's side of {@code count} random OTs of one bit: choice bit i and the bit it chose,
 * both packed ({@code words[i >>> 6] >>> i}). The arrays are the outputs themselves, not copies;
 * {@link #toString()} shows only the count.
 */
public record BitOtReceiverOutput(int count, long[] choices, long[] chosen) {
  public BitOtReceiverOutput {
    int words = (count + 63) >>> 6;
    if (choices.length != words || chosen.length != words) {
      throw new IllegalArgumentException("expected " + words + " words of choices and of chosen bits");
    }
  }

  @Override
  public String toString() {
    return "BitOtReceiverOutput[" + count + " OTs]";
  }
}
