package org.cosettle.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.cosettle.crypto.random.Prg;

/** Adversarial bytes for a decoder: the one check every encoding test of the module runs. */
public final class DecoderFuzz {
  private DecoderFuzz() {}

  /**
   * Feeds {@code decoder} random bytes, every truncation and random mutations of {@code valid}.
   * Each input must either be refused with {@link InvalidEncodingException} (whose non-empty
   * message also passes {@code checkMessage}) or decode to a value that re-encodes to exactly
   * that input (a mutation can land on another valid encoding, e.g. a certificate's serial
   * number); any other exception fails the test.
   */
  public static <T> void check(byte[] valid, Function<byte[], T> decoder, Function<T, byte[]> encoder, Prg prg,
      int tries, Consumer<String> checkMessage) {
    assertArrayEquals(valid, encoder.apply(decoder.apply(valid)));
    for (int length = 0; length < valid.length; length++) {
      byte[] truncated = Arrays.copyOf(valid, length);
      assertThrows(InvalidEncodingException.class, () -> decoder.apply(truncated), "truncated to " + length);
    }
    byte[] extended = Arrays.copyOf(valid, valid.length + 1);
    assertThrows(InvalidEncodingException.class, () -> decoder.apply(extended), "one byte appended");
    for (int trial = 0; trial < tries; trial++) {
      byte[] input;
      if (trial % 4 == 0) {
        input = prg.nextBytes((int) prg.nextLongBelow(2L * valid.length));
        if (trial % 8 == 0 && input.length > 2) {
          input[0] = valid[0]; // a plausible header gets the parser further
          input[1] = valid[1];
        }
      } else {
        input = valid.clone();
        int mutations = 1 + (int) prg.nextLongBelow(3);
        for (int m = 0; m < mutations; m++) {
          input[(int) prg.nextLongBelow(input.length)] ^= (byte) (1 + prg.nextLongBelow(255));
        }
      }
      try {
        T decoded = decoder.apply(input);
        assertArrayEquals(input, encoder.apply(decoded), "accepted input does not re-encode to itself");
      } catch (InvalidEncodingException expected) {
        assertFalse(expected.getMessage().isEmpty());
        checkMessage.accept(expected.getMessage());
      } catch (RuntimeException e) {
        fail("decoder threw " + e + " instead of InvalidEncodingException", e);
      }
    }
  }
}
