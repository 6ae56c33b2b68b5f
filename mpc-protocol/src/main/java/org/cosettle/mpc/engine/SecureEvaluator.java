package org.cosettle.mpc.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.Type;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.FamilyTerm;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.StateFamilies;

/**
 * One party's run of the secure part of a plan over a batch, one slice of whole insured persons at
 * a time ({@link BatchSlices}): in one pass when every state kept on shares is a running total of
 * a proven family ({@link PrefixSchedule}), as one chain in the insurer's family order when a
 * state shared by a family is on shares ({@link FamilyChain}, its reversals in {@link
 * FamilyReversals}), otherwise layer by layer (the k-th
 * claim of every insured person of the slice together, as the plaintext engine does). Both parties
 * call the same session operations in the same order (SPMD), each with its own plaintext values
 * ({@link LocalValues}) entering where the plan says. Booleans are kept as arithmetic shares of
 * 0/1, so {@code AND} is a product, {@code SELECT} is b + c·(a − b), and every comparison ends
 * with a bit-to-arithmetic conversion. States the plan keeps on shares carry over from layer to
 * layer per insured person, and their final shares per person, the kept ops' shares per claim and
 * the state-bound violations from slice to slice; the shared ops no such state reaches run once
 * for the slice before its layers ({@link #run}), and the new state values are compared with the
 * money bound once per slice, the sum of the violations tested once at the end ({@link
 * #boundViolationShares}). States kept per item code run in layers, their reads and the ops their
 * updates need row after row within a layer ({@link #runRows}, {@link ItemCodeStates}).
 *
 * <p>It is longer than the project's usual 400 lines because it holds the three ways of running a
 * batch — prefix states in one pass ({@link PrefixSchedule}), a family chain (its plumbing in
 * {@link FamilyChain}) and layers, where a slice holding a reversal also runs (its outputs and
 * state steps its target's, negated, on shares) — over one core ({@code compute}, {@code
 * operand}): apart, the core's per-batch state would have to be shared between classes. What is
 * known before the run (costs, refusals) is in {@link SecureCosts}, the money bound in {@link
 * StateBoundCheck}.
 */
final class SecureEvaluator {
  private final Plan plan;
  private final List<Op> ops;
  private final ArithmeticSession session;
  private final Party me;
  private final Label mySite;
  private final LocalValues local;
  private final BatchSlices slices;
  /** The batch's insured persons, numbered by first appearance: the same at both parties. */
  private final int[] person;
  private final int persons;
  /** The claims (file indexes) of the slice being run; the ops below address them by position in it. */
  private int[] sliceClaims = new int[0];
  /** {@code stateShares[s][person]} for the states kept on shares. */
  private final long[][] stateShares;
  /** {@code kept.get(op)[claim]} (file order): shares of shared ops needed after their slice (outputs, aggregates). */
  private final Map<Integer, long[]> kept = new HashMap<>();
  /**
   * The rows per claim of an item-level op on shares ({@link ItemRows}): a vector of n claims
   * holds such an op's shares in n·K rows, row j·K + k for item k of claim j.
   */
  private final int itemBound;
  /** At the data holder, where each claim's items lie in an item-level column (null at the insurer). */
  private final int[] itemOffsets;

  SecureEvaluator(Plan plan, ArithmeticSession session, LocalValues local, BatchSlices slices) {
    this.plan = plan;
    this.ops = plan.program().ops();
    this.session = session;
    this.me = ShareHolders.partyOf(session.party());
    this.mySite = Label.of(me);
    this.local = local;
    this.slices = slices;
    person = slices.person();
    persons = slices.persons();
    int states = 0;
    for (Op op : ops) {
      if (op.code() == Ir.Opcode.STATE) {
        states = Math.max(states, (int) op.imm() + 1);
      }
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      states = Math.max(states, u.stateIndex() + 1);
    }
    stateShares = new long[states][];
    incrementShares = new long[states][];
    int[] yearState = FamilyReversals.yearStates(plan.program().updates());
    holdsYear = new boolean[states];
    for (int s = 0; s < yearState.length && s < states; s++) {
      holdsYear[s] = FamilyReversals.holdsYear(yearState, s);
    }
    yearReads = YearlyReversals.of(plan);
    years = FamilyChain.applies(plan) ? null : yearReads;
    // a family chain keeps the year its claims' increments went into as well (FamilyReversals)
    yearShares = years == null && !(FamilyChain.applies(plan) && yearReads != null) ? null
        : new long[person.length];
    boundCheck = new StateBoundCheck(session);
    layeredYear = plan.layeredYear();
    layeredStates = plan.layeredStates();
    layeredYears = FamilyChain.applies(plan) ? YearlyReversals.layered(plan) : null;
    layeredYearUpdate = plan.program().updates().stream().filter(u -> u.stateIndex() == layeredYear)
        .mapToInt(Ir.StateUpdate::op).findFirst().orElse(-1);
    itemBound = slices.itemBound();
    itemOffsets = me == Party.DATA_HOLDER && plan.itemRows() ? local.itemOffsets() : null;
    if (Ir.hasItemCodeStates(plan.program())) {
      itemCodeStates = new ItemCodeStates(plan, session, me, person, persons, itemBound);
      readsKeyed = new boolean[ops.size()];
      rowChain = rowChain(plan, readsKeyed);
      yearRestart = java.util.Arrays.stream(ItemCodeStates.keyed(plan.program()))
          .mapToInt(u -> Ir.restartOf(plan.program(), u.stateIndex())).max().orElse(-1);
    } else {
      yearRestart = -1;
      itemCodeStates = null;
      readsKeyed = null;
      rowChain = null;
    }
  }

  /** The states kept per item code on shares ({@link ItemCodeStates}); null when the policy has none. */
  private final ItemCodeStates itemCodeStates;
  /** The op of the claim's restart flag of the states kept per item code declared per policy year; −1: none. */
  private final int yearRestart;
  /** Per op, whether it reads a state kept per item code, directly or through other ops (null: none). */
  private final boolean[] readsKeyed;
  /**
   * Per op, whether it runs row by row ({@link #runRows}): an item-level op on a state kept per
   * item code that such a state's update (its value or filter) needs, and every read of one.
   */
  private final boolean[] rowChain;
  /** In {@link #runRows}, the item row being run (an item-level op then has one row per claim); −1 otherwise. */
  private int row = -1;
  /** In {@link #runRows}, each state's value before the row, by state number, once computed. */
  private final Map<Integer, long[]> rowBefore = new HashMap<>();

  /** Per op, whether it runs row by row with the values per item code ({@link #rowChain}). */
  static boolean[] rowChainOps(Plan plan) {
    return rowChain(plan, new boolean[plan.program().ops().size()]);
  }

  private static boolean[] rowChain(Plan plan, boolean[] readsKeyed) {
    List<Op> ops = plan.program().ops();
    boolean[] needed = new boolean[ops.size()];
    for (Ir.StateUpdate u : ItemCodeStates.keyed(plan.program())) {
      for (int root : new int[] {u.op(), u.where()}) {
        if (root >= 0) {
          needed[root] = true;
        }
      }
    }
    for (int id = ops.size() - 1; id >= 0; id--) {
      if (needed[id]) {
        for (int a : ops.get(id).args()) {
          needed[a] = true;
        }
      }
    }
    boolean[] chain = new boolean[ops.size()];
    for (Op op : ops) {
      boolean reads = op.code() == Ir.Opcode.KEYED_STATE;
      for (int a : op.args()) {
        reads |= readsKeyed[a];
      }
      readsKeyed[op.id()] = reads;
      chain[op.id()] = reads && plan.site(op.id()) == Label.JOINT && op.level() == Ir.Level.ITEM
          && (needed[op.id()] || op.code() == Ir.Opcode.KEYED_STATE);
    }
    return chain;
  }

  /** The shares of state {@code state}'s (kept per item code) increments of every item row, person by person. */
  long[] rowIncrements(int state) {
    return itemCodeStates.rowIncrements(state);
  }

  /** This party's kept shares of state number {@code state} (updated per item code) after the batch, person by person and slot. */
  long[] keptSlots(int state) {
    return itemCodeStates.keptSlots(state);
  }

  /**
   * Claim {@code c}'s (file index) shares of its item rows' increments to the states a reversal takes
   * back per code, by state number ({@link ItemCodeStates#claimRows}); null when the policy has none.
   */
  long[][] claimRows(int c) {
    return itemCodeStates == null ? null : itemCodeStates.claimRows(c, stateShares.length);
  }

  /** At the data holder, claim {@code c}'s code per item row (null: padding); null at the insurer or without states per code. */
  String[] claimCodes(int c) {
    return itemCodeStates == null ? null : itemCodeStates.claimCodes(c);
  }

  /**
   * At the data holder: the batch's claims, whose items' codes key the states kept per item code,
   * on the rows of the private lookups' placement (brought in first, {@link #lookups}); a reversal
   * takes its target's codes, from the batch or, for an earlier batch's claim, from the record
   * ({@link #earlier}, brought in first). {@code changing}: per claim and item, whether the item can
   * change an updated state (null: every item can, {@link KeptRows#changing}).
   */
  void itemCodes(List<org.cosettle.core.Claim> claims, boolean[][] changing) {
    if (itemCodeStates != null) {
      itemCodeStates.codes(claims, changing);
      if (placement != null) {
        itemCodeStates.place(placement);
      }
      for (int c = 0; c < claims.size(); c++) {
        if (slices.reversed(c) >= 0) {
          itemCodeStates.reversalCodes(c, slices.reversed(c));
        } else if (slices.reversed(c) == BatchSlices.EARLIER && earlier[c].rowCodes() != null) {
          itemCodeStates.reversalCodes(c, earlier[c].rowCodes());
        }
      }
    }
  }

  /**
   * This party's kept shares of the states per item code of earlier batches ({@link KeptShares}),
   * for the batch's persons ({@code personIds}, by person index); at the data holder after {@link
   * #itemCodes}.
   */
  void keptShares(KeptShares in, String[] personIds) {
    if (itemCodeStates != null) {
      itemCodeStates.kept(in, personIds);
    }
  }

  /** This party's kept shares after the batch, named by settlement {@code batch}: {@code in} when the policy has none. */
  KeptShares keptAfter(KeptShares in, String[] personIds, String batch) {
    return itemCodeStates == null ? in : itemCodeStates.keptAfter(in, personIds, batch);
  }

  /** At the insurer: per state kept per item code ({@link ItemCodeStates#keyed} order) and person, the recorded values. */
  void recordedByCode(List<List<Map<String, Long>>> valuesByPerson) {
    if (itemCodeStates != null) {
      itemCodeStates.recorded(valuesByPerson);
    }
  }

  private final StateBoundCheck boundCheck;
  /** The batch's shares of the probed bins of the private lookups ({@link PrivateLookups}). */
  private PrivateLookups lookups;
  /** Per store, the slice's shared match bits of its first lookup, and the claims (file indexes) they are for. */
  private final Map<org.cosettle.mpc.plan.LookupStore, long[]> storeMatches = new HashMap<>();
  private final Map<org.cosettle.mpc.plan.LookupStore, int[]> storeMatchClaims = new HashMap<>();
  /** At the insurer, the shared states' start values per person (null at the data holder). */
  private long[][] insurerStart;

  /**
   * Brings the batch's private lookups in, before the first slice runs; at the data holder, their
   * placement of each claim's items on its rows ({@link ItemSlots}) lays out every item-level value.
   */
  void lookups(PrivateLookups batchLookups) {
    lookups = batchLookups;
    placement = batchLookups.placement();
  }

  /** At the data holder, the rows of each claim's items (file order; null: rows 0, 1, …). */
  private int[][] placement;

  /** The ops whose values must be kept for the whole batch: shared outputs and aggregates' shared parts. */
  void keep(int op) {
    kept.computeIfAbsent(op, k -> new long[person.length]);
  }

  long[] kept(int op) {
    return kept.get(op);
  }

  /**
   * Brings the insurer's starting values of the shared states in: the insurer's per person
   * (in the order of first appearance), the data holder's are drawn by the session.
   */
  void startStates(long[][] insurerStartValues) {
    insurerStart = insurerStartValues;
    for (int s = 0; s < stateShares.length; s++) {
      if (plan.stateShared(s)) {
        stateShares[s] = me == Party.INSURER ? session.shareInput(insurerStartValues[s]) : session.peerInput(persons);
      }
    }
  }

  /**
   * Runs one slice, then compares its new state values with the money bound. When the plan
   * resolves every shared state as a prefix ({@link PrefixSchedule}, sized by the slice's busiest
   * person), the slice is one pass: each state's values before every claim come from its family's
   * closed form over the prefix of the person's steps, then every shared op runs once for all
   * claims. Otherwise, first, for all the slice's claims at once, the shared ops that no shared
   * state reaches (their values do not depend on the claim's place in its insured person's
   * sequence, so one protocol call serves the slice instead of one per layer); then every layer,
   * where those ops' shares are looked up and only the ops downstream of a shared state run.
   */
  void run(BatchSlices.Slice slice) {
    sliceClaims = slice.claims();
    storeMatches.clear();
    storeMatchClaims.clear();
    // a reversal's step is its target's increment negated, which breaks the prefix families: layers
    java.util.Optional<PrefixSchedule> prefix = slices.reversals(slice) > 0 ? java.util.Optional.empty()
        : PrefixSchedule.of(plan, slice.maxClaimsPerPerson());
    java.util.Optional<PrefixSchedule> families = FamilyPrefix.of(plan, sliceClaims.length, slice.maxClaimsPerPerson(),
        slices.reversals(slice));
    if (families.isPresent()) {
      familyPrefix = new FamilyPrefix(plan, session, me, chainSchedule, local, sliceClaims);
      runPrefix(families.get(), slice);
      familyPrefix = null;
    } else if (FamilyChain.applies(plan)) {
      runChain(slice);
    } else if (prefix.isPresent()) {
      runPrefix(prefix.get(), slice);
    } else {
      runLayers(slice);
    }
    stateBefore = null;
    hoisted = new long[0][];
    boundCheck.compare();
  }

  private void runLayers(BatchSlices.Slice slice) {
    runLayers(slice, null);
  }

  /**
   * Runs the slice in layers of its persons' claims: the shared ops no state reaches once for every
   * claim, the others layer by layer (the states kept per item code row by row). With {@code
   * chained} (a family chain's ops, {@link FamilyChain#chained}) it runs only the others and
   * updates only the states kept per item code, and returns every shared op's values it computed
   * for the slice's claims, by position (K rows per claim for an item-level op), for the chain to
   * read; null otherwise.
   */
  private long[][] runLayers(BatchSlices.Slice slice, boolean[] chained) {
    if (itemCodeStates != null) {
      itemCodeStates.startSlice(sliceClaims);
    }
    boolean[] layered = FamilyChain.layered(plan);
    long[][] once = new long[ops.size()][];
    int[] every = positions(sliceClaims.length);
    for (Op op : ops) {
      if (plan.site(op.id()) == Label.JOINT && !layered[op.id()]) {
        once[op.id()] = compute(op, every, once);
      }
    }
    hoisted = once;
    beforeChain = chained;
    long[][] whole = chained == null ? null : new long[ops.size()][];
    for (int id = 0; whole != null && id < whole.length; id++) {
      if (plan.site(id) == Label.JOINT && !chained[id]) {
        whole[id] = new long[sliceClaims.length * (ops.get(id).level() == Ir.Level.ITEM ? itemBound : 1)];
      }
    }
    for (int[] layer : slices.layers(slice)) {
      long[][] shares = runLayer(layer);
      for (int id = 0; whole != null && id < whole.length; id++) {
        if (whole[id] != null) {
          int k = ops.get(id).level() == Ir.Level.ITEM ? itemBound : 1;
          for (int j = 0; j < layer.length; j++) {
            System.arraycopy(shares[id], j * k, whole[id], layer[j] * k, k);
          }
        }
      }
    }
    beforeChain = null;
    if (itemCodeStates != null && !plan.codesInChain()) {
      itemCodeStates.endSlice(sliceClaims);
    }
    return whole;
  }

  /**
   * The person's policy year the layers before a family chain carry ({@link Plan#layeredYear}; −1:
   * none), and the op of its update.
   */
  private final int layeredYear;
  private final int layeredYearUpdate;
  /** The per-person states that run in the layers before a family chain ({@link Plan#layeredStates}). */
  private final boolean[] layeredStates;
  /** The policy years of those among them kept per policy year ({@link YearlyReversals#layered}); null when none. */
  private final YearlyReversals layeredYears;

  /**
   * While {@link #runLayers(BatchSlices.Slice, boolean[])} runs before a family chain, the chain's
   * ops, which the layers leave to it (their states too); null otherwise.
   */
  private boolean[] beforeChain;

  /** At the insurer, the chain's schedule when a state shared by a family is on shares ({@link FamilyChain}). */
  private FamilyChain.Schedule chainSchedule;
  /**
   * Whether a chain's step runs: its plaintext values are then the insurer's claim {@link
   * #chainClaim}'s, and the data holder's enter on shares, permuted.
   */
  private boolean inChain;

  /** Brings the insurer's schedule of the family chain in (the data holder has none). */
  void familySchedule(FamilyChain.Schedule schedule) {
    chainSchedule = schedule;
  }

  /**
   * The batch (one slice) as one chain in family order ({@link FamilyChain}): the shared ops no
   * shared state reaches once for every claim; the values the chain reads permuted into family
   * order (the insurer's own shared in that order); a step per claim with the states' registers;
   * the kept results and the states' new values permuted back.
   */
  private void runChain(BatchSlices.Slice slice) {
    int n = sliceClaims.length;
    int[] every = positions(n);
    boolean[] layered = FamilyChain.chained(plan);
    long[][] once;
    if (itemCodeStates != null) {
      // the values per item code first, in layers of the persons' claims, as without a family state
      once = runLayers(slice, layered);
    } else {
      once = new long[ops.size()][];
      for (Op op : ops) {
        if (plan.site(op.id()) == Label.JOINT && !layered[op.id()]) {
          once[op.id()] = compute(op, every, once);
        }
      }
    }
    List<Integer> persons = FamilyChain.personStates(plan);
    List<Integer> families = FamilyChain.familyStates(plan);
    ChainedCodes codes = plan.codesInChain()
        ? new ChainedCodes(session, itemCodeStates.states(), KeptShares.SLOTS) : null;
    int registers = codes == null ? 0 : codes.registerCount();
    FamilyChainRun chain = new FamilyChainRun(session, me, chainSchedule, n, persons.size() + registers,
        families.size());
    // the operands in family order: one word per claim-level value, a line-item value's K rows as K
    // words, and the flags of real rows when a step masks padding
    int[] forward = FamilyChain.forwardOps(plan);
    int[] wordAt = new int[forward.length + 1];
    int[] reversalAt = java.util.Arrays.stream(every).filter(j -> slices.reversed(sliceClaims[j]) != BatchSlices.NONE)
        .toArray();
    long[][] columns = new long[FamilyChain.forwardWords(plan, itemBound, reversalAt.length > 0)][];
    for (int k = 0; k < forward.length; k++) {
      long[] v = operand(forward[k], every, once);
      wordAt[k + 1] = wordAt[k] + rowsIn(forward[k], columns, wordAt[k], v, n);
    }
    boolean realRows = FamilyChain.realRows(plan);
    if (realRows) {
      long[] real = me == Party.DATA_HOLDER
          ? session.shareInput(ItemRows.real(itemOffsets, fileClaims(every), itemBound, placement))
          : session.peerInput(n * itemBound);
      for (int r = 0; r < itemBound; r++) {
        columns[wordAt[forward.length] + r] = rowOf(real, n, r);
      }
    }
    int codesAt = wordAt[forward.length] + (realRows ? itemBound : 0);
    // then the year flags of a reversal's per-year states, and the rows' ranks when they run in code layers
    int yearFlagAt = FamilyChain.yearFlags(plan, reversalAt.length > 0) ? codesAt + FamilyChain.codeWords(plan, itemBound)
        : -1;
    int ranksAt = codesAt + FamilyChain.codeWords(plan, itemBound) + (yearFlagAt >= 0 ? 1 : 0);
    int layers = codes == null ? 0 : plan.codeLayers();
    if (codes != null) {
      codeColumns(columns, codesAt, every, registers > 0);
      if (reversalAt.length > 0) {
        reversalColumns(columns, forward, wordAt, yearFlagAt, reversalAt);
      }
      if (layers > 0) {
        rankColumns(columns, ranksAt, every, layers, reversalAt);
      }
    }
    long[][] permuted = chain.toFamilyOrder(columns);
    int[] insurerOps = FamilyChain.insurerOps(plan);
    long[][] insurerValues = new long[insurerOps.length][];
    for (int k = 0; k < insurerOps.length; k++) {
      if (me == Party.INSURER) {
        long[] all = local.column(insurerOps[k]);
        long[] ordered = new long[n];
        for (int i = 0; i < n; i++) {
          ordered[i] = all[sliceClaims[chainSchedule.order()[i]]];
        }
        insurerValues[k] = session.shareInput(ordered);
      } else {
        insurerValues[k] = session.peerInput(n);
      }
    }
    int[] keptOps = FamilyChain.keptOps(plan);
    int states = persons.size() + families.size();
    int[] chained = new int[states];
    for (int k = 0; k < states; k++) {
      chained[k] = k < persons.size() ? persons.get(k) : families.get(k - persons.size());
    }
    FamilyReversals reversals = chainReversals(chained, n);
    ChainedCodeReversals codeReversals = codes != null && reversals != null ? chainCodeReversals(codes, n) : null;
    // per claim: the kept results, the states' new values, their increments, and with reversals the
    // family states' new values before the copy of each family's last one
    int incrementsAt = keptOps.length + states;
    int familyValuesAt = incrementsAt + states;
    // then, with the values per code in the chain, each row's increments per updated state and the registers
    int codeRowsAt = familyValuesAt + (reversals != null ? families.size() : 0);
    int registersAt = codeRowsAt + (codes == null ? 0 : FamilyChain.updatedCodeStates(plan) * itemBound);
    // and with a reversal each row's value of a state per code taken back, for the reversals' bound check
    int codeValuesAt = registersAt + registers;
    long[][] back = new long[FamilyChain.backwardWords(plan, reversals != null, itemBound)][n];
    int[] updateOp = new int[stateShares.length];
    for (Ir.StateUpdate u : plan.program().updates()) {
      updateOp[u.stateIndex()] = u.op();
    }
    int[] yearState = FamilyReversals.yearStates(plan.program().updates());
    YearlyReversals yearly = YearlyReversals.of(plan);
    int[] first = {0};
    stateBefore = new long[stateShares.length][];
    inChain = true;
    for (int i = 0; i < n; i++) {
      long[] withRegisters = reversals == null ? chain.before(i) : codeReversals == null
          ? chain.before(i, reversals.takeWords(), reversals.takeBits(i))
          : chain.before(i, concat(reversals.takeWords(), codeReversals.takeWords()),
              me == Party.INSURER ? concat(reversals.takeBits(i), codeReversals.takeBits(i)) : null);
      // the registers of the values per code sit between the per-person and the family states
      long[] read = registers == 0 ? withRegisters : concat(java.util.Arrays.copyOfRange(withRegisters, 0,
          persons.size()), java.util.Arrays.copyOfRange(withRegisters, persons.size() + registers, withRegisters.length));
      long[] reversed = reversals == null ? null : reversals.reversedValues(chain.extraProducts(), read);
      for (int k = 0; k < states; k++) {
        stateBefore[chained[k]] = new long[] {read[k]};
      }
      long[][] shares = new long[ops.size()][];
      for (int k = 0; k < forward.length; k++) {
        shares[forward[k]] = step(permuted, wordAt[k], wordAt[k + 1], i);
      }
      chainRealRows = realRows ? step(permuted, wordAt[forward.length], codesAt, i) : null;
      for (int k = 0; k < insurerOps.length; k++) {
        shares[insurerOps[k]] = new long[] {insurerValues[k][i]};
      }
      chainClaim = me == Party.INSURER ? sliceClaims[chainSchedule.order()[i]] : -1;
      for (Op op : ops) {
        if (plan.site(op.id()) == Label.JOINT && layered[op.id()] && (codes == null || !readsKeyed[op.id()])) {
          shares[op.id()] = compute(op, first, shares);
        }
      }
      if (codes != null) {
        // the values per code, row by row, then the chain's ops that read them
        int keyed = itemCodeStates.states().length;
        // per state its rows' values before the batch; per kept slot its rows' flags
        codes.step(stepRows(permuted, codesAt, keyed, i), stepRows(permuted, codesAt + keyed * itemBound,
            registers > 0 ? KeptShares.SLOTS : 0, i),
            java.util.Arrays.copyOfRange(withRegisters, persons.size(), persons.size() + registers));
        long[][] taken = null;
        if (codeReversals != null) {
          long[] products = chain.extraProducts();
          int own = reversals.takeWords().length;
          taken = codeReversals.taken(java.util.Arrays.copyOfRange(products, own, products.length));
          if (yearFlagAt >= 0) {
            taken = yearlyTaken(taken, permuted[yearFlagAt][i]);
          }
        }
        long[][] values = codeReversals == null ? null : new long[deltas(codes)][];
        long[][] deltas = layers == 0 ? chainRows(shares, codes, taken, values)
            : chainLayers(shares, codes, taken, values, stepRows(permuted, ranksAt, layers, i),
                codeReversals == null ? null : stepRows(permuted, ranksAt + layers * itemBound, layers, i));
        for (int b = 0; b < deltas.length; b++) {
          for (int r = 0; r < itemBound; r++) {
            back[codeRowsAt + b * itemBound + r][i] = deltas[b][r];
          }
        }
        if (codeReversals != null) {
          codeReversals.capture(i, deltas);
          for (int b = 0, t = 0; b < values.length; b++) {
            for (int r = 0; values[b] != null && r < itemBound; r++) {
              back[codeValuesAt + t * itemBound + r][i] = values[b][r];
            }
            t += values[b] != null ? 1 : 0;
          }
        }
        for (Op op : ops) {
          if (plan.site(op.id()) == Label.JOINT && layered[op.id()] && shares[op.id()] == null) {
            shares[op.id()] = compute(op, first, shares);
          }
        }
      }
      long[] computed = new long[states];
      long[] base = new long[states];
      for (int k = 0; k < states; k++) {
        int s = chained[k];
        computed[k] = shares[updateOp[s]][0];
        // what a claim's increment counts from: 0 for a year, the restarted read of a per-year state
        int restarted = yearly == null ? -1 : yearly.readOp(s);
        base[k] = FamilyReversals.holdsYear(yearState, s) ? 0
            : restarted >= 0 && shares[restarted] != null ? shares[restarted][0] : read[k];
      }
      long[][] settled = reversals == null ? null : reversals.settle(i, read, base, computed, reversed);
      long[] updates = settled == null ? computed : settled[0];
      for (int k = 0; k < states; k++) {
        back[keptOps.length + k][i] = updates[k];
        back[incrementsAt + k][i] = settled == null ? updates[k] - base[k] : settled[1][k];
      }
      if (reversals != null) {
        for (int k = persons.size(); k < states; k++) {
          back[familyValuesAt + k - persons.size()][i] = updates[k];
        }
      }
      for (int k = 0; k < keptOps.length; k++) {
        back[k][i] = shares[keptOps[k]][0];
      }
      if (codes == null) {
        chain.after(read, updates);
      } else {
        long[] newRegisters = codes.registerValues();
        for (int r = 0; r < registers; r++) {
          back[registersAt + r][i] = newRegisters[r];
        }
        chain.after(withRegisters, concat(java.util.Arrays.copyOfRange(updates, 0, persons.size()), newRegisters,
            java.util.Arrays.copyOfRange(updates, persons.size(), updates.length)));
      }
    }
    inChain = false;
    chainRealRows = null;
    stateBefore = null;
    for (int k = 0; k < states; k++) {
      checkBound(ops.get(updateOp[chained[k]]), back[keptOps.length + k]);
    }
    for (int k = persons.size(); k < states; k++) {
      back[keptOps.length + k] = chain.familyLast(back[keptOps.length + k]);
    }
    long[][] inFileOrder = chain.toFileOrder(back);
    for (int k = 0; k < states; k++) {
      int s = chained[k];
      long[] st = stateShares[s];
      boolean bool = ops.get(updateOp[s]).type() == Type.BOOL;
      for (int j = 0; j < n; j++) {
        int c = sliceClaims[j];
        st[person[c]] = inFileOrder[keptOps.length + k][j]; // file order: the person's last claim last
        if (!bool) {
          increments(s)[c] = inFileOrder[incrementsAt + k][j];
        }
        if (yearShares != null && s == stateShares.length - 1) {
          yearShares[c] = inFileOrder[keptOps.length + k][j];
        }
      }
      if (reversals != null && !bool) {
        long[] values = inFileOrder[k < persons.size() ? keptOps.length + k : familyValuesAt + k - persons.size()];
        boundCheck.addReversals(ops.get(updateOp[s]), reversalValues(every, values));
      }
    }
    if (codes != null) {
      codesAfterChain(codes, inFileOrder, codeRowsAt, registersAt);
      if (codeReversals != null) {
        reversedCodeValues(codes, inFileOrder, codeValuesAt, reversalAt);
      }
    }
    for (Map.Entry<Integer, long[]> e : kept.entrySet()) {
      int at = java.util.Arrays.binarySearch(keptOps, e.getKey());
      long[] v = at >= 0 ? inFileOrder[at] : once[e.getKey()];
      long[] whole = e.getValue();
      boolean bool = ops.get(e.getKey()).type() == Type.BOOL;
      for (int j = 0; j < n; j++) {
        int c = sliceClaims[j];
        int t = slices.reversed(c);
        // a reversal's output is its target's negated (a bool repeated), as in layers
        long was = t >= 0 ? whole[t] : t == BatchSlices.EARLIER ? earlierOutput(c, e.getKey()) : 0;
        whole[c] = t == BatchSlices.NONE ? v[j] : bool ? was : -was;
      }
    }
  }

  /**
   * Puts the words that carry the values per code into a chain that runs them ({@link
   * FamilyChain#codeWords}) into {@code columns} from word {@code at}, for the slice's claims at
   * {@code every}: per state kept per item code its rows' values before the batch, then, with an
   * updated one ({@code flags}), the data holder's one-hot flags of each row's kept slot.
   */
  private void codeColumns(long[][] columns, int at, int[] every, boolean flags) {
    int n = every.length;
    Ir.StateUpdate[] keyed = itemCodeStates.states();
    for (int s = 0; s < keyed.length; s++) {
      long[] base = itemCodeStates.recordedRows(s);
      for (int r = 0; r < itemBound; r++) {
        columns[at + s * itemBound + r] = rowOf(base, n, r);
      }
    }
    if (!flags) {
      return;
    }
    int from = at + keyed.length * itemBound;
    int words = KeptShares.SLOTS * itemBound;
    long[] all;
    if (me == Party.DATA_HOLDER) {
      long[][] mine = itemCodeStates.slotFlags(fileClaims(every));
      all = session.shareInput(concat(mine));
    } else {
      all = session.peerInput(words * n);
    }
    for (int w = 0; w < words; w++) {
      columns[from + w] = java.util.Arrays.copyOfRange(all, w * n, (w + 1) * n);
    }
  }

  /** Step {@code i}'s {@code groups} groups of K words from word {@code from} of the family-order {@code permuted}. */
  private long[][] stepRows(long[][] permuted, int from, int groups, int i) {
    long[][] out = new long[groups][];
    for (int g = 0; g < groups; g++) {
      out[g] = step(permuted, from + g * itemBound, from + (g + 1) * itemBound, i);
    }
    return out;
  }

  /**
   * The values per code of a chain's step ({@link ChainedCodes}), row after row as {@link #runRows}
   * runs a layer's: each row reads its codes' values, computes the ops the updates need, and keeps
   * its increments real · where · (new − before) in the member's registers, checking the new values
   * against the state bound; the ops on the rows get their K rows back in {@code shares}. Returns,
   * per updated state (by block), the K rows' increments. With reversals in the chain, {@code
   * taken} (per block, null for a bool state's) is what a reversal here adds per row (0 elsewhere),
   * and {@code values} receives each row's new value of a state taken back.
   */
  private long[][] chainRows(long[][] shares, ChainedCodes codes, long[][] taken, long[][] values) {
    int k = itemBound;
    int[] at = {0};
    Ir.StateUpdate[] states = itemCodeStates.states();
    int blocks = restartRegisters(shares, codes);
    long[][] deltas = new long[blocks][k];
    long[][] whole = new long[ops.size()][];
    for (int r = 0; r < k; r++) {
      long[][] rows = new long[ops.size()][];
      for (Op op : ops) {
        long[] v = shares[op.id()];
        rows[op.id()] = v == null || op.level() != Ir.Level.ITEM ? v : rowOf(v, 1, r);
      }
      row = r;
      rowBefore.clear();
      long[][] read = codes.reads(new int[] {r});
      for (int s = 0; s < states.length; s++) {
        rowBefore.put(s, read[s]);
      }
      for (Op op : ops) {
        if (rowChain[op.id()]) {
          rows[op.id()] = compute(op, at, rows);
        }
      }
      long[] delta = flaggedIncrements(codes, rows, read, new long[] {chainRealRows[r]}, new long[0], new long[0]);
      for (int s = 0; s < states.length; s++) {
        int b = codes.block(s);
        if (b >= 0) {
          // a reversal's real-row flags are 0: its rows add what its target's took, negated
          delta[b] += taken != null && taken[b] != null ? taken[b][r] : 0;
          deltas[b][r] = delta[b];
          if (values != null && taken[b] != null) {
            if (values[b] == null) {
              values[b] = new long[k];
            }
            values[b][r] = read[s][0] + delta[b];
          }
          if (StateBoundCheck.needsBoundCheck(ops.get(states[s].op()))) {
            checkBound(ops.get(states[s].op()), new long[] {read[s][0] + delta[b]});
          }
        }
      }
      long[][] added = new long[delta.length][];
      for (int b = 0; b < delta.length; b++) {
        added[b] = new long[] {delta[b]};
      }
      codes.add(new int[] {r}, added);
      row = -1;
      for (Op op : ops) {
        if (rowChain[op.id()]) {
          if (whole[op.id()] == null) {
            whole[op.id()] = new long[k];
          }
          whole[op.id()][r] = rows[op.id()][0];
        }
      }
    }
    for (Op op : ops) {
      if (rowChain[op.id()]) {
        shares[op.id()] = whole[op.id()];
      }
    }
    return deltas;
  }

  /** The number of blocks of {@code codes} (updated states per item code). */
  private static int deltas(ChainedCodes codes) {
    return codes.registerCount() / KeptShares.SLOTS;
  }

  /**
   * Before a chain that runs the values per code and holds reversals (at slice positions {@code
   * reversalAt}): a reversal's real-row flags and restart flags set to 0 on both shares (which claim
   * is a reversal is public), and each claim's flag that the reversal's person is still in its
   * target's policy year in the word {@code yearAt} when a state taken back is per policy year (0
   * for a claim that is no reversal).
   */
  private void reversalColumns(long[][] columns, int[] forward, int[] wordAt, int yearAt, int[] reversalAt) {
    int realAt = wordAt[forward.length];
    for (int j : reversalAt) {
      for (int r = 0; r < itemBound; r++) {
        columns[realAt + r][j] = 0;
      }
    }
    for (Ir.StateUpdate u : itemCodeStates.states()) {
      int restart = u.perPolicyYear() ? Ir.restartOf(plan.program(), u.stateIndex()) : -1;
      int k = java.util.Arrays.binarySearch(forward, restart);
      if (k >= 0) {
        columns[wordAt[k]] = columns[wordAt[k]].clone(); // the values computed before the chain stay as they are
      }
      for (int j = 0; k >= 0 && j < reversalAt.length; j++) {
        columns[wordAt[k]][reversalAt[j]] = 0;
      }
    }
    if (yearAt >= 0) {
      long[] flags = new long[sliceClaims.length];
      for (int j : reversalAt) {
        flags[j] = codeYears[sliceClaims[j]];
      }
      columns[yearAt] = flags;
    }
  }

  /**
   * Puts the data holder's flags of the rows' ranks ({@link ItemCodeStates#rankFlags}) into {@code
   * columns} from word {@code at}: per layer and row, whether the row is a real row of that rank (a
   * reversal's rows none), then with reversals ({@code reversalAt}, slice positions) whether it is a
   * reversal's row of that rank.
   */
  private void rankColumns(long[][] columns, int at, int[] every, int layers, int[] reversalAt) {
    int n = every.length;
    boolean[] isReversal = new boolean[n];
    for (int j : reversalAt) {
      isReversal[j] = true;
    }
    int words = layers * itemBound;
    for (boolean reversal : reversalAt.length > 0 ? new boolean[] {false, true} : new boolean[] {false}) {
      long[] all;
      if (me == Party.DATA_HOLDER) {
        all = session.shareInput(concat(itemCodeStates.rankFlags(fileClaims(every), layers, isReversal, reversal)));
      } else {
        all = session.peerInput(words * n);
      }
      for (int w = 0; w < words; w++) {
        columns[at + w] = java.util.Arrays.copyOfRange(all, w * n, (w + 1) * n);
      }
      at += words;
    }
  }

  /**
   * Per claim (file index), with the values per code in a family chain and a reversal's state per
   * policy year to take back: a reversal's flag (shares of 0/1) that its person's recorded year is
   * still its target's, computed in the layers before the chain ({@link #yearFlags}).
   */
  private long[] codeYears;

  /**
   * The reversals among the layer's claims at positions {@code at}: their flags that the person's
   * recorded year (the layers carry it) is still the target's year ({@link YearlyReversals#takenBack}
   * of a 1: one equality and one selection each).
   */
  private void yearFlags(int[] at) {
    int[] reversals = java.util.Arrays.stream(at).filter(j -> slices.reversed(sliceClaims[j]) != BatchSlices.NONE)
        .toArray();
    if (reversals.length == 0) {
      return;
    }
    if (codeYears == null) {
      codeYears = new long[person.length];
    }
    int m = reversals.length;
    long[] now = new long[m];
    long[] target = new long[m];
    for (int i = 0; i < m; i++) {
      int c = sliceClaims[reversals[i]];
      int t = slices.reversed(c);
      now[i] = stateShares[layeredYear][person[c]];
      target[i] = t >= 0 ? yearShares[t] : earlier[c].policyYear();
    }
    long[] same = yearReads.takenBack(session, now, target, new long[][] {session.addPublic(new long[m], 1)})[0];
    for (int i = 0; i < m; i++) {
      codeYears[sliceClaims[reversals[i]]] = same[i];
    }
  }

  /** {@code taken}'s per-year states' rows times the step's year flag {@code y}: one call. */
  private long[][] yearlyTaken(long[][] taken, long y) {
    Ir.StateUpdate[] states = itemCodeStates.states();
    long[] x = new long[0];
    for (Ir.StateUpdate u : states) {
      if (u.perPolicyYear() && taken[blockOf(u)] != null) {
        x = concat(x, taken[blockOf(u)]);
      }
    }
    long[] ys = new long[x.length];
    java.util.Arrays.fill(ys, y);
    long[] products = x.length == 0 ? x : session.multiply(x, ys);
    long[][] out = taken.clone();
    int at = 0;
    for (Ir.StateUpdate u : states) {
      if (u.perPolicyYear() && taken[blockOf(u)] != null) {
        out[blockOf(u)] = java.util.Arrays.copyOfRange(products, at, at + itemBound);
        at += itemBound;
      }
    }
    return out;
  }

  /** The block of {@link ChainedCodes} of updated state {@code u} kept per item code. */
  private int blockOf(Ir.StateUpdate u) {
    int b = 0;
    for (Ir.StateUpdate v : itemCodeStates.states()) {
      if (v == u) {
        return b;
      }
      b += v.op() >= 0 ? 1 : 0;
    }
    throw new IllegalStateException("state " + u.name() + " is not updated per item code");
  }

  /**
   * After a chain that ran the values per code and holds reversals (at slice positions {@code
   * reversalAt}): the values the reversals' rows leave per code, checked against the state bound as
   * the layers check them ({@link #checkReversedCodes}).
   */
  private void reversedCodeValues(ChainedCodes codes, long[][] inFileOrder, int valuesAt, int[] reversalAt) {
    Ir.StateUpdate[] states = itemCodeStates.states();
    long[][] values = new long[states.length][];
    int t = 0;
    for (int s = 0; s < states.length; s++) {
      if (codes.block(s) < 0 || ops.get(states[s].op()).type() == Type.BOOL) {
        continue;
      }
      values[s] = new long[itemBound * reversalAt.length];
      for (int r = 0; r < itemBound; r++) {
        for (int i = 0; i < reversalAt.length; i++) {
          values[s][r * reversalAt.length + i] = inFileOrder[valuesAt + t * itemBound + r][reversalAt[i]];
        }
      }
      t++;
    }
    checkReversedCodes(fileClaims(positions(sliceClaims.length)), reversalAt, values);
  }

  /**
   * The reversals of the chain's slice over the values per code ({@link ChainedCodeReversals}), the
   * targets of earlier batches' increments from this party's ledger of shares.
   */
  private ChainedCodeReversals chainCodeReversals(ChainedCodes codes, int n) {
    int[] reversal = java.util.Arrays.stream(sliceClaims).filter(c -> slices.reversed(c) != BatchSlices.NONE)
        .toArray();
    int[] target = java.util.Arrays.stream(reversal).map(slices::reversed).toArray();
    long[][][] records = new long[reversal.length][][];
    for (int q = 0; q < reversal.length; q++) {
      records[q] = target[q] == BatchSlices.EARLIER ? earlier[reversal[q]].rowIncrements() : null;
    }
    int[] order = null;
    if (me == Party.INSURER) {
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = sliceClaims[chainSchedule.order()[i]];
      }
    }
    return new ChainedCodeReversals(session, me, itemCodeStates.states(), ops, codes, itemBound, order, reversal,
        target, records);
  }

  /**
   * The values per code of a chain's step in code layers ({@link Plan#codeLayers}): pass ℓ reads
   * every row's codes, computes the ops the updates need on all K rows, and keeps the increments of
   * the rows of rank ℓ ({@code ranks[ℓ]}: the data holder's flags, real rows only) in the member's
   * registers — rows of one rank carry distinct codes, so they read and change the registers
   * independently, and a row of rank ℓ reads what the earlier rows of its code left in passes before
   * ℓ. Each op on the rows keeps the value of its row's pass (a product per row and pass after the
   * first; padding rows keep the first pass's). With reversals, {@code taken} is added in the pass of
   * the reversal's row's rank ({@code takenRanks}) and {@code values} receives each such row's new
   * value there. Returns, per updated state (by block), the K rows' increments.
   */
  private long[][] chainLayers(long[][] shares, ChainedCodes codes, long[][] taken, long[][] values, long[][] ranks,
      long[][] takenRanks) {
    int k = itemBound;
    int[] at = {0};
    Ir.StateUpdate[] states = itemCodeStates.states();
    int blocks = restartRegisters(shares, codes);
    long[][] deltas = new long[blocks][k];
    long[][] kept = new long[ops.size()][];
    long[][] first = new long[ops.size()][];
    for (int layer = 0; layer < ranks.length; layer++) {
      long[][] rows = shares.clone();
      for (Op op : ops) {
        if (rowChain[op.id()]) {
          rows[op.id()] = null;
        }
      }
      rowBefore.clear();
      long[][] reads = codes.reads(positions(k));
      for (int s = 0; s < states.length; s++) {
        rowBefore.put(s, reads[s]);
      }
      for (Op op : ops) {
        if (rowChain[op.id()]) {
          rows[op.id()] = compute(op, at, rows);
        }
      }
      // with reversals, a reversal's rows of this rank take what their target's added, and their values are kept
      long[] takenHere = new long[0];
      long[] takenFlags = new long[0];
      for (int b = 0; taken != null && b < blocks; b++) {
        if (taken[b] != null) {
          takenHere = concat(takenHere, taken[b]);
          takenFlags = concat(takenFlags, takenRanks[layer]);
        }
      }
      long[] products = flaggedIncrements(codes, rows, reads, ranks[layer], takenFlags, takenHere);
      long[][] delta = new long[blocks][k];
      long[] flags = new long[0];
      long[] terms = new long[0];
      for (int s = 0, t = 0; s < states.length; s++) {
        int b = codes.block(s);
        if (b < 0) {
          continue;
        }
        for (int r = 0; r < k; r++) {
          delta[b][r] = products[b * k + r] + (taken != null && taken[b] != null ? products[blocks * k + t * k + r] : 0);
          deltas[b][r] += delta[b][r];
        }
        long[] after = new long[k];
        for (int r = 0; r < k; r++) {
          after[r] = reads[s][r] + delta[b][r];
        }
        if (StateBoundCheck.needsBoundCheck(ops.get(states[s].op()))) {
          checkBound(ops.get(states[s].op()), after);
        }
        if (taken != null && taken[b] != null) {
          flags = concat(flags, takenRanks[layer]);
          terms = concat(terms, after);
          t++;
        }
      }
      codes.add(positions(k), delta);
      // each op on the rows keeps its row's pass, v0 + Σ_ℓ [rank ℓ]·(vℓ − v0), and a reversal's row its
      // value after it: one call
      for (Op op : ops) {
        if (rowChain[op.id()] && layer == 0) {
          kept[op.id()] = rows[op.id()].clone();
          first[op.id()] = rows[op.id()];
        } else if (rowChain[op.id()]) {
          flags = concat(flags, ranks[layer]);
          terms = concat(terms, session.subtract(rows[op.id()], first[op.id()]));
        }
      }
      long[] chosen = flags.length == 0 ? flags : session.multiply(flags, terms);
      int c = 0;
      for (int b = 0; taken != null && b < blocks; b++) {
        if (taken[b] != null) {
          if (values[b] == null) {
            values[b] = new long[k];
          }
          for (int r = 0; r < k; r++) {
            values[b][r] += chosen[c++];
          }
        }
      }
      for (Op op : ops) {
        if (rowChain[op.id()] && layer > 0) {
          for (int r = 0; r < k; r++) {
            kept[op.id()][r] += chosen[c++];
          }
        }
      }
    }
    for (Op op : ops) {
      if (rowChain[op.id()]) {
        shares[op.id()] = kept[op.id()];
      }
    }
    return deltas;
  }

  /**
   * Starts a chain step's values per code: the registers of each updated state declared per policy
   * year taken to (1 − ρ)·T on the claim's restart flag ρ ({@link ChainedCodes#restart}). Returns
   * the number of updated states (blocks).
   */
  private int restartRegisters(long[][] shares, ChainedCodes codes) {
    Ir.StateUpdate[] states = itemCodeStates.states();
    long[][] restart = new long[codes.registerCount() / KeptShares.SLOTS][];
    for (int s = 0; s < states.length; s++) {
      if (codes.block(s) >= 0 && states[s].perPolicyYear()) {
        restart[codes.block(s)] = shares[Ir.restartOf(plan.program(), states[s].stateIndex())];
      }
    }
    codes.restart(restart);
    return restart.length;
  }

  /**
   * In a chain's step, the increments of the updated states per item code on its rows ({@code
   * rows}, n = {@code flags.length} values each): flags · where · (new − before), at b·n + r for
   * block b, {@code reads[s]} the values before. One call of the flags by the filters (the states
   * with one), then one of the masks by the changes, with {@code extraX}·{@code extraY} after them
   * in the same call.
   */
  private long[] flaggedIncrements(ChainedCodes codes, long[][] rows, long[][] reads, long[] flags, long[] extraX,
      long[] extraY) {
    Ir.StateUpdate[] states = itemCodeStates.states();
    int n = flags.length;
    int[] at = {0};
    long[] masks = new long[0];
    long[] wheres = new long[0];
    for (Ir.StateUpdate u : states) {
      if (u.op() >= 0 && u.where() >= 0) {
        masks = concat(masks, flags);
        wheres = concat(wheres, in(ops.get(u.op()), u.where(), at, rows));
      }
    }
    long[] masked = masks.length == 0 ? masks : session.multiply(masks, wheres);
    int blocks = codes.registerCount() / KeptShares.SLOTS;
    long[] x = new long[blocks * n];
    long[] change = new long[blocks * n];
    for (int s = 0, m = 0; s < states.length; s++) {
      Ir.StateUpdate u = states[s];
      int b = codes.block(s);
      if (b < 0) {
        continue;
      }
      long[] updated = in(ops.get(u.op()), u.op(), at, rows);
      for (int r = 0; r < n; r++) {
        x[b * n + r] = u.where() >= 0 ? masked[m * n + r] : flags[r];
        change[b * n + r] = updated[r] - reads[s][r];
      }
      m += u.where() >= 0 ? 1 : 0;
    }
    long[] left = concat(x, extraX);
    return left.length == 0 ? left : session.multiply(left, concat(change, extraY));
  }

  /**
   * After a chain that ran the values per code: each claim's rows' increments kept for the ledger
   * of shares, in file order, and each person's kept slots raised by its registers after its last
   * claim (what its rows added since its last restart).
   */
  private void codesAfterChain(ChainedCodes codes, long[][] inFileOrder, int codeRowsAt, int registersAt) {
    Ir.StateUpdate[] states = itemCodeStates.states();
    int n = sliceClaims.length;
    long[][] last = new long[persons][];
    for (int j = 0; j < n; j++) {
      int c = sliceClaims[j];
      long[] regs = new long[codes.registerCount()];
      for (int r = 0; r < regs.length; r++) {
        regs[r] = inFileOrder[registersAt + r][j];
      }
      last[person[c]] = regs;
      for (int s = 0; s < states.length; s++) {
        int b = codes.block(s);
        if (b >= 0) {
          long[] delta = new long[itemBound];
          for (int r = 0; r < itemBound; r++) {
            delta[r] = inFileOrder[codeRowsAt + b * itemBound + r][j];
          }
          itemCodeStates.keepClaim(s, c, delta);
        }
      }
    }
    for (int p = 0; p < persons; p++) {
      for (int s = 0; last[p] != null && s < states.length; s++) {
        int b = codes.block(s);
        if (b >= 0) {
          itemCodeStates.addToKept(s, p, java.util.Arrays.copyOfRange(last[p], b * KeptShares.SLOTS,
              (b + 1) * KeptShares.SLOTS));
        }
      }
    }
  }

  /** In the family chain's step, shares of the 0/1 flags of its claim's real item rows (null when no step masks padding). */
  private long[] chainRealRows;

  /**
   * Puts op {@code id}'s shares {@code v} for the slice's {@code n} claims into {@code columns} from
   * word {@code at}: one word, or an item-level value's K rows as K words; returns the words taken.
   */
  private int rowsIn(int id, long[][] columns, int at, long[] v, int n) {
    if (ops.get(id).level() != Ir.Level.ITEM) {
      columns[at] = v;
      return 1;
    }
    for (int r = 0; r < itemBound; r++) {
      columns[at + r] = rowOf(v, n, r);
    }
    return itemBound;
  }

  /** Words {@code from} to {@code to} of the family-order {@code permuted} at step {@code i}: one claim's value or rows. */
  private static long[] step(long[][] permuted, int from, int to, int i) {
    long[] v = new long[to - from];
    for (int w = from; w < to; w++) {
      v[w - from] = permuted[w][i];
    }
    return v;
  }

  /**
   * The reversals of the chain's slice with their registers over the {@code chained} states
   * ({@link FamilyReversals}); null when the slice holds none.
   */
  private FamilyReversals chainReversals(int[] chained, int n) {
    int count = slices.hasReversals() ? (int) java.util.Arrays.stream(sliceClaims)
        .filter(c -> slices.reversed(c) != BatchSlices.NONE).count() : 0;
    if (count == 0) {
      return null;
    }
    int[] reversal = new int[count];
    int[] target = new int[count];
    ShareLedger.Entry[] records = new ShareLedger.Entry[count];
    int r = 0;
    for (int c : sliceClaims) {
      if (slices.reversed(c) != BatchSlices.NONE) {
        reversal[r] = c;
        target[r] = slices.reversed(c);
        records[r] = target[r] == BatchSlices.EARLIER ? earlier[c] : null;
        r++;
      }
    }
    int[] order = null;
    if (me == Party.INSURER) {
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = sliceClaims[chainSchedule.order()[i]];
      }
    }
    return new FamilyReversals(session, me, plan, order, chained, reversal, target, records, person.length);
  }

  /** The file index of the claim of the chain's current step, at the insurer (−1 at the data holder). */
  private int chainClaim = -1;

  /** 0, 1, …, n − 1: every position of a slice of n claims. */
  static int[] positions(int n) {
    int[] every = new int[n];
    for (int j = 0; j < n; j++) {
      every[j] = j;
    }
    return every;
  }

  /** In a prefix run of a batch with states shared by a family ({@link FamilyPrefix}), their values; null otherwise. */
  private FamilyPrefix familyPrefix;

  /** {@code stateBefore[s][j]}: shares of state s before the slice's claim at position j, in a prefix run. */
  private long[][] stateBefore;

  private void runPrefix(PrefixSchedule schedule, BatchSlices.Slice slice) {
    int n = sliceClaims.length;
    int[] every = positions(n);
    int first = slice.firstPerson();
    int slicePersons = slice.endPerson() - first;
    long[][] all = new long[ops.size()][];
    stateBefore = new long[stateShares.length][];
    List<List<PassSchedule.Step>> passes = PassSchedule.of(plan,
        schedule.stages().stream().map(PrefixSchedule.Stage::family).toList()).passes();
    int pass = 0;
    for (PrefixSchedule.Stage stage : schedule.stages()) {
      runSteps(passes.get(pass++), all, every);
      StateFamilies.Family f = stage.family();
      long[] step = term(f.step(), every, all);
      long[] start = new long[n];
      long[] y = new long[n];
      // the sum of the steps of the person's earlier claims: local on additive shares
      long[] running = new long[slicePersons];
      for (int j = 0; j < n; j++) {
        int p = person[sliceClaims[j]];
        start[j] = stateShares[f.state()][p];
        y[j] = start[j] + running[p - first];
        running[p - first] += step[j];
      }
      boolean byFamily = familyPrefix != null && familyPrefix.covers(f.state());
      long[] before = byFamily ? familyPrefix.before(stage, step, f.kind() == StateFamilies.Kind.CAPPED
          || f.kind() == StateFamilies.Kind.FLOORED ? term(f.limit(), every, all) : null,
          f.restarts() ? operand(f.restart(), every, all) : null)
          : PrefixSchedule.segmented(stage) ? segmented(stage, step, start, y, every, all, first, slicePersons)
          : switch (f.kind()) {
        case ADDITIVE -> y;
        // max(s0, min(y, K)) = min(y, max(s0, K)) as y >= s0; the insurer knows s0 and K
        case SATURATING -> session.min(y, me == Party.INSURER ? session.shareInput(startOrLimit(f))
            : session.peerInput(n), stage.width());
        case CAPPED -> session.min(y, term(f.limit(), every, all), stage.width());
        case FLOORED -> session.max(y, term(f.limit(), every, all), stage.width());
        case CLAMPED -> clampedScan(stage, step, start, every, all, first, slicePersons);
        case RUNNING_MAX -> throw new IllegalStateException("a running maximum runs a scan");
      };
      if (!f.kind().identityAtZero() && !byFamily) {
        boolean[] seen = new boolean[slicePersons];
        for (int j = 0; j < n; j++) {
          int p = person[sliceClaims[j]] - first;
          if (!seen[p]) {
            seen[p] = true;
            before[j] = start[j];
          }
        }
      }
      stateBefore[f.state()] = before;
    }
    runSteps(passes.get(pass), all, every);
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex())) {
        long[] v = operand(u.op(), every, all);
        checkBound(ops.get(u.op()), v);
        long[] st = stateShares[u.stateIndex()];
        long[] before = stateBefore[u.stateIndex()];
        // a family's value after the batch is its last claim's, whichever member made it; a person's
        // state coupled with its family's counts its amounts from its start (its values before were stage 1's)
        long[] last = familyPrefix != null && familyPrefix.covers(u.stateIndex()) ? familyPrefix.last(u.stateIndex())
            : familyPrefix != null && familyPrefix.coupled(u.stateIndex()) ? summedAfter(u.stateIndex(), v, before) : v;
        boolean bool = ops.get(u.op()).type() == Type.BOOL;
        for (int j = 0; j < n; j++) {
          st[person[sliceClaims[j]]] = last[j]; // file order: the person's last claim is written last
          if (!bool) {
            increments(u.stateIndex())[sliceClaims[j]] = v[j] - incrementBase(u.stateIndex(), all, j, before[j]);
          }
          keepYear(u.stateIndex(), sliceClaims[j], v[j]);
        }
      }
    }
    for (Map.Entry<Integer, long[]> e : kept.entrySet()) {
      long[] v = all[e.getKey()];
      long[] whole = e.getValue();
      for (int j = 0; j < n; j++) {
        whole[sliceClaims[j]] = v[j];
      }
    }
  }

  /**
   * Per claim of the slice (file order), state {@code s}'s start plus the amounts {@code v − before}
   * of its person's claims up to it: local on additive shares.
   */
  private long[] summedAfter(int s, long[] v, long[] before) {
    long[] out = new long[v.length];
    Map<Integer, Long> running = new HashMap<>();
    for (int j = 0; j < v.length; j++) {
      int p = person[sliceClaims[j]];
      long sum = running.getOrDefault(p, stateShares[s][p]) + v[j] - before[j];
      running.put(p, sum);
      out[j] = sum;
    }
    return out;
  }

  /**
   * A CLAMPED state before each claim: the scan of (Σx, floor, ceiling) over each person's earlier
   * claims ({@link PrefixSchedule}), each step one {@code max} and one {@code min} for the whole
   * batch (a claim with no claim {@code d} back composes with the identity), then {@code C(s₀ +
   * X; L, H)} of the prefix before the claim.
   */
  private long[] clampedScan(PrefixSchedule.Stage stage, long[] step, long[] start, int[] every, long[][] all,
      int first, int slicePersons) {
    StateFamilies.Family f = stage.family();
    int n = every.length;
    int w = stage.width();
    long[] identityFloor = session.addPublic(new long[n], stage.floorSentinel());
    long[] identityCeiling = session.addPublic(new long[n], stage.ceilingSentinel());
    long[] x = step.clone();
    long[] floor = f.limit() == null ? identityFloor : term(f.limit(), every, all);
    long[] ceiling = f.ceiling() == null ? identityCeiling : term(f.ceiling(), every, all);
    int[] back = new int[n]; // per claim of the slice, the claim `d` back of the same person, or −1
    int[] owner = new int[n]; // per claim of the slice, its person counted from the slice's first
    for (int j = 0; j < n; j++) {
      owner[j] = person[sliceClaims[j]] - first;
    }
    int[][] earlier = earlierClaims(owner, slicePersons);
    for (int k = 0, d = 1; k < stage.scanSteps(); k++, d <<= 1) {
      earlier(earlier, owner, d, back);
      long[] shifted = new long[2 * n];
      long[] floors = new long[2 * n];
      long[] ceilings = new long[2 * n];
      long[] sum = new long[n];
      for (int c = 0; c < n; c++) {
        int b = back[c];
        shifted[c] = (b >= 0 ? floor[b] : identityFloor[c]) + x[c];
        shifted[n + c] = (b >= 0 ? ceiling[b] : identityCeiling[c]) + x[c];
        floors[c] = floors[n + c] = floor[c];
        ceilings[c] = ceilings[n + c] = ceiling[c];
        sum[c] = (b >= 0 ? x[b] : 0) + x[c];
      }
      long[] composed = session.min(session.max(shifted, floors, w), ceilings, w);
      floor = java.util.Arrays.copyOfRange(composed, 0, n);
      ceiling = java.util.Arrays.copyOfRange(composed, n, 2 * n);
      x = sum;
    }
    earlier(earlier, owner, 1, back);
    long[] v = new long[n];
    long[] lows = new long[n];
    long[] highs = new long[n];
    for (int c = 0; c < n; c++) {
      int b = back[c];
      v[c] = start[c] + (b >= 0 ? x[b] : 0);
      lows[c] = b >= 0 ? floor[b] : identityFloor[c];
      highs[c] = b >= 0 ? ceiling[b] : identityCeiling[c];
    }
    return session.min(session.max(v, lows, w), highs, w);
  }

  /**
   * A state that restarts, or a running maximum, before each claim ({@link SegmentedScans}): the
   * scan over each person's earlier claims, then the family's closed form from the start s₀, or
   * from 0 when one of the person's earlier claims restarted (base = f ? 0 : s₀).
   */
  private long[] segmented(PrefixSchedule.Stage stage, long[] step, long[] start, long[] y, int[] every, long[][] all,
      int first, int slicePersons) {
    StateFamilies.Family f = stage.family();
    int n = every.length;
    int w = stage.width();
    int[] owner = new int[n];
    for (int j = 0; j < n; j++) {
      owner[j] = person[sliceClaims[j]] - first;
    }
    SegmentedScans scans = new SegmentedScans(session, owner, slicePersons, stage.scanSteps());
    if (f.kind() == StateFamilies.Kind.RUNNING_MAX) {
      return session.max(start, scans.runningMax(step, stage.floorSentinel(), w), w);
    }
    long[] flag = operand(f.restart(), every, all);
    if (f.kind() == StateFamilies.Kind.CLAMPED) {
      long[] floor = f.limit() == null ? session.addPublic(new long[n], stage.floorSentinel())
          : term(f.limit(), every, all);
      long[] ceiling = f.ceiling() == null ? session.addPublic(new long[n], stage.ceilingSentinel())
          : term(f.ceiling(), every, all);
      long[][] t = scans.segmentedClamp(flag, step, floor, ceiling, stage.floorSentinel(), stage.ceilingSentinel(), w);
      long[] base = scans.choose(t[0], new long[][] {new long[n]}, new long[][] {start})[0];
      return session.min(session.max(session.add(base, t[1]), t[2], w), t[3], w);
    }
    long[][] fv = scans.segmentedSum(flag, step);
    if (f.kind() == StateFamilies.Kind.SATURATING) {
      // min(y, max(base, K)), with max(base, K) = f ? B : A for the insurer's A = max(s₀, K), B = max(0, K)
      long[][] limits = me == Party.INSURER ? restartedLimits(f) : null;
      long[] a = me == Party.INSURER ? session.shareInput(limits[0]) : session.peerInput(n);
      long[] b = me == Party.INSURER ? session.shareInput(limits[1]) : session.peerInput(n);
      long[][] chosen = scans.choose(fv[0], new long[][] {new long[n], b}, new long[][] {start, a});
      return session.min(session.add(chosen[0], fv[1]), chosen[1], w);
    }
    long[] restarted = session.add(scans.choose(fv[0], new long[][] {new long[n]}, new long[][] {start})[0], fv[1]);
    return switch (f.kind()) {
      case ADDITIVE -> restarted;
      case CAPPED -> session.min(restarted, term(f.limit(), every, all), w);
      case FLOORED -> session.max(restarted, term(f.limit(), every, all), w);
      default -> throw new IllegalStateException(f.kind().toString());
    };
  }

  /** At the insurer: per claim of the slice, {A, B} with A = max(s₀, K) and B = max(0, K) of {@code f}'s state. */
  private long[][] restartedLimits(StateFamilies.Family f) {
    long[][] values = new long[2][sliceClaims.length];
    for (int j = 0; j < sliceClaims.length; j++) {
      int c = sliceClaims[j];
      long k = f.limit().evaluate(local::column, c);
      values[0][j] = Math.max(insurerStart[f.state()][person[c]], k);
      values[1][j] = Math.max(0, k);
    }
    return values;
  }

  /** Per person ({@code owner} of each position, {@code owners} of them), its positions in order. */
  static int[][] earlierClaims(int[] owner, int owners) {
    int[] count = new int[owners];
    for (int p : owner) {
      count[p]++;
    }
    int[][] claims = new int[owners][];
    for (int p = 0; p < owners; p++) {
      claims[p] = new int[count[p]];
    }
    int[] at = new int[owners];
    for (int c = 0; c < owner.length; c++) {
      claims[owner[c]][at[owner[c]]++] = c;
    }
    return claims;
  }

  /** {@code back[c]}: the position {@code d} claims before c of the same person, or −1. */
  static void earlier(int[][] claims, int[] owner, int d, int[] back) {
    int[] at = new int[claims.length];
    for (int c = 0; c < owner.length; c++) {
      int position = at[owner[c]]++;
      back[c] = position >= d ? claims[owner[c]][position - d] : -1;
    }
  }

  /** At the insurer: per claim of the slice, the larger of its person's start of {@code f}'s state and its limit. */
  private long[] startOrLimit(StateFamilies.Family f) {
    long[] values = new long[sliceClaims.length];
    for (int j = 0; j < values.length; j++) {
      int c = sliceClaims[j];
      values[j] = Math.max(insurerStart[f.state()][person[c]], f.limit().evaluate(local::column, c));
    }
    return values;
  }

  /** One pass of a prefix run: each step one protocol call (or local work) for all claims. */
  private void runSteps(List<PassSchedule.Step> steps, long[][] all, int[] every) {
    int n = every.length;
    for (PassSchedule.Step step : steps) {
      int[] group = step.ops();
      switch (step.kind()) {
        case SINGLE -> {
          if (all[group[0]] == null) {
            all[group[0]] = compute(ops.get(group[0]), every, all);
          }
        }
        case DIVIDE -> {
          int[] at = offsets(group, n);
          long[] x = new long[at[group.length]];
          for (int g = 0; g < group.length; g++) {
            Op op = ops.get(group[g]);
            System.arraycopy(in(op, op.a(), every, all), 0, x, at[g], at[g + 1] - at[g]);
          }
          split(session.divideRounded(x, step.divisor(), step.min(), step.bits()), group, all, at);
        }
        case PLAINTEXT_PRODUCT -> {
          int[] at = offsets(group, n);
          long[] x = new long[at[group.length]];
          long[] mins = new long[x.length];
          Label owner = plan.site(plaintextFactor(plan, ops.get(group[0])));
          long[] r = owner == mySite ? new long[x.length] : null;
          for (int g = 0; g < group.length; g++) {
            Op mul = ops.get(group[g]);
            int plain = plaintextFactor(plan, mul);
            System.arraycopy(in(mul, plain == mul.a() ? mul.b() : mul.a(), every, all), 0, x, at[g], at[g + 1] - at[g]);
            java.util.Arrays.fill(mins, at[g], at[g + 1], ops.get(plain).min());
            if (r != null) {
              System.arraycopy(column(plain, every), 0, r, at[g], at[g + 1] - at[g]);
            }
          }
          split(session.multiplyPlaintext(x, r, ShareHolders.of(owner.party().orElseThrow()), mins, step.bits()),
              group, all, at);
        }
        case EQUAL, OR -> {
          int[] at = offsets(group, n);
          long[] x = new long[at[group.length]];
          long[] y = new long[x.length];
          for (int g = 0; g < group.length; g++) {
            Op op = ops.get(group[g]);
            System.arraycopy(in(op, op.a(), every, all), 0, x, at[g], at[g + 1] - at[g]);
            System.arraycopy(in(op, op.b(), every, all), 0, y, at[g], at[g + 1] - at[g]);
          }
          split(step.kind() == PassSchedule.Kind.EQUAL ? bit(session.equal(x, y, step.bits()), x.length)
              : session.subtract(session.add(x, y), session.multiply(x, y)), group, all, at);
        }
        default -> throw new IllegalStateException(step.kind().toString());
      }
    }
  }

  private static void split(long[] merged, int[] group, long[][] all, int[] at) {
    for (int g = 0; g < group.length; g++) {
      all[group[g]] = java.util.Arrays.copyOfRange(merged, at[g], at[g + 1]);
    }
  }

  /** Where each op of a merged call starts in its vector (and, last, the vector's length), for n claims. */
  private int[] offsets(int[] group, int n) {
    int[] at = new int[group.length + 1];
    for (int g = 0; g < group.length; g++) {
      at[g + 1] = at[g] + length(ops.get(group[g]), n);
    }
    return at;
  }

  /** The length of op's vector for n claims: n, or n·K for an item-level op. */
  private int length(Op op, int n) {
    return op.level() == Ir.Level.ITEM ? Math.multiplyExact(n, rowsPerClaim()) : n;
  }

  /** The rows an item-level vector has per claim: K, or 1 while {@link #runRows} runs a row. */
  private int rowsPerClaim() {
    return row >= 0 ? 1 : itemBound;
  }

  /** A family's step or limit on shares for {@code claims}; its ops are computed or brought in. */
  private long[] term(FamilyTerm t, int[] claims, long[][] shares) {
    int n = claims.length;
    return switch (t.kind()) {
      case OP -> operand(t.op(), claims, shares);
      case CONST -> session.addPublic(new long[n], t.value());
      case ADD -> session.add(term(t.a(), claims, shares), term(t.b(), claims, shares));
      case SUB -> session.subtract(term(t.a(), claims, shares), term(t.b(), claims, shares));
      case NEG -> session.negate(term(t.a(), claims, shares));
      case SCALE -> session.multiplyPublic(term(t.a(), claims, shares), t.value());
      case MIN -> session.min(term(t.a(), claims, shares), term(t.b(), claims, shares), PrefixSchedule.width(t));
      case MAX -> session.max(term(t.a(), claims, shares), term(t.b(), claims, shares), PrefixSchedule.width(t));
      case SELECT -> {
        long[] c = operand(t.op(), claims, shares);
        long[] a = term(t.a(), claims, shares);
        long[] b = term(t.b(), claims, shares);
        yield session.add(b, session.multiply(c, session.subtract(a, b)));
      }
    };
  }

  /** Shares per claim (by position in the slice) of the shared ops computed once for the slice; null for the others. */
  private long[][] hoisted = new long[0][];

  /** The shares of state {@code s} per person after the batch. */
  long[] stateShares(int s) {
    return stateShares[s];
  }

  int persons() {
    return persons;
  }

  int[] person() {
    return person;
  }

  /** One layer: the claims at positions {@code at} of the slice, no two of one person; returns its ops' values. */
  private long[][] runLayer(int[] at) {
    int n = at.length;
    long[][] shares = new long[ops.size()][];
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT || (readsKeyed != null && readsKeyed[op.id()])
          || beforeChain != null && beforeChain[op.id()]) {
        continue;
      }
      long[] once = op.id() < hoisted.length ? hoisted[op.id()] : null;
      if (once != null) {
        int k = op.level() == Ir.Level.ITEM ? itemBound : 1;
        long[] v = new long[n * k];
        for (int j = 0; j < n; j++) {
          System.arraycopy(once, at[j] * k, v, j * k, k);
        }
        shares[op.id()] = v;
      } else {
        shares[op.id()] = compute(op, at, shares);
      }
    }
    if (itemCodeStates != null && plan.codesInChain()) {
      // the values per code run in the chain: here only their restarts, on the values before the batch
      int[] layerReversals = java.util.Arrays.stream(positions(at.length))
          .filter(j -> slices.reversed(sliceClaims[at[j]]) != BatchSlices.NONE).toArray();
      restartCodes(at, fileClaims(at), shares, layerReversals);
    } else if (itemCodeStates != null) {
      runRows(at, shares);
      for (Op op : ops) {
        if (readsKeyed[op.id()] && shares[op.id()] == null && plan.site(op.id()) == Label.JOINT
            && (beforeChain == null || !beforeChain[op.id()])) {
          shares[op.id()] = compute(op, at, shares);
        }
      }
    }
    if (beforeChain != null) {
      // the chain updates its states and keeps the results; the person's policy year runs here too
      // (the values per code restart on it), a reversal keeping the year it read, as the chain does;
      // and so do the per-person states no family state reaches, as without a family state
      updateStates(at, shares, yearlyTakenBack(at, layeredYears), layeredStates);
      if (FamilyChain.yearFlags(plan, slices.hasReversals())) {
        yearFlags(at); // before the layer's year: a reversal leaves it as it was
      }
      if (layeredYear >= 0) {
        long[] st = stateShares[layeredYear];
        long[] v = operand(layeredYearUpdate, at, shares);
        for (int j = 0; j < n; j++) {
          int c = sliceClaims[at[j]];
          if (slices.reversed(c) == BatchSlices.NONE) {
            st[person[c]] = v[j];
          }
          yearShares[c] = st[person[c]]; // a same-batch reversal of this claim tests its year
        }
      }
      return shares;
    }
    updateStates(at, shares, yearlyTakenBack(at, years), null);
    for (Map.Entry<Integer, long[]> e : kept.entrySet()) {
      long[] v = shares[e.getKey()];
      long[] whole = e.getValue();
      boolean bool = ops.get(e.getKey()).type() == Type.BOOL;
      for (int j = 0; j < n; j++) {
        int c = sliceClaims[at[j]];
        int t = slices.reversed(c);
        // a reversal's output is its target's negated (a bool repeated); the target ran in an earlier
        // layer, or in an earlier batch (this party's share from its ledger of shares)
        long was = t >= 0 ? whole[t] : t == BatchSlices.EARLIER ? earlierOutput(c, e.getKey()) : 0;
        whole[c] = t == BatchSlices.NONE ? v[j] : bool ? was : -was;
      }
    }
    return shares;
  }

  /**
   * Writes the new values of the shared states (those {@code only} marks, when not null) for the
   * layer's claims at positions {@code at}: a reversal's as {@link #reversing} settles it, each
   * checked against the state's bound.
   */
  private void updateStates(int[] at, long[][] shares, long[][] yearlyTaken, boolean[] only) {
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && (only == null || only[u.stateIndex()])) {
        long[] st = stateShares[u.stateIndex()];
        long[] v = reversing(u, at, operand(u.op(), at, shares), st, shares, yearlyTaken);
        checkBound(ops.get(u.op()), v);
        if (slices.hasReversals()) {
          boundCheck.addReversals(ops.get(u.op()), reversalValues(at, v));
        }
        for (int j = 0; j < at.length; j++) {
          st[person[sliceClaims[at[j]]]] = v[j];
        }
      }
    }
  }

  /**
   * The ops on states kept per item code of one layer ({@link #rowChain}), row after row: row k of
   * every claim of the layer together, each row reading the values its person's earlier rows left
   * ({@link ItemCodeStates#before}), then keeping its own increments real · where · (new − before)
   * and checking the new values against the state bound. The ops computed so far ({@code shares},
   * K rows per claim) give their row k; the chain's ops get their K rows per claim back.
   */
  private void runRows(int[] at, long[][] shares) {
    int n = at.length;
    int k = itemBound;
    int[] files = fileClaims(at);
    long[][] whole = new long[ops.size()][];
    Ir.StateUpdate[] states = itemCodeStates.states();
    int[] reversals = slices.hasReversals() ? java.util.Arrays.stream(positions(n))
        .filter(j -> slices.reversed(files[j]) != BatchSlices.NONE).toArray() : new int[0];
    restartCodes(at, files, shares, reversals);
    long[][][] taken = reversals.length == 0 ? null : keyedTakenBack(at, files, reversals);
    long[][] reversalValues = reversals.length == 0 ? null : new long[states.length][];
    for (int r = 0; r < k; r++) {
      long[][] rows = new long[ops.size()][];
      for (Op op : ops) {
        long[] v = shares[op.id()];
        rows[op.id()] = v == null || op.level() != Ir.Level.ITEM ? v : rowOf(v, n, r);
      }
      row = r;
      rowBefore.clear();
      for (Op op : ops) {
        if (rowChain[op.id()]) {
          rows[op.id()] = compute(op, at, rows);
        }
      }
      for (int s = 0; s < states.length; s++) {
        Ir.StateUpdate u = states[s];
        if (u.op() < 0) {
          continue;
        }
        long[] before = keyedBefore(s, at, files);
        long[] change = session.subtract(in(ops.get(u.op()), u.op(), at, rows), before);
        long[] delta;
        if (u.where() >= 0 && (plan.site(u.where()) == Label.JOINT || plan.site(u.where()) == Label.INSURER)) {
          long[] where = session.multiplyPlaintext(in(ops.get(u.op()), u.where(), at, rows),
              itemCodeStates.realRows(files, r, null), ShareHolders.of(Party.DATA_HOLDER), 0, 1);
          delta = session.multiply(where, change);
        } else {
          long[] where = u.where() >= 0 && me == Party.DATA_HOLDER ? column(u.where(), at) : null;
          delta = session.multiplyPlaintext(change, itemCodeStates.realRows(files, r, where),
              ShareHolders.of(Party.DATA_HOLDER), 0, 1);
        }
        long[] after = session.add(before, delta);
        if (taken != null && taken[s] != null) {
          // a reversal's rows carry its target's increments negated; their values are checked below
          long[] values = new long[reversals.length];
          for (int i = 0; i < reversals.length; i++) {
            delta[reversals[i]] = taken[s][i][r];
            values[i] = before[reversals[i]] + delta[reversals[i]];
            after[reversals[i]] = 0;
          }
          if (ops.get(u.op()).type() != Type.BOOL) {
            reversalValues[s] = concat(reversalValues[s] == null ? new long[0] : reversalValues[s], values);
          }
        }
        if (StateBoundCheck.needsBoundCheck(ops.get(u.op()))) {
          checkBound(ops.get(u.op()), after);
        }
        itemCodeStates.keep(s, files, r, delta);
      }
      itemCodeStates.rowDone(files, r);
      row = -1;
      for (Op op : ops) {
        if (rowChain[op.id()]) {
          if (whole[op.id()] == null) {
            whole[op.id()] = new long[n * k];
          }
          for (int j = 0; j < n; j++) {
            whole[op.id()][j * k + r] = rows[op.id()][j];
          }
        }
      }
    }
    for (Op op : ops) {
      if (rowChain[op.id()]) {
        shares[op.id()] = whole[op.id()];
      }
    }
    if (reversalValues != null) {
      checkReversedCodes(files, reversals, reversalValues);
    }
  }

  /**
   * Restarts the values per code declared per policy year of the layer's claims at positions
   * {@code at} ({@code files}: file indexes) on their restart flags, computed with the layer's ops
   * that no value per code reaches ({@link ItemCodeStates#restart}); a reversal among them (at
   * {@code reversals}) restarts nothing (public: both parties zero their shares).
   */
  private void restartCodes(int[] at, int[] files, long[][] shares, int[] reversals) {
    if (itemCodeStates.restarts()) {
      long[] restart = shares[yearRestart].clone();
      for (int j : reversals) {
        restart[j] = 0;
      }
      itemCodeStates.restart(at, files, restart);
    }
  }

  /**
   * Per state kept per item code (by position; null for one not taken back) and reversal among the
   * claims at positions {@code reversals} of the layer ({@code files}: file indexes), per row, what
   * the reversal's row adds to its code: its target's row's increment negated, for a state declared
   * per policy year only while the person's recorded year is still the target's ({@link
   * YearlyReversals#takenBack}: one equality per reversal, a selection per row), else 0. A target of
   * the batch gives its rows' increments kept in the batch; one of an earlier batch those of this
   * party's ledger of shares ({@link #earlier}), its rows beyond the record's 0.
   */
  private long[][][] keyedTakenBack(int[] at, int[] files, int[] reversals) {
    Ir.StateUpdate[] keyed = itemCodeStates.states();
    int k = itemBound;
    long[][][] taken = new long[keyed.length][][];
    List<long[]> yearly = new java.util.ArrayList<>();
    for (int s = 0; s < keyed.length; s++) {
      if (keyed[s].op() < 0) {
        continue;
      }
      taken[s] = new long[reversals.length][k];
      // a bool state is left as it is: the reversal's rows add nothing
      for (int i = 0; i < reversals.length && ops.get(keyed[s].op()).type() != Type.BOOL; i++) {
        int c = files[reversals[i]];
        int t = slices.reversed(c);
        long[] recorded = t >= 0 ? null : earlier[c].rowIncrements()[keyed[s].stateIndex()];
        for (int r = 0; r < k; r++) {
          taken[s][i][r] = t >= 0 ? -itemCodeStates.targetIncrement(s, t, r) : r < recorded.length ? -recorded[r] : 0;
        }
        if (keyed[s].perPolicyYear()) {
          yearly.add(taken[s][i]);
        }
      }
    }
    if (!yearly.isEmpty()) {
      int m = reversals.length;
      long[] now = new long[m];
      long[] target = new long[m];
      for (int i = 0; i < m; i++) {
        int c = files[reversals[i]];
        // the person's recorded year (before a family chain, as the layers carry it)
        now[i] = stateShares[yearReads.yearState()][person[c]];
        target[i] = slices.reversed(c) >= 0 ? yearShares[slices.reversed(c)] : earlier[c].policyYear();
      }
      // rows (state, row) by reversal: takenBack's rows are its states, its columns the reversals
      int rows = yearly.size() / m * k;
      long[][] increments = new long[rows][m];
      for (int y = 0; y < yearly.size(); y++) {
        for (int r = 0; r < k; r++) {
          increments[(y / m) * k + r][y % m] = yearly.get(y)[r];
        }
      }
      long[][] chosen = yearReads.takenBack(session, now, target, increments);
      for (int y = 0; y < yearly.size(); y++) {
        for (int r = 0; r < k; r++) {
          yearly.get(y)[r] = chosen[(y / m) * k + r][y % m];
        }
      }
    }
    return taken;
  }

  /**
   * Checks the values the reversals of a layer leave per code against the state bound, as
   * rules-come-in mode checks each code's value after a reversal: per state, each reversal row's
   * value ({@code values[s]}, row by row) times the data holder's flag that it is the last row of
   * its code in the claim (a random OT each), compared on both sides at the reversal width.
   */
  private void checkReversedCodes(int[] files, int[] reversals, long[][] values) {
    int[] reversalFiles = java.util.Arrays.stream(reversals).map(j -> files[j]).toArray();
    long[] flags = me == Party.DATA_HOLDER ? new long[0] : null;
    for (int r = 0; r < itemBound && flags != null; r++) {
      flags = concat(flags, itemCodeStates.lastOfCode(reversalFiles, r));
    }
    Ir.StateUpdate[] keyed = itemCodeStates.states();
    for (int s = 0; s < keyed.length; s++) {
      if (values[s] != null) {
        boundCheck.addReversals(ops.get(keyed[s].op()), session.multiplyPlaintext(values[s], flags,
            ShareHolders.of(Party.DATA_HOLDER), 0, 1));
      }
    }
  }

  /** Row {@code r} of each of the {@code n} claims of an item-level vector. */
  private long[] rowOf(long[] v, int n, int r) {
    long[] out = new long[n];
    for (int j = 0; j < n; j++) {
      out[j] = v[j * itemBound + r];
    }
    return out;
  }

  /** The value of state number {@code s} (by position among the states kept per code) before the current row. */
  private long[] keyedBefore(int s, int[] at, int[] files) {
    return rowBefore.computeIfAbsent(s, x -> itemCodeStates.before(s, at, files, row));
  }

  /**
   * {@code incrementShares[s][c]}: shares of what claim c (file index) added to shared state s,
   * kept when the batch holds a reversal (null otherwise, and for a bool state).
   */
  private final long[][] incrementShares;

  /**
   * The new values of a shared state for the claims at positions {@code at} of a layer ({@code
   * computed}, the policy's, on shares; {@code st}, the values before, per person), with each
   * reversal's replaced as the plaintext engine settles it: a money or int state lowered by its
   * target's increment (local on shares: the target ran in an earlier layer), or for a per-year
   * state by what {@code yearlyTaken} takes back ({@link #yearlyTakenBack}); a bool state and the
   * recorded policy year left as they were. Keeps each claim's increment for the reversals of later
   * layers: for a per-year state, from the value the claim read ({@code shares}, 0 after a restart).
   */
  private long[] reversing(Ir.StateUpdate u, int[] at, long[] computed, long[] st, long[][] shares,
      long[][] yearlyTaken) {
    int s = u.stateIndex();
    boolean bool = ops.get(u.op()).type() == Type.BOOL;
    boolean year = years != null && years.isYearState(s);
    long[] v = slices.hasReversals() ? computed.clone() : computed;
    for (int j = 0; j < at.length; j++) {
      int c = sliceClaims[at[j]];
      long before = st[person[c]];
      int t = slices.reversed(c);
      if (t != BatchSlices.NONE) {
        v[j] = bool || year ? before : yearlyTaken != null && yearlyTaken[s] != null ? before - yearlyTaken[s][j]
            : before - (t >= 0 ? increments(s)[t] : earlier[c].increments()[s]);
      }
      if (!bool) {
        increments(s)[c] = v[j] - (t == BatchSlices.NONE ? incrementBase(s, shares, j, before)
            : holdsYear[s] ? 0 : before);
      }
      keepYear(s, c, v[j]);
    }
    return v;
  }

  /** The policy years of the per-year states on shares ({@link YearlyReversals}); null when there are none. */
  private final YearlyReversals years;
  /**
   * The per-year states' reads and the recorded year, whatever the schedule (a family's prefix run
   * too, where {@link #years} is null: a batch of a family policy settles no reversal in layers).
   */
  private final YearlyReversals yearReads;
  /**
   * {@code yearShares[c]}: shares of the policy year claim c's (file index) increments went into,
   * the recorded year after it; null when {@link #years} is.
   */
  private final long[] yearShares;

  /**
   * What state {@code s} read before the claim at position {@code j} ({@code values} by op): for a
   * per-year state the lowering's read (0 after a restart), else {@code before}.
   */
  private long readBefore(int s, long[][] values, int j, long before) {
    int read = yearReads == null ? -1 : yearReads.readOp(s);
    return read >= 0 && values[read] != null ? values[read][j] : before;
  }

  /**
   * What claim {@code j}'s increment to state {@code s} counts from, as the plaintext evaluator
   * records it: 0 for a state holding a policy year (the person's, a family's: the increment is the
   * year the claim's increments went into, which a family chain's reversal reads from a ledger of
   * shares), else {@link #readBefore}.
   */
  private long incrementBase(int s, long[][] values, int j, long before) {
    return holdsYear[s] ? 0 : readBefore(s, values, j, before);
  }

  /** Per state, whether it holds a policy year ({@link FamilyReversals#holdsYear}). */
  private final boolean[] holdsYear;

  /**
   * Keeps {@code v}, claim {@code c}'s new value of state {@code s}, when {@code s} holds the policy
   * year: under a family chain, which keeps no {@link #years}, the last state, as the chain keeps it.
   */
  private void keepYear(int s, int c, long v) {
    if (yearShares != null && (years != null ? years.isYearState(s) : s == stateShares.length - 1)) {
      yearShares[c] = v;
    }
  }

  /**
   * Per per-year money or int state on shares (null for the others), what each reversal among the
   * claims at positions {@code at} takes back of it, by position: its target's increment while the
   * person's recorded year is still the year that increment went into, 0 once it closed ({@link
   * YearlyReversals#takenBack}). Null when the layer holds no reversal or the policy no such state.
   */
  private long[][] yearlyTakenBack(int[] at, YearlyReversals years) {
    if (years == null || !slices.hasReversals()) {
      return null;
    }
    int[] reversals = java.util.Arrays.stream(positions(at.length))
        .filter(j -> slices.reversed(sliceClaims[at[j]]) != BatchSlices.NONE).toArray();
    int[] states = years.yearlyStates();
    if (reversals.length == 0 || states.length == 0) {
      return null;
    }
    int m = reversals.length;
    long[] now = new long[m];
    long[] target = new long[m];
    long[][] increments = new long[states.length][m];
    for (int i = 0; i < m; i++) {
      int c = sliceClaims[at[reversals[i]]];
      int t = slices.reversed(c);
      // a reversal leaves the recorded year alone, so the person's year now is the one before this layer
      now[i] = stateShares[years.yearState()][person[c]];
      target[i] = t >= 0 ? yearShares[t] : earlier[c].policyYear();
      for (int k = 0; k < states.length; k++) {
        increments[k][i] = t >= 0 ? increments(states[k])[t] : earlier[c].increments()[states[k]];
      }
    }
    long[][] taken = years.takenBack(session, now, target, increments);
    long[][] byState = new long[stateShares.length][];
    for (int k = 0; k < states.length; k++) {
      byState[states[k]] = new long[at.length];
      for (int i = 0; i < m; i++) {
        byState[states[k]][reversals[i]] = taken[k][i];
      }
    }
    return byState;
  }

  /** Shares per claim (file order) of the policy year its increments went into; null without per-year states on shares. */
  long[] yearShares() {
    return yearShares;
  }

  /** The values of {@code v} (by position in {@code at}) of the reversals among the claims at {@code at}. */
  private long[] reversalValues(int[] at, long[] v) {
    long[] out = new long[at.length];
    int k = 0;
    for (int j = 0; j < at.length; j++) {
      if (slices.reversed(sliceClaims[at[j]]) != BatchSlices.NONE) {
        out[k++] = v[j];
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /** {@link #incrementShares} of state {@code s}, made on first use. */
  private long[] increments(int s) {
    if (incrementShares[s] == null) {
      incrementShares[s] = new long[person.length];
    }
    return incrementShares[s];
  }

  /**
   * Shares of what each claim (file order) added to money or int state {@code s} kept on shares,
   * after the batch ran; null for a state no claim updated on shares.
   */
  long[] incrementShares(int s) {
    return incrementShares[s];
  }

  /**
   * Per claim (file order), this party's part of the record of an earlier batch's claim it
   * reverses ({@link ShareLedger}); null for the others, or when the batch reverses none.
   */
  private ShareLedger.Entry[] earlier;
  /** The output number of each op that is an output (the first output for an op two share). */
  private final Map<Integer, Integer> outputOf = new HashMap<>();

  /**
   * Brings in the records of the earlier batches' claims that the batch's reversals take back
   * ({@code earlier[c]}, this party's parts, by claim in file order), and {@code outputOps}, the
   * op of each of the policy's outputs, before the first slice runs.
   */
  void earlier(ShareLedger.Entry[] records, int[] outputOps) {
    earlier = records;
    for (int o = outputOps.length - 1; o >= 0; o--) {
      outputOf.put(outputOps[o], o);
    }
  }

  /** This party's share of kept op {@code op}'s value for the earlier claim that claim {@code c} reverses (0 for no output). */
  private long earlierOutput(int c, int op) {
    Integer o = outputOf.get(op);
    return o == null ? 0 : earlier[c].outputs()[o];
  }

  /** Shares of a new state value for the bound check (once for the slice, see {@link StateBoundCheck}). */
  private void checkBound(Op update, long[] v) {
    boundCheck.add(update, v);
  }

  /** See {@link StateBoundCheck#violationShares}. */
  long[] boundViolationShares() {
    return boundCheck.violationShares(boundViolationBits());
  }

  /** {@link StateBoundCheck#violationCountBits} of this batch, its reversals counted (0: nothing is checked). */
  int boundViolationBits() {
    return StateBoundCheck.violationCountBits(plan, person.length, slices.reversalCount());
  }

  static long[] concat(long[]... parts) {
    int length = 0;
    for (long[] part : parts) {
      length += part.length;
    }
    long[] out = new long[length];
    int at = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /**
   * The shares of op {@code id} for the claims at positions {@code claims} of the slice, bringing a
   * plaintext value in when needed.
   */
  private long[] operand(int id, int[] claims, long[][] shares) {
    if (shares[id] != null) {
      return shares[id];
    }
    Label site = plan.site(id);
    int n = length(ops.get(id), claims.length);
    long[] v;
    if (site == Label.PUBLIC) {
      v = session.addPublic(new long[n], column(id, claims)); // P0 holds the value, P1 zero
    } else if (site == mySite) {
      v = session.shareInput(column(id, claims));
    } else {
      v = session.peerInput(n);
    }
    shares[id] = v;
    return v;
  }

  /**
   * The shares of op {@code id} as an operand of {@code consumer}: a claim-level value (a
   * constant, or the operand of a {@code TO_ITEMS}) repeated for each row of an item-level consumer.
   */
  private long[] in(Op consumer, int id, int[] claims, long[][] shares) {
    long[] v = operand(id, claims, shares);
    boolean repeat = consumer.level() == Ir.Level.ITEM && ops.get(id).level() == Ir.Level.CLAIM;
    return repeat ? ItemRows.repeat(v, rowsPerClaim()) : v;
  }

  /**
   * This party's plaintext values of op {@code id} for the claims at positions {@code at} of the
   * slice; an item-level op's in rows, each claim's items padded with {@link Plan#itemPadding}.
   */
  private long[] column(int id, int[] at) {
    long[] all = local.column(id);
    if (ops.get(id).level() == Ir.Level.ITEM) {
      long[] rows = ItemRows.rows(all, itemOffsets, fileClaims(at), itemBound, plan.itemPadding(id), placement);
      return row >= 0 ? rowOf(rows, at.length, row) : rows;
    }
    long[] v = new long[at.length];
    for (int j = 0; j < at.length; j++) {
      // a public value is the same for every claim; in a chain the insurer's is its step's claim's
      v[j] = all[!inChain ? sliceClaims[at[j]] : plan.site(id) == Label.PUBLIC ? 0 : chainClaim];
    }
    return v;
  }

  /** The file indexes of the claims at positions {@code at} of the slice. */
  private int[] fileClaims(int[] at) {
    int[] c = new int[at.length];
    for (int j = 0; j < at.length; j++) {
      c[j] = sliceClaims[at[j]];
    }
    return c;
  }

  /**
   * A per-claim sum of an item-level value on shares: each claim's K rows added locally, after a
   * product of every row with the data holder's 0/1 flag of real rows when the padding rows are
   * not 0 by themselves ({@link Plan#masksPadding}).
   */
  private long[] sumItems(Op op, int[] claims, long[][] shares) {
    long[] rows = operand(op.a(), claims, shares);
    if (plan.masksPadding(op.id()) && inChain) {
      // the data holder does not know the step's claim: its flags came in family order, on shares
      rows = session.multiply(rows, chainRealRows);
    } else if (plan.masksPadding(op.id())) {
      long[] real = me == Party.DATA_HOLDER ? ItemRows.real(itemOffsets, fileClaims(claims), itemBound, placement)
          : null;
      rows = session.multiplyPlaintext(rows, real, ShareHolders.of(Party.DATA_HOLDER), 0, 1);
    }
    return ItemRows.sum(rows, itemBound);
  }

  private long[] compute(Op op, int[] claims, long[][] shares) {
    int n = length(op, claims.length);
    switch (op.code()) {
      case TO_ITEMS:
        return in(op, op.a(), claims, shares);
      case KEYED_STATE: {
        Ir.StateUpdate[] keyed = itemCodeStates.states();
        for (int s = 0; s < keyed.length; s++) {
          if (keyed[s].stateIndex() == op.imm()) {
            return keyedBefore(s, claims, fileClaims(claims));
          }
        }
        throw new IllegalStateException("state " + op.imm() + " is not kept per item code");
      }
      case SUM_ITEMS:
        return sumItems(op, claims, shares);
      case STATE: {
        long[] v = new long[n];
        if (stateBefore != null) {
          long[] before = stateBefore[(int) op.imm()];
          for (int j = 0; j < n; j++) {
            v[j] = before[claims[j]];
          }
          return v;
        }
        long[] st = stateShares[(int) op.imm()];
        for (int j = 0; j < n; j++) {
          v[j] = st[person[sliceClaims[claims[j]]]];
        }
        return v;
      }
      case ADD:
        return session.add(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares));
      case SUB:
        return session.subtract(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares));
      case NEG:
        return session.negate(in(op, op.a(), claims, shares));
      case MUL: {
        if (plan.site(op.a()) == Label.PUBLIC) {
          return session.multiplyPublic(in(op, op.b(), claims, shares), publicConstant(op.a()));
        }
        if (plan.site(op.b()) == Label.PUBLIC) {
          return session.multiplyPublic(in(op, op.a(), claims, shares), publicConstant(op.b()));
        }
        int plain = plaintextFactor(plan, op);
        if (plain >= 0 && !inChain && constantFactor(plan, op)) {
          Op factor = ops.get(plain);
          Label owner = plan.site(plain);
          return session.multiplyConstant(in(op, plain == op.a() ? op.b() : op.a(), claims, shares),
              owner == mySite ? constant(plain, claims) : 0, ShareHolders.of(owner.party().orElseThrow()),
              factor.min(), factorBits(factor));
        }
        if (plain >= 0 && !(inChain && plan.site(plain) == Label.DATA_HOLDER)) {
          Op factor = ops.get(plain);
          Label owner = plan.site(plain);
          return session.multiplyPlaintext(in(op, plain == op.a() ? op.b() : op.a(), claims, shares),
              owner == mySite ? column(plain, claims) : null, ShareHolders.of(owner.party().orElseThrow()),
              factor.min(), factorBits(factor));
        }
        return session.multiply(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares));
      }
      case ROUND4:
        return divide(op, 10_000, claims, shares);
      case DIV_ROUND:
        return divide(op, op.imm(), claims, shares);
      case LT:
        return bit(session.lessThan(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares), width(op)), n);
      case LE: // a <= b  ⇔  not (b < a)
        return not(bit(session.lessThan(in(op, op.b(), claims, shares), in(op, op.a(), claims, shares), width(op)), n));
      case EQ:
        return bit(session.equal(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares), width(op)), n);
      case NE:
        return not(bit(session.equal(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares), width(op)), n));
      case AND:
        return session.multiply(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares));
      case OR: {
        long[] a = in(op, op.a(), claims, shares);
        long[] b = in(op, op.b(), claims, shares);
        return session.subtract(session.add(a, b), session.multiply(a, b));
      }
      case NOT:
        return not(in(op, op.a(), claims, shares));
      case IN_MASK: {
        // the members' equalities exclude each other, so their sum is the membership bit
        long[] a = in(op, op.a(), claims, shares);
        Op arg = ops.get(op.a());
        long[] sum = new long[n];
        for (long k = Math.max(0, arg.min()); k <= Math.min(63, arg.max()); k++) {
          if (((op.imm() >>> k) & 1) != 0) {
            long[] member = session.addPublic(new long[n], k);
            sum = session.add(sum, bit(session.equal(a, member, span(arg.min(), arg.max(), k, k)), n));
          }
        }
        return sum;
      }
      case SELECT: {
        long[] a = in(op, op.b(), claims, shares);
        long[] b = in(op, op.c(), claims, shares);
        Label owner = plan.site(op.a());
        if (owner == Label.INSURER || owner == Label.DATA_HOLDER && !inChain) {
          // one party's 0/1 condition: b + c·(a − b) as a product with a 1-bit plaintext factor
          return session.add(b, session.multiplyPlaintext(session.subtract(a, b),
              owner == mySite ? column(op.a(), claims) : null, ShareHolders.of(owner.party().orElseThrow()), 0, 1));
        }
        long[] c = in(op, op.a(), claims, shares);
        return session.add(b, session.multiply(c, session.subtract(a, b)));
      }
      case PRIVATE_LOOKUP:
        return lookUp(op, claims);
      case MIN:
        return session.min(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares), width(op));
      case MAX:
        return session.max(in(op, op.a(), claims, shares), in(op, op.b(), claims, shares), width(op));
      default:
        throw new IllegalStateException("the plan put " + op.code() + " on shares, which the secure evaluator does not do");
    }
  }

  /**
   * A private lookup at the claims at positions {@code claims}, per claim or per item row (K per
   * claim): per row and key, a 64-bit equality of the decoded fingerprint with the one the data
   * holder looks for gives a shared bit b (at most one key matches: the insurer's keys are
   * distinct and cover distinct codes); a code set's membership is Σ b, a table's entry
   * {@code default + Σ b·(v − default)}. The tables of one store share the bits: the first lookup
   * of the store in a slice tests, the others reuse its bits (every lookup runs once per slice, for
   * all its claims, since it reads no shared state; {@link SecureCosts} counts one test per store).
   * A table indexed by a public code list needs none of this: its shares are the value.
   */
  private long[] lookUp(Op op, int[] claims) {
    org.cosettle.mpc.plan.PrivateLookup lookup = plan.lookup((int) op.imm(), op.level() == Ir.Level.ITEM);
    int keys = lookup.keysPerRow();
    int[] files = fileClaims(claims);
    org.cosettle.mpc.plan.LookupStore store = plan.store(lookup);
    if (store.indexed()) { // looked up at the code's index: the shares are the entry (or the default) itself
      return lookups.values(lookup, files);
    }
    long[] match = storeMatches.get(store);
    if (match == null || !java.util.Arrays.equals(storeMatchClaims.get(store), files)) {
      long[] fingerprints = lookups.fingerprints(lookup, files);
      match = bit(session.equal(fingerprints, lookups.queries(lookup, files), LOOKUP_EQUALITY_BITS),
          fingerprints.length);
      storeMatches.put(store, match);
      storeMatchClaims.put(store, files);
    }
    long[] terms = match;
    if (!lookup.codeSet()) {
      terms = session.multiply(match, session.addPublic(lookups.values(lookup, files), -lookup.defaultValue()));
    }
    long[] out = new long[terms.length / keys];
    for (int r = 0; r < out.length; r++) {
      for (int k = 0; k < keys; k++) {
        out[r] += terms[r * keys + k];
      }
    }
    return lookup.codeSet() ? out : session.addPublic(out, lookup.defaultValue());
  }

  /** The width of a lookup's fingerprint equality: 63, so {@link ArithmeticSession#equal} compares all 64 bits. */
  static final int LOOKUP_EQUALITY_BITS = 63;

  /**
   * The operand of a shared product that one party holds in plaintext, so the product takes
   * {@link ArithmeticSession#multiplyPlaintext} (a random OT per bit of it) instead of a Beaver
   * triple: the narrower one when both are; −1 when neither is.
   */
  static int plaintextFactor(Plan plan, Op mul) {
    int best = -1;
    for (int arg : new int[] {mul.a(), mul.b()}) {
      Label site = plan.site(arg);
      if ((site == Label.DATA_HOLDER || site == Label.INSURER)
          && (best < 0 || factorBits(plan.program().ops().get(arg)) < factorBits(plan.program().ops().get(best)))) {
        best = arg;
      }
    }
    return best;
  }

  /**
   * Whether a shared product's plaintext factor ({@link #plaintextFactor}) is a private param, one
   * value for the whole batch, in an op that runs once per slice (no shared state reaches it): then
   * {@link ArithmeticSession#multiplyConstant} takes one vector OT per bit of the factor for the
   * slice instead of one OT per bit and claim.
   */
  static boolean constantFactor(Plan plan, Op mul) {
    int plain = plaintextFactor(plan, mul);
    return plain >= 0 && plan.program().ops().get(plain).code() == Ir.Opcode.PRIVATE_PARAM
        && !FamilyChain.layered(plan)[mul.id()];
  }

  /** At the factor's owner: the one value of a private param over the claims at positions {@code claims}. */
  private long constant(int param, int[] claims) {
    long[] values = column(param, claims);
    for (long v : values) {
      if (v != values[0]) {
        throw new IllegalStateException("a private param with more than one value in a batch");
      }
    }
    return values.length == 0 ? 0 : values[0];
  }

  /** The bits of a plaintext factor's offset from its least value. */
  static int factorBits(Op factor) {
    long span = factor.max() - factor.min();
    return span < 0 ? 64 : 64 - Long.numberOfLeadingZeros(span);
  }

  private long[] divide(Op op, long divisor, int[] claims, long[][] shares) {
    Op x = ops.get(op.a());
    int factor = signFactor(plan, op);
    if (factor >= 0) {
      Label owner = plan.site(factor);
      long[] negative = null;
      if (owner == mySite) {
        long[] r = column(factor, claims);
        negative = new long[r.length];
        for (int i = 0; i < r.length; i++) {
          negative[i] = r[i] < 0 ? 1 : 0;
        }
      }
      return session.divideRoundedOwnSign(in(op, op.a(), claims, shares), divisor, x.min(), divisionBits(x),
          negative, ShareHolders.of(owner.party().orElseThrow()));
    }
    return session.divideRounded(in(op, op.a(), claims, shares), divisor, x.min(), divisionBits(x));
  }

  /**
   * For a rounding ({@code ROUND4}, {@code DIV_ROUND}) of a product on shares y·r whose range
   * crosses zero, where r is one party's plaintext and y is proven ≥ 0: r, whose owner gives the
   * division the sign in plaintext ([r &lt; 0]: the product's sign wherever it is not zero), so
   * that {@link ArithmeticSession#divideRoundedOwnSign} skips the sign test on the product's full
   * width; −1 otherwise.
   */
  static int signFactor(Plan plan, Op round) {
    if (round.code() != Ir.Opcode.ROUND4 && round.code() != Ir.Opcode.DIV_ROUND) {
      return -1;
    }
    List<Op> all = plan.program().ops();
    Op x = all.get(round.a());
    if (x.code() != Ir.Opcode.MUL || plan.site(x.id()) != Label.JOINT || x.min() >= 0 || x.max() < 0) {
      return -1;
    }
    for (int[] pair : new int[][] {{x.a(), x.b()}, {x.b(), x.a()}}) {
      Label site = plan.site(pair[0]);
      Op factor = all.get(pair[0]);
      if ((site == Label.DATA_HOLDER || site == Label.INSURER) && factor.min() < 0
          && factor.level() == round.level() && all.get(pair[1]).min() >= 0) {
        return pair[0];
      }
    }
    return -1;
  }

  /** The bits of the range of a dividend, as {@link ArithmeticSession#divideRounded} takes them. */
  static int divisionBits(Op x) {
    return Math.max(1, 64 - Long.numberOfLeadingZeros(x.max() - x.min()));
  }

  /** The width of a comparison of the operands of {@code op}: their difference lies within ±2^width. */
  static int width(Op op, List<Op> ops) {
    Op a = ops.get(op.a());
    Op b = ops.get(op.b());
    return span(a.min(), a.max(), b.min(), b.max());
  }

  private int width(Op op) {
    return width(op, ops);
  }

  static int span(long aMin, long aMax, long bMin, long bMax) {
    long low = Math.min(aMin, bMin);
    long high = Math.max(aMax, bMax);
    long range = high - low;
    return range < 0 ? 64 : Math.max(1, 64 - Long.numberOfLeadingZeros(range));
  }

  private long[] bit(long[] booleanShares, int n) {
    return session.bitToArithmetic(booleanShares, n);
  }

  private long[] not(long[] bits) {
    return session.addPublic(session.negate(bits), 1);
  }

  private long publicConstant(int id) {
    long[] all = local.column(id);
    return all.length == 0 ? 0 : all[0];
  }
}
