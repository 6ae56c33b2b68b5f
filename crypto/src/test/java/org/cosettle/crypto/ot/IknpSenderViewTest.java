package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cosettle.crypto.ChiSquare;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * The sender's view (every byte it receives after the base OTs) must not depend on the receiver's
 * choice bits: compared for extreme choice vectors by byte-value histograms, per-bit balance and a
 * two-sample homogeneity test. The statistics are first shown to catch a view that does leak.
 */
class IknpSenderViewTest {
  private static final int COUNT = 1 << 14;
  private static final double MAX_Z = 6;

  @Test
  void senderViewIsUniformAndTheSameForAllZeroAllOneAndPatternedChoices() {
    long[] zeros = new long[COUNT / 64];
    long[] ones = new long[COUNT / 64];
    Arrays.fill(ones, -1L);
    long[] pattern = new long[COUNT / 64];
    Arrays.fill(pattern, 0x00FF00FF00FF00FFL);
    byte[] viewZeros = senderView(zeros);
    byte[] viewOnes = senderView(ones);
    byte[] viewPattern = senderView(pattern);
    for (byte[] view : new byte[][] {viewZeros, viewOnes, viewPattern}) {
      assertTrue(Math.abs(ChiSquare.zScore(byteHistogram(view))) < MAX_Z, "byte values are uniform");
      assertTrue(Math.abs(bitBalanceZ(view)) < MAX_Z, "every bit position is balanced");
    }
    assertTrue(Math.abs(homogeneityZ(byteHistogram(viewZeros), byteHistogram(viewOnes))) < MAX_Z);
    assertTrue(Math.abs(homogeneityZ(byteHistogram(viewZeros), byteHistogram(viewPattern))) < MAX_Z);
  }

  @Test
  void theStatisticsDetectAViewThatCarriesTheChoices() {
    byte[] leaky = new byte[COUNT * 16];
    Prg prg = Prg.create();
    prg.nextBytes(leaky);
    for (int i = 0; i < leaky.length; i += 8) {
      leaky[i] = (byte) 0xFF; // one byte in eight copies an all-ones choice vector
    }
    assertTrue(ChiSquare.zScore(byteHistogram(leaky)) > 100);
    assertTrue(bitBalanceZ(leaky) > 100);
  }

  private static byte[] senderView(long[] choices) {
    return TwoParty.run(
        channel -> {
          RecordingChannel recording = new RecordingChannel(channel);
          IknpSender sender = IknpSender.setUp(recording, Prg.create());
          recording.startRecording();
          sender.correlatedOts(COUNT);
          sender.arithmeticOts(org.cosettle.crypto.sharing.Ring64.INSTANCE, new long[COUNT]);
          return recording.received();
        },
        channel -> {
          IknpReceiver receiver = IknpReceiver.setUp(channel, Prg.create());
          receiver.correlatedOts(choices, COUNT);
          receiver.arithmeticOts(org.cosettle.crypto.sharing.Ring64.INSTANCE, choices, COUNT);
          return null;
        }).first();
  }

  private static long[] byteHistogram(byte[] bytes) {
    long[] counts = new long[256];
    for (byte b : bytes) {
      counts[b & 0xFF]++;
    }
    return counts;
  }

  /**
   * Balance of each of the 64 bit positions of a little-endian word: the sum over positions of
   * ((ones − N/2) / sqrt(N/4))², chi-square with 64 degrees of freedom, as a z-score.
   */
  private static double bitBalanceZ(byte[] bytes) {
    long[] ones = new long[64];
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        ones[(i % 8) * 8 + bit] += (bytes[i] >>> bit) & 1;
      }
    }
    double samples = bytes.length / 8.0;
    double statistic = 0;
    for (long count : ones) {
      double z = (count - samples / 2) / Math.sqrt(samples / 4);
      statistic += z * z;
    }
    return chiSquareZ(statistic, 64);
  }

  /** Two-sample chi-square for equal totals, as a Wilson–Hilferty z-score. */
  private static double homogeneityZ(long[] a, long[] b) {
    double statistic = 0;
    int df = -1;
    for (int k = 0; k < a.length; k++) {
      if (a[k] + b[k] > 0) {
        double d = a[k] - b[k];
        statistic += d * d / (a[k] + b[k]);
        df++;
      }
    }
    return chiSquareZ(statistic, df);
  }

  /** Wilson–Hilferty: the z-score of a chi-square statistic with {@code df} degrees of freedom. */
  private static double chiSquareZ(double statistic, int df) {
    double x = statistic / df;
    double mean = 1 - 2.0 / (9 * df);
    return (Math.cbrt(x) - mean) / Math.sqrt(2.0 / (9 * df));
  }
}
