package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cosettle.core.InsuredFile;
import org.cosettle.mpc.arith.BenesNetwork;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * States shared by a family on shares: the batch's claims run as one chain in family order, which
 * only the insurer knows. The insurer programs a Beneš network ({@link BenesNetwork}) with the
 * stable permutation that sorts the claims by family (claims-file order within a family); the
 * values the chain reads are permuted into that order on shares, the claims run one step each,
 * and the outputs and states go back through the inverse permutation.
 *
 * <p>Each step carries every family-shared state in one register and every per-person state on
 * shares in {@link #MEMBER_SLOTS} member slots. The insurer gives, per step and on shares only
 * through products with its plaintext bits, the family-start flag f, the member's one-hot slot h
 * and, at a family's start, the initial values of the family's states and of each member's (its
 * own data, added to its own shares). One call of 1-bit products per step does the previous
 * step's write, the reset and the read at once: with the previous step's slot h′ and difference d
 * (new value − value read), slot b becomes (1 − f)·S_b + (1 − f)·h′_b·d + f·init_b, the value
 * read is Σ_b (1 − f)·h_b·S_b + (1 − f)·[h = h′]·d + f·init_h, and a family state (1 − f)·u′ +
 * f·init, for u′ the previous step's new value. The platform learns the number of claims and
 * {@link #MEMBER_SLOTS}, not who is family.
 *
 * <p>The family states after the batch, per person: a segmented copy of each family's last value
 * back over its claims (⌈log2 n⌉ rounds of products with the insurer's bits of "the family's last
 * value is here already"), then the inverse permutation; a person's values are those of its last
 * claim.
 */
final class FamilyChain {
  /**
   * The most insured persons with claims in the batch one family may have: a public bound (the
   * chain carries this many slots of each per-person state), a batch beyond it is refused naming
   * the family's first claim.
   */
  static final int MEMBER_SLOTS = Plan.FAMILY_MEMBER_SLOTS;

  private FamilyChain() {}

  /** Whether {@code plan} keeps a state shared by a family on shares: the batch then runs as one chain. */
  static boolean applies(Plan plan) {
    return plan.familyChain();
  }

  /** The states on shares kept per family, by state number. */
  static List<Integer> familyStates(Plan plan) {
    List<Integer> states = new ArrayList<>();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.shared() && u.op() >= 0 && plan.stateShared(u.stateIndex())) {
        states.add(u.stateIndex());
      }
    }
    return states;
  }

  /**
   * The states on shares kept per person that the chain carries, by state number, when the plan
   * runs a chain: not those that run in the layers before it ({@link Plan#layeredStates}).
   */
  static List<Integer> personStates(Plan plan) {
    List<Integer> states = new ArrayList<>();
    boolean[] layered = plan.layeredStates();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (!u.shared() && u.sharedBy() != Ir.BY_ITEM_CODE && u.op() >= 0 && plan.stateShared(u.stateIndex())
          && !layered[u.stateIndex()]) {
        states.add(u.stateIndex());
      }
    }
    return states;
  }

  /** The number of the id insured field the family states are shared by. */
  static int familyField(Plan plan) {
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.shared() && u.op() >= 0 && plan.stateShared(u.stateIndex())) {
        return u.sharedBy();
      }
    }
    throw new IllegalStateException("the plan keeps no family state on shares");
  }

  /**
   * The shared ops a shared state (a state kept per item code too) reaches, directly or through
   * other ops: they run claim by claim.
   */
  static boolean[] layered(Plan plan) {
    List<Op> ops = plan.program().ops();
    boolean[] layered = new boolean[ops.size()];
    for (Op op : ops) {
      boolean d = (op.code() == Ir.Opcode.STATE || op.code() == Ir.Opcode.KEYED_STATE)
          && plan.site(op.id()) == Label.JOINT;
      for (int a : op.args()) {
        d |= layered[a];
      }
      layered[op.id()] = d;
    }
    return layered;
  }

  /**
   * The shared ops a chained state (per person or per family, not a state kept per item code)
   * reaches, directly or through other ops: they run in the chain's steps. The others run before
   * it: for all claims at once, or, where a state kept per item code reaches them, in layers of
   * the persons' claims with those states' values row by row ({@code SecureEvaluator}), as without
   * a family state, the person's policy year with them ({@link Plan#layeredYear}; the planner refuses
   * an update per item code that a chained state reaches).
   */
  static boolean[] chained(Plan plan) {
    return plan.chainedOps();
  }

  /**
   * The values the chain reads per claim that are on shares or the data holder's: the operands of
   * its steps computed before it, and the chained states' updates when computed before it. They are
   * permuted into family order, in this order.
   */
  static int[] forwardOps(Plan plan) {
    boolean[] layered = chained(plan);
    TreeSet<Integer> ids = operands(plan, a -> !layered[a] && (plan.site(a) == Label.JOINT
        || plan.site(a) == Label.DATA_HOLDER));
    boolean[] before = plan.layeredStates();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && !layered[u.op()] && !u.byItemCode()
          && !before[u.stateIndex()]) {
        ids.add(u.op());
      }
      // with the values per code in the chain, an update per code's value or where computed before it
      for (int part : plan.codesInChain() && u.byItemCode() ? new int[] {u.op(), u.where()} : new int[0]) {
        if (part >= 0 && !layered[part] && (plan.site(part) == Label.JOINT || plan.site(part) == Label.DATA_HOLDER)) {
          ids.add(part);
        }
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The registers of the values per item code the chain carries when they run in it ({@link
   * Plan#codesInChain}): {@link KeptShares#SLOTS} per updated state kept per item code, each a
   * per-person register (member slots) of what the member's rows of the batch added to the code
   * its kept slot holds, since the person's last restart; 0 otherwise.
   */
  static int codeRegisters(Plan plan) {
    return plan.codesInChain() ? updatedCodeStates(plan) * KeptShares.SLOTS : 0;
  }

  /** The number of states kept per item code that the policy updates. */
  static int updatedCodeStates(Plan plan) {
    return (int) java.util.Arrays.stream(ItemCodeStates.keyed(plan.program())).filter(u -> u.op() >= 0).count();
  }

  /**
   * Whether the data holder's 0/1 flags of real rows go into family order, K per claim: a step
   * masks padding ({@link #masksRows}), or the values per code run in the chain (a row's
   * increment counts only for a real item).
   */
  static boolean realRows(Plan plan) {
    return masksRows(plan) || codeRegisters(plan) > 0;
  }

  /**
   * The words per claim that carry the values per code into a chain that runs them ({@link
   * Plan#codesInChain}): per state kept per item code, each row's value before the batch (the
   * recorded and kept parts, 0 after the person's restart), K words; with an updated one, the
   * data holder's one-hot flags of the kept slot each row's code holds, K·{@link KeptShares#SLOTS}.
   */
  static int codeWords(Plan plan, int itemBound) {
    if (!plan.codesInChain()) {
      return 0;
    }
    return itemBound * (ItemCodeStates.keyed(plan.program()).length + (codeRegisters(plan) > 0 ? KeptShares.SLOTS : 0));
  }


  /**
   * Whether a step masks the padding rows of a line-item value it sums ({@link Plan#masksPadding}):
   * the data holder's 0/1 flags of real rows then go into family order beside the operands, K per
   * claim, and each such sum multiplies its rows by them on shares.
   */
  static boolean masksRows(Plan plan) {
    boolean[] layered = chained(plan);
    for (Op op : plan.program().ops()) {
      if (op.code() == Ir.Opcode.SUM_ITEMS && layered[op.id()] && plan.masksPadding(op.id())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The words per claim the permutation into family order carries: one per claim-level operand, K
   * (the batch's item bound) per line-item operand, and K flags of real rows when a step masks
   * padding ({@link #masksRows}).
   */
  static int forwardWords(Plan plan, int itemBound, boolean reversals) {
    return forwardWords(plan, itemBound) + (yearFlags(plan, reversals) ? 1 : 0) + rankWords(plan, itemBound, reversals);
  }

  /**
   * The words per claim of the rows' ranks when the values per code run in the chain in code layers
   * ({@link Plan#codeLayers}): the data holder's flags of each row's rank, L·K, and as many again for
   * a reversal's rows when the batch holds one; 0 when the rows run one after the other.
   */
  static int rankWords(Plan plan, int itemBound, boolean reversals) {
    return plan.codesInChain() ? plan.codeLayers() * itemBound * (reversals ? 2 : 1) : 0;
  }

  /**
   * Whether each claim's flag that a reversal's person is still in its target's policy year goes
   * into family order (one word per claim, after {@link #forwardWords(Plan, int)}'s): the values per
   * code run in the chain, the batch holds a reversal, and a state it takes back is per policy year
   * ({@link ChainedCodeReversals}).
   */
  static boolean yearFlags(Plan plan, boolean reversals) {
    return reversals && plan.codesInChain() && ChainedCodeReversals.yearly(plan);
  }

  static int forwardWords(Plan plan, int itemBound) {
    int words = 0;
    for (int id : forwardOps(plan)) {
      words += plan.program().ops().get(id).level() == Ir.Level.ITEM ? itemBound : 1;
    }
    return words + (realRows(plan) ? itemBound : 0) + codeWords(plan, itemBound);
  }

  /** The insurer's values the chain reads per claim: the insurer shares them in family order. */
  static int[] insurerOps(Plan plan) {
    return operands(plan, a -> plan.site(a) == Label.INSURER).stream().mapToInt(Integer::intValue).toArray();
  }

  /** The operands of the chain's steps that {@code which} picks. */
  private static TreeSet<Integer> operands(Plan plan, java.util.function.IntPredicate which) {
    boolean[] layered = chained(plan);
    TreeSet<Integer> ids = new TreeSet<>();
    for (Op op : plan.program().ops()) {
      if (plan.site(op.id()) == Label.JOINT && layered[op.id()]) {
        for (int a : op.args()) {
          if (which.test(a)) {
            ids.add(a);
          }
        }
      }
    }
    return ids;
  }


  /** The results the chain computes that outlive it (outputs, aggregates' parts on shares), in order. */
  static int[] keptOps(Plan plan) {
    boolean[] layered = chained(plan);
    TreeSet<Integer> ids = new TreeSet<>();
    for (Ir.Binding b : plan.program().bindings()) {
      if (b.kind().equals("output")) {
        ids.add(b.op());
      }
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      for (int part : new int[] {a.value(), a.where(), a.key()}) {
        if (part >= 0) {
          ids.add(part);
        }
      }
    }
    ids.removeIf(id -> plan.site(id) != Label.JOINT || !layered[id]);
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Words per claim the inverse permutation carries: the kept results, the per-person and family
   * states, each chained state's increment (for the ledger of shares and the reversals of later
   * batches) and, when the batch holds a reversal, each family state's new value at the claim (for
   * the reversal's bound check); with the values per code in the chain, each updated state's K row
   * increments, the registers, and with a reversal each row's value of a state taken back (for its
   * bound check).
   */
  static int backwardWords(Plan plan, boolean reversals, int itemBound) {
    int states = personStates(plan).size() + familyStates(plan).size();
    return keptOps(plan).length + 2 * states + (reversals ? familyStates(plan).size() : 0)
        + (plan.codesInChain() ? itemBound * (updatedCodeStates(plan)
            + (reversals ? ChainedCodeReversals.takenBack(plan) : 0)) : 0) + codeRegisters(plan);
  }

  /**
   * 1-bit products of the state plumbing per step: 3B + 1 per per-person state or register of the
   * values per code, 1 per family state.
   */
  static long productsPerStep(Plan plan) {
    return (personStates(plan).size() + codeRegisters(plan)) * (3L * MEMBER_SLOTS + 1) + familyStates(plan).size();
  }

  /**
   * The random OTs the data holder sends for a chain over {@code claims} claims of at most {@code
   * itemBound} rows of line items, holding {@code reversals} reversals (the insurer is the receiver
   * of every product with its bits): the two
   * permutations, the steps' plumbing and the family values' segmented copy (the reversals' own
   * registers in {@link FamilyReversals#addCosts}).
   */
  static long randomOts(Plan plan, int claims, int reversals, int itemBound) {
    if (claims == 0) {
      return 0;
    }
    long switches = BenesNetwork.switches(BenesNetwork.paddedSize(claims));
    long ots = switches * (forwardWords(plan, itemBound, reversals > 0) + backwardWords(plan, reversals > 0, itemBound));
    ots += claims * productsPerStep(plan);
    for (long d = 1; d < claims; d <<= 1) {
      ots += familyStates(plan).size() * (claims - d);
    }
    return ots;
  }

  /**
   * The insurer's plan of the chain for a batch: the family order of the claims and, per position
   * in it, whether a family starts there, the member's slot, whether the family's last claim is
   * there, and at a family's start the initial values of its states (per family state) and its
   * members' (per per-person state and slot).
   */
  record Schedule(int[] order, int[] destination, boolean[] start, int[] slot, boolean[] last, long[][] familyInit,
      long[][][] personInit) {}

  /**
   * The schedule of a batch whose claims belong to {@code person[c]} (numbered by first
   * appearance), each person of the family {@code familyOf[p]} and with start values {@code
   * start[s][p]}; a refusal's detail instead when the batch runs the chain ({@code chain}) and a
   * family has more than {@link #MEMBER_SLOTS} persons with claims (naming the family's first
   * claim, from {@code claimIds}). For a batch run as family prefixes ({@link FamilyPrefix}) the
   * members' slots are not needed: no bound, and no {@code personInit}.
   */
  static Object schedule(Plan plan, int[] person, long[] familyOf, long[][] start, List<String> claimIds,
      boolean chain) {
    int n = person.length;
    Map<Long, List<Integer>> byFamily = new java.util.LinkedHashMap<>();
    for (int c = 0; c < n; c++) {
      byFamily.computeIfAbsent(familyOf[person[c]], k -> new ArrayList<>()).add(c);
    }
    List<Integer> families = familyStates(plan);
    List<Integer> persons = personStates(plan);
    int[] order = new int[n];
    int[] destination = new int[BenesNetwork.paddedSize(n)];
    boolean[] first = new boolean[n];
    boolean[] last = new boolean[n];
    int[] slot = new int[n];
    long[][] familyInit = new long[n][];
    long[][][] personInit = new long[n][][];
    int at = 0;
    for (List<Integer> claims : byFamily.values()) {
      Map<Integer, Integer> members = new HashMap<>();
      List<Integer> memberList = new ArrayList<>();
      for (int c : claims) {
        if (members.putIfAbsent(person[c], members.size()) == null) {
          memberList.add(person[c]);
        }
      }
      if (chain && members.size() > MEMBER_SLOTS) {
        return "the family of claim " + claimIds.get(claims.get(0)) + " has " + members.size() + " insured persons"
            + " with claims in this batch, more than the " + MEMBER_SLOTS + " handshake mode carries for a state"
            + " shared by a family; settle some of their claims in a later batch";
      }
      first[at] = true;
      familyInit[at] = new long[families.size()];
      for (int k = 0; k < families.size(); k++) {
        familyInit[at][k] = start[families.get(k)][person[claims.get(0)]];
      }
      // the registers of the values per code start at 0: they hold the batch's increments alone
      personInit[at] = new long[persons.size() + codeRegisters(plan)][MEMBER_SLOTS];
      for (int k = 0; chain && k < persons.size(); k++) {
        for (int b = 0; b < memberList.size(); b++) {
          personInit[at][k][b] = start[persons.get(k)][memberList.get(b)];
        }
      }
      for (int c : claims) {
        order[at] = c;
        destination[c] = at;
        slot[at] = members.get(person[c]);
        at++;
      }
      last[at - 1] = true;
    }
    for (int p = n; p < destination.length; p++) {
      destination[p] = p; // the padding stays behind the claims
    }
    return new Schedule(order, destination, first, slot, last, familyInit, personInit);
  }

  /**
   * The insurer's schedule of the family chain from its insured file ({@code person[c]}: claim c's
   * person, numbered by first appearance; {@code batch}: its records): each
   * person's family and start values; null, with the refusal in {@code problems}, when a family has
   * more persons with claims than the chain carries ({@code chain}: the batch runs the chain, not
   * {@link FamilyPrefix}).
   */
  static Schedule forBatch(Plan plan, InsuredFile insured, ClaimBatch batch, int[] person, List<String> claimIds,
      List<Refusal> problems, boolean chain) {
    int persons = 0;
    for (int p : person) {
      persons = Math.max(persons, p + 1);
    }
    int[] recordOf = new int[persons];
    for (int c = 0; c < person.length; c++) {
      recordOf[person[c]] = batch.insuredIndex(c);
    }
    int field = FamilyChain.familyField(plan);
    int stateCount = plan.program().updates().size();
    long[] familyOf = new long[recordOf.length];
    long[][] start = new long[stateCount][recordOf.length];
    for (int p = 0; p < recordOf.length; p++) {
      familyOf[p] = insured.records().get(recordOf[p]).field(field);
      for (int s = 0; s < stateCount; s++) {
        start[s][p] = insured.records().get(recordOf[p]).state(s);
      }
    }
    Object schedule = schedule(plan, person, familyOf, start, claimIds, chain);
    if (schedule instanceof String refusal) {
      problems.add(Refusal.ofBatch(Refusal.Kind.FAMILY_TOO_LARGE, refusal));
      return null;
    }
    return (Schedule) schedule;
  }

  /**
   * For a state shared by a family, the value after the batch in every member's row, also of a
   * member without claims in the batch ({@code opened} per person with claims, at {@code recordOf}).
   */
  static void toMembers(Plan plan, int s, InsuredFile insured, int[] recordOf, long[] values) {
    Ir.StateUpdate u = plan.program().updates().stream().filter(x -> x.stateIndex() == s).findFirst().orElseThrow();
    if (!u.shared()) {
      return;
    }
    java.util.Map<Long, Long> byFamily = new java.util.HashMap<>();
    for (int record : recordOf) {
      byFamily.put(insured.records().get(record).field(u.sharedBy()), values[record]);
    }
    for (int r = 0; r < values.length; r++) {
      Long v = byFamily.get(insured.records().get(r).field(u.sharedBy()));
      if (v != null) {
        values[r] = v;
      }
    }
  }
}
