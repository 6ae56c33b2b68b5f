package org.cosettle.crypto.triples;

/**
 * One party's ends of random OTs with 64-bit messages: as the sender of {@code sentCount}, both
 * messages {@code sent0[i]}, {@code sent1[i]}; as the receiver of {@code receivedCount}, the random
 * choice bit i (bit-packed in {@code choices}, as {@link AndTriples}) and the message it chose,
 * {@code received[i]}. The peer holds the other ends. Each OT serves one chosen-input OT later
 * (Beaver's derandomisation: the receiver sends its choice XOR the random one, the sender masks
 * its messages with the random ones, swapped accordingly). {@link #toString()} shows only the
 * counts.
 */
public record RandomOts(int sentCount, long[] sent0, long[] sent1, int receivedCount, long[] choices,
    long[] received) {
  public RandomOts {
    if (sent0.length != sentCount || sent1.length != sentCount || received.length != receivedCount
        || choices.length != (receivedCount + 63) >>> 6) {
      throw new IllegalArgumentException(sentCount + " sent and " + receivedCount + " received random OTs need "
          + "that many messages and " + ((receivedCount + 63) >>> 6) + " choice words");
    }
  }

  @Override
  public String toString() {
    return "RandomOts[" + sentCount + " sent, " + receivedCount + " received]";
  }
}
