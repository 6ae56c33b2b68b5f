package org.cosettle.platform;

import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Decimals;

/**
 * The insurer's record of one settled claim: what it pays, under the settlement id both parties
 * derive ({@code <insurer id>-<claim id>}), without the split it cannot know (the bill, the basic
 * insurance, the personal account, the patient's cash and the hospital stay with the platform). In
 * a settlement file it is the settlement record with only the fields of {@link #FIELDS}; {@code
 * reconcile} matches it with the platform's record of the same id on the status, the policy's
 * payout (the platform's {@code commercial_payout + payout_excess}: what it paid and what it could
 * not pay of it, flagged) and the insurer, insured and claim ids.
 *
 * <pre>{@code
 * String jsonl = PayoutRecord.jsonLines(claimIds, insuredIds, payouts, new SettlementSplit.Options("payout", "INS01",
 *     LocalDate.of(2026, 12, 15)));
 * // {"settlement_id":"INS01-C0001","settlement_date":"2026-12-15","status":"SETTLED","reverses":"",
 * //  "insurer_id":"INS01","insured_id":"P001","claim_id":"C0001","commercial_payout":"2240.00"}
 * }</pre>
 *
 * @param commercialPayout the policy's payout for the claim, in fen, as the insurer computed it (the
 *     platform's record holds what it paid: the same unless it capped the payout, kept the rest in
 *     {@code payout_excess} and flagged it; the insurer does not see the patient's cash share)
 */
public record PayoutRecord(String settlementId, LocalDate settlementDate, String insurerId, String insuredId,
    String claimId, long commercialPayout) {
  /** The fields of a payout record, in canonical order (a subset of {@link SettlementRecord#FIELDS}). */
  public static final String[] FIELDS = {
    "settlement_id", "settlement_date", "status", "reverses", "insurer_id", "insured_id", "claim_id", "commercial_payout"
  };

  /** @throws IllegalArgumentException naming the field when a rule of the format is broken */
  public PayoutRecord {
    SettlementRecord.checkId("settlement_id", settlementId, false);
    if (settlementDate == null) {
      throw new InvalidRecordException("settlement_date", "missing");
    }
    SettlementRecord.checkId("insurer_id", insurerId, true);
    SettlementRecord.checkId("insured_id", insuredId, true);
    SettlementRecord.checkId("claim_id", claimId, true);
    RecordRules.checkMoney("commercial_payout", commercialPayout);
  }

  /** The records of a settled batch, in claim order, as JSON Lines in canonical form. */
  public static String jsonLines(List<String> claimIds, List<String> insuredIds, long[] payouts,
      SettlementSplit.Options options) {
    if (claimIds.size() != insuredIds.size() || claimIds.size() != payouts.length) {
      throw new IllegalArgumentException(claimIds.size() + " claim ids, " + insuredIds.size() + " insured ids and "
          + payouts.length + " payouts");
    }
    StringBuilder sb = new StringBuilder(claimIds.size() * 200);
    for (int i = 0; i < payouts.length; i++) {
      String claim = claimIds.get(i);
      new PayoutRecord(options.settlementId(claim), options.settlementDate(), options.insurerId(), insuredIds.get(i),
          claim, payouts[i]).appendCanonicalJson(sb);
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Appends the canonical JSON line (status {@code SETTLED}), without the line break. */
  public void appendCanonicalJson(StringBuilder sb) {
    String[] texts = {settlementId, settlementDate.toString(), SettlementStatus.SETTLED.name(), "", insurerId, insuredId,
      claimId};
    sb.append('{');
    for (int i = 0; i < texts.length; i++) {
      SettlementRecord.appendString(sb.append(i == 0 ? "" : ","), FIELDS[i], texts[i]);
    }
    sb.append(",\"").append(FIELDS[7]).append("\":\"");
    Decimals.appendFormatted(sb, commercialPayout, Decimals.MONEY_SCALE);
    sb.append("\"}");
  }
}
