package org.cosettle.policy;

import java.util.List;
import java.util.function.ToLongFunction;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;

/**
 * A batch of claims with their insured records, prepared for evaluation: each claim's insured
 * record resolved to an index once, line items flattened with per-claim offsets, and one
 * primitive column per input field, built the first time a policy reads that field and kept
 * for every later evaluation of the same batch.
 *
 * <p>Columns are in <em>evaluation order</em>: the first claim of every insured person in file
 * order (layer 0), then every second claim (layer 1), and so on. A layer holds at most one
 * claim per insured person, so a whole layer can be evaluated at once, and a chunk of it is a
 * contiguous range of every column.
 *
 * <pre>{@code
 * ClaimBatch batch = ClaimBatch.of(claims, insured);   // validates the insured links once
 * BatchResult a = Evaluator.evaluate(policyA, batch, paramsA);
 * BatchResult b = Evaluator.evaluate(policyB, batch, paramsB);
 * }</pre>
 */
public final class ClaimBatch {
  private final List<Claim> claims;
  private final InsuredFile insuredFile;
  final int claimCount;
  /** {@code order[p]}: the file index of the claim at evaluation position {@code p}. */
  final int[] order;
  /** {@code position[c]}: the evaluation position of the claim at file index {@code c}. */
  final int[] position;
  /** Layer {@code l} is positions {@code layerStart[l] .. layerStart[l + 1] - 1}. */
  final int[] layerStart;
  /** Items of the claim at position {@code p} are {@code itemStart[p] .. itemStart[p + 1] - 1}. */
  final int[] itemStart;
  /** The insured record index of the claim at each position. */
  final int[] insured;
  private final long[][] fields = new long[InputField.values().length][];
  private String[] diagnosis;
  private String[] itemCode;

  private ClaimBatch(List<Claim> claims, InsuredFile insuredFile) throws EvaluationException {
    this.claims = List.copyOf(claims);
    this.insuredFile = insuredFile;
    claimCount = claims.size();
    int[] who = new int[claimCount];
    int[] layer = new int[claimCount];
    int[] seen = new int[insuredFile.records().size()];
    int layers = 0;
    for (int c = 0; c < claimCount; c++) {
      Claim claim = this.claims.get(c);
      who[c] = insuredFile.indexOf(claim.insuredId());
      if (who[c] < 0) {
        throw new EvaluationException("claim " + claim.id() + " (line " + claim.line() + "): no insured record for \""
            + claim.insuredId() + "\"");
      }
      layer[c] = seen[who[c]]++;
      layers = Math.max(layers, layer[c] + 1);
    }
    // counting sort by layer, file order kept within a layer
    layerStart = new int[layers + 1];
    for (int c = 0; c < claimCount; c++) {
      layerStart[layer[c] + 1]++;
    }
    for (int l = 0; l < layers; l++) {
      layerStart[l + 1] += layerStart[l];
    }
    int[] next = layerStart.clone();
    order = new int[claimCount];
    position = new int[claimCount];
    for (int c = 0; c < claimCount; c++) {
      int p = next[layer[c]]++;
      order[p] = c;
      position[c] = p;
    }
    insured = new int[claimCount];
    itemStart = new int[claimCount + 1];
    for (int p = 0; p < claimCount; p++) {
      insured[p] = who[order[p]];
      itemStart[p + 1] = Math.addExact(itemStart[p], this.claims.get(order[p]).items().size());
    }
  }

  /** The number of layers: the most claims any one insured person has in the batch. */
  int layers() {
    return layerStart.length - 1;
  }

  /**
   * Prepares a batch. Every claim's {@code insuredId} must have a record in {@code insured}.
   *
   * @throws EvaluationException naming the first claim without an insured record
   */
  public static ClaimBatch of(List<Claim> claims, InsuredFile insured) throws EvaluationException {
    return new ClaimBatch(claims, insured);
  }

  public List<Claim> claims() {
    return claims;
  }

  public InsuredFile insured() {
    return insuredFile;
  }

  public int size() {
    return claimCount;
  }

  /** Builds the columns of {@code read} (by {@link InputField} ordinal) that do not exist yet. */
  synchronized void prepare(boolean[] read) {
    for (InputField f : InputField.values()) {
      if (!read[f.ordinal()]) {
        continue;
      }
      if (f == InputField.CLAIM_DIAGNOSIS) {
        if (diagnosis == null) {
          String[] d = new String[claimCount];
          for (int p = 0; p < claimCount; p++) {
            d[p] = claims.get(order[p]).diagnosis();
          }
          diagnosis = d;
        }
      } else if (f == InputField.ITEM_CODE) {
        if (itemCode == null) {
          String[] codes = new String[itemStart[claimCount]];
          int k = 0;
          for (int p = 0; p < claimCount; p++) {
            for (LineItem item : claims.get(order[p]).items()) {
              codes[k++] = item.code();
            }
          }
          itemCode = codes;
        }
      } else if (fields[f.ordinal()] == null) {
        fields[f.ordinal()] = column(f);
      }
    }
  }

  long[] column(InputField f) {
    long[] col = fields[f.ordinal()];
    if (col != null) {
      return col;
    }
    switch (f.level()) {
      case ITEM: {
        ToLongFunction<LineItem> get = itemField(f);
        col = new long[itemStart[claimCount]];
        int k = 0;
        for (int p = 0; p < claimCount; p++) {
          List<LineItem> items = claims.get(order[p]).items();
          for (int i = 0, n = items.size(); i < n; i++) {
            col[k++] = get.applyAsLong(items.get(i));
          }
        }
        return col;
      }
      default:
        if (f.owner() == Ir.Label.INSURER) {
          List<InsuredRecord> records = insuredFile.records();
          col = new long[records.size()];
          for (int r = 0; r < col.length; r++) {
            InsuredRecord rec = records.get(r);
            col[r] = f == InputField.INSURED_PREEXISTING ? (rec.preexisting() ? 1 : 0) : rec.policyStart();
          }
          return col;
        }
        ToLongFunction<Claim> get = claimField(f);
        col = new long[claimCount];
        for (int p = 0; p < claimCount; p++) {
          col[p] = get.applyAsLong(claims.get(order[p]));
        }
        return col;
    }
  }

  String[] diagnosis() {
    return diagnosis;
  }

  String[] itemCode() {
    return itemCode;
  }

  private static ToLongFunction<Claim> claimField(InputField f) {
    switch (f) {
      case CLAIM_VISIT_TYPE: return c -> c.visitType().ordinal();
      case CLAIM_HOSPITAL_LEVEL: return Claim::hospitalLevel;
      case CLAIM_ADMISSION_DATE: return Claim::admissionDate;
      case CLAIM_DISCHARGE_DATE: return Claim::dischargeDate;
      case CLAIM_TOTAL: return Claim::total;
      case CLAIM_FULL_SELF_PAY: return Claim::fullSelfPay;
      case CLAIM_OVER_LIMIT: return Claim::overLimit;
      case CLAIM_PRE_SELF_PAY: return Claim::preSelfPay;
      case CLAIM_IN_SCOPE: return Claim::inScope;
      case CLAIM_FUND_PAID: return Claim::fundPaid;
      case CLAIM_CRITICAL_PAID: return Claim::criticalPaid;
      case CLAIM_ASSISTANCE_PAID: return Claim::assistancePaid;
      case CLAIM_ACCOUNT_PAID: return Claim::accountPaid;
      case CLAIM_CASH_PAID: return Claim::cashPaid;
      case CLAIM_ITEM_COUNT: return c -> c.items().size();
      case PATIENT_AGE: return Claim::age;
      case PATIENT_SEX: return c -> c.sex().ordinal();
      default: throw new IllegalArgumentException(f.displayName() + " is not a numeric claim field");
    }
  }

  private static ToLongFunction<LineItem> itemField(InputField f) {
    switch (f) {
      case ITEM_CATEGORY: return i -> i.category().ordinal();
      case ITEM_AMOUNT: return LineItem::amount;
      case ITEM_FULL_SELF_PAY: return LineItem::fullSelfPay;
      case ITEM_OVER_LIMIT: return LineItem::overLimit;
      case ITEM_PRE_SELF_PAY: return LineItem::preSelfPay;
      case ITEM_IN_SCOPE: return LineItem::inScope;
      case ITEM_SPECIAL_DRUG: return i -> i.specialDrug() ? 1 : 0;
      default: throw new IllegalArgumentException(f.displayName() + " is not a numeric item field");
    }
  }
}
