package org.cosettle.platform;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.Decimals;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Type;

/**
 * The three-way split at discharge: who pays what of one claim. The basic insurance pays
 * {@code fund_paid + critical_paid + assistance_paid}, the personal account {@code account_paid},
 * the commercial insurer the policy's payout, and the patient the rest of the cash share,
 * {@code cash_paid − payout}.
 *
 * <p>On an ordinary claim ({@code total >= 0}) the payout is kept within {@code [0, cash_paid]}:
 * a payout above the cash share is capped at it and flagged {@link SplitFlag#PAYOUT_EXCEEDS_CASH},
 * a negative payout becomes 0 and is flagged {@link SplitFlag#NEGATIVE_PAYOUT}; either way the
 * part not paid is kept in {@code payout_excess}, so the patient's share is never negative and
 * the policy's figure is never lost. On a refund ({@code total < 0}) every amount keeps its sign.
 *
 * <pre>{@code
 * SettlementSplit.Batch b = SettlementSplit.ofBatch(policy, claims, result,
 *     new SettlementSplit.Options("payout", "INS01", LocalDate.of(2026, 3, 10)));
 * b.flagged();   // the records whose payout had to be reported
 * }</pre>
 */
public final class SettlementSplit {
  /**
   * How a batch is settled: the money output holding the commercial payout, the insurer, the
   * settlement date. Settlement ids are {@code <insurerId>-<claim id>} (the claim id alone when
   * the insurer id is empty), so settling the same batch twice gives the same ids and a
   * reconciliation or clearing run rejects the second copy as a duplicate.
   */
  public record Options(String payoutOutput, String insurerId, LocalDate settlementDate) {
    public static final String DEFAULT_PAYOUT_OUTPUT = "payout";

    public Options {
      if (payoutOutput == null || payoutOutput.isEmpty()) {
        throw new IllegalArgumentException("payout output name must not be empty");
      }
      if (insurerId == null) {
        throw new IllegalArgumentException("insurer id must not be null (use \"\" for none)");
      }
      if (settlementDate == null) {
        throw new IllegalArgumentException("settlement date must not be null");
      }
    }

    String settlementId(String claimId) {
      return insurerId.isEmpty() ? claimId : insurerId + "-" + claimId;
    }
  }

  /** The records of a batch in claim order, and those of them that carry a flag. */
  public record Batch(List<SettlementRecord> records, List<SettlementRecord> flagged) {
    public Batch {
      records = List.copyOf(records);
      flagged = List.copyOf(flagged);
    }

    /** The records as JSON Lines, each in canonical form followed by {@code \n}. */
    public String jsonLines() {
      StringBuilder sb = new StringBuilder(records.size() * 360);
      for (SettlementRecord r : records) {
        r.appendCanonicalJson(sb);
        sb.append('\n');
      }
      return sb.toString();
    }
  }

  private SettlementSplit() {}

  /** Splits one claim given the policy's payout in fen. */
  public static SettlementRecord split(Claim claim, long payout, String insurerId, String settlementId,
      LocalDate settlementDate) {
    long basic = Math.addExact(Math.addExact(claim.fundPaid(), claim.criticalPaid()), claim.assistancePaid());
    long paid = payout;
    SplitFlag flag = SplitFlag.NONE;
    if (claim.total() >= 0) {
      long cashShare = Math.max(claim.cashPaid(), 0);
      if (payout > cashShare) {
        paid = cashShare;
        flag = SplitFlag.PAYOUT_EXCEEDS_CASH;
      } else if (payout < 0) {
        paid = 0;
        flag = SplitFlag.NEGATIVE_PAYOUT;
      }
    }
    return new SettlementRecord(settlementId, settlementDate, SettlementStatus.SETTLED, "", claim.hospitalId(),
        insurerId, claim.insuredId(), claim.id(), claim.total(), basic, claim.accountPaid(), paid,
        Math.subtractExact(claim.cashPaid(), paid), Math.subtractExact(payout, paid), flag);
  }

  /**
   * The index of the money output named {@code name} in {@code policy}.
   *
   * @throws IllegalArgumentException when the policy has no such output or it is not money
   */
  public static int payoutIndex(CompiledPolicy policy, String name) {
    List<CompiledPolicy.Output> outputs = policy.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).name().equals(name)) {
        if (outputs.get(i).type() != Type.MONEY) {
          throw new IllegalArgumentException("output '" + name + "' of policy " + policy.name()
              + " is " + outputs.get(i).type() + ", not money");
        }
        return i;
      }
    }
    List<String> names = new ArrayList<>();
    for (CompiledPolicy.Output o : outputs) {
      names.add(o.name());
    }
    throw new IllegalArgumentException("policy " + policy.name() + " has no output '" + name + "' (its outputs: "
        + String.join(", ", names) + ")");
  }

  /**
   * Splits every claim of an evaluated batch ({@code claims} in the order they were evaluated).
   *
   * @throws IllegalArgumentException when the payout output does not exist or is not money
   */
  public static Batch ofBatch(CompiledPolicy policy, List<Claim> claims, BatchResult result, Options options) {
    return ofBatch(claims, result.outputColumn(payoutIndex(policy, options.payoutOutput())), options);
  }

  /** Splits every claim given its payout ({@code payouts[i]} for {@code claims.get(i)}, in fen). */
  public static Batch ofBatch(List<Claim> claims, long[] payouts, Options options) {
    if (payouts.length != claims.size()) {
      throw new IllegalArgumentException(payouts.length + " payouts for " + claims.size() + " claims");
    }
    List<SettlementRecord> records = new ArrayList<>(claims.size());
    List<SettlementRecord> flagged = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      SettlementRecord r = split(c, payouts[i], options.insurerId(),
          options.settlementId(c.id()), options.settlementDate());
      records.add(r);
      if (r.flag() != SplitFlag.NONE) {
        flagged.add(r);
      }
    }
    return new Batch(records, flagged);
  }

  /** One line about a flagged record, for a person: which claim, what the policy asked, what was paid. */
  public static String describeFlag(SettlementRecord r) {
    long asked = r.commercialPayout() + r.payoutExcess();
    String what = r.flag() == SplitFlag.PAYOUT_EXCEEDS_CASH
        ? "payout " + Decimals.formatMoney(asked) + " exceeds the patient's cash share "
            + Decimals.formatMoney(r.commercialPayout() + r.patientCash()) + "; paid "
            + Decimals.formatMoney(r.commercialPayout())
        : "payout " + Decimals.formatMoney(asked) + " is negative on an ordinary claim; paid 0.00";
    return "claim " + r.claimId() + " (settlement " + r.settlementId() + "): " + r.flag().text() + ": " + what
        + ", excess " + Decimals.formatMoney(r.payoutExcess()) + " reported";
  }
}
