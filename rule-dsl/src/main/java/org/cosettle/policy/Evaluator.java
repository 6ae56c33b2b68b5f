package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.cosettle.core.Bounds;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;

/**
 * The plaintext evaluator: claims in file order, each insured person's states chained from
 * claim to claim, then the aggregates with their groups and the minimum-cohort rule.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates a batch. Every claim's {@code insuredId} must have a record in {@code insured},
   * whose state columns are the policy's states in declaration order.
   */
  public static BatchResult evaluate(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams) throws EvaluationException {
    int stateCount = policy.states.size();
    List<InsuredRecord> records = insured.records();
    long[][] states = new long[records.size()][];
    for (int i = 0; i < records.size(); i++) {
      states[i] = records.get(i).states();
    }
    int outputCount = policy.outputs.size();
    long[][] results = new long[claims.size()][outputCount];
    List<AggregateDecl> aggs = policy.aggregates;
    long[][] aggValue = new long[aggs.size()][claims.size()];
    int[][] aggGroup = new int[aggs.size()][claims.size()];
    Frame f = new Frame(policy.slotCount, privateParams);
    long[] newStates = new long[stateCount];
    for (int ci = 0; ci < claims.size(); ci++) {
      Claim c = claims.get(ci);
      int who = insured.indexOf(c.insuredId());
      if (who < 0) {
        throw new EvaluationException("claim " + c.id() + ": no insured record for \"" + c.insuredId() + "\"");
      }
      InsuredRecord r = records.get(who);
      f.claim = c;
      f.preexisting = r.preexisting();
      f.policyStart = r.policyStart();
      long[] st = states[who];
      for (int s = 0; s < stateCount; s++) {
        f.slots[policy.states.get(s).slot()] = st[s];
      }
      claim(policy, f, c, st, newStates, null);
      for (int a = 0; a < aggs.size(); a++) {
        AggregateDecl ad = aggs.get(a);
        try {
          boolean keep = ad.where == null || ad.where.eval(f) != 0;
          aggValue[a][ci] = ad.value == null ? 1 : ad.value.eval(f);
          aggGroup[a][ci] = keep ? groupIndex(ad, f) : -1;
        } catch (ArithmeticException e) {
          throw new EvaluationException("claim " + c.id() + " (line " + c.line() + "): a value exceeds 64 bits"
              + " in aggregate '" + ad.name + "'");
        }
      }
      for (int o = 0; o < outputCount; o++) {
        results[ci][o] = f.slots[policy.outputs.get(o).slot()];
      }
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    for (int a = 0; a < aggs.size(); a++) {
      rows.addAll(aggregateRows(aggs.get(a), claims, aggValue[a], aggGroup[a]));
    }
    return new BatchResult(policy, claims, results, insured, states, rows);
  }

  /**
   * Evaluates one claim into {@code f.slots}, then applies its state updates to {@code st}
   * (checked against the money bound). With {@code trace}, records every let, output and update.
   */
  private static void claim(CompiledPolicy policy, Frame f, Claim c, long[] st, long[] newStates,
      List<Explanation.Entry> trace) throws EvaluationException {
    int stateCount = policy.states.size();
    String current = null;
    int currentLine = 0;
    try {
      for (CompiledPolicy.Step step : policy.steps) {
        current = step.name();
        currentLine = step.line();
        f.slots[step.slot()] = step.node().eval(f);
        if (trace != null) {
          trace.add(new Explanation.Entry(step.kind(), step.name(), step.type(), f.slots[step.slot()], step.line()));
        }
      }
      for (int s = 0; s < stateCount; s++) {
        CompiledPolicy.StateDecl sd = policy.states.get(s);
        current = sd.name();
        currentLine = sd.line();
        newStates[s] = sd.update() == null ? st[s] : sd.update().eval(f);
      }
    } catch (ArithmeticException e) {
      throw new EvaluationException("claim " + c.id() + " (line " + c.line() + "): a value exceeds 64 bits"
          + " in '" + current + "' (policy line " + currentLine + ")");
    }
    for (int s = 0; s < stateCount; s++) {
      if (newStates[s] < -Bounds.CLAIM_MONEY || newStates[s] > Bounds.CLAIM_MONEY) {
        throw new EvaluationException("claim " + c.id() + " (line " + c.line() + "): state '"
            + policy.states.get(s).name() + "' would become "
            + org.cosettle.core.Decimals.formatMoney(newStates[s]) + ", outside ±1,000,000,000.00");
      }
    }
    if (trace != null) {
      for (int s = 0; s < stateCount; s++) {
        CompiledPolicy.StateDecl sd = policy.states.get(s);
        if (sd.update() != null) {
          trace.add(new Explanation.Entry("update", sd.name(), Type.MONEY, newStates[s], sd.line()));
        }
      }
    }
    System.arraycopy(newStates, 0, st, 0, stateCount);
  }

  /**
   * Explains one claim of a batch: the claims of the same insured person before it are
   * evaluated first (in file order) so that it sees the states it would see in {@link #evaluate}.
   *
   * @throws EvaluationException when no claim has id {@code claimId}, or evaluation fails
   */
  public static Explanation explain(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, String claimId) throws EvaluationException {
    int target = -1;
    for (int i = 0; i < claims.size() && target < 0; i++) {
      if (claims.get(i).id().equals(claimId)) {
        target = i;
      }
    }
    if (target < 0) {
      throw new EvaluationException("no claim with id \"" + claimId + "\" in the batch");
    }
    Claim c = claims.get(target);
    int who = insured.indexOf(c.insuredId());
    if (who < 0) {
      throw new EvaluationException("claim " + c.id() + ": no insured record for \"" + c.insuredId() + "\"");
    }
    InsuredRecord r = insured.records().get(who);
    int stateCount = policy.states.size();
    long[] st = r.states();
    long[] newStates = new long[stateCount];
    Frame f = new Frame(policy.slotCount, privateParams);
    f.preexisting = r.preexisting();
    f.policyStart = r.policyStart();
    for (int i = 0; i <= target; i++) {
      Claim ci = claims.get(i);
      if (!ci.insuredId().equals(c.insuredId())) {
        continue;
      }
      f.claim = ci;
      for (int s = 0; s < stateCount; s++) {
        f.slots[policy.states.get(s).slot()] = st[s];
      }
      if (i < target) {
        claim(policy, f, ci, st, newStates, null);
      } else {
        List<Explanation.Entry> before = new ArrayList<>();
        for (int s = 0; s < stateCount; s++) {
          before.add(new Explanation.Entry("state", policy.states.get(s).name(), Type.MONEY, st[s], 0));
        }
        List<Explanation.Entry> trace = new ArrayList<>();
        claim(policy, f, ci, st, newStates, trace);
        return new Explanation(c.id(), c.line(), before, trace);
      }
    }
    throw new AssertionError("unreachable");
  }

  private static int groupIndex(AggregateDecl ad, Frame f) {
    switch (ad.keyKind) {
      case NONE:
      case HOSPITAL:
        return 0;
      case BAND: {
        long v = ad.key.eval(f);
        int i = 0;
        while (i < ad.bandBounds.length && v >= ad.bandBounds[i]) {
          i++;
        }
        return i;
      }
      default:
        return (int) ad.key.eval(f);
    }
  }

  private static List<BatchResult.AggregateRow> aggregateRows(AggregateDecl ad, List<Claim> claims,
      long[] values, int[] groups) throws EvaluationException {
    List<String> labels = new ArrayList<>();
    int[] group = groups;
    switch (ad.keyKind) {
      case NONE:
        labels.add("");
        break;
      case BAND:
        for (int i = 0; i <= ad.bandBounds.length; i++) {
          labels.add(Aggregates.bandLabel(ad.bandBounds, i));
        }
        break;
      case HOSPITAL: {
        TreeSet<String> ids = new TreeSet<>(Evaluator::compareCodePoints);
        for (Claim c : claims) {
          ids.add(c.hospitalId());
        }
        java.util.Map<String, Integer> indexOf = new java.util.HashMap<>();
        for (String id : ids) {
          indexOf.put(id, labels.size());
          labels.add(id);
        }
        group = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
          group[i] = groups[i] < 0 ? -1 : indexOf.get(claims.get(i).hospitalId());
        }
        break;
      }
      default:
        labels.addAll(ad.enumGroups);
    }
    long[] totals = new long[labels.size()];
    long[] counts = new long[labels.size()];
    for (int i = 0; i < group.length; i++) {
      if (group[i] >= 0) {
        try {
          totals[group[i]] = Math.addExact(totals[group[i]], values[i]);
        } catch (ArithmeticException e) {
          throw new EvaluationException("aggregate '" + ad.name + "': the total exceeds 64 bits");
        }
        counts[group[i]]++;
      }
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    for (int g = 0; g < labels.size(); g++) {
      boolean withheld = counts[g] >= 1 && counts[g] < ad.cohort;
      rows.add(new BatchResult.AggregateRow(ad.name, labels.get(g), counts[g], totals[g], ad.valueType, withheld));
    }
    return rows;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
