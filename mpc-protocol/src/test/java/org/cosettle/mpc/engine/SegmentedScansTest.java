package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.triples.TripleGenerator;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.arith.TriplePool;
import org.junit.jupiter.api.Test;

/**
 * The scans of {@link SegmentedScans} on shares equal a plain fold over each person's claims: a
 * segmented sum, a segmented clamp (applied to a random start) and a running maximum, on random
 * slices of persons with up to 40 claims each, with random restart flags, every claim restarting,
 * and none; and the segmented sums of two columns up to and including every claim ({@link
 * SegmentedScans#inclusiveSums}).
 */
class SegmentedScansTest {
  private static final int BITS = 44;
  private static final long FLOOR = -(1L << 40);
  private static final long CEILING = 1L << 40;

  /** One slice: each position's person, its flag, step, floor, ceiling and its person's start. */
  private record Slice(int[] owner, int owners, long[] flag, long[] step, long[] floor, long[] ceiling, long[] start) {
    int steps() {
      int[] count = new int[owners];
      int m = 0;
      for (int p : owner) {
        m = Math.max(m, ++count[p]);
      }
      return SegmentedScans.stepsFor(m);
    }
  }

  private static Slice slice(Random rnd, int flags) {
    int owners = 1 + rnd.nextInt(6);
    int n = rnd.nextInt(41) + (owners == 1 ? 30 : 0); // one person alone with 30 to 70 claims, or several
    int[] owner = new int[n];
    long[] flag = new long[n];
    long[] step = new long[n];
    long[] floor = new long[n];
    long[] ceiling = new long[n];
    long[] start = new long[n];
    long[] starts = new long[owners];
    for (int p = 0; p < owners; p++) {
      starts[p] = rnd.nextInt(2_000_001) - 1_000_000;
    }
    for (int c = 0; c < n; c++) {
      owner[c] = rnd.nextInt(owners);
      flag[c] = flags == 0 ? 0 : flags == 1 ? 1 : rnd.nextInt(3) == 0 ? 1 : 0;
      step[c] = rnd.nextInt(400_001) - 200_000;
      boolean noFloor = rnd.nextInt(4) == 0;
      floor[c] = noFloor ? FLOOR : -rnd.nextInt(500_000);
      ceiling[c] = rnd.nextInt(4) == 0 && !noFloor ? CEILING : rnd.nextInt(1_500_000);
      start[c] = starts[owner[c]];
    }
    return new Slice(owner, owners, flag, step, floor, ceiling, start);
  }

  /** ⌈log₂ m⌉ for a busiest person of m claims: the steps for every claim's prefix up to and including it. */
  private static int inclusiveSteps(Slice s) {
    int[] count = new int[s.owners];
    int m = 0;
    for (int p : s.owner) {
      m = Math.max(m, ++count[p]);
    }
    return SegmentedScans.stepsFor(m + 1);
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.min(Math.max(v, lo), hi);
  }

  /**
   * The plain fold: per position {segmented sum's f, v; clamped state before; running max before
   * (first: identity); then up to and including the position: f, the sum of the steps and the sum
   * of the starts as a second column}.
   */
  private static long[][] fold(Slice s) {
    int n = s.owner.length;
    long[][] out = new long[8][n];
    long[] w = new long[s.owners];
    long[] f = new long[s.owners];
    long[] v = new long[s.owners];
    long[] state = new long[s.owners];
    long[] max = new long[s.owners];
    boolean[] seen = new boolean[s.owners];
    for (int c = 0; c < n; c++) {
      int p = s.owner[c];
      if (!seen[p]) {
        seen[p] = true;
        state[p] = s.start[c];
        max[p] = Long.MIN_VALUE;
      }
      out[0][c] = f[p];
      out[1][c] = v[p];
      out[2][c] = state[p];
      out[3][c] = max[p];
      if (s.flag[c] != 0) {
        f[p] = 1;
        v[p] = 0;
        w[p] = 0;
      }
      v[p] += s.step[c];
      w[p] += s.start[c];
      out[5][c] = f[p];
      out[6][c] = v[p];
      out[7][c] = w[p];
      state[p] = clamp((s.flag[c] != 0 ? 0 : state[p]) + s.step[c], s.floor[c], s.ceiling[c]);
      max[p] = Math.max(max[p], s.step[c]);
    }
    return out;
  }

  @Test
  void theScansOnSharesEqualThePlainFold() {
    Random rnd = new Random(20_261_206L);
    List<Slice> slices = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      slices.add(slice(rnd, i % 4 == 0 ? 0 : i % 4 == 1 ? 1 : 2)); // no restart, all restart, random
    }
    long selections = 0;
    long comparisons = 0;
    for (Slice s : slices) {
      long n = s.owner.length;
      selections += SegmentedScans.selections(false, n, s.steps()) + SegmentedScans.selections(true, n, s.steps()) + n
          + 3 * n * inclusiveSteps(s);
      comparisons += 4 * n * s.steps() + 2 * n + n * s.steps();
    }
    int ots = Math.toIntExact(comparisons * (Math.max(ArithmeticSession.randomOtsForLessThan(BITS, Party.P0),
        ArithmeticSession.randomOtsForLessThan(BITS, Party.P1)) + 1) + selections);
    TwoParty.Results<List<long[][]>, List<long[][]>> r = TwoParty.run(
        c -> run(c, Party.P0, ots, slices), c -> run(c, Party.P1, ots, slices));
    for (int i = 0; i < slices.size(); i++) {
      Slice s = slices.get(i);
      long[][] expected = fold(s);
      long[][] a = r.first().get(i);
      long[][] b = r.second().get(i);
      int n = s.owner.length;
      long[][] got = new long[7][n];
      for (int k = 0; k < 7; k++) {
        for (int c = 0; c < n; c++) {
          got[k][c] = a[k][c] + b[k][c];
        }
      }
      String where = "slice " + i + " of " + n + " claims, " + s.owners + " persons";
      assertArrayEquals(expected[0], got[0], where + ": flags");
      assertArrayEquals(expected[1], got[1], where + ": sums");
      assertArrayEquals(expected[5], got[4], where + ": flags up to each claim");
      assertArrayEquals(expected[6], got[5], where + ": sums up to each claim");
      assertArrayEquals(expected[7], got[6], where + ": second column's sums up to each claim");
      for (int c = 0; c < n; c++) {
        if (expected[3][c] != Long.MIN_VALUE) { // a first claim's clamped value is the start, its maximum none
          assertEquals(expected[2][c], got[2][c], where + ": clamped state before position " + c);
          assertEquals(expected[3][c], got[3][c], where + ": running maximum before position " + c);
        }
      }
    }
  }

  /** One party: each slice's scans, opened to both ({f, v, clamped state, running maximum}). */
  private static List<long[][]> run(Channel channel, Party party, int ots, List<Slice> slices) {
    Prg prg = Prg.create();
    TriplePool pool = new TriplePool();
    TripleGenerator generator = TripleGenerator.setUp(channel, party, prg);
    pool.fillRandomOts(generator, ots, ots);
    ArithmeticSession session = new ArithmeticSession(channel, party, prg, pool);
    List<long[][]> out = new ArrayList<>();
    for (Slice s : slices) {
      int n = s.owner.length;
      long[][] in = new long[5][];
      long[][] values = {s.flag, s.step, s.floor, s.ceiling, s.start};
      for (int k = 0; k < 5; k++) {
        in[k] = party == Party.P0 ? session.shareInput(values[k]) : session.peerInput(n);
      }
      SegmentedScans scans = new SegmentedScans(session, s.owner, s.owners, s.steps());
      long[][] fv = scans.segmentedSum(in[0], in[1]);
      long[][] t = scans.segmentedClamp(in[0], in[1], in[2], in[3], FLOOR, CEILING, BITS);
      long[] base = scans.choose(t[0], new long[][] {new long[n]}, new long[][] {in[4]})[0];
      long[] clamped = session.min(session.max(session.add(base, t[1]), t[2], BITS), t[3], BITS);
      long[] max = scans.runningMax(in[1], -200_000, BITS);
      // two columns segmented by the same flags, every claim's whole prefix: ⌈log₂ m⌉ steps
      long[][] inclusive = new SegmentedScans(session, s.owner, s.owners, inclusiveSteps(s))
          .inclusiveSums(in[0], new long[][] {in[1], in[4]});
      out.add(new long[][] {fv[0], fv[1], clamped, max, inclusive[0], inclusive[1], inclusive[2]});
    }
    return out;
  }
}
