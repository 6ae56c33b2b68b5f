package org.cosettle.mpc.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cosettle.core.Claim;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Party;
import org.cosettle.core.ReadFailures;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.LedgerLines;
import org.cosettle.policy.ir.Ir;

/**
 * One party's kept shares of the states a policy keeps per item code ({@code state drug_paid:
 * money by item.code}) in handshake mode: per insured person, {@link #SLOTS} slots, each this
 * party's additive share (modulo 2^64) of the increments that the person's items of one code made
 * to each such state in the batches settled so far, so that the next batch reads a code's value as
 * the insurer's recorded value plus the kept part, and neither party learns it (docs/protocol.md,
 * "States per item code"; docs/files.md, "Kept shares"). The data holder's file names the code
 * each slot holds ("" for a free one); the insurer's names none, and holds every slot of every
 * person, used or not, so it learns no count. Every line names the settlement that wrote the file
 * ({@code batch}, the same at both parties), so that two files that do not belong together are
 * refused. One JSON object per person and slot:
 *
 * <pre>{@code
 * {"insured_id":"P001","slot":0,"code":"XL01XC","party":"data_holder","batch":"7c1e…-09af…",
 *  "shares":{"drug_paid":"ffffffffffff3cb0"}}
 * }</pre>
 *
 * <pre>{@code
 * KeptShares mine = KeptShares.read(path, "kept.jsonl", policy, Party.INSURER);
 * InsurerOutcome out = insurer.kept(mine).settle(session, BatchCheck.NONE);
 * Files.writeString(path, out.kept().jsonl());   // once the settlement committed
 * }</pre>
 */
public final class KeptShares {
  /** The slots each person has per state: the most codes a person's kept shares hold. */
  public static final int SLOTS = Plan.KEPT_CODE_SLOTS;
  private static final List<String> FIELDS = List.of("insured_id", "slot", "code", "party", "batch", "shares");
  private static final HexFormat HEX = HexFormat.of();

  /**
   * One person's slots: at the data holder the code of each (null: free), at the insurer null;
   * this party's share per updated state (in {@link #states} order) and slot.
   */
  record Person(String[] codes, long[][] shares) {}

  private final Party party;
  private final String batch;
  private final String name;
  private final List<String> states;
  private final Map<String, Person> persons;

  private KeptShares(Party party, String batch, String name, List<String> states, Map<String, Person> persons) {
    this.party = party;
    this.batch = batch;
    this.name = name;
    this.states = List.copyOf(states);
    this.persons = persons;
  }

  /** The kept shares of {@code party} before any batch: every value 0, named by no settlement. */
  public static KeptShares empty(CompiledPolicy policy, Party party) {
    return new KeptShares(party, "", null, updated(policy.program()), new LinkedHashMap<>());
  }

  /** The names of the states of {@code program} kept per item code that it updates, in update order. */
  static List<String> updated(Ir.Program program) {
    return Arrays.stream(ItemCodeStates.keyed(program)).filter(u -> u.op() >= 0).map(Ir.StateUpdate::name).toList();
  }

  /**
   * The kept shares of {@code party} in the file at {@code path} ({@code label} names it in errors),
   * written for {@code policy}: every line this party's, of one settlement, with a share of each
   * updated state kept per item code, and every person with all {@link #SLOTS} slots.
   *
   * @throws InputException with every bad line, located
   */
  public static KeptShares read(Path path, String label, CompiledPolicy policy, Party party) throws IOException,
      InputException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ReadFailures.named(path, e);
    }
    List<String> states = updated(policy.program());
    List<InputError> errors = new ArrayList<>();
    Map<String, Person> persons = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    String batch = null;
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      int line = i + 1;
      LedgerLines.Errors here = (field, message) -> errors.add(new InputError(label, line, field, message));
      JsonNode root = object(lines.get(i), here);
      if (root == null) {
        continue;
      }
      String person = LedgerLines.text(root, "insured_id", here);
      String lineBatch = LedgerLines.text(root, "batch", here);
      String owner = LedgerLines.text(root, "party", here);
      if (owner != null && !owner.equals(partyName(party))) {
        here.add("party", "these are the " + owner + "'s kept shares; the " + party.displayName() + " reads its own ("
            + partyName(party) + ")");
      }
      JsonNode slotNode = root.get("slot");
      int slot = slotNode != null && slotNode.canConvertToInt() && slotNode.isIntegralNumber() ? slotNode.asInt() : -1;
      if (slot < 0 || slot >= SLOTS) {
        here.add("slot", "expected a slot number from 0 to " + (SLOTS - 1));
      }
      String code = code(root, party, here);
      long[] shares = LedgerLines.values(root, "shares", states, "state kept per item code that the policy updates",
          (v, k) -> v.isTextual() && v.asText().length() == 16 && v.asText().chars().allMatch(ch -> Character.digit(
              ch, 16) >= 0) ? HexFormat.fromHexDigitsToLong(v.asText()) : null, k -> "expected a share as 16 hex digits",
          here);
      if (lineBatch != null && batch != null && !lineBatch.equals(batch)) {
        here.add("batch", "settlement " + lineBatch + ", but line " + firstLine.values().iterator().next() + " names "
            + batch + ": a file of kept shares is written by one settlement");
      }
      if (person == null || lineBatch == null || owner == null || !owner.equals(partyName(party)) || slot < 0
          || slot >= SLOTS || shares == null || party == Party.DATA_HOLDER && code == null) {
        continue;
      }
      batch = batch == null ? lineBatch : batch;
      firstLine.putIfAbsent(person, line);
      Person p = persons.computeIfAbsent(person, x -> new Person(party == Party.DATA_HOLDER ? new String[SLOTS] : null,
          new long[states.size()][SLOTS]));
      int mask = seen.getOrDefault(person, 0);
      if ((mask & (1 << slot)) != 0) {
        here.add("slot", "person " + person + " slot " + slot + " is recorded twice");
        continue;
      }
      seen.put(person, mask | 1 << slot);
      for (int s = 0; s < states.size(); s++) {
        p.shares()[s][slot] = shares[s];
      }
      if (p.codes() != null && !code.isEmpty()) {
        if (Arrays.asList(p.codes()).contains(code)) {
          here.add("code", "person " + person + " holds code " + code + " in two slots");
        }
        p.codes()[slot] = code;
      }
    }
    for (Map.Entry<String, Integer> e : seen.entrySet()) {
      if (e.getValue() != (1 << SLOTS) - 1) {
        errors.add(new InputError(label, firstLine.get(e.getKey()), "slot", "person " + e.getKey() + " has "
            + Integer.bitCount(e.getValue()) + " of the " + SLOTS + " slots every person's kept shares hold"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return new KeptShares(party, batch == null ? "" : batch, label, states, persons);
  }

  private static JsonNode object(String line, LedgerLines.Errors errors) {
    JsonNode root;
    try {
      root = LedgerLines.MAPPER.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      errors.add("", "not a JSON object: " + e.getOriginalMessage());
      return null;
    }
    if (!(root instanceof ObjectNode)) {
      errors.add("", "expected a JSON object");
      return null;
    }
    for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        errors.add(field, "unknown field (expected " + String.join(", ", FIELDS) + ")");
      }
    }
    return root;
  }

  /** The data holder's code of a line ("" for a free slot); the insurer's lines name none. */
  private static String code(JsonNode root, Party party, LedgerLines.Errors errors) {
    JsonNode n = root.get("code");
    if (party == Party.INSURER) {
      if (n != null) {
        errors.add("code", "the insurer's kept shares name no code (only the data holder knows them)");
      }
      return "";
    }
    if (n == null || !n.isTextual()) {
      errors.add("code", n == null ? "missing field" : "expected the slot's code, or \"\" for a free slot");
      return null;
    }
    return n.asText();
  }

  private static String partyName(Party party) {
    return party == Party.INSURER ? "insurer" : "data_holder";
  }

  /** The party whose shares these are. */
  public Party party() {
    return party;
  }

  /** The settlement that wrote these shares (both parties' name of it); "" before any. */
  public String batch() {
    return batch;
  }

  /** The file the shares were read from, as named when read; null otherwise. */
  public String name() {
    return name;
  }

  /** The insured ids with kept shares, in file order. */
  public Set<String> persons() {
    return java.util.Collections.unmodifiableSet(persons.keySet());
  }

  /** This party's shares of updated state number {@code state} (in {@link #updated} order) of a person: 0 for none. */
  long[] shares(int state, String insuredId) {
    Person p = persons.get(insuredId);
    return p == null ? new long[SLOTS] : p.shares()[state].clone();
  }

  /** At the data holder, the code each slot of a person holds (null: free). */
  String[] codes(String insuredId) {
    Person p = persons.get(insuredId);
    return p == null ? new String[SLOTS] : p.codes().clone();
  }

  /**
   * The data holder's refusal of a batch in which an insured person's kept codes and the codes its
   * claims' rows carry in the batch that take slots ({@code rowCodes}, per claim: its items' that
   * can change an updated state, a reversal's its target's) are more than {@link #SLOTS} (named by the person's first claim, public metadata);
   * null when every person fits.
   */
  Refusal tooManyCodes(List<Claim> claims, List<List<String>> rowCodes) {
    Map<String, Set<String>> codes = new LinkedHashMap<>();
    Map<String, String> first = new LinkedHashMap<>();
    for (int k = 0; k < claims.size(); k++) {
      Claim c = claims.get(k);
      first.putIfAbsent(c.insuredId(), c.id());
      Set<String> held = codes.computeIfAbsent(c.insuredId(), id -> {
        Set<String> s = new LinkedHashSet<>();
        for (String code : codes(id)) {
          if (code != null) {
            s.add(code);
          }
        }
        return s;
      });
      held.addAll(rowCodes.get(k));
    }
    for (Map.Entry<String, Set<String>> e : codes.entrySet()) {
      if (e.getValue().size() > SLOTS) {
        return new Refusal(Refusal.Kind.STATE_BY_ITEM_CODE, null, "the insured person of claim " + first.get(e.getKey())
            + " has items of more than " + SLOTS + " codes kept on shares (codes of items that an update of a"
            + " state per item code can change), the most handshake mode keeps per person;"
            + " open the kept values first, or settle the batch in rules-come-in mode", List.of(first.get(e.getKey())));
      }
    }
    return null;
  }

  /**
   * The refusal of a batch whose two parties' kept shares were written by different settlements
   * (or one has none): the same at both parties. Null when they belong together.
   */
  static Refusal mismatch(String insurers, String dataHolders) {
    if (insurers.equals(dataHolders)) {
      return null;
    }
    return Refusal.ofBatch(Refusal.Kind.STATE_BY_ITEM_CODE, "the two parties' kept shares of the states per item code"
        + " do not belong together: the insurer's were written by settlement " + (insurers.isEmpty() ? "(none: no"
        + " file)" : insurers) + ", the data holder's by " + (dataHolders.isEmpty() ? "(none: no file)" : dataHolders)
        + "; give each party its own kept shares written by the same settlement");
  }

  /**
   * The insurer's refusal of a batch in which its states file names, for an insured person of the
   * batch ({@link InsuredRecord#keptShares}), the settlement that wrote the person's kept shares,
   * but {@code kept} (its kept shares before the batch) is no file, was written by another
   * settlement or holds no slots of the person: the values per code kept since would be read as 0.
   * Named by the person's first claim; the detail stays with the insurer ({@link #LOST_FOR_PEER}
   * is what the data holder learns). Null when every person's kept shares are there.
   */
  static Refusal lost(InsuredFile insured, KeptShares kept, List<String> claimIds, List<String> insuredIds) {
    for (int c = 0; c < claimIds.size(); c++) {
      int record = insured.indexOf(insuredIds.get(c));
      String named = record < 0 ? "" : insured.records().get(record).keptShares();
      if (named.isEmpty() || named.equals(kept.batch()) && kept.persons.containsKey(insuredIds.get(c))) {
        continue;
      }
      String found = kept.batch().isEmpty() ? "there is no kept-shares file (--kept-shares)"
          : !named.equals(kept.batch()) ? "the kept-shares file " + (kept.name() == null ? "" : kept.name() + " ")
          + "was written by settlement " + kept.batch()
          : "the kept-shares file " + (kept.name() == null ? "" : kept.name() + " ") + "holds no slots of the person";
      return new Refusal(Refusal.Kind.STATE_BY_ITEM_CODE, null, "the insured file records the kept shares of the"
          + " insured person of claim " + claimIds.get(c) + " as written by settlement " + named + ", but " + found
          + ": the values per item code kept since would be read as 0; give both parties the kept shares written by"
          + " settlement " + named + " (or open them first with cosettle handshake open-kept)",
          List.of(claimIds.get(c)));
    }
    return null;
  }

  /** What the data holder learns of the insurer's {@link #lost} refusal: only that the batch was refused. */
  static final Refusal LOST_FOR_PEER = Refusal.ofBatch(Refusal.Kind.STATE_BY_ITEM_CODE, "the insurer's kept shares"
      + " of the states per item code do not match its insured file (its details stay with the insurer)");

  /**
   * {@code insured} (the insurer's states file after a batch) with every person of {@code after}
   * (the insurer's kept shares after it; null: none) naming the settlement that wrote them, the
   * {@code kept_shares} column the next batch checks its kept shares against ({@link #lost}).
   */
  public static InsuredFile boundTo(InsuredFile insured, KeptShares after) {
    if (after == null) {
      return insured;
    }
    List<InsuredRecord> records = new ArrayList<>();
    for (InsuredRecord r : insured.records()) {
      records.add(after.persons.containsKey(r.insuredId()) ? r.withKeptShares(after.batch) : r);
    }
    return InsuredFile.of(insured.fields(), insured.states(), records);
  }

  /** The names of the states kept, the policy's states per item code that it updates, in update order. */
  public List<String> states() {
    return states;
  }

  /**
   * The joint opening of both parties' kept shares, written by the same settlement: per insured
   * person and kept state ({@link #states} order), the value each code's items added since the
   * shares were first kept (codes whose value is 0 left out, in slot order). Both parties must
   * agree to it: it shows whoever holds the result the person's codes (say at the end of a policy
   * year, when the values restart anyway).
   *
   * @throws IllegalArgumentException when the two are not the data holder's and the insurer's
   *     shares of one settlement
   */
  public static Map<String, List<Map<String, Long>>> open(KeptShares dataHolder, KeptShares insurer) {
    if (dataHolder.party != Party.DATA_HOLDER || insurer.party != Party.INSURER) {
      throw new IllegalArgumentException("a joint opening takes the data holder's kept shares and the insurer's");
    }
    Refusal mismatch = mismatch(insurer.batch, dataHolder.batch);
    if (mismatch != null) {
      throw new IllegalArgumentException(mismatch.detail());
    }
    if (!dataHolder.persons.keySet().equals(insurer.persons.keySet())) {
      throw new IllegalArgumentException("the two parties' kept shares hold different persons: they do not belong"
          + " together");
    }
    Map<String, List<Map<String, Long>>> out = new LinkedHashMap<>();
    dataHolder.persons.forEach((id, mine) -> {
      Person theirs = insurer.persons.get(id);
      List<Map<String, Long>> values = new ArrayList<>();
      for (int s = 0; s < dataHolder.states.size(); s++) {
        Map<String, Long> byCode = new LinkedHashMap<>();
        for (int slot = 0; slot < SLOTS; slot++) {
          long v = mine.shares()[s][slot] + theirs.shares()[s][slot];
          if (mine.codes()[slot] != null && v != 0) {
            byCode.put(mine.codes()[slot], v);
          }
        }
        values.add(byCode);
      }
      out.put(id, values);
    });
    return out;
  }

  /**
   * {@code insured} (the insurer's states file after the batch that wrote the kept shares) with
   * the jointly opened kept values ({@link #open}) added to each person's values per code and no
   * kept shares named: the states file rules-come-in mode would have written, the next batch's
   * insured file with no kept shares.
   *
   * @throws IllegalArgumentException as {@link #open}, for a person with no insured record, or one
   *     whose record names kept shares of another settlement
   */
  public static InsuredFile opened(CompiledPolicy policy, InsuredFile insured, KeptShares dataHolder,
      KeptShares insurer) {
    Map<String, List<Map<String, Long>>> values = open(dataHolder, insurer);
    for (String id : values.keySet()) {
      if (insured.indexOf(id) < 0) {
        throw new IllegalArgumentException("the kept shares hold person " + id + ", who has no insured record");
      }
      String named = insured.records().get(insured.indexOf(id)).keptShares();
      if (!named.isEmpty() && !named.equals(insurer.batch)) {
        throw new IllegalArgumentException("the insured file records person " + id + "'s kept shares as written by"
            + " settlement " + named + ", the kept shares were written by " + insurer.batch + ": they do not belong"
            + " together");
      }
    }
    List<Integer> stateIndex = new ArrayList<>();
    for (String name : dataHolder.states) {
      stateIndex.add(policy.stateNames().indexOf(name));
    }
    List<InsuredRecord> records = new ArrayList<>();
    for (InsuredRecord r : insured.records()) {
      List<Map<String, Long>> kept = values.get(r.insuredId());
      List<Map<String, Long>> byCode = new ArrayList<>();
      for (int s = 0; s < policy.stateNames().size(); s++) {
        // in code order, as rules-come-in mode writes them
        Map<String, Long> merged = new TreeMap<>(r.valuesByCode(s));
        int k = stateIndex.indexOf(s);
        if (k >= 0 && kept != null) {
          kept.get(k).forEach((code, v) -> merged.merge(code, v, Long::sum));
          merged.values().removeIf(v -> v == 0);
        }
        byCode.add(merged);
      }
      // the opened values are in the file now: no kept shares hold them
      records.add(kept == null ? r.withValuesByCode(byCode) : r.withValuesByCode(byCode).withKeptShares(""));
    }
    return InsuredFile.of(insured.fields(), insured.states(), records);
  }

  /**
   * The insurer's insured records after a handshake batch of {@code policy} ({@code insured}
   * before it, {@code states} every state after it per record): a state per item code keeps its
   * recorded values per code (the batch's increments are in the kept shares), except that one
   * declared per policy year drops them for each person whose recorded {@code policy_year} moved
   * from a recorded year to a later one, as rules-come-in mode drops the old year's codes: the
   * kept shares restarted on shares at that person's first claim of the new year. The insurer
   * learns the years from the batch's states, so this reveals nothing more.
   */
  public static InsuredFile recordedAfter(CompiledPolicy policy, InsuredFile insured, long[][] states) {
    List<Ir.StateUpdate> updates = policy.program().updates();
    if (updates.stream().noneMatch(u -> u.byItemCode() && u.perPolicyYear())) {
      return insured;
    }
    int year = policy.stateNames().size() - 1;
    List<InsuredRecord> records = new ArrayList<>();
    for (int i = 0; i < insured.records().size(); i++) {
      InsuredRecord r = insured.records().get(i);
      long was = r.state(year);
      if (was <= 0 || states[year][i] <= was) {
        records.add(r);
        continue;
      }
      List<Map<String, Long>> byCode = new ArrayList<>();
      for (int s = 0; s < policy.stateNames().size(); s++) {
        Ir.StateUpdate u = updates.get(s);
        byCode.add(u.byItemCode() && u.perPolicyYear() ? Map.of() : r.valuesByCode(s));
      }
      records.add(r.withValuesByCode(byCode));
    }
    return InsuredFile.of(insured.fields(), insured.states(), records);
  }

  /** These shares with {@code after}'s persons replaced (the batch's), named by settlement {@code batch}. */
  KeptShares after(String batch, Map<String, Person> after) {
    Map<String, Person> all = new LinkedHashMap<>(persons);
    all.putAll(after);
    return new KeptShares(party, batch, name, states, all);
  }

  /** The shares as a JSON Lines file: one line per person and slot, each share as 16 hex digits. */
  public String jsonl() {
    StringBuilder sb = new StringBuilder();
    persons.forEach((id, p) -> {
      for (int slot = 0; slot < SLOTS; slot++) {
        ObjectNode line = LedgerLines.MAPPER.createObjectNode();
        line.put("insured_id", id).put("slot", slot);
        if (p.codes() != null) {
          line.put("code", p.codes()[slot] == null ? "" : p.codes()[slot]);
        }
        line.put("party", partyName(party)).put("batch", batch);
        ObjectNode shares = line.putObject("shares");
        for (int s = 0; s < states.size(); s++) {
          shares.put(states.get(s), HEX.toHexDigits(p.shares()[s][slot]));
        }
        sb.append(line).append('\n');
      }
    });
    return sb.toString();
  }
}
