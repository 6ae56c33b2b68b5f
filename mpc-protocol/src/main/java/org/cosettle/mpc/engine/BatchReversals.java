package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Type;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir;

/**
 * A batch's reversals as both parties of handshake mode see them ({@code docs/protocol.md},
 * "Reversals"): which claim each reverses, the records of earlier batches' claims from a party's
 * ledger of shares, and the name both parties give the settlement in those ledgers, so that two
 * ledgers that do not belong together are refused.
 */
final class BatchReversals {
  private BatchReversals() {}

  /**
   * The refusal of a batch holding a reversal ({@code claims}, file order) under a policy ({@code
   * plan}'s) that updates a state declared per policy year that is not on shares with its restart
   * ({@link YearlyReversals#unsupported}); null when there is none. Plaintext mode settles such a
   * batch. A state kept per item code is taken back row by row, from the batch or from the ledgers
   * of shares ({@link ItemCodeStates}); a state shared by a family in the family chain ({@link
   * FamilyReversals}, and the values per code when they run in it, {@link ChainedCodeReversals}).
   */
  static Refusal unsupported(Plan plan, List<Claim> claims) {
    String why = YearlyReversals.unsupported(plan);
    if (why == null) {
      return null;
    }
    Claim first = claims.stream().filter(Claim::isReversal).findFirst().orElseThrow();
    return Refusal.ofBatch(Refusal.Kind.REVERSAL, "line " + first.line() + ": claim " + first.id() + " reverses claim "
        + first.reverses() + ", and " + why + ": handshake mode takes back states kept per insured person, per item"
        + " code or shared by a family, per policy_year too; settle this batch in rules-come-in mode");
  }

  /**
   * The refusal of a batch whose reversal takes back a claim of an earlier batch that {@code ledger}
   * records without what the policy ({@code plan}'s) needs to take it back (a record written before
   * handshake mode kept it): its policy year under per-year states on shares, its increments per item
   * row (and at the data holder each row's code) under money or int states kept per item code.
   * Names the first such claim; null when there is none.
   */
  static Refusal incompleteRecords(ClaimBatch batch, ShareLedger ledger, Plan plan) {
    ShareLedger.Entry[] records = batch == null ? null : earlierRecords(batch, ledger);
    if (records == null) {
      return null;
    }
    boolean years = YearlyReversals.of(plan) != null;
    boolean rows = !ItemCodeStates.takenBack(plan.program()).isEmpty();
    for (int c = 0; c < records.length; c++) {
      ShareLedger.Entry r = records[c];
      String lacks = r == null ? null : years && r.policyYear() == null ? "its policy_year: the policy's per-year"
          + " states are taken back only within the year a claim's increments went into"
          : rows && (r.rowIncrements() == null || ledger.party() == Party.DATA_HOLDER && r.rowCodes() == null)
          ? "its increments per item row (row_increments" + (ledger.party() == Party.DATA_HOLDER ? ", row_codes" : "")
          + "): the policy's states kept per item code are taken back code by code" : null;
      if (lacks != null) {
        Claim claim = batch.claims().get(c);
        return new Refusal(Refusal.Kind.REVERSAL, null, "claim " + claim.id() + " reverses claim " + claim.reverses()
            + ", which the " + ledger.party().displayName() + "'s ledger of shares" + (ledger.name() == null ? ""
            : " " + ledger.name()) + " records without " + lacks + "; settle this batch in rules-come-in mode",
            List.of(claim.id()));
      }
    }
    return null;
  }

  /**
   * Per claim of {@code claims} (file order), the codes its item rows carry: its items', or for a
   * reversal its target's — none of its own for one of the batch (the target's rows carry them),
   * those the data holder's ledger of shares {@code ledger} records for one of an earlier batch.
   * With {@code changing} (per claim and item, {@link KeptRows#changing}; null: all), only the
   * codes of the items that can change an updated state count of a claim's own items.
   */
  static List<List<String>> rowCodes(List<Claim> claims, ClaimBatch batch, ShareLedger ledger,
      boolean[][] changing) {
    ShareLedger.Entry[] records = batch == null ? null : earlierRecords(batch, ledger);
    List<List<String>> codes = new ArrayList<>(claims.size());
    for (int c = 0; c < claims.size(); c++) {
      ShareLedger.Entry r = records == null ? null : records[c];
      codes.add(r != null ? r.rowCodes() == null ? List.of() : java.util.Arrays.stream(r.rowCodes())
          .filter(java.util.Objects::nonNull).toList()
          : claims.get(c).isReversal() ? List.of() : ownCodes(claims.get(c), changing == null ? null : changing[c]));
    }
    return codes;
  }

  /**
   * At the data holder, the batch's code layers when the values per item code run in the family
   * chain ({@link ItemCodeStates#codeLayers}), from each claim's rows as the evaluator lays them:
   * its items' codes and whether each can change an updated state ({@code changing}, null: every
   * item can), a reversal its target's (every row of an earlier batch's target counting).
   */
  static int codeLayers(List<Claim> claims, ClaimBatch batch, ShareLedger ledger, boolean[][] changing,
      int itemBound) {
    ShareLedger.Entry[] records = batch == null ? null : earlierRecords(batch, ledger);
    int[] reversed = batch == null ? null : reversed(batch);
    List<String[]> codes = new ArrayList<>(claims.size());
    List<boolean[]> slotted = new ArrayList<>(claims.size());
    for (int c = 0; c < claims.size(); c++) {
      ShareLedger.Entry r = records == null ? null : records[c];
      int own = reversed != null && reversed[c] >= 0 ? reversed[c] : c;
      String[] rowCodes;
      boolean[] rows;
      if (r != null) {
        rowCodes = r.rowCodes() == null ? new String[0] : r.rowCodes().clone();
        rows = new boolean[rowCodes.length];
        java.util.Arrays.fill(rows, true);
      } else {
        Claim claim = claims.get(own);
        rowCodes = new String[claim.items().size()];
        rows = new boolean[rowCodes.length];
        for (int i = 0; i < rowCodes.length; i++) {
          rowCodes[i] = claim.items().get(i).code();
          rows[i] = changing == null || changing[own][i];
        }
      }
      codes.add(rowCodes);
      slotted.add(rows);
    }
    return ItemCodeStates.codeLayers(codes, slotted, itemBound);
  }

  /** The codes of {@code claim}'s items that can change an updated state ({@code changing}; null: every item). */
  private static List<String> ownCodes(Claim claim, boolean[] changing) {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < claim.items().size(); i++) {
      if (changing == null || changing[i]) {
        codes.add(claim.items().get(i).code());
      }
    }
    return codes;
  }

  /**
   * The most item rows that {@code ledger}'s records of the earlier batches' claims reversed in
   * {@code batch} keep (0: none): the data holder's item bound holds them, so that each such
   * reversal's rows carry its target's.
   */
  static int targetRows(ClaimBatch batch, ShareLedger ledger) {
    ShareLedger.Entry[] records = batch == null ? null : earlierRecords(batch, ledger);
    int most = 0;
    for (int c = 0; records != null && c < records.length; c++) {
      most = records[c] == null ? most : Math.max(most, records[c].rows());
    }
    return most;
  }

  /**
   * The insurer's refusal of a batch whose item bound {@code itemBound} cannot hold the rows its
   * ledger of shares records for a reversed claim of an earlier batch (a data holder picks a bound
   * that holds them, {@link #targetRows}); null when it holds them.
   */
  static Refusal tooFewRows(ClaimBatch batch, ShareLedger ledger, int itemBound) {
    int most = targetRows(batch, ledger);
    return most <= itemBound ? null : Refusal.ofBatch(Refusal.Kind.UNEXPECTED_METADATA, "the data holder sent an item"
        + " bound of " + itemBound + ", and a reversal of this batch takes back a claim of an earlier batch with "
        + most + " item rows");
  }

  /**
   * Per claim of {@code batch}, the file index of the claim it reverses, {@link BatchSlices#EARLIER}
   * or {@link BatchSlices#NONE}; null when none is a reversal.
   */
  static int[] reversed(ClaimBatch batch) {
    if (!batch.hasReversals()) {
      return null;
    }
    int[] reversed = new int[batch.size()];
    for (int c = 0; c < reversed.length; c++) {
      reversed[c] = batch.reversedEarlierId(c) != null ? BatchSlices.EARLIER : batch.reversedIndex(c);
    }
    return reversed;
  }

  /**
   * Per claim of {@code batch}, this party's record in {@code ledger} of the earlier batch's claim
   * it reverses (null for the others); null for none.
   */
  static ShareLedger.Entry[] earlierRecords(ClaimBatch batch, ShareLedger ledger) {
    ShareLedger.Entry[] records = new ShareLedger.Entry[batch.size()];
    boolean any = false;
    for (int c = 0; c < records.length; c++) {
      String id = batch.reversedEarlierId(c);
      records[c] = id == null ? null : ledger.entry(id);
      any |= records[c] != null;
    }
    return any ? records : null;
  }

  /**
   * Per claim of {@code batch} (null: none), the settlement that recorded in {@code ledger} the
   * earlier batch's claim it reverses ("" for the others); empty when no claim reverses one.
   */
  static List<String> reversedBatches(ClaimBatch batch, ShareLedger ledger) {
    if (batch == null || earlierRecords(batch, ledger) == null) {
      return List.of();
    }
    List<String> batches = new ArrayList<>(batch.size());
    for (int c = 0; c < batch.size(); c++) {
      String id = batch.reversedEarlierId(c);
      batches.add(id == null ? "" : ledger.entry(id).batch());
    }
    return batches;
  }

  /**
   * The refusal of a batch whose reversals take back claims that the two parties' ledgers of shares
   * record from different settlements (their shares would not add up): names the first such claim.
   */
  static Refusal mismatchedLedgers(ClaimBatch batch, ShareLedger ledger, List<String> theirs,
      List<String> claimIds) {
    List<String> mine = reversedBatches(batch, ledger);
    List<String> bad = new ArrayList<>();
    String first = null;
    for (int c = 0; c < claimIds.size(); c++) {
      String a = c < mine.size() ? mine.get(c) : "";
      String b = c < theirs.size() ? theirs.get(c) : "";
      if (!a.equals(b)) {
        bad.add(claimIds.get(c));
        if (first == null) {
          first = "claim " + claimIds.get(c) + " reverses claim " + batch.claims().get(c).reverses() + " of an earlier"
              + " batch, which the insurer's ledger of shares records from settlement " + (a.isEmpty() ? "(none)" : a)
              + " and the data holder's from " + (b.isEmpty() ? "(none)" : b);
        }
      }
    }
    return new Refusal(Refusal.Kind.REVERSAL, null, first + "; the two ledgers of shares do not belong together: give"
        + " each party its own ledger written by the same settlements", bad);
  }

  /**
   * The name both parties give this settlement in their ledgers of shares: the start of the batch's
   * digest ({@link HandshakeSettlement#batchDigest}) and the data holder's nonce, in hex.
   */
  static String settlementName(List<String> claimIds, List<String> insuredIds, byte[] nonce) {
    return HandshakeSettlement.batchDigest(claimIds, insuredIds).substring(0, 16) + "-"
        + java.util.HexFormat.of().formatHex(nonce);
  }

  /**
   * This party's records of the batch's claims for its ledger of shares ({@link ShareLedger}), all
   * under {@code batch}, from {@code run}: its part of each output (its share of one on shares, the value of one it
   * computed alone or that is public, 0 for one the peer computed alone) and of each money or int
   * state's increment (its share of one kept on shares; the insurer's increment of one it keeps
   * alone, 0 at the data holder), and under per-year states on shares its share of the policy year
   * the claim's increments went into; under money or int states kept per item code, its share of
   * each item row's increment (padding too) and at the data holder each row's code. Call after the
   * last slice.
   */
  static List<ShareLedger.Entry> ledgerEntries(PartyRun run, SecureEvaluator evaluator, LocalValues local,
      List<String> claimIds, List<String> insuredIds, List<String> reverses, String batch) {
    CompiledPolicy policy = run.policy;
    Plan plan = run.plan;
    int n = claimIds.size();
    List<CompiledPolicy.Output> outputs = policy.outputs();
    long[][] parts = new long[outputs.size()][];
    for (int o = 0; o < outputs.size(); o++) {
      int op = outputs.get(o).op();
      Label site = plan.site(op);
      parts[o] = site == Label.JOINT ? evaluator.kept(op)
          : site == Label.PUBLIC || site == run.mySite ? run.reversing(local.column(op), o) : new long[n];
    }
    List<Type> types = policy.stateTypes();
    long[] years = evaluator.yearShares();
    List<ShareLedger.Entry> entries = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      long[] out = new long[outputs.size()];
      for (int o = 0; o < out.length; o++) {
        out[o] = parts[o][c];
      }
      long[] inc = new long[types.size()];
      for (int s = 0; s < inc.length; s++) {
        if (types.get(s) == Type.BOOL) {
          continue;
        }
        if (plan.stateShared(s)) {
          long[] shared = evaluator.incrementShares(s);
          inc[s] = shared != null ? shared[c] : 0;
        } else {
          inc[s] = run.me == Party.INSURER ? local.increments()[s][c] : 0;
        }
      }
      entries.add(new ShareLedger.Entry(claimIds.get(c), insuredIds.get(c), reverses.isEmpty() ? "" : reverses.get(c),
          batch, out, inc, years == null ? null : years[c], evaluator.claimRows(c), evaluator.claimCodes(c)));
    }
    return entries;
  }
}
