package org.cosettle.crypto.triples;

/**
 * One party's ends of {@code count} random OTs in each direction, with 64-bit messages: as the
 * sender, both messages {@code sent0[i]}, {@code sent1[i]}; as the receiver, the random choice bit
 * i (bit-packed in {@code choices}, as {@link AndTriples}) and the message it chose, {@code
 * received[i]}. The peer holds the other ends. Each OT serves one chosen-input OT later
 * (Beaver's derandomisation: the receiver sends its choice XOR the random one, the sender masks
 * its two messages with the two random ones, swapped accordingly). {@link #toString()} shows only
 * the count.
 */
public record RandomOts(int count, long[] sent0, long[] sent1, long[] choices, long[] received) {
  public RandomOts {
    int words = (count + 63) >>> 6;
    if (sent0.length != count || sent1.length != count || choices.length != words || received.length != count) {
      throw new IllegalArgumentException(count + " random OTs need " + count + " messages and " + words
          + " choice words");
    }
  }

  @Override
  public String toString() {
    return "RandomOts[" + count + " each way]";
  }
}
