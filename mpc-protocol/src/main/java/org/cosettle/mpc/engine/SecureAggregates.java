package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.cosettle.core.Claim;
import org.cosettle.mpc.arith.ArithmeticSession;
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
 * slice is in, {@link #rows} applies the rest to the batch's sums. The minimum-cohort rule is
 * evaluated on shares ({@code withheld = [count < N] − [count < 1]}, since counts are never
 * negative), the count and total are multiplied by {@code 1 − withheld}, and only the withheld
 * flags and the masked counts and totals are opened, to the aggregate's recipients only.
 */
final class SecureAggregates {
  private final Plan plan;
  private final ArithmeticSession session;
  private final Label mySite;
  private final ResultGate gate;

  SecureAggregates(Plan plan, ArithmeticSession session, ResultGate gate) {
    this.plan = plan;
    this.session = session;
    this.gate = gate;
    this.mySite = Label.of(ShareHolders.partyOf(session.party()));
  }

  /** One party's shares of an aggregate's per-group counts and totals over the slices added so far. */
  static final class Sums {
    private final long[] counts;
    private final long[] totals;

    Sums(int groups) {
      counts = new long[groups];
      totals = new long[groups];
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
  void add(Ir.AggregateStep step, Sums sums, int[] slice, IntFunction<long[]> shares, IntFunction<long[]> plain,
      List<Claim> claims, List<String> hospitals) {
    List<String> labels = labels(step, hospitals);
    int k = labels.size();
    int n = slice.length;
    Map<Integer, long[]> gathered = new HashMap<>();
    IntFunction<long[]> sliceShares = op -> gathered.computeIfAbsent(op, o -> gather(shares.apply(o), slice));
    Map<Integer, long[]> gatheredPlain = new HashMap<>();
    IntFunction<long[]> slicePlain = op -> gatheredPlain.computeIfAbsent(op, o -> gather(plain.apply(o), slice));
    long[] where = step.where() < 0 ? null : value(step.where(), n, sliceShares, slicePlain);
    long[] value = step.value() < 0 ? null : value(step.value(), n, sliceShares, slicePlain);
    long[][] member = membership(step, k, n, sliceShares, slicePlain,
        claims == null ? null : j -> claims.get(slice[j]).hospitalId(), labels);
    for (int g = 0; g < k; g++) {
      long[] in = where == null ? member[g] : session.multiply(member[g], where);
      long[] contributed = value == null ? in : session.multiply(in, value);
      sums.counts[g] += sum(in);
      sums.totals[g] += sum(contributed);
    }
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
    long[] withheld;
    if (step.cohort() > 1) {
      int bits = SecureEvaluator.span(0, n, 0, step.cohort());
      long[] below = session.bitToArithmetic(session.lessThan(SecureEvaluator.concat(counts, counts),
          SecureEvaluator.concat(constant(k, step.cohort()), constant(k, 1)), bits), 2 * k);
      withheld = new long[k];
      for (int g = 0; g < k; g++) {
        withheld[g] = below[g] - below[k + g];
      }
    } else {
      withheld = new long[k];
    }
    long[] shown = session.addPublic(session.negate(withheld), 1);
    long[] masked = session.multiply(SecureEvaluator.concat(shown, shown), SecureEvaluator.concat(counts, totals));
    long[] opened = gate.open(Disclosure.Kind.AGGREGATE, step.name(), SecureEvaluator.concat(withheld, masked),
        step.recipients());
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

  private static long sum(long[] shares) {
    long s = 0;
    for (long v : shares) {
      s += v;
    }
    return s;
  }

}
