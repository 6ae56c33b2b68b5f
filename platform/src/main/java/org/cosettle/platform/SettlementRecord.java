package org.cosettle.platform;

import java.time.LocalDate;
import org.cosettle.core.Decimals;

/**
 * One settlement of one claim between the platform, the hospital, the basic insurance and a
 * commercial insurer: the three-way split of the bill. Amounts are fen. The parts always add up:
 * {@code basicInsurance + personalAccount + commercialPayout + patientCash == total}.
 *
 * <p>A reversal (冲销) is a record of its own with status {@link SettlementStatus#REVERSED}, the
 * id of the settlement it takes back in {@code reverses}, and the amounts taken back with their
 * signs (normally the original's amounts negated, see {@link #reversal}).
 *
 * <p>The canonical form ({@link #canonicalJson()}) is one JSON object with the fields in a fixed
 * order, no spaces, money as strings with two decimals; it is the byte sequence that a batch
 * digest or a signature covers.
 *
 * <pre>{@code
 * SettlementRecord r = SettlementSplit.split(claim, payoutFen, "INS01", "INS01-", LocalDate.of(2026, 3, 10));
 * String line = r.canonicalJson();   // {"settlement_id":"INS01-C0001","settlement_date":"2026-03-10",...}
 * SettlementRecord back = r.reversal("INS01-C0001-R", LocalDate.of(2026, 3, 12));
 * }</pre>
 */
public record SettlementRecord(
    String settlementId,
    LocalDate settlementDate,
    SettlementStatus status,
    String reverses,
    String hospitalId,
    String insurerId,
    String insuredId,
    String claimId,
    long total,
    long basicInsurance,
    long personalAccount,
    long commercialPayout,
    long patientCash,
    long payoutExcess,
    SplitFlag flag) {

  /** Field names in canonical order. */
  public static final String[] FIELDS = {
    "settlement_id", "settlement_date", "status", "reverses", "hospital_id", "insurer_id",
    "insured_id", "claim_id", "total", "basic_insurance", "personal_account", "commercial_payout",
    "patient_cash", "payout_excess", "flag"
  };

  /** The longest id (settlement, hospital, insurer, insured, claim) a record may carry, in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 256;

  /** @throws IllegalArgumentException naming the field when a rule of the format is broken */
  public SettlementRecord {
    checkId("settlement_id", settlementId, false);
    if (settlementDate == null) {
      throw new InvalidRecordException("settlement_date", "missing");
    }
    if (status == null) {
      throw new InvalidRecordException("status", "missing");
    }
    checkId("reverses", reverses, true);
    checkId("hospital_id", hospitalId, true);
    checkId("insurer_id", insurerId, true);
    checkId("insured_id", insuredId, true);
    checkId("claim_id", claimId, true);
    if (flag == null) {
      throw new InvalidRecordException("flag", "missing");
    }
    RecordRules.checkStatus(status, reverses.isEmpty(), reverses.equals(settlementId));
    RecordRules.checkAmounts(total, basicInsurance, personalAccount, commercialPayout, patientCash, payoutExcess, flag);
  }

  /** The id of the settlement this record belongs to after netting: its own, or the one it reverses. */
  public String rootId() {
    return status == SettlementStatus.REVERSED ? reverses : settlementId;
  }

  /**
   * The record that takes this settlement back in full: same parties, every amount negated,
   * status {@code REVERSED}.
   */
  public SettlementRecord reversal(String reversalId, LocalDate date) {
    if (status != SettlementStatus.SETTLED) {
      throw new IllegalStateException("only a SETTLED record can be reversed; " + settlementId + " is " + status);
    }
    return new SettlementRecord(reversalId, date, SettlementStatus.REVERSED, settlementId, hospitalId, insurerId,
        insuredId, claimId, -total, -basicInsurance, -personalAccount, -commercialPayout, -patientCash,
        -payoutExcess, flag);
  }

  /** The canonical JSON line, without the line break. */
  public String canonicalJson() {
    StringBuilder sb = new StringBuilder(360);
    appendCanonicalJson(sb);
    return sb.toString();
  }

  /** Appends the canonical JSON line, without the line break. */
  public void appendCanonicalJson(StringBuilder sb) {
    sb.append('{');
    appendString(sb, FIELDS[0], settlementId);
    sb.append(',');
    appendString(sb, FIELDS[1], settlementDate.toString());
    sb.append(',');
    appendString(sb, FIELDS[2], status.name());
    sb.append(',');
    appendString(sb, FIELDS[3], reverses);
    sb.append(',');
    appendString(sb, FIELDS[4], hospitalId);
    sb.append(',');
    appendString(sb, FIELDS[5], insurerId);
    sb.append(',');
    appendString(sb, FIELDS[6], insuredId);
    sb.append(',');
    appendString(sb, FIELDS[7], claimId);
    long[] amounts = {total, basicInsurance, personalAccount, commercialPayout, patientCash, payoutExcess};
    for (int i = 0; i < amounts.length; i++) {
      sb.append(",\"").append(FIELDS[8 + i]).append("\":\"");
      Decimals.appendFormatted(sb, amounts[i], Decimals.MONEY_SCALE);
      sb.append('"');
    }
    sb.append(',');
    appendString(sb, FIELDS[14], flag.text());
    sb.append('}');
  }

  static void appendString(StringBuilder sb, String name, String value) {
    sb.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  static void checkId(String field, String value, boolean mayBeEmpty) {
    if (value == null) {
      throw new InvalidRecordException(field, "missing");
    }
    boolean control = false;
    for (int i = 0; i < value.length() && !control; i++) {
      control = Character.isISOControl(value.charAt(i));
    }
    RecordRules.checkId(field, utf8Length(value), mayBeEmpty, control);
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}
