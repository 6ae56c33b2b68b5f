package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.Csv;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;

/** The results of one batch: outputs per claim, states after the batch, aggregate rows. */
public final class BatchResult {
  /** One row of the aggregates file; {@code withheld} by the minimum-cohort rule. */
  public record AggregateRow(String aggregate, String group, long claims, long value, Type type, boolean withheld) {}

  private final CompiledPolicy policy;
  private final List<Claim> claims;
  private final long[][] results;
  private final InsuredFile insured;
  private final long[][] states;
  private final List<AggregateRow> aggregates;
  /** {@code increments[state][claim]}, or null when the result was put together from elsewhere. */
  private final long[][] increments;
  /** Per state kept per item code, each claim's increment per code (null for the other states); null as {@link #increments}. */
  private final List<List<java.util.Map<String, Long>>> incrementsByCode;

  BatchResult(CompiledPolicy policy, List<Claim> claims, long[][] results, InsuredFile insured,
      long[][] states, List<AggregateRow> aggregates) {
    this(policy, claims, results, insured, states, aggregates, null);
  }

  BatchResult(CompiledPolicy policy, List<Claim> claims, long[][] results, InsuredFile insured,
      long[][] states, List<AggregateRow> aggregates, long[][] increments) {
    this(policy, claims, results, insured, states, aggregates, increments, null);
  }

  BatchResult(CompiledPolicy policy, List<Claim> claims, long[][] results, InsuredFile insured,
      long[][] states, List<AggregateRow> aggregates, long[][] increments,
      List<List<java.util.Map<String, Long>>> incrementsByCode) {
    this.increments = increments;
    this.incrementsByCode = incrementsByCode;
    this.policy = policy;
    this.claims = claims;
    this.results = results;
    this.insured = insured;
    this.states = states;
    this.aggregates = List.copyOf(aggregates);
  }

  /**
   * A result put together from elsewhere (handshake mode: each output from a party it was
   * addressed to): {@code outputs[output][claim]} in declaration and file order, {@code
   * states[state][record]}, and the aggregate rows in the evaluator's order.
   */
  public static BatchResult of(CompiledPolicy policy, List<Claim> claims, long[][] outputs, InsuredFile insured,
      long[][] states, List<AggregateRow> aggregates) {
    if (outputs.length != policy.outputs().size() || states.length != policy.stateNames().size()) {
      throw new IllegalArgumentException("expected " + policy.outputs().size() + " outputs and "
          + policy.stateNames().size() + " states");
    }
    for (long[] o : outputs) {
      if (o == null || o.length != claims.size()) {
        throw new IllegalArgumentException("every output needs one value per claim");
      }
    }
    for (long[] s : states) {
      if (s == null || s.length != insured.records().size()) {
        throw new IllegalArgumentException("every state needs one value per insured record");
      }
    }
    return new BatchResult(policy, List.copyOf(claims), outputs, insured, states, aggregates);
  }

  /**
   * How much claim {@code claim} (batch index) changed state {@code state} (declaration index):
   * its new value less the value before it, raw units; a reversal's is the negated increment of
   * the claim it took back.
   *
   * @throws IllegalStateException when the result was put together from elsewhere ({@link #of})
   */
  public long increment(int claim, int state) {
    if (increments == null) {
      throw new IllegalStateException("this result has no per-claim state increments (only the plaintext evaluator"
          + " records them)");
    }
    return increments[state][claim];
  }

  /**
   * How much claim {@code claim} (batch index) changed each code's value of state {@code state}
   * (declaration index, kept per item code), raw units: a code it left as it was is absent; a
   * reversal's are the negated increments of the claim it took back. Empty for any other state.
   *
   * @throws IllegalStateException when the result was put together from elsewhere ({@link #of})
   */
  public java.util.Map<String, Long> incrementsByCode(int claim, int state) {
    increment(claim, state);
    List<java.util.Map<String, Long>> perClaim = incrementsByCode == null ? null : incrementsByCode.get(state);
    return perClaim == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(perClaim.get(claim));
  }

  /** Whether {@link #increment} is known (a result of the plaintext evaluator). */
  public boolean hasIncrements() {
    return increments != null;
  }

  /** Claim {@code claim} (batch index). */
  public Claim claim(int claim) {
    return claims.get(claim);
  }

  /** Output {@code output} (declaration index) of claim {@code claim} (batch index), raw units. */
  public long output(int claim, int output) {
    return results[output][claim];
  }

  /** The number of claims evaluated. */
  public int claimCount() {
    return claims.size();
  }

  /** Output {@code output} (declaration index) of every claim, in batch order, raw units (a copy). */
  public long[] outputColumn(int output) {
    return results[output].clone();
  }

  /** The rows of every aggregate, in declaration order, each aggregate's groups in their order. */
  public List<AggregateRow> aggregates() {
    return aggregates;
  }

  /** The values per item code of state {@code state} (kept per code) of insured record {@code record} after the batch. */
  public java.util.Map<String, Long> valuesByCode(int record, int state) {
    return insured.records().get(record).valuesByCode(state);
  }

  /** State {@code state} of insured record {@code record} after the batch, in fen. */
  public long state(int record, int state) {
    return states[state][record];
  }

  /** Formats a value of {@code type} as the result files write it (spec §8); as {@link Type#format}. */
  public static String format(long value, Type type) {
    return type.format(value);
  }

  /** The results CSV: {@code claim_id,<outputs>}, one row per claim in input order. */
  public String resultsCsv() {
    return resultsCsv(policy, claims.stream().map(Claim::id).toList(), results);
  }

  /**
   * A results CSV of the outputs one party has: {@code claim_id} and each output whose column in
   * {@code outputs} (declaration order) is not null, one row per claim; {@code claim_id} alone
   * when the party has none.
   */
  public static String resultsCsv(CompiledPolicy policy, List<String> claimIds, long[][] outputs) {
    StringBuilder sb = new StringBuilder(64 + claimIds.size() * 24);
    List<String> header = new ArrayList<>();
    header.add("claim_id");
    List<Integer> shown = new ArrayList<>();
    for (int o = 0; o < policy.outputs().size(); o++) {
      if (outputs[o] != null) {
        header.add(policy.outputs().get(o).name());
        shown.add(o);
      }
    }
    Csv.appendRow(sb, header);
    int[] columns = shown.stream().mapToInt(Integer::intValue).toArray();
    Type[] types = policy.outputs().stream().map(CompiledPolicy.Output::type).toArray(Type[]::new);
    for (int i = 0; i < claimIds.size(); i++) {
      Csv.appendCell(sb, claimIds.get(i));
      for (int o : columns) {
        sb.append(',');
        types[o].append(sb, outputs[o][i]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The states CSV in the insured format, states in declaration order. */
  public String statesCsv() {
    return statesCsv(policy, insured, states);
  }

  /**
   * The states CSV of {@code insured}'s records with {@code states[state][record]} after a batch:
   * the insured file's columns (declared insured fields as read), so it is the next batch's
   * insured file; {@code kept_shares} last when a record names the settlement that wrote its kept
   * shares (handshake mode's states per item code).
   */
  public static String statesCsv(CompiledPolicy policy, InsuredFile insured, long[][] states) {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("insured_id", "preexisting", "policy_start"));
    List<InsuredColumn> fields = insured.fields();
    fields.forEach(f -> header.add(f.name()));
    header.addAll(policy.stateNames());
    List<InsuredRecord> records = insured.records();
    boolean kept = records.stream().anyMatch(r -> !r.keptShares().isEmpty());
    if (kept) {
      header.add(InsuredColumn.KEPT_SHARES);
    }
    Csv.appendRow(sb, header);
    for (int i = 0; i < records.size(); i++) {
      InsuredRecord r = records.get(i);
      Csv.appendCell(sb, r.insuredId());
      sb.append(',').append(r.preexisting()).append(',')
          .append(java.time.LocalDate.ofEpochDay(r.policyStart()));
      for (int f = 0; f < fields.size(); f++) {
        InsuredColumn c = fields.get(f);
        sb.append(',');
        Csv.appendCell(sb, c.kind() == InsuredColumn.Kind.CODES || c.kind() == InsuredColumn.Kind.ID
            ? InsuredColumn.formatCodes(r.codes(f)) : c.format(r.field(f)));
      }
      for (int s = 0; s < policy.stateNames().size(); s++) {
        sb.append(',');
        InsuredColumn c = policy.stateColumns().get(s);
        if (c.isByCode()) {
          Csv.appendCell(sb, c.formatByCode(r.valuesByCode(s)));
        } else {
          policy.stateTypes().get(s).append(sb, states[s][i]);
        }
      }
      if (kept) {
        sb.append(',');
        Csv.appendCell(sb, r.keptShares());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The aggregates CSV: {@code aggregate,group,claims,value}. */
  public String aggregatesCsv() {
    return aggregatesCsv(aggregates);
  }

  /** The aggregates CSV of {@code rows}: a withheld row has its claims and value empty. */
  public static String aggregatesCsv(List<AggregateRow> rows) {
    StringBuilder sb = new StringBuilder("aggregate,group,claims,value\n");
    for (AggregateRow r : rows) {
      Csv.appendCell(sb, r.aggregate());
      sb.append(',');
      Csv.appendCell(sb, r.group());
      sb.append(',');
      if (!r.withheld()) {
        sb.append(r.claims()).append(',');
        r.type().append(sb, r.value());
      } else {
        sb.append(',');
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
