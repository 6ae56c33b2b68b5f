package org.cosettle.mpc.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.cosettle.core.InputException;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.LedgerLines;
import org.cosettle.policy.Type;
import org.cosettle.policy.internal.PartyViews;
import org.cosettle.policy.ir.Ir;

/**
 * One party's ledger of shares for one policy in handshake mode: per claim settled, this party's
 * part of its outputs and of the increment it made to each money or int state, so that a later
 * batch can reverse it without either party learning them (docs/files.md, "Ledger of shares").
 * A party's part is its additive share (modulo 2^64) of a value computed on shares, the value
 * itself for one this party computed alone or that is public, and 0 for one the peer computed
 * alone. Each record names the settlement that wrote it ({@code batch}, the same at both
 * parties), so that two ledgers that do not belong together are refused. Under money or int states
 * kept per item code a record also keeps this party's part of every item row's increment (all K
 * rows, padding too) and, at the data holder only, each row's code, so that a later batch takes the
 * claim back code by code. One JSON object per line:
 *
 * <pre>{@code
 * {"claim_id":"C0001","insured_id":"P001","reverses":"","party":"insurer","batch":"7c1e…-09af…",
 *  "outputs":{"payout":"ffffffffffff3cb0"},"increments":{"paid_ytd":"00000000000a1f22"}}
 * }</pre>
 *
 * <pre>{@code
 * ShareLedger mine = ShareLedger.read(path, "shares.jsonl", policy, Party.INSURER);
 * InsurerOutcome out = insurer.ledger(mine).settle(session, BatchCheck.NONE);
 * out.ledger().write(path);   // once the settlement committed
 * }</pre>
 */
public final class ShareLedger {
  private static final ObjectMapper MAPPER = LedgerLines.MAPPER;
  private static final List<String> FIELDS = List.of("claim_id", "insured_id", "reverses", "party", "batch", "outputs",
      "increments", "policy_year", "row_increments", "row_codes");
  private static final HexFormat HEX = HexFormat.of();

  /**
   * One claim's record: its ids, the claim it reversed ("" for none), the settlement that wrote it,
   * this party's part of each output (by the policy's output order) and of each state's increment
   * (by state order; 0 for a bool state, which a reversal leaves alone; for a state declared {@code
   * per policy_year}, counted from the value the claim read, 0 when it started a new year; for a
   * state holding a policy year, the year itself after the claim), and,
   * for a policy with per-year states on shares, this party's part of the policy year the claim's
   * increments went into ({@code policyYear}; null when the record has none, as one written before
   * handshake mode recorded it). Under money or int states kept per item code ({@link
   * ItemCodeStates#takenBack}), {@code rowIncrements[s]} holds this party's part of the increment
   * each of the claim's K item rows (padding too) made to state s (by state number; null for the
   * others), and at the data holder {@code rowCodes} each row's code (null: padding; always null at
   * the insurer); both null in a record written before handshake mode kept them.
   */
  public record Entry(String claimId, String insuredId, String reverses, String batch, long[] outputs,
      long[] increments, Long policyYear, long[][] rowIncrements, String[] rowCodes) {
    /** A record without a policy year. */
    public Entry(String claimId, String insuredId, String reverses, String batch, long[] outputs, long[] increments) {
      this(claimId, insuredId, reverses, batch, outputs, increments, null, null, null);
    }

    /** The number of item rows the record keeps per state kept per item code (0: none). */
    int rows() {
      return rowCount(rowIncrements);
    }
  }

  /** The number of rows of the first state's shares in {@code rowIncrements} (0: none). */
  private static int rowCount(long[][] rowIncrements) {
    if (rowIncrements != null) {
      for (long[] r : rowIncrements) {
        if (r != null) {
          return r.length;
        }
      }
    }
    return 0;
  }

  private final CompiledPolicy policy;
  private final Party party;
  private final String name;
  private final List<Entry> entries;
  private final Map<String, Entry> byClaim = new HashMap<>();

  private ShareLedger(CompiledPolicy policy, Party party, String name, List<Entry> entries) {
    this.policy = policy;
    this.party = party;
    this.name = name;
    this.entries = List.copyOf(entries);
    for (Entry e : this.entries) {
      byClaim.put(e.claimId(), e);
    }
  }

  /** A ledger of {@code party} with no claim settled yet. */
  public static ShareLedger empty(CompiledPolicy policy, Party party) {
    return new ShareLedger(policy, party, null, List.of());
  }

  /**
   * The ledger of {@code party} in the file at {@code path} ({@code label} names it in errors),
   * written for {@code policy}: every line must be this party's and carry exactly the policy's
   * outputs and money and int states.
   *
   * @throws InputException with every bad line, located
   */
  public static ShareLedger read(Path path, String label, CompiledPolicy policy, Party party) throws IOException,
      InputException {
    return new ShareLedger(policy, party, label, LedgerLines.read(path, label, FIELDS, (root, errors) -> parse(root,
        policy, party, errors), Entry::claimId));
  }

  private static Entry parse(JsonNode root, CompiledPolicy policy, Party party, LedgerLines.Errors errors) {
    String claimId = LedgerLines.text(root, "claim_id", errors);
    String insuredId = LedgerLines.text(root, "insured_id", errors);
    String reverses = root.has("reverses") ? LedgerLines.text(root, "reverses", errors) : "";
    String batch = LedgerLines.text(root, "batch", errors);
    String owner = LedgerLines.text(root, "party", errors);
    if (owner != null && !owner.equals(partyName(party))) {
      errors.add("party", "this record is " + owner + "'s share; the " + party.displayName() + " reads its own ledger"
          + " of shares (" + partyName(party) + ")");
      owner = null;
    }
    List<String> outputNames = policy.outputs().stream().map(CompiledPolicy.Output::name).toList();
    long[] outputs = shares(root, "outputs", outputNames, errors);
    long[] counts = shares(root, "increments", countedStates(policy), errors);
    Long year = policyYear(root, policy, errors);
    long[][] rows = rowIncrements(root, policy, errors);
    String[] codes = rowCodes(root, party, rows, errors);
    if (claimId == null || insuredId == null || reverses == null || batch == null || owner == null || outputs == null
        || counts == null) {
      return null;
    }
    List<Type> types = policy.stateTypes();
    long[] increments = new long[types.size()];
    for (int s = 0, k = 0; s < types.size(); s++) {
      increments[s] = types.get(s) == Type.BOOL ? 0 : counts[k++];
    }
    return new Entry(claimId, insuredId, reverses, batch, outputs, increments, year, rows, codes);
  }

  /**
   * The shares of each item row's increment per money or int state kept per item code ({@code
   * row_increments}, by state number; null when the record has none, and reported when malformed,
   * when the rows are not a power of two up to the largest item bound, or when the policy has no
   * such state).
   */
  private static long[][] rowIncrements(JsonNode root, CompiledPolicy policy, LedgerLines.Errors errors) {
    JsonNode obj = root.get("row_increments");
    if (obj == null) {
      return null;
    }
    List<Ir.StateUpdate> states = ItemCodeStates.takenBack(policy.program());
    if (states.isEmpty() || !obj.isObject()) {
      errors.add("row_increments", states.isEmpty() ? "the policy has no money or int state kept per item code that"
          + " it updates (a ledger belongs to the policy that wrote it)" : "expected an object from state to shares");
      return null;
    }
    List<String> names = states.stream().map(Ir.StateUpdate::name).toList();
    for (java.util.Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        errors.add("row_increments." + name, "the policy has no such money or int state kept per item code");
        return null;
      }
    }
    long[][] rows = new long[policy.stateNames().size()][];
    int count = -1;
    for (Ir.StateUpdate u : states) {
      JsonNode v = obj.get(u.name());
      long[] shares = v == null || !v.isArray() ? null : new long[v.size()];
      for (int r = 0; shares != null && r < shares.length; r++) {
        shares = isShare(v.get(r)) ? shares : null;
        if (shares != null) {
          shares[r] = HexFormat.fromHexDigitsToLong(v.get(r).asText());
        }
      }
      if (shares == null || !ItemRows.isBound(shares.length) || count >= 0 && shares.length != count) {
        errors.add("row_increments." + u.name(), v == null ? "missing value" : "expected one share (16 hex digits)"
            + " per item row, as many rows as the other states' and a power of two up to " + ItemRows.MAX_BOUND);
        return null;
      }
      count = shares.length;
      rows[u.stateIndex()] = shares;
    }
    return rows;
  }

  /**
   * The data holder's code of each item row ({@code row_codes}, "" for padding): required beside
   * {@code rows} at the data holder, never in the insurer's record.
   */
  private static String[] rowCodes(JsonNode root, Party party, long[][] rows, LedgerLines.Errors errors) {
    JsonNode v = root.get("row_codes");
    if (party == Party.INSURER || rows == null) {
      if (v != null) {
        errors.add("row_codes", party == Party.INSURER ? "the insurer's ledger of shares never holds item codes"
            : "item codes without row_increments");
      }
      return null;
    }
    int count = rowCount(rows);
    if (v == null || !v.isArray() || v.size() != count || !java.util.stream.StreamSupport.stream(v.spliterator(),
        false).allMatch(JsonNode::isTextual)) {
      errors.add("row_codes", v == null ? "missing field (the data holder's record keeps each row's code beside"
          + " row_increments)" : "expected one code per item row (\"\" for padding), " + count + " rows");
      return null;
    }
    String[] codes = new String[count];
    for (int r = 0; r < count; r++) {
      codes[r] = v.get(r).asText().isEmpty() ? null : v.get(r).asText();
    }
    return codes;
  }

  private static boolean isShare(JsonNode v) {
    return v != null && v.isTextual() && v.asText().length() == 16 && v.asText().chars().allMatch(ch
        -> Character.digit(ch, 16) >= 0);
  }

  /**
   * The share of {@code policy_year}, 16 hex digits, when the record has one (null otherwise, and
   * reported when malformed or when the policy has no per-year state).
   */
  private static Long policyYear(JsonNode root, CompiledPolicy policy, LedgerLines.Errors errors) {
    JsonNode v = root.get("policy_year");
    if (v == null) {
      return null;
    }
    if (!hasYears(policy)) {
      errors.add("policy_year", "the policy has no state per policy_year (a ledger belongs to the policy that wrote"
          + " it)");
      return null;
    }
    if (!isShare(v)) {
      errors.add("policy_year", "expected a share as 16 hex digits");
      return null;
    }
    return HexFormat.fromHexDigitsToLong(v.asText());
  }

  /** Whether {@code policy} has states per policy year (its ledger's records then carry the year). */
  private static boolean hasYears(CompiledPolicy policy) {
    return policy.program().updates().stream().anyMatch(org.cosettle.policy.ir.Ir.StateUpdate::perPolicyYear);
  }

  /** The names of the policy's money and int states, in state order: those a ledger records. */
  private static List<String> countedStates(CompiledPolicy policy) {
    List<String> names = new ArrayList<>();
    for (int s = 0; s < policy.stateNames().size(); s++) {
      if (policy.stateTypes().get(s) != Type.BOOL) {
        names.add(policy.stateNames().get(s));
      }
    }
    return names;
  }

  private static String partyName(Party party) {
    return party == Party.INSURER ? "insurer" : "data_holder";
  }

  /** The shares of {@code names} under {@code field}, each 16 hex digits; null on an error. */
  private static long[] shares(JsonNode root, String field, List<String> names, LedgerLines.Errors errors) {
    return LedgerLines.values(root, field, names, field.equals("outputs") ? "output" : "money or int state",
        (v, k) -> isShare(v) ? HexFormat.fromHexDigitsToLong(v.asText()) : null, k -> "expected a share as 16 hex digits",
        errors);
  }

  /** The file the ledger was read from, as named when read; null for {@link #empty}. */
  public String name() {
    return name;
  }

  /** The party whose shares these are. */
  public Party party() {
    return party;
  }

  /** The records in settlement order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The record of claim {@code claimId}, or null. */
  Entry entry(String claimId) {
    return byClaim.get(claimId);
  }

  /**
   * The records as this party's plaintext part reads them ({@code plan}'s policy): a state kept on
   * shares shows no increment there (the secure part takes it back from the {@link Entry}).
   */
  List<PartyViews.Earlier> settled(org.cosettle.mpc.plan.Plan plan) {
    List<PartyViews.Earlier> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      long[] increments = e.increments().clone();
      for (int s = 0; s < increments.length; s++) {
        increments[s] = plan.stateShared(s) ? 0 : increments[s];
      }
      out.add(new PartyViews.Earlier(e.claimId(), e.insuredId(), e.reverses(), e.outputs(), increments));
    }
    return out;
  }

  /** This ledger followed by {@code batch}, a settled batch's records. */
  ShareLedger after(List<Entry> batch) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(batch);
    return new ShareLedger(policy, party, name, all);
  }

  /** The ledger as a JSON Lines file: one record per line, each share as 16 hex digits. */
  public String jsonl() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      ObjectNode line = MAPPER.createObjectNode();
      line.put("claim_id", e.claimId()).put("insured_id", e.insuredId()).put("reverses", e.reverses())
          .put("party", partyName(party)).put("batch", e.batch());
      ObjectNode outputs = line.putObject("outputs");
      for (int o = 0; o < policy.outputs().size(); o++) {
        outputs.put(policy.outputs().get(o).name(), HEX.toHexDigits(e.outputs()[o]));
      }
      ObjectNode increments = line.putObject("increments");
      for (int s = 0; s < policy.stateNames().size(); s++) {
        if (policy.stateTypes().get(s) != Type.BOOL) {
          increments.put(policy.stateNames().get(s), HEX.toHexDigits(e.increments()[s]));
        }
      }
      if (e.policyYear() != null) {
        line.put("policy_year", HEX.toHexDigits(e.policyYear()));
      }
      if (e.rowIncrements() != null) {
        ObjectNode rows = line.putObject("row_increments");
        for (Ir.StateUpdate u : ItemCodeStates.takenBack(policy.program())) {
          com.fasterxml.jackson.databind.node.ArrayNode shares = rows.putArray(u.name());
          for (long share : e.rowIncrements()[u.stateIndex()]) {
            shares.add(HEX.toHexDigits(share));
          }
        }
      }
      if (e.rowCodes() != null && party == Party.DATA_HOLDER) {
        com.fasterxml.jackson.databind.node.ArrayNode codes = line.putArray("row_codes");
        for (String code : e.rowCodes()) {
          codes.add(code == null ? "" : code);
        }
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }
}
