package org.cosettle.policy.eval;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Party;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.InputField;
import org.cosettle.policy.check.PolicyYears;

/**
 * A batch of claims with their insured records, prepared for evaluation: each claim's insured
 * record resolved to an index once, line items flattened with per-claim offsets, and one
 * primitive column per input field, built the first time a policy reads that field and kept
 * for every later evaluation of the same batch.
 *
 * <p>Columns are in <em>evaluation order</em>: the first claim of every insured person in file
 * order (layer 0), then every second claim (layer 1), and so on. A layer holds at most one
 * claim per insured person, so a whole layer can be evaluated at once, and a chunk of it is a
 * contiguous range of every column. For states shared by a family, {@link #layeredBy} lays the
 * claims out with at most one claim per family in a layer.
 *
 * <pre>{@code
 * ClaimBatch batch = ClaimBatch.of(claims, insured);   // validates the insured links once
 * BatchResult a = Evaluator.evaluate(policyA, batch, paramsA);   // org.cosettle.policy.Evaluator
 * BatchResult b = Evaluator.evaluate(policyB, batch, paramsB);
 * }</pre>
 */
public final class ClaimBatch {
  private final List<Claim> claims;
  private final InsuredFile insuredFile;
  /** True for {@link #withoutClaimFields}: the claims are placeholders and their fields must not be read. */
  private final boolean claimFieldsAbsent;
  final int claimCount;
  /** {@code order[p]}: the file index of the claim at evaluation position {@code p}. */
  final int[] order;
  /** {@code position[c]}: the evaluation position of the claim at file index {@code c}. */
  final int[] position;
  /** Layer {@code l} is positions {@code layerStart[l] .. layerStart[l + 1] - 1}. */
  final int[] layerStart;
  /** Items of the claim at position {@code p} are {@code itemStart[p] .. itemStart[p + 1] - 1}. */
  final int[] itemStart;
  /** Items of the claim at file index {@code c} are {@code fileItemStart[c] .. fileItemStart[c + 1] - 1} in file order. */
  final int[] fileItemStart;
  /** The insured record index of the claim at each position. */
  final int[] insured;
  private final long[][] fields = new long[InputField.values().length][];
  private String[] diagnosis;
  private String[] itemCode;

  /** Which claims reverse which, against each other and the records of earlier batches. */
  final Reversals reversals;
  /** The records of earlier batches the reversals were resolved against, and their file's name (null: none). */
  private final List<SettledClaim> earlier;
  private final String ledgerName;

  private ClaimBatch(List<Claim> claims, InsuredFile insuredFile, int[] resolved) throws EvaluationException {
    this(claims, insuredFile, resolved, false, List.of(), null);
  }

  private ClaimBatch(List<Claim> claims, InsuredFile insuredFile, int[] resolved, boolean claimFieldsAbsent,
      List<SettledClaim> earlier, String ledgerName) throws EvaluationException {
    this(claims, insuredFile, resolved, claimFieldsAbsent, new int[0][], earlier, ledgerName);
  }

  /**
   * {@code groupings[k][record]}: a group of records (a family) whose claims must also fall in
   * different layers, in file order, besides one person's.
   */
  private ClaimBatch(List<Claim> claims, InsuredFile insuredFile, int[] resolved, boolean claimFieldsAbsent,
      int[][] groupings, List<SettledClaim> earlier, String ledgerName) throws EvaluationException {
    this.claimFieldsAbsent = claimFieldsAbsent;
    this.earlier = List.copyOf(earlier);
    this.ledgerName = ledgerName;
    this.claims = List.copyOf(claims);
    this.insuredFile = insuredFile;
    claimCount = claims.size();
    int[] who = resolved != null ? resolved : new int[claimCount];
    int[] layer = new int[claimCount];
    int[] items = new int[claimCount];
    int[] seen = new int[insuredFile.records().size()];
    int[][] groupSeen = new int[groupings.length][insuredFile.records().size()];
    int layers = 0;
    for (int c = 0; c < claimCount; c++) {
      Claim claim = this.claims.get(c);
      if (resolved == null) {
        who[c] = insuredFile.indexOf(claim.insuredId());
      }
      if (who[c] < 0) {
        throw new EvaluationException("claim " + claim.id() + " (line " + claim.line() + "): no insured record for \""
            + claim.insuredId() + "\"");
      }
      layer[c] = seen[who[c]];
      for (int k = 0; k < groupings.length; k++) {
        layer[c] = Math.max(layer[c], groupSeen[k][groupings[k][who[c]]]);
      }
      seen[who[c]] = layer[c] + 1;
      for (int k = 0; k < groupings.length; k++) {
        groupSeen[k][groupings[k][who[c]]] = layer[c] + 1;
      }
      items[c] = claim.items().size();
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
    fileItemStart = new int[claimCount + 1];
    for (int c = 0; c < claimCount; c++) {
      fileItemStart[c + 1] = Math.addExact(fileItemStart[c], items[c]);
    }
    itemStart = new int[claimCount + 1];
    for (int p = 0; p < claimCount; p++) {
      insured[p] = who[order[p]];
      itemStart[p + 1] = Math.addExact(itemStart[p], items[order[p]]);
    }
    reversals = Reversals.resolve(this.claims, this.earlier, ledgerName);
  }

  /**
   * The same claims laid out so that a layer also holds at most one claim of each group of
   * {@code groupings[k]} (record index to group, such as the first record of the person's
   * family), a group's claims in file order: the layout for states shared by a family.
   */
  ClaimBatch layeredBy(int[][] groupings) {
    int[] who = new int[claimCount];
    for (int c = 0; c < claimCount; c++) {
      who[c] = insured[position[c]];
    }
    try {
      return new ClaimBatch(claims, insuredFile, who, claimFieldsAbsent, groupings, earlier, ledgerName);
    } catch (EvaluationException e) {
      throw new IllegalStateException("every claim of a prepared batch has an insured record", e);
    }
  }

  /** The number of layers: the most claims any one insured person has in the batch. */
  public int layerCount() {
    return layers();
  }

  /**
   * The claims of layer {@code layer} (file indexes, in file order): the {@code layer}-th claim
   * of every insured person who has that many. Both parties of a handshake get the same layers.
   */
  public int[] layer(int layer) {
    return java.util.Arrays.copyOfRange(order, layerStart[layer], layerStart[layer + 1]);
  }

  /**
   * Where each claim's line items lie when the items of the batch are laid out in file order:
   * claim {@code c}'s are {@code [offsets[c], offsets[c + 1])}, the layout of an item-level
   * op's values captured for a handshake.
   */
  public int[] itemOffsets() {
    return fileItemStart.clone();
  }

  /** The index in {@link #insured()} of claim {@code file}'s insured record. */
  public int insuredIndex(int file) {
    return insured[position[file]];
  }

  int layers() {
    return layerStart.length - 1;
  }

  /**
   * Prepares a batch. Every claim's {@code insuredId} must have a record in {@code insured}, and
   * a reversal must take back an earlier claim of the batch (for one of an earlier batch, see
   * {@link #withEarlier}).
   *
   * @throws EvaluationException naming the first claim without an insured record, or the first
   *     reversal that cannot be settled
   */
  public static ClaimBatch of(List<Claim> claims, InsuredFile insured) throws EvaluationException {
    ClaimBatch batch = new ClaimBatch(claims, insured, null);
    batch.reversals.check();
    return batch;
  }

  /**
   * Prepares a batch whose reversals may also take back the claims of earlier batches, {@code
   * earlier} ({@code ledgerName} names their file in errors; see {@link #withEarlier}).
   *
   * @throws EvaluationException naming the first claim without an insured record, or the first
   *     reversal that cannot be settled
   */
  public static ClaimBatch of(List<Claim> claims, InsuredFile insured, List<SettledClaim> earlier, String ledgerName)
      throws EvaluationException {
    ClaimBatch batch = new ClaimBatch(claims, insured, null, false, earlier, ledgerName);
    batch.reversals.check();
    return batch;
  }

  /**
   * A batch whose claims carry nothing but their ids and insured ids (the insurer's view in
   * handshake mode, {@code org.cosettle.policy.internal.PartyViews}): evaluating an operation
   * that reads a claim field fails rather than read a placeholder's zero.
   *
   * @throws EvaluationException naming the first claim without an insured record
   */
  public static ClaimBatch withoutClaimFields(List<Claim> claims, InsuredFile insured) throws EvaluationException {
    return new ClaimBatch(claims, insured, null, true, List.of(), null);
  }

  /**
   * This batch with its reversals resolved against {@code earlier}, the records of the earlier
   * batches of the same policy ({@code ledgerName} names their file in errors): a claim may then
   * reverse a claim of an earlier batch, and none may reuse an earlier claim's id.
   *
   * @throws EvaluationException naming the first claim whose reversal cannot be settled
   */
  public ClaimBatch withEarlier(List<SettledClaim> earlier, String ledgerName) throws EvaluationException {
    int[] who = new int[claimCount];
    for (int c = 0; c < claimCount; c++) {
      who[c] = insuredIndex(c);
    }
    ClaimBatch batch = new ClaimBatch(claims, insuredFile, who, claimFieldsAbsent, earlier, ledgerName);
    batch.reversals.check();
    return batch;
  }

  /**
   * A batch of {@code claims} (a part of this batch's, consent having left some out, say) against
   * the same insured records and earlier records as this one.
   *
   * @throws EvaluationException naming the first claim without an insured record or whose reversal
   *     cannot be settled (its reversed claim left out, say)
   */
  public ClaimBatch sameEarlier(List<Claim> claims) throws EvaluationException {
    ClaimBatch batch = new ClaimBatch(claims, insuredFile, null, claimFieldsAbsent, earlier, ledgerName);
    batch.reversals.check();
    return batch;
  }

  /** Whether some claim of the batch reverses another. */
  public boolean hasReversals() {
    return reversals.any;
  }

  /**
   * Stops a batch whose reversals cannot be settled (a batch made by {@link #withoutClaimFields}
   * is not checked when made).
   *
   * @throws EvaluationException naming the first claim whose reversal cannot be settled
   */
  public void checkReversals() throws EvaluationException {
    reversals.check();
  }

  /**
   * The file index of the claim of this batch that the claim at file index {@code c} reverses;
   * -1 when that claim is no reversal or reverses a claim of an earlier batch.
   */
  public int reversedIndex(int c) {
    return reversals.any ? Math.max(-1, reversals.target[c]) : -1;
  }

  /** The id of the claim of an earlier batch that the claim at file index {@code c} reverses, or null. */
  public String reversedEarlierId(int c) {
    return reversals.any && reversals.earlier[c] != null ? reversals.earlier[c].claimId() : null;
  }

  /** A batch of the claims that have an insured record, and those that have none, in file order. */
  public record Resolved(ClaimBatch batch, List<Claim> withoutInsuredRecord) {}

  /**
   * Prepares a batch of the claims whose {@code insuredId} has a record in {@code insured} and
   * lists the others (for a caller that reports them all), looking each id up once. A reversal
   * that cannot be settled stops the batch's evaluation, unless {@link #withEarlier} resolves it.
   */
  public static Resolved resolve(List<Claim> claims, InsuredFile insured) {
    List<Claim> kept = new java.util.ArrayList<>(claims.size());
    List<Claim> missing = new java.util.ArrayList<>();
    int[] who = new int[claims.size()];
    for (Claim c : claims) {
      int r = insured.indexOf(c.insuredId());
      if (r < 0) {
        missing.add(c);
      } else {
        who[kept.size()] = r;
        kept.add(c);
      }
    }
    try {
      return new Resolved(new ClaimBatch(kept, insured, java.util.Arrays.copyOf(who, kept.size())), missing);
    } catch (EvaluationException e) {
      throw new IllegalStateException("every kept claim has an insured record", e);
    }
  }

  /** The claims, in file order. */
  public List<Claim> claims() {
    return claims;
  }

  /** The insured records the claims were resolved against. */
  public InsuredFile insured() {
    return insuredFile;
  }

  /** The number of claims. */
  public int size() {
    return claimCount;
  }

  /**
   * Builds the columns of {@code read} (by {@link InputField} ordinal) that do not exist yet, in
   * one pass over the claims in file order (the order they lie in memory), each claim and its
   * items visited once for all the fields and written to their evaluation-order places.
   */
  synchronized void prepare(boolean[] read) {
    List<InputField> claimLevel = new java.util.ArrayList<>();
    List<InputField> itemLevel = new java.util.ArrayList<>();
    boolean needDiagnosis = read[InputField.CLAIM_DIAGNOSIS.ordinal()] && diagnosis == null;
    boolean needCodes = read[InputField.ITEM_CODE.ordinal()] && itemCode == null;
    for (InputField f : InputField.values()) {
      if (read[f.ordinal()] && fields[f.ordinal()] == null && f.type() != Type.CODE) {
        if (f.owner() == Party.INSURER) {
          fields[f.ordinal()] = insuredColumn(f);
        } else {
          (f.perItem() ? itemLevel : claimLevel).add(f);
        }
      }
    }
    if (claimLevel.isEmpty() && itemLevel.isEmpty() && !needDiagnosis && !needCodes) {
      return;
    }
    if (claimFieldsAbsent) {
      throw new IllegalStateException("this batch has no claim fields (the insurer's view of a handshake batch)");
    }
    int itemCount = itemStart[claimCount];
    ClaimField[] claimGet = claimLevel.stream().map(ClaimBatch::claimField).toArray(ClaimField[]::new);
    long[][] claimCols = new long[claimGet.length][claimCount];
    ItemField[] itemGet = itemLevel.stream().map(ClaimBatch::itemField).toArray(ItemField[]::new);
    long[][] itemCols = new long[itemGet.length][itemCount];
    String[] d = needDiagnosis ? new String[claimCount] : null;
    String[] codes = needCodes ? new String[itemCount] : null;
    for (int file = 0; file < claimCount; file++) {
      Claim c = claims.get(file);
      int p = position[file];
      for (int f = 0; f < claimGet.length; f++) {
        claimCols[f][p] = claimGet[f].value(c);
      }
      if (d != null) {
        d[p] = c.diagnosis();
      }
      int k = itemStart[p];
      for (int i = 0, n = c.items().size(); i < n; i++, k++) {
        for (int f = 0; f < itemGet.length; f++) {
          itemCols[f][k] = itemGet[f].value(c, i);
        }
        if (codes != null) {
          codes[k] = c.itemCode(i);
        }
      }
    }
    for (int f = 0; f < claimGet.length; f++) {
      fields[claimLevel.get(f).ordinal()] = claimCols[f];
    }
    for (int f = 0; f < itemGet.length; f++) {
      fields[itemLevel.get(f).ordinal()] = itemCols[f];
    }
    if (d != null) {
      diagnosis = d;
    }
    if (codes != null) {
      itemCode = codes;
    }
  }

  /** The column of {@code f}, built by {@link #prepare}. */
  long[] column(InputField f) {
    long[] col = fields[f.ordinal()];
    if (col == null) {
      throw new IllegalStateException(f.displayName() + " was not prepared");
    }
    return col;
  }

  private long[] insuredColumn(InputField f) {
    List<InsuredRecord> records = insuredFile.records();
    long[] col = new long[records.size()];
    for (int r = 0; r < col.length; r++) {
      InsuredRecord rec = records.get(r);
      col[r] = f == InputField.INSURED_PREEXISTING ? (rec.preexisting() ? 1 : 0)
          : f == InputField.INSURED_POLICY_START_YMD ? PolicyYears.yearMonthDay(rec.policyStart()) : rec.policyStart();
    }
    return col;
  }

  String[] diagnosis() {
    return diagnosis;
  }

  String[] itemCode() {
    return itemCode;
  }

  /** Reads one field of a claim. */
  @FunctionalInterface
  private interface ClaimField {
    long value(Claim c);
  }

  private static ClaimField claimField(InputField f) {
    switch (f) {
      case CLAIM_VISIT_TYPE: return c -> c.visitType().ordinal();
      case CLAIM_HOSPITAL_LEVEL: return Claim::hospitalLevel;
      case CLAIM_ADMISSION_DATE: return Claim::admissionDate;
      case CLAIM_DISCHARGE_DATE: return Claim::dischargeDate;
      case CLAIM_ADMISSION_YMD: return c -> PolicyYears.yearMonthDay(c.admissionDate());
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
      case CLAIM_SETTLEMENT_ROUTE: return c -> c.route().ordinal();
      case CLAIM_THRESHOLD_APPLIED: return c -> c.thresholdApplied() ? 1 : 0;
      case CLAIM_OTHER_INSURER_PAID: return Claim::otherInsurerPaid;
      case CLAIM_DIAGNOSIS_DATE: return Claim::diagnosisDate;
      case CLAIM_ITEM_COUNT: return c -> c.items().size();
      case PATIENT_AGE: return Claim::age;
      case PATIENT_SEX: return c -> c.sex().ordinal();
      default: throw new IllegalArgumentException(f.displayName() + " is not a numeric claim field");
    }
  }

  /** Reads one field of item {@code i} of a claim (without making a {@code LineItem}). */
  @FunctionalInterface
  private interface ItemField {
    long value(Claim c, int i);
  }

  private static ItemField itemField(InputField f) {
    switch (f) {
      case ITEM_CATEGORY: return (c, i) -> c.itemCategory(i).ordinal();
      case ITEM_AMOUNT: return (c, i) -> c.itemAmount(i, Claim.ItemAmount.AMOUNT);
      case ITEM_FULL_SELF_PAY: return (c, i) -> c.itemAmount(i, Claim.ItemAmount.FULL_SELF_PAY);
      case ITEM_OVER_LIMIT: return (c, i) -> c.itemAmount(i, Claim.ItemAmount.OVER_LIMIT);
      case ITEM_PRE_SELF_PAY: return (c, i) -> c.itemAmount(i, Claim.ItemAmount.PRE_SELF_PAY);
      case ITEM_IN_SCOPE: return (c, i) -> c.itemAmount(i, Claim.ItemAmount.IN_SCOPE);
      case ITEM_SPECIAL_DRUG: return (c, i) -> c.itemSpecialDrug(i) ? 1 : 0;
      default: throw new IllegalArgumentException(f.displayName() + " is not a numeric item field");
    }
  }
}
