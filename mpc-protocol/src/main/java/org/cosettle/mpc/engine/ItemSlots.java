package org.cosettle.mpc.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.cosettle.crypto.random.Prg;

/**
 * The slots of the private lookups per line item (docs/protocol.md, "Private tables", "Real items
 * only"): the data holder looks up its batch's real items only, one slot each, and the insurer
 * takes as its share of padded item row (claim j, row k) the reply word of slot {@code
 * slotsOf[j][k]}, a public function drawn from the insurer's hash keys. Each claim's K rows have K
 * distinct slots, uniform in [0, S); the data holder puts each claim's items on rows whose slots
 * no other real item takes (a matching of the batch's items to slots, {@link #place}), keeping their
 * order, and the other rows are padding, whose share at the data holder is random.
 *
 * <p>The slot count S is the data holder's choice from the item counts alone, before the slot
 * function is drawn ({@link #count}): the smallest of {@link #FACTORS} × N (N: the batch's items)
 * for which the probability that no placement exists is provably below 2^−40 ({@link
 * #log2FailureBound}), else K per claim — today's layout, where every placement exists.
 */
final class ItemSlots {
  /** The slot counts the data holder may choose beside K · claims, as multiples of the batch's items. */
  static final double[] FACTORS = {1.0625, 1.125, 1.25, 1.5, 2};
  /** The largest failure probability of a placement the data holder accepts: 2^−40. */
  static final double MAX_LOG2_FAILURE = -40;
  private static final double[] GRID_L = grid(-48, 48, 0.5);
  private static final double[] GRID_M = grid(0, 6, 0.25);

  private ItemSlots() {}

  /**
   * The slot count for claims of {@code items} line items with item bound {@code k}: 0 without
   * items, else the smallest {@code ⌈f · N⌉ + k} over {@link #FACTORS} whose failure bound is at
   * most 2^−40, else {@code k} per claim (never more).
   */
  static int count(int[] items, int k) {
    long total = 0;
    for (int n : items) {
      total += n;
    }
    long full = (long) k * items.length;
    if (total == 0) {
      return 0;
    }
    for (double f : FACTORS) {
      long slots = (long) Math.ceil(f * total) + k;
      if (slots >= full) {
        break;
      }
      if (log2FailureBound(items, k, (int) slots) <= MAX_LOG2_FAILURE) {
        return (int) slots;
      }
    }
    return Math.toIntExact(full);
  }

  /**
   * The public slot function: for each of {@code claims} claims, the slots of its {@code k} rows,
   * distinct and uniform in [0, {@code slots}) from {@code seed}; at {@code slots} = k · claims row
   * k of claim j has slot j · k + k's, the padded layout itself.
   */
  static int[][] slotsOf(byte[] seed, int claims, int k, int slots) {
    int[][] out = new int[claims][k];
    if ((long) claims * k == slots) {
      for (int j = 0; j < claims; j++) {
        for (int r = 0; r < k; r++) {
          out[j][r] = j * k + r;
        }
      }
      return out;
    }
    if (slots < k) {
      throw new IllegalArgumentException("a slot count of " + slots + " is below the item bound " + k);
    }
    Prg prg = Prg.fromSeed(seed);
    for (int j = 0; j < claims; j++) {
      for (int r = 0; r < k; r++) {
        int s;
        boolean repeated;
        do {
          s = (int) prg.nextLongBelow(slots);
          repeated = false;
          for (int e = 0; e < r; e++) {
            repeated |= out[j][e] == s;
          }
        } while (repeated);
        out[j][r] = s;
      }
    }
    return out;
  }

  /** The seed of the slot function: SHA-256 of a domain tag and the insurer's hash keys (public, drawn after the batch). */
  static byte[] seed(byte[] hashKeys) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("cosettle item slots v1".getBytes(StandardCharsets.US_ASCII));
      return sha.digest(hashKeys);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /**
   * The placement: per claim, the rows of its {@code items[j]} items in increasing order (item i
   * on the i-th of them), their slots distinct over the batch — a maximum matching of items to
   * slots by augmenting paths, each claim's items sharing the claim's K slots.
   *
   * @throws IllegalStateException when no placement exists (probability below 2^−40 at a slot count
   *     {@link #count} chose)
   */
  static int[][] place(int[][] slotsOf, int[] items, int slots) {
    int claims = items.length;
    int[] owner = new int[slots];
    Arrays.fill(owner, -1);
    int[] stamp = new int[slots];
    int[] fromClaim = new int[slots];
    int[] queue = new int[claims + 1];
    int[] visitedClaim = new int[claims];
    int round = 0;
    for (int j = 0; j < claims; j++) {
      for (int i = 0; i < items[j]; i++) {
        round++;
        // breadth-first search from claim j for a free slot: claim → its slots → their owners' claims
        int head = 0;
        int tail = 0;
        queue[tail++] = j;
        visitedClaim[j] = round;
        int found = -1;
        while (head < tail && found < 0) {
          int c = queue[head++];
          for (int s : slotsOf[c]) {
            if (stamp[s] == round || owner[s] == c) {
              continue;
            }
            stamp[s] = round;
            fromClaim[s] = c;
            if (owner[s] < 0) {
              found = s;
              break;
            }
            int next = owner[s];
            if (visitedClaim[next] != round) {
              visitedClaim[next] = round;
              queue[tail++] = next;
            }
          }
        }
        if (found < 0) {
          throw new IllegalStateException("the batch's line items have no placement on " + slots + " slots");
        }
        // augment: each claim on the path takes the slot found after it and gives up the one it came by
        int s = found;
        while (true) {
          int c = fromClaim[s];
          int previous = -1;
          if (c != j) {
            // the slot by which the search reached c: one c owns, whose stamp is this round
            for (int t : slotsOf[c]) {
              if (owner[t] == c && stamp[t] == round && fromClaim[t] != c) {
                previous = t;
                break;
              }
            }
          }
          owner[s] = c;
          if (c == j) {
            break;
          }
          s = previous;
        }
      }
    }
    int[][] rows = new int[claims][];
    for (int j = 0; j < claims; j++) {
      rows[j] = new int[items[j]];
      int n = 0;
      for (int r = 0; r < slotsOf[j].length; r++) {
        if (owner[slotsOf[j][r]] == j) {
          rows[j][n++] = r;
        }
      }
      if (n != items[j]) {
        throw new IllegalStateException("a placement lost an item");
      }
    }
    return rows;
  }

  /**
   * An upper bound, in log2, on the probability over the slot function that claims of {@code
   * items} line items have no placement on {@code slots} slots (item bound {@code k}). A placement
   * fails exactly when a set X of claims has more items d(X) than slots among its rows, |N(X)|
   * (Hall's theorem, each claim's items sharing its slots). Summed over x = |X| and d: the number
   * of such sets, at most {@code F(l, m) · e^(−l·x − m·d)} with {@code F = Π_n (1 + e^(l + m·n))^c_n}
   * (c_n claims of n items) for every l and m ≥ 0, times the probability that x claims' K-slot sets
   * cover at most d − 1 slots: the uncovered slots are negatively associated indicators, each of
   * probability p = (1 − K/S)^x, so at least S − d + 1 of them has probability at most
   * exp(−S · D(a ‖ p)) (Chernoff; Dubhashi–Ranjan), and all x sets lie inside some set of d − 1
   * slots with probability at most C(S, d − 1) · (C(d − 1, K) / C(S, K))^x, and by their
   * collisions ({@link #logCollisions}). x and d run in intervals, each bounded by its
   * worst end, so the bound is rigorous and cheap.
   */
  static double log2FailureBound(int[] items, int k, int slots) {
    int[] counts = new int[k + 1];
    for (int n : items) {
      if (n > k) {
        throw new IllegalArgumentException("a claim of " + n + " items above the item bound " + k);
      }
      counts[n]++;
    }
    int claims = items.length - counts[0];
    // dmax[x]: the most items x claims hold
    long[] dmax = new long[claims + 1];
    int x = 0;
    for (int n = k; n >= 1; n--) {
      for (int c = 0; c < counts[n]; c++, x++) {
        dmax[x + 1] = dmax[x] + n;
      }
    }
    double[][] logF = new double[GRID_L.length][GRID_M.length];
    for (int a = 0; a < GRID_L.length; a++) {
      for (int b = 0; b < GRID_M.length; b++) {
        double v = 0;
        for (int n = 1; n <= k; n++) {
          if (counts[n] > 0) {
            v += counts[n] * softplus(GRID_L[a] + GRID_M[b] * n);
          }
        }
        logF[a][b] = v;
      }
    }
    double[] logFactorial = new double[slots + 1];
    for (int i = 1; i <= slots; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    double total = Double.NEGATIVE_INFINITY;
    int xa = 2;
    while (xa <= claims) {
      int xb = xa < 64 ? xa : Math.min(claims, (int) Math.ceil(xa * 1.03));
      long low = k + 1;
      long high = dmax[xb];
      if (high >= low) {
        int buckets = (int) Math.min(64, high - low + 1);
        for (int i = 0; i < buckets; i++) {
          long d = low + (high - low + 1) * i / buckets;
          long dNext = low + (high - low + 1) * (i + 1) / buckets;
          double count = logCount(logF, d, xa, xb);
          // a violator of d(X) < dNext items covers at most dNext − 2 slots
          double p = Math.min(Math.min(logUncovered(xa, dNext - 2, k, slots),
              logInside(logFactorial, xa, dNext - 2, k, slots)), xa <= 64 ? logCollisions(xa, dNext - 2, k, slots) : 0);
          total = logAdd(total, count + p);
        }
      }
      xa = xb + 1;
    }
    return total / Math.log(2);
  }

  /** ln of the number of claim sets of size in [xa, xb] with at least d items (the generating function's bound). */
  private static double logCount(double[][] logF, long d, int xa, int xb) {
    double best = Double.POSITIVE_INFINITY;
    double width = Math.log(xb - xa + 1.0);
    for (int a = 0; a < GRID_L.length; a++) {
      double l = GRID_L[a];
      double byX = Math.max(-l * xa, -l * xb) + width;
      for (int b = 0; b < GRID_M.length; b++) {
        best = Math.min(best, logF[a][b] - GRID_M[b] * d + byX);
      }
    }
    return best;
  }

  /** ln of the probability that x claims' slot sets cover at most {@code u} of the {@code slots} slots. */
  private static double logUncovered(int x, long u, int k, int slots) {
    double p = Math.exp(x * Math.log1p(-(double) k / slots));
    double a = (double) (slots - u) / slots;
    if (a <= p) {
      return 0;
    }
    if (a >= 1) {
      return x * Math.log1p(-(double) k / slots) * slots; // every slot uncovered: p^S
    }
    return -slots * (a * Math.log(a / p) + (1 - a) * Math.log((1 - a) / (1 - p)));
  }

  /**
   * ln of the probability that x claims' slot sets all lie in one set of {@code u} slots: at most
   * C(S, u) · (C(u, K) / C(S, K))^x, the bound that is tight for small x.
   */
  private static double logInside(double[] logFactorial, int x, long u, int k, int slots) {
    if (u < k) {
      return Double.NEGATIVE_INFINITY;
    }
    if (u >= slots) {
      return 0;
    }
    int v = (int) u;
    return logChoose(logFactorial, slots, v) + x * (logChoose(logFactorial, v, k) - logChoose(logFactorial, slots, k));
  }

  /**
   * ln of the probability that x claims' slot sets cover at most {@code u} slots, by their
   * collisions: claim i's K slots meet the union of the claims before it, of at most m_i = min(u,
   * (i − 1)·K) slots, in a hypergeometric number of slots whose generating function is at most
   * (1 + (y − 1)·m_i/S)^K for y ≥ 1 (Hoeffding), and covering at most u slots takes at least
   * x·K − u of them: at most y^−(xK − u) · Π_i (1 + (y − 1)·m_i/S)^K (Markov), the bound that is
   * tight for a few heavy claims.
   */
  private static double logCollisions(int x, long u, int k, int slots) {
    long t = (long) x * k - u;
    if (t <= 0) {
      return 0;
    }
    double best = 0;
    for (double logY = 0.1; logY < 24; logY += 0.1) {
      double y1 = Math.expm1(logY);
      double v = -t * logY;
      for (int i = 2; i <= x; i++) {
        long m = Math.min(u, (long) (i - 1) * k);
        if (m == u) {
          v += (double) (x - i + 1) * k * Math.log1p(y1 * m / slots);
          break;
        }
        v += k * Math.log1p(y1 * m / slots);
      }
      best = Math.min(best, v);
    }
    return best;
  }

  private static double logChoose(double[] logFactorial, int a, int b) {
    return logFactorial[a] - logFactorial[b] - logFactorial[a - b];
  }

  private static double softplus(double v) {
    return v > 30 ? v : Math.log1p(Math.exp(v));
  }

  private static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    double hi = Math.max(a, b);
    return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
  }

  private static double[] grid(double from, double to, double step) {
    int n = (int) Math.round((to - from) / step) + 1;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = from + i * step;
    }
    return g;
  }
}
