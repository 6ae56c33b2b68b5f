package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.cosettle.core.Claim;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir;

/**
 * Aggregates whose value, filter or key needs both parties' data, on shares (the design of
 * docs/protocol.md, "States and outputs"): each claim's membership of each group is a shared 0/1
 * (computed on shares from a shared key — equality for an enum, comparisons with the bounds for
 * bands — or brought in as one party's plaintext one-hot vector when the key is that party's),
 * multiplied by the filter bit and by the value; the per-group counts and totals are sums of
 * shares, so the grouping and filtering of a claim stay secret. They are summed slice by slice
 * ({@link #add}: a slice's claims while its shares are at hand, into a {@link Sums}); once every
 * slice is in, {@link #rows} applies the rest to the batch's sums. When the plan picks homomorphic
 * inner products for an aggregate whose key is one party's plaintext ({@link
 * AggregateCosts.Construction#HE_INNER_PRODUCTS}), a slice only keeps its shares of the per-claim
 * vectors and {@link #finish} sums them by group at the batch's end ({@link HeAggregateSums}).
 * The minimum-cohort rule is
 * evaluated on shares ({@code withheld = [count < N] − [count < 1]}, since counts are never
 * negative), one select on the withheld bit (two random OTs per value) gives the flag and zeroes
 * a withheld group's count and total, and only the withheld flags and the masked counts and
 * totals are opened, to the aggregate's recipients only.
 */
final class SecureAggregates {
  private final Plan plan;
  private final ArithmeticSession session;
  private final Label mySite;
  private final ResultGate gate;
  /** The grouped sums by homomorphic inner products; null when no aggregate takes them. */
  private final HeAggregateSums he;

  SecureAggregates(Plan plan, ArithmeticSession session, ResultGate gate, HeAggregateSums he) {
    this.plan = plan;
    this.session = session;
    this.gate = gate;
    this.he = he;
    this.mySite = Label.of(ShareHolders.partyOf(session.party()));
  }

  /** Products of shares in one protocol call at most: the groups of a slice go in runs of this many values. */
  private static final int MAX_PRODUCTS_PER_CALL = 1 << 20;

  /** One party's shares of an aggregate's per-group counts and totals over the slices added so far. */
  static final class Sums {
    private final long[] counts;
    private final long[] totals;
    /**
     * For homomorphic inner products: this party's shares of the per-claim vectors of the slices so
     * far (the filtered value and the filter), and at the key owner each claim's group, summed once
     * at the batch's end ({@link #finish}) so the ciphertexts are full whatever the slices.
     */
    private long[][] pending = new long[0][];
    private int[] pendingGroups;
    private int pendingClaims;

    Sums(int groups) {
      counts = new long[groups];
      totals = new long[groups];
    }

    private void append(long[][] vectors, int[] groupOf) {
      int n = vectors[0].length;
      if (pending.length == 0) {
        pending = new long[vectors.length][Math.max(16, n)];
        pendingGroups = groupOf == null ? null : new int[Math.max(16, n)];
      }
      if (pendingClaims + n > pending[0].length) {
        int capacity = Math.max(pendingClaims + n, 2 * pending[0].length);
        for (int v = 0; v < pending.length; v++) {
          pending[v] = Arrays.copyOf(pending[v], capacity);
        }
        pendingGroups = pendingGroups == null ? null : Arrays.copyOf(pendingGroups, capacity);
      }
      for (int v = 0; v < pending.length; v++) {
        System.arraycopy(vectors[v], 0, pending[v], pendingClaims, n);
      }
      if (pendingGroups != null) {
        System.arraycopy(groupOf, 0, pendingGroups, pendingClaims, n);
      }
      pendingClaims += n;
    }
  }

  /** The labels of {@code step}'s rows: one without a key, the batch's hospitals, or its declared groups. */
  static List<String> labels(Ir.AggregateStep step, List<String> hospitals) {
    return step.keyKind() == Ir.KeyKind.NONE ? List.of("")
        : step.keyKind() == Ir.KeyKind.HOSPITAL ? hospitals : step.groups();
  }

  /**
   * Adds the claims {@code slice} (file indexes) to {@code sums}. {@code shares} gives the kept
   * shares of a shared op (per claim of the batch, file order), {@code plain} this party's column
   * of an op it computed; {@code claims} are the data holder's claims (null at the insurer),
   * {@code hospitals} the batch's hospital ids in row order for a hospital key.
   */
  void add(Ir.AggregateStep step, AggregateCosts.Construction construction, Sums sums, int[] slice,
      IntFunction<long[]> shares, IntFunction<long[]> plain, List<Claim> claims, List<String> hospitals) {
    List<String> labels = labels(step, hospitals);
    int k = labels.size();
    int n = slice.length;
    Map<Integer, long[]> gathered = new HashMap<>();
    IntFunction<long[]> sliceShares = op -> gathered.computeIfAbsent(op, o -> gather(shares.apply(o), slice));
    Map<Integer, long[]> gatheredPlain = new HashMap<>();
    IntFunction<long[]> slicePlain = op -> gatheredPlain.computeIfAbsent(op, o -> gather(plain.apply(o), slice));
    long[] where = step.where() < 0 ? null : value(step.where(), n, sliceShares, slicePlain);
    long[] value = step.value() < 0 ? null : value(step.value(), n, sliceShares, slicePlain);
    IntFunction<String> hospital = claims == null ? null : j -> claims.get(slice[j]).hospitalId();
    if (construction == AggregateCosts.Construction.HE_INNER_PRODUCTS) {
      addByInnerProducts(step, sums, k, n, where, value, slicePlain, hospital, labels);
      return;
    }
    long[][] member = membership(step, k, n, sliceShares, slicePlain, hospital, labels);
    // the groups' products in few calls (few rounds), each of at most MAX_PRODUCTS_PER_CALL values
    int run = Math.max(1, MAX_PRODUCTS_PER_CALL / Math.max(1, n));
    for (int first = 0; first < k; first += run) {
      int groups = Math.min(run, k - first);
      long[] in = SecureEvaluator.concat(Arrays.copyOfRange(member, first, first + groups));
      if (where != null) {
        in = session.multiply(in, repeat(where, groups));
      }
      long[] contributed = value == null ? in : session.multiply(in, repeat(value, groups));
      for (int g = 0; g < groups; g++) {
        sums.counts[first + g] += sum(in, g * n, n);
        sums.totals[first + g] += sum(contributed, g * n, n);
      }
    }
  }

  /**
   * A slice's part of the grouped sums by homomorphic inner products: this party's shares of the
   * filtered value (the filter times the value, one product per claim) and of the filter are kept,
   * with the key owner's plaintext groups, for {@link #finish}; a count without a filter is the
   * key owner's plaintext count per group (its share; the other party's is 0).
   */
  private void addByInnerProducts(Ir.AggregateStep step, Sums sums, int k, int n, long[] where, long[] value,
      IntFunction<long[]> plain, IntFunction<String> hospital, List<String> labels) {
    Label keyOwner = step.keyLabel(plan::site);
    boolean mine = keyOwner == mySite;
    int[] groupOf = mine ? groups(step, n, plain, hospital, labels) : null;
    if (groupOf != null) {
      for (int c = 0; c < n; c++) {
        groupOf[c] = groupOf[c] >= 0 && groupOf[c] < k ? groupOf[c] : -1;
      }
    }
    long[] contributed = value == null ? null : where == null ? value : session.multiply(where, value);
    long[][] vectors = contributed == null ? new long[][] {where}
        : where == null ? new long[][] {contributed} : new long[][] {contributed, where};
    sums.append(vectors, groupOf);
    if (where == null && groupOf != null) {
      for (int c = 0; c < n; c++) {
        if (groupOf[c] >= 0) {
          sums.counts[groupOf[c]]++;
        }
      }
    }
  }

  /**
   * Sums the claims {@link #addByInnerProducts} kept, by homomorphic inner products (one exchange
   * for the batch, in ciphertexts of n claims), into {@code sums}: the filter's sums are the
   * counts, the filtered value's the totals; a count without a filter is already in (the key
   * owner's plaintext count per group, its share; the other party's is 0).
   */
  void finish(Ir.AggregateStep step, AggregateCosts.Construction construction, Sums sums) {
    if (construction != AggregateCosts.Construction.HE_INNER_PRODUCTS || sums.pendingClaims == 0) {
      return;
    }
    int k = sums.counts.length;
    long[][] vectors = new long[sums.pending.length][];
    for (int v = 0; v < vectors.length; v++) {
      vectors[v] = Arrays.copyOf(sums.pending[v], sums.pendingClaims);
    }
    int[] groupOf = sums.pendingGroups == null ? null : Arrays.copyOf(sums.pendingGroups, sums.pendingClaims);
    long[][] grouped = he.sums(vectors, groupOf, k, step.keyLabel(plan::site).party().orElseThrow());
    for (int g = 0; g < k; g++) {
      if (step.where() >= 0) {
        sums.counts[g] += grouped[vectors.length - 1][g];
      }
      // the first vector is the filtered value, or the filter itself for a count
      sums.totals[g] += grouped[0][g];
    }
    sums.pending = new long[0][];
    sums.pendingGroups = null;
    sums.pendingClaims = 0;
  }

  /** {@code times} copies of {@code x} one after the other. */
  private static long[] repeat(long[] x, int times) {
    long[] out = new long[x.length * times];
    for (int t = 0; t < times; t++) {
      System.arraycopy(x, 0, out, t * x.length, x.length);
    }
    return out;
  }

  private static long[] gather(long[] values, int[] at) {
    long[] out = new long[at.length];
    for (int j = 0; j < at.length; j++) {
      out[j] = values[at[j]];
    }
    return out;
  }

  /**
   * The rows of {@code step} at this party from its {@code sums} over a batch of {@code n} claims,
   * empty when it is not a recipient.
   */
  List<BatchResult.AggregateRow> rows(Ir.AggregateStep step, Sums sums, int n, List<String> hospitals) {
    List<String> labels = labels(step, hospitals);
    int k = labels.size();
    long[] counts = sums.counts;
    long[] totals = sums.totals;
    // the withheld flags, then the counts and totals with a withheld group's zeroed
    long[] flagsAndMasked;
    if (step.cohort() > 1) {
      int bits = SecureEvaluator.span(0, n, 0, step.cohort());
      long[] below = session.lessThan(SecureEvaluator.concat(counts, counts),
          SecureEvaluator.concat(constant(k, step.cohort()), constant(k, 1)), bits);
      // one select on the withheld bit gives the flag itself (1 or 0) and each masked value
      long[] zero = new long[k];
      flagsAndMasked = session.select(withheldThrice(below, k),
          SecureEvaluator.concat(session.addPublic(new long[k], 1), SecureEvaluator.concat(zero, zero)),
          SecureEvaluator.concat(zero, SecureEvaluator.concat(counts, totals)));
    } else {
      flagsAndMasked = SecureEvaluator.concat(new long[k], SecureEvaluator.concat(counts, totals));
    }
    long[] opened = gate.open(Disclosure.Kind.AGGREGATE, step.name(), flagsAndMasked, step.recipients());
    if (opened == null) {
      return List.of();
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>(k);
    for (int g = 0; g < k; g++) {
      rows.add(new BatchResult.AggregateRow(step.name(), labels.get(g), opened[k + g], opened[2 * k + g],
          step.valueType(), opened[g] != 0));
    }
    return rows;
  }

  /**
   * Packed XOR shares of each group's withheld bit, three times over ({@code 3k} bits): from the
   * packed shares {@code below} of [count &lt; N] for the {@code k} groups, then of [count &lt; 1].
   * A count is never negative, so [count &lt; 1] implies [count &lt; N], and withheld = [count &lt;
   * N] − [count &lt; 1] is their XOR, which each party takes of its own shares.
   */
  static long[] withheldThrice(long[] below, int k) {
    long[] c = new long[(3 * k + 63) >>> 6];
    for (int g = 0; g < k; g++) {
      int h = k + g;
      long bit = ((below[g >>> 6] >>> g) ^ (below[h >>> 6] >>> h)) & 1;
      for (int t = 0; t < 3; t++) {
        int i = t * k + g;
        c[i >>> 6] |= bit << i;
      }
    }
    return c;
  }

  /** Shares of an op's value per claim: kept shares, or one party's (or the public) values brought in. */
  private long[] value(int op, int n, IntFunction<long[]> shares, IntFunction<long[]> plain) {
    Label site = plan.site(op);
    if (site == Label.JOINT) {
      return shares.apply(op);
    }
    if (site == Label.PUBLIC) {
      return session.addPublic(new long[n], plain.apply(op));
    }
    return site == mySite ? session.shareInput(plain.apply(op)) : session.peerInput(n);
  }

  /** Shares of [claim c is in group g], {@code [g][c]}; {@code hospital}: claim c's hospital at the data holder. */
  private long[][] membership(Ir.AggregateStep step, int k, int n, IntFunction<long[]> shares, IntFunction<long[]> plain,
      IntFunction<String> hospital, List<String> labels) {
    long[][] member = new long[k][];
    if (step.keyKind() == Ir.KeyKind.NONE) {
      member[0] = session.addPublic(new long[n], 1);
      return member;
    }
    Label owner = step.keyLabel(plan::site);
    if (owner != Label.JOINT) {
      // the key is one party's (or public): it brings in its one-hot vectors
      int[] groupOf = owner == Label.PUBLIC || owner == mySite ? groups(step, n, plain, hospital, labels) : null;
      for (int g = 0; g < k; g++) {
        if (groupOf != null) {
          long[] oneHot = new long[n];
          for (int c = 0; c < n; c++) {
            oneHot[c] = groupOf[c] == g ? 1 : 0;
          }
          member[g] = owner == Label.PUBLIC ? session.addPublic(new long[n], oneHot) : session.shareInput(oneHot);
        } else {
          member[g] = session.peerInput(n);
        }
      }
      return member;
    }
    long[] key = shares.apply(step.key());
    Ir.Op keyOp = plan.program().ops().get(step.key());
    if (step.keyKind() == Ir.KeyKind.BAND) {
      long[] bounds = step.bandBounds();
      int m = bounds.length;
      // atLeast[i] = [key >= bounds[i]]; group 0 is below the first bound, group m at or above the last
      long[][] atLeast = new long[m][];
      for (int i = 0; i < m; i++) {
        long[] lt = session.bitToArithmetic(session.lessThan(key, constant(n, bounds[i]),
            SecureEvaluator.span(keyOp.min(), keyOp.max(), bounds[i], bounds[i])), n);
        atLeast[i] = session.addPublic(session.negate(lt), 1);
      }
      for (int g = 0; g <= m; g++) {
        long[] from = g == 0 ? session.addPublic(new long[n], 1) : atLeast[g - 1];
        member[g] = g == m ? from : session.subtract(from, atLeast[g]);
      }
      return member;
    }
    if (step.keyKind() == Ir.KeyKind.BOOL) {
      member[1] = key;
      member[0] = session.addPublic(session.negate(key), 1);
      return member;
    }
    for (int g = 0; g < k; g++) { // ENUM: one equality per group
      member[g] = session.bitToArithmetic(session.equal(key, constant(n, g),
          SecureEvaluator.span(keyOp.min(), keyOp.max(), g, g)), n);
    }
    return member;
  }

  /** Each of the n claims' group under a key this party knows in plaintext (the plaintext engine's rule; -1: none). */
  private static int[] groups(Ir.AggregateStep step, int n, IntFunction<long[]> plain, IntFunction<String> hospital,
      List<String> labels) {
    int[] groupOf = new int[n];
    if (step.keyKind() == Ir.KeyKind.HOSPITAL) {
      Map<String, Integer> row = new HashMap<>();
      for (int g = 0; g < labels.size(); g++) {
        row.put(labels.get(g), g);
      }
      for (int c = 0; c < n; c++) {
        groupOf[c] = row.getOrDefault(hospital.apply(c), -1);
      }
      return groupOf;
    }
    long[] key = plain.apply(step.key());
    for (int c = 0; c < n; c++) {
      if (step.keyKind() == Ir.KeyKind.BAND) {
        long[] bounds = step.bandBounds();
        int g = 0;
        while (g < bounds.length && key[c] >= bounds[g]) {
          g++;
        }
        groupOf[c] = g;
      } else {
        groupOf[c] = (int) key[c];
      }
    }
    return groupOf;
  }

  private long[] constant(int n, long v) {
    return session.addPublic(new long[n], v);
  }

  private static long sum(long[] shares, int from, int count) {
    long s = 0;
    for (int i = from; i < from + count; i++) {
      s += shares[i];
    }
    return s;
  }

}
