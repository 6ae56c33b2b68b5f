package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.hash.HashAlgorithm;
import org.cosettle.crypto.hash.Hasher;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.internal.PartyViews;
import org.cosettle.policy.ir.Ir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handshake mode: a batch of claims settled between the data holder (the platform, which keeps
 * the claims) and the insurer (which keeps its insured records, private params and states),
 * each learning only what the policy's manifest says. Both call their side with the same
 * compiled policy over a {@link Channel} to the other (a {@code GrpcChannel} in production).
 *
 * <pre>{@code
 * // the platform
 * HandshakeSettlement.DataHolderOutcome mine = HandshakeSettlement.dataHolder(policy, claims, channel, prg);
 * // the insurer
 * HandshakeSettlement.InsurerOutcome theirs = HandshakeSettlement.insurer(policy, insured, privateParams, channel, prg);
 * }</pre>
 *
 * <p>The steps: the data holder sends the public metadata (claim ids and insured ids, spec §1,
 * and, when the policy runs item-level values on shares, the item bound every claim's line items
 * are padded to: {@link ItemRows});
 * both check the batch can run (the insurer has a record for every insured id, the policy is
 * within what the secure evaluator does) and tell each other; the offline phase makes exactly the
 * triples the plan needs, for one slice of whole insured persons at a time ({@link BatchSlices}: a
 * large batch's material never exists at once); each party computes its plaintext part; the
 * secure part runs slice by slice, the values that outlive a slice kept on shares; outputs,
 * aggregates and states are opened to their recipients only, after every slice. Every value agrees
 * with the plaintext evaluator's on the same data (tested claim by claim).
 *
 * <p>Refused with a clear message before anything secret moves: roundings of values wider than
 * {@value ArithmeticSession#MAX_DIVIDEND_BITS} bits, an aggregate on shares that could total more
 * than 2^62, and one that groups the insurer's values by hospital for the data holder alone (the
 * insurer would learn the number of hospitals). A batch the plaintext evaluator rejects is
 * refused too: a state kept on shares is checked against ±1,000,000,000.00 on shares after every
 * layer, and the number of violations is opened to both before any output.
 *
 * <p>One class, just above the usual 400 lines: it is the public façade of handshake mode —
 * both parties' entry points, their outcomes, the refusals and the agreement steps both sides
 * must run identically — while the work itself lives in {@code PartyRun},
 * {@code SecureEvaluator} and {@code ResultGate}.
 */
public final class HandshakeSettlement {
  /** Phases, counts and refusal kinds only (see {@code PartyRun}'s logger). */
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeSettlement.class);

  private HandshakeSettlement() {}

  /**
   * The data holder's result: the outputs addressed to it ({@code null} rows for the others) and
   * its aggregates (as {@link #visible}: a withheld group shows no count or total), and its ledger
   * of shares after the batch ({@link ShareLedger}: the one it was given, possibly empty, followed
   * by the batch's claims; null when it was given none), to be written once the settlement committed,
   * and its kept shares of the states per item code after the batch ({@link KeptShares}; null for
   * a policy that updates none).
   */
  public record DataHolderOutcome(List<Claim> claims, long[][] outputs, List<BatchResult.AggregateRow> aggregates,
      Stats stats, ShareLedger ledger, KeptShares kept) {}

  /**
   * What one party's run cost: the offline phase (triples and daBits from OT extension, which
   * depends only on the policy and the batch's metadata), the plaintext part, and the online phase
   * (the secure evaluation and the openings), in wall time and bytes this party sent and received;
   * the number of slices the batch ran in (each slice's offline material counts to the offline
   * phase, also when it was made between the online phase's slices); and the correlated values
   * (triples, daBits, random OTs) the offline phase made that the online phase did not use (0: it
   * made exactly what the batch needed).
   */
  public record Stats(long offlineNanos, long offlineBytes, long localNanos, long onlineNanos, long onlineBytes,
      long onlineRounds, int slices, long correlationsLeft) {}

  /**
   * The insurer's result: the claim ids, the outputs addressed to it ({@code null} for the others),
   * its aggregates, every state after the batch per record of its insured file, and its ledger of
   * shares after the batch (as the data holder's; null when it was given none), and its kept shares
   * of the states per item code after the batch (as the data holder's). The states hold a state per
   * item code's recorded values as before the batch: the batch's increments are in the kept shares.
   */
  public record InsurerOutcome(List<String> claimIds, long[][] outputs, List<BatchResult.AggregateRow> aggregates,
      long[][] states, Stats stats, ShareLedger ledger, KeptShares kept) {}

  /**
   * The batch cannot be settled in handshake mode: {@link #refusals()} says why, as values (both
   * parties get the same list, except that a failure in one party's own data keeps its details
   * at that party). Nothing secret has been opened when this is thrown.
   */
  public static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Refusal> refusals;

    RefusedException(List<Refusal> refusals) {
      super("handshake mode cannot settle this batch: "
          + String.join("; ", refusals.stream().map(Refusal::toString).toList()));
      this.refusals = List.copyOf(refusals);
    }

    /** Why, in the order found: this party's own findings first, then the peer's. */
    public List<Refusal> refusals() {
      return refusals;
    }
  }

  /**
   * What the secure evaluator would refuse in {@code policy} whatever the batch (beyond the
   * planner's own refusals): roundings or comparisons too wide for the share arithmetic,
   * groupings it does not do. {@code cosettle check --plan} prints them.
   */
  public static List<Refusal> refusals(CompiledPolicy policy) {
    Plan plan = Planner.plan(policy);
    List<Refusal> all = new ArrayList<>(SecureCosts.unsupported(plan, 1));
    all.subList(0, plan.refusals().size()).clear();
    return all;
  }

  /**
   * The rows the private lookups per line item of {@code claims} take at item bound {@code
   * itemBound}: the slot count the data holder chooses from the batch's item counts (docs/protocol.md,
   * "Real items only"; 0 without items), at most {@code itemBound} per claim.
   */
  public static int itemLookupRows(List<Claim> claims, int itemBound) {
    return ItemSlots.count(claims.stream().mapToInt(c -> c.items().size()).toArray(), itemBound);
  }

  /**
   * For {@code check --plan}: per busiest insured person of 1, 2, 10 and 80 claims, what a slice of
   * the reference size costs on the scans of states that restart (per policy year) or are running
   * maxima and in layers, and which one runs; empty when no state needs a scan.
   */
  public static List<String> segmentedPrefixCosts(org.cosettle.mpc.plan.Plan plan) {
    return SecureCosts.segmentedComparison(plan);
  }

  /**
   * Why handshake mode writes no states file after a batch of {@code policy} when the parties keep
   * no kept shares ({@code keepsShares} false), or null when it can: a state kept per item code
   * that the policy updates is settled on shares, its new values per code never opened (they would
   * show the insurer each person's codes) but carried to the next batch in the parties' kept shares
   * ({@link KeptShares}); a states file without them would carry the values before the batch.
   */
  public static String statesFileRefusal(CompiledPolicy policy, boolean keepsShares) {
    for (Ir.StateUpdate u : ItemCodeStates.keyed(policy.program())) {
      if (u.op() >= 0 && !keepsShares) {
        return "state " + u.name() + " is kept per item code: handshake mode opens no value per code but carries the"
            + " batch's increments to the next batch in each party's kept shares, so a states file needs them written"
            + " too (--kept-shares-out)";
      }
    }
    return null;
  }

  /**
   * A party's own rule on whether a batch may be settled, asked with the batch's public metadata
   * (claim ids and insured ids in order) before anything is computed; its answer (null: go on)
   * reaches both parties as a {@link Refusal.Kind#BATCH_REFUSED} refusal.
   */
  @FunctionalInterface
  public interface BatchCheck {
    /** No rule: every batch may be settled. */
    BatchCheck NONE = (claimIds, insuredIds) -> null;

    String refusal(List<String> claimIds, List<String> insuredIds);
  }

  /**
   * The digest both parties give a batch: SM3 over its claim ids and insured ids in order (each
   * as its UTF-8 length in 4 bytes, then its bytes), in hex. It names the batch in both parties'
   * audit logs.
   */
  public static String batchDigest(List<String> claimIds, List<String> insuredIds) {
    Hasher h = HashAlgorithm.SM3.newHasher();
    for (List<String> ids : List.of(claimIds, insuredIds)) {
      h.update(java.nio.ByteBuffer.allocate(4).putInt(ids.size()).array());
      for (String id : ids) {
        byte[] utf8 = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        h.update(java.nio.ByteBuffer.allocate(4).putInt(utf8.length).array());
        h.update(utf8);
      }
    }
    return java.util.HexFormat.of().formatHex(h.digest());
  }

  public static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg) {
    return dataHolder(policy, claims, channel, prg, BatchCheck.NONE);
  }

  /** The data holder's side, with its own {@code check} on the batch. */
  public static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      BatchCheck check) {
    return dataHolder(policy, claims, channel, prg, check, Disclosures.NONE);
  }

  /**
   * What the entry points take besides the data: the party's own batch check, its limits, the
   * observer of results that leave it (tests) and of its phases ({@link DataHolder}, {@link
   * Insurer}), and the correlated values a slice is cut to need ({@code sliceBudget}; 0: what the
   * limits give, {@link BatchSlices#cut}; tests force small slices with it, the same at both parties).
   */
  record Hooks(BatchCheck check, SettlementLimits limits, Disclosures disclosures, Phases phases, long sliceBudget,
      AggregateCosts.Construction forcedAggregates, BfvBackend heBackend, HeKeyReuse keyReuse) {
    Hooks {
      keyReuse = keyReuse == null ? HeKeyReuse.NONE : keyReuse;
    }

    Hooks(BatchCheck check, SettlementLimits limits, Disclosures disclosures, Phases phases, long sliceBudget,
        AggregateCosts.Construction forcedAggregates) {
      this(check, limits, disclosures, phases, sliceBudget, forcedAggregates, null, HeKeyReuse.NONE);
    }

    Hooks(BatchCheck check, SettlementLimits limits, Disclosures disclosures, Phases phases, long sliceBudget) {
      this(check, limits, disclosures, phases, sliceBudget, null);
    }

    Hooks(BatchCheck check, SettlementLimits limits, Disclosures disclosures, Phases phases) {
      this(check, limits, disclosures, phases, 0);
    }

    static Hooks of(BatchCheck check) {
      return new Hooks(check, SettlementLimits.DEFAULTS, Disclosures.NONE, state -> { });
    }

    /**
     * The same hooks with this party's HE (private lookups, grouped sums) on {@code backend}; null:
     * the one {@link BfvBackends#select()} names ({@code -Dcosettle.he.backend}, else java).
     */
    Hooks withHeBackend(BfvBackend backend) {
      return new Hooks(check, limits, disclosures, phases, sliceBudget, forcedAggregates, backend, keyReuse);
    }

    /** These hooks with the party's HE keys kept as {@code reuse} says. */
    Hooks withKeyReuse(HeKeyReuse reuse) {
      return new Hooks(check, limits, disclosures, phases, sliceBudget, forcedAggregates, heBackend, reuse);
    }
  }

  /** Hears a party's settlement enter each phase. */
  @FunctionalInterface
  interface Phases {
    void entered(SettlementState state);
  }

  /**
   * The data holder's side with every aggregate on shares summed by {@code aggregates} where it
   * fits (null: the cost model's pick): for benchmarks comparing the constructions. The insurer
   * must force the same ({@link #insurer(CompiledPolicy, InsuredFile, long[], Channel, Prg,
   * AggregateCosts.Construction)}).
   */
  public static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      AggregateCosts.Construction aggregates) {
    return dataHolder(policy, claims, channel, prg, new Hooks(BatchCheck.NONE, SettlementLimits.DEFAULTS,
        Disclosures.NONE, state -> { }, 0, aggregates));
  }

  /**
   * The data holder's side with HE keys kept and cached across sessions as {@code keyReuse} says
   * ({@link HeKeyReuse#inStateDirectory}), every aggregate's construction the cost model's pick, or
   * {@code aggregates} where it fits (null: the pick).
   */
  public static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      AggregateCosts.Construction aggregates, HeKeyReuse keyReuse) {
    return dataHolder(policy, claims, channel, prg, new Hooks(BatchCheck.NONE, SettlementLimits.DEFAULTS,
        Disclosures.NONE, state -> { }, 0, aggregates, null, keyReuse));
  }

  /** The insurer's side with HE keys kept and cached across sessions as {@code keyReuse} says. */
  public static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, PrivateValues values, Channel channel,
      Prg prg, AggregateCosts.Construction aggregates, HeKeyReuse keyReuse) {
    return insurer(policy, insured, values, channel, prg, new Hooks(BatchCheck.NONE, SettlementLimits.DEFAULTS,
        Disclosures.NONE, state -> { }, 0, aggregates, null, keyReuse));
  }

  /** The insurer's side with every aggregate on shares summed by {@code aggregates} where it fits (benchmarks). */
  public static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, PrivateValues values, Channel channel,
      Prg prg, AggregateCosts.Construction aggregates) {
    return insurer(policy, insured, values, channel, prg, new Hooks(BatchCheck.NONE, SettlementLimits.DEFAULTS,
        Disclosures.NONE, state -> { }, 0, aggregates));
  }

  /** The data holder's side, reporting every result that leaves or reaches it to {@code disclosures} (tests). */
  static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      BatchCheck check, Disclosures disclosures) {
    return dataHolder(policy, claims, channel, prg,
        new Hooks(check, SettlementLimits.DEFAULTS, disclosures, state -> { }));
  }

  static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      Hooks hooks) {
    return dataHolder(policy, claims, channel, prg, hooks, null);
  }

  /**
   * The data holder's side, its reversals resolved within the batch and against {@code ledger},
   * its ledger of shares of earlier batches (empty: none; null: it keeps no ledger).
   */
  static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      Hooks hooks, ShareLedger ledger) {
    return dataHolder(policy, claims, channel, prg, hooks, ledger, null);
  }

  /**
   * The data holder's side, as above, the states per item code read with {@code kept}, its kept
   * shares of earlier batches (null: none, as {@link KeptShares#empty}), which must come from the
   * same settlement as the insurer's.
   */
  static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg,
      Hooks hooks, ShareLedger ledger, KeptShares kept) {
    KeptShares keptBefore = kept != null ? kept : KeptShares.empty(policy, Party.DATA_HOLDER);
    BatchCheck check = hooks.check();
    Disclosures disclosures = hooks.disclosures();
    List<String> claimIds = claims.stream().map(Claim::id).toList();
    List<String> insuredIds = claims.stream().map(Claim::insuredId).toList();
    Plan plan = Planner.plan(policy);
    // the hospital ids are public metadata only when an aggregate on shares groups by them (spec §5)
    List<String> hospitals = needsHospitals(plan) ? PartyViews.hospitalGroups(claims) : List.of();
    int itemBound = plan.itemRows() ? ItemRows.bound(claims) : 0;
    LOG.info("data holder: settling {} claims under {} v{}", claims.size(), policy.name(), policy.version());
    // which claim reverses which is public metadata; a reversal the batch cannot settle is refused
    ClaimBatch batch = null;
    Refusal badReversal = null;
    ShareLedger earlier = ledger != null ? ledger : ShareLedger.empty(policy, Party.DATA_HOLDER);
    try {
      batch = PartyViews.dataHolderView(claims, policy.stateNames(), earlier.settled(plan), earlier.name());
    } catch (EvaluationException e) {
      badReversal = Refusal.ofBatch(Refusal.Kind.REVERSAL, e.getMessage());
    }
    if (badReversal == null && batch != null && batch.hasReversals()) {
      badReversal = BatchReversals.unsupported(plan, claims);
    }
    if (badReversal == null) {
      badReversal = BatchReversals.incompleteRecords(batch, earlier, plan);
    }
    if (plan.itemRows()) {
      // a reversal of an earlier batch's claim carries the rows its record keeps: the bound holds them
      itemBound = Math.max(itemBound, BatchReversals.targetRows(batch, earlier));
    }
    List<String> reverses = batch != null && batch.hasReversals() ? claims.stream().map(Claim::reverses).toList()
        : List.of();
    List<String> reversedBatches = BatchReversals.reversedBatches(batch, earlier);
    // only the codes of rows that can change a kept state take slots, when the data holder knows which
    boolean[][] changing = KeptShares.updated(plan.program()).isEmpty() ? null : KeptRows.changing(policy, plan,
        batch);
    int codeLayers = plan.codesInChain() && itemBound > 0
        ? BatchReversals.codeLayers(claims, batch, earlier, changing, itemBound) : 0;
    byte[] nonce = new byte[SettlementMessages.BATCH_NONCE_BYTES];
    new java.security.SecureRandom().nextBytes(nonce);
    channel.send(SettlementMessages.metadata(claimIds, insuredIds, hospitals, channel.linkClass(), itemBound,
        reverses, reversedBatches, nonce, codeLayers));
    SessionHeKeys heKeys = keyRound(plan, Party.DATA_HOLDER, hooks, channel, prg);
    Refusal keptMismatch = keptRound(plan, Party.DATA_HOLDER, keptBefore, channel);
    plan = forBatch(plan, claims.size(), hospitals.size(), hooks, heKeys).withCodeLayers(codeLayers);
    List<Refusal> problems = new ArrayList<>(SecureCosts.unsupported(plan, claims.size()));
    if (badReversal != null) {
      problems.add(badReversal);
    }
    if (keptMismatch != null) {
      problems.add(keptMismatch);
    }
    Refusal tooManyKept = KeptShares.updated(plan.program()).isEmpty() ? null : keptBefore.tooManyCodes(claims,
        BatchReversals.rowCodes(claims, batch, earlier, changing));
    if (tooManyKept != null) {
      problems.add(tooManyKept);
    }
    checkBatch(check, claimIds, insuredIds, problems);
    BatchSlices slices = slices(hooks, plan, claimIds, insuredIds, hospitals.size(), itemBound, problems);
    agree(channel, problems, Party.DATA_HOLDER, claims.size());
    hooks.phases().entered(SettlementState.AGREED);
    slices = slices.withReversals(BatchReversals.reversed(batch));
    PartyRun run = new PartyRun(policy, plan, Party.DATA_HOLDER, channel, prg, slices, hospitals, disclosures,
        hooks.heBackend(), heKeys);
    hooks.phases().entered(SettlementState.OFFLINE);
    LocalValues local = run.local(batch, new long[0]);
    hooks.phases().entered(SettlementState.ONLINE);
    SecureEvaluator evaluator = run.evaluator(local);
    run.earlier(BatchReversals.earlierRecords(batch, earlier), evaluator);
    evaluator.lookups(run.lookups(claims, null, claims.size()));
    evaluator.itemCodes(claims, changing);
    String[] personIds = personIds(insuredIds, evaluator.person(), evaluator.persons());
    evaluator.keptShares(keptBefore, personIds);
    evaluator.startStates(null);
    SecureAggregates.Sums[] sums = run.evaluate(evaluator, local, claims);
    checkBounds(plan, evaluator, run.gate, claims.size());
    long[][] outputs = run.outputs(evaluator, local);
    List<BatchResult.AggregateRow> aggregates = run.aggregates(local, evaluator, sums);
    for (int s = 0; s < policy.stateNames().size(); s++) {
      if (plan.stateShared(s)) {
        run.gate.open(Disclosure.Kind.STATE, policy.stateNames().get(s), evaluator.stateShares(s),
            EnumSet.of(Party.INSURER));
      }
    }
    plantedOpeningsPerCode(policy, evaluator, run.gate, disclosures);
    // the batch's records only for a party that keeps a ledger (they take memory per claim)
    ShareLedger after = ledger == null ? null : ledger.after(BatchReversals.ledgerEntries(run, evaluator, local,
        claimIds, insuredIds, reverses, BatchReversals.settlementName(claimIds, insuredIds, nonce)));
    KeptShares keptAfter = KeptShares.updated(plan.program()).isEmpty() ? null : evaluator.keptAfter(keptBefore,
        personIds, BatchReversals.settlementName(claimIds, insuredIds, nonce));
    return new DataHolderOutcome(claims, outputs, aggregates, run.stats(), after, keptAfter);
  }

  public static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, long[] privateParams, Channel channel,
      Prg prg) {
    return insurer(policy, insured, privateParams, channel, prg, BatchCheck.NONE);
  }

  /**
   * The plan with each aggregate's construction for this batch: the cost model's pick for the
   * wide-area link, or the tests' forced one. Both parties derive it from the public metadata.
   */
  private static Plan forBatch(Plan plan, int claims, int hospitals, Hooks hooks, SessionHeKeys heKeys) {
    return plan.forBatch(claims, hospitals, AggregateCosts.LinkKind.WAN, hooks.forcedAggregates(),
        heKeys.costState(Party.INSURER), heKeys.costState(Party.DATA_HOLDER));
  }

  /**
   * The session's round on the parties' HE keys (offers by fingerprint, answers), when the policy
   * may use them ({@link SessionHeKeys#uses}): both parties derive that from the policy, and
   * whether the keys are cached from the round, so both plan the batch alike.
   */
  private static SessionHeKeys keyRound(Plan plan, Party me, Hooks hooks, Channel channel, Prg prg) {
    return SessionHeKeys.round(plan, me, hooks.keyReuse(), channel, prg);
  }

  /** The insurer's side with its private tables and code sets too ({@link PrivateValues}). */
  public static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, PrivateValues values, Channel channel,
      Prg prg) {
    return insurer(policy, insured, values, channel, prg, Hooks.of(BatchCheck.NONE));
  }

  /** The insurer's side, with its own {@code check} on the batch the data holder names. */
  public static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, long[] privateParams, Channel channel,
      Prg prg, BatchCheck check) {
    return insurer(policy, insured, privateParams, channel, prg, check, Disclosures.NONE);
  }

  /** The insurer's side, reporting every result that leaves or reaches it to {@code disclosures} (tests). */
  static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, long[] privateParams, Channel channel,
      Prg prg, BatchCheck check, Disclosures disclosures) {
    return insurer(policy, insured, PrivateValues.of(privateParams), channel, prg,
        new Hooks(check, SettlementLimits.DEFAULTS, disclosures, state -> { }));
  }

  static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, long[] privateParams, Channel channel,
      Prg prg, Hooks hooks) {
    return insurer(policy, insured, PrivateValues.of(privateParams), channel, prg, hooks);
  }

  /**
   * The insurer's side. Its private tables and code sets are checked against the plan's lookups
   * before anything is received ({@link PrivateLookups#check}): a set that does not fit handshake
   * mode stops this party alone, with the reason here.
   */
  static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, PrivateValues values, Channel channel,
      Prg prg, Hooks hooks) {
    return insurer(policy, insured, values, channel, prg, hooks, null);
  }

  /**
   * The insurer's side, the batch's reversals resolved within the batch and against {@code
   * ledger}, its ledger of shares of earlier batches (empty: none; null: it keeps no ledger),
   * which must record each claim of an earlier batch that a reversal takes back from the same
   * settlement as the data holder's.
   */
  static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, PrivateValues values, Channel channel,
      Prg prg, Hooks hooks, ShareLedger ledger) {
    return insurer(policy, insured, values, channel, prg, hooks, ledger, null);
  }

  /**
   * The insurer's side, as above, the states per item code read with {@code kept}, its kept shares
   * of earlier batches (null: none, as {@link KeptShares#empty}), which must come from the same
   * settlement as the data holder's.
   */
  static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, PrivateValues values, Channel channel,
      Prg prg, Hooks hooks, ShareLedger ledger, KeptShares kept) {
    KeptShares keptBefore = kept != null ? kept : KeptShares.empty(policy, Party.INSURER);
    long[] privateParams = values.params();
    BatchCheck check = hooks.check();
    Disclosures disclosures = hooks.disclosures();
    // planned while the data holder plans and sends the metadata, not after: one plan, not two, on the way
    Plan plan = Planner.plan(policy);
    if (plan.refusals().isEmpty()) {
      PrivateLookups.check(plan, values);
    }
    SettlementMessages.BatchMetadata metadata = SettlementMessages.metadata(
        channel.receive(SettlementMessages.maxMetadataBytes(hooks.limits())));
    List<String> claimIds = metadata.claimIds();
    List<String> insuredIds = metadata.insuredIds();
    List<String> hospitals = metadata.hospitalIds();
    SessionHeKeys heKeys = keyRound(plan, Party.INSURER, hooks, channel, prg);
    Refusal keptMismatch = keptRound(plan, Party.INSURER, keptBefore, channel);
    plan = forBatch(plan, claimIds.size(), hospitals.size(), hooks, heKeys);
    int itemBound = metadata.itemBound();
    LOG.info("insurer: the data holder names a batch of {} claims under {} v{}", claimIds.size(), policy.name(),
        policy.version());
    List<Refusal> problems = new ArrayList<>(SecureCosts.unsupported(plan, claimIds.size()));
    if (keptMismatch != null) {
      problems.add(keptMismatch);
    }
    if (metadata.linkClass() != channel.linkClass()) {
      // the OT source follows the link class: both parties must take the same
      problems.add(Refusal.ofBatch(Refusal.Kind.UNEXPECTED_METADATA, "the data holder's end of the session declares"
          + " a link of class " + metadata.linkClass() + ", the insurer's " + channel.linkClass()));
    }
    if (!hospitals.isEmpty() && !needsHospitals(plan)) {
      problems.add(Refusal.ofBatch(Refusal.Kind.UNEXPECTED_METADATA,
          "the data holder sent hospital ids this policy does not need"));
    }
    if (plan.itemRows() ? !ItemRows.isBound(itemBound) : itemBound != 0) {
      problems.add(Refusal.ofBatch(Refusal.Kind.UNEXPECTED_METADATA, plan.itemRows()
          ? "the data holder sent an item bound of " + itemBound + ", not a power of two up to " + ItemRows.MAX_BOUND
          : "the data holder sent an item bound this policy does not need"));
      itemBound = 0;
    }
    int codeLayers = metadata.codeLayers();
    if (codeLayers != 0 && (!plan.codesInChain() || Integer.bitCount(codeLayers) != 1 || codeLayers >= itemBound)) {
      problems.add(Refusal.ofBatch(Refusal.Kind.UNEXPECTED_METADATA, plan.codesInChain()
          ? "the data holder sent " + codeLayers + " code layers, not a power of two below the item bound"
          : "the data holder sent code layers this policy does not need"));
      codeLayers = 0;
    }
    plan = plan.withCodeLayers(codeLayers);
    List<String> unknown = new ArrayList<>();
    for (int c = 0; c < claimIds.size(); c++) {
      if (insured.indexOf(insuredIds.get(c)) < 0) {
        unknown.add(claimIds.get(c));
      }
    }
    if (!unknown.isEmpty()) {
      problems.add(new Refusal(Refusal.Kind.NO_INSURED_RECORD, null, unknown.size() + " claim(s) of persons the insurer"
          + " has no insured record for (first: " + unknown.get(0) + "); settle them elsewhere", unknown));
    }
    checkBatch(check, claimIds, insuredIds, problems);
    Refusal tooManyCodes = ItemCodeStates.tooManyCodes(plan.program(), insured, claimIds, insuredIds);
    if (tooManyCodes != null) {
      problems.add(tooManyCodes);
    }
    // kept shares the insured file names but the insurer lacks: the detail stays here
    Refusal lostKept = KeptShares.updated(plan.program()).isEmpty() ? null
        : KeptShares.lost(insured, keptBefore, claimIds, insuredIds);
    ClaimBatch batch = null;
    ShareLedger earlier = ledger != null ? ledger : ShareLedger.empty(policy, Party.INSURER);
    if (unknown.isEmpty()) {
      try {
        batch = PartyViews.insurerView(claimIds, insuredIds, metadata.reverses(), insured, earlier.settled(plan),
            earlier.name());
        if (!BatchReversals.reversedBatches(batch, earlier).equals(metadata.reversedBatches())) {
          problems.add(BatchReversals.mismatchedLedgers(batch, earlier, metadata.reversedBatches(), claimIds));
        }
        Refusal incomplete = BatchReversals.incompleteRecords(batch, earlier, plan);
        if (incomplete != null) {
          problems.add(incomplete);
        }
        Refusal tooFewRows = plan.itemRows() ? BatchReversals.tooFewRows(batch, earlier, itemBound) : null;
        if (tooFewRows != null) {
          problems.add(tooFewRows);
        }
      } catch (EvaluationException e) {
        problems.add(Refusal.ofBatch(Refusal.Kind.REVERSAL, e.getMessage()));
      }
    }
    BatchSlices slices = slices(hooks, plan, claimIds, insuredIds, hospitals.size(), itemBound, problems);
    FamilyChain.Schedule chain = batch != null && slices != null && FamilyChain.applies(plan)
        ? FamilyChain.forBatch(plan, insured, batch, slices.person(), claimIds, problems,
            !FamilyPrefix.runs(plan, slices.withReversals(BatchReversals.reversed(batch)))) : null;
    agree(channel, problems, lostKept, KeptShares.LOST_FOR_PEER, Party.INSURER, claimIds.size());
    hooks.phases().entered(SettlementState.AGREED);
    slices = slices.withReversals(BatchReversals.reversed(batch));
    PartyRun run = new PartyRun(policy, plan, Party.INSURER, channel, prg, slices, hospitals, disclosures,
        hooks.heBackend(), heKeys);
    hooks.phases().entered(SettlementState.OFFLINE);
    LocalValues local = run.local(batch, privateParams);
    hooks.phases().entered(SettlementState.ONLINE);
    SecureEvaluator evaluator = run.evaluator(local);
    run.earlier(BatchReversals.earlierRecords(batch, earlier), evaluator);
    evaluator.lookups(run.lookups(null, values, claimIds.size()));
    int[] recordOf = new int[evaluator.persons()];
    int[] person = evaluator.person();
    for (int c = 0; c < person.length; c++) {
      recordOf[person[c]] = batch.insuredIndex(c);
    }
    int stateCount = policy.stateNames().size();
    long[][] start = new long[stateCount][evaluator.persons()];
    for (int s = 0; s < stateCount; s++) {
      for (int p = 0; p < recordOf.length; p++) {
        start[s][p] = insured.records().get(recordOf[p]).state(s);
      }
    }
    List<List<java.util.Map<String, Long>>> byCode = new ArrayList<>();
    for (Ir.StateUpdate u : ItemCodeStates.keyed(plan.program())) {
      List<java.util.Map<String, Long>> perPerson = new ArrayList<>();
      for (int record : recordOf) {
        perPerson.add(insured.records().get(record).valuesByCode(u.stateIndex()));
      }
      byCode.add(perPerson);
    }
    evaluator.recordedByCode(byCode);
    String[] personIds = personIds(insuredIds, person, evaluator.persons());
    evaluator.keptShares(keptBefore, personIds);
    evaluator.startStates(start);
    evaluator.familySchedule(chain);
    SecureAggregates.Sums[] sums = run.evaluate(evaluator, local, null);
    checkBounds(plan, evaluator, run.gate, claimIds.size());
    long[][] outputs = run.outputs(evaluator, local);
    List<BatchResult.AggregateRow> aggregates = run.aggregates(local, evaluator, sums);
    long[][] states = new long[stateCount][];
    for (int s = 0; s < stateCount; s++) {
      states[s] = local.states()[s].clone(); // the insurer's own chain for the states it keeps
      if (plan.stateShared(s)) {
        long[] opened = run.gate.open(Disclosure.Kind.STATE, policy.stateNames().get(s), evaluator.stateShares(s),
            EnumSet.of(Party.INSURER));
        for (int p = 0; p < recordOf.length; p++) {
          states[s][recordOf[p]] = opened[p];
        }
        FamilyChain.toMembers(plan, s, insured, recordOf, states[s]);
      }
    }
    plantedOpeningsPerCode(policy, evaluator, run.gate, disclosures);
    ShareLedger after = ledger == null ? null : ledger.after(BatchReversals.ledgerEntries(run, evaluator, local,
        claimIds, insuredIds, metadata.reverses(), BatchReversals.settlementName(claimIds, insuredIds,
        metadata.batchNonce())));
    KeptShares keptAfter = KeptShares.updated(plan.program()).isEmpty() ? null : evaluator.keptAfter(keptBefore,
        personIds, BatchReversals.settlementName(claimIds, insuredIds, metadata.batchNonce()));
    return new InsurerOutcome(claimIds, outputs, aggregates, states, run.stats(), after, keptAfter);
  }

  /**
   * For a policy that updates a state kept per item code, each party tells the other the settlement
   * that wrote its kept shares ("" for none; both know from the plan whether to): the refusal of
   * two that differ, the same at both, or null.
   */
  private static Refusal keptRound(Plan plan, Party me, KeptShares kept, Channel channel) {
    if (KeptShares.updated(plan.program()).isEmpty()) {
      return null;
    }
    byte[] mine = kept.batch().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String theirs = new String(exchange(channel, me, mine, KEPT_ID_BYTES), java.nio.charset.StandardCharsets.UTF_8);
    return me == Party.INSURER ? KeptShares.mismatch(kept.batch(), theirs) : KeptShares.mismatch(theirs, kept.batch());
  }

  /** The most bytes of a peer's name of the settlement that wrote its kept shares. */
  private static final long KEPT_ID_BYTES = 256;

  /** Each person's insured id (by person index), from the claims' ({@code person}: claim to person). */
  private static String[] personIds(List<String> insuredIds, int[] person, int persons) {
    String[] ids = new String[persons];
    for (int c = 0; c < person.length; c++) {
      ids[person[c]] = insuredIds.get(c);
    }
    return ids;
  }

  /**
   * Only under a test's planted leak ({@link Disclosures#opensStatesPerCode}, {@link
   * Disclosures#opensKeptValues}): never in production.
   */
  private static void plantedOpeningsPerCode(CompiledPolicy policy, SecureEvaluator evaluator, ResultGate gate,
      Disclosures disclosures) {
    if (disclosures.opensStatesPerCode()) {
      for (Ir.StateUpdate u : ItemCodeStates.keyed(policy.program())) {
        gate.open(Disclosure.Kind.STATE, u.name(), evaluator.rowIncrements(u.stateIndex()), EnumSet.of(Party.INSURER));
      }
    }
    if (disclosures.opensKeptValues()) {
      for (Ir.StateUpdate u : ItemCodeStates.keyed(policy.program())) {
        if (u.op() >= 0) {
          gate.open(Disclosure.Kind.STATE, u.name(), evaluator.keptSlots(u.stateIndex()), EnumSet.of(Party.INSURER));
        }
      }
    }
  }

  /**
   * Stops both parties, before any output is opened, when a state kept on shares left the money
   * bound: the plaintext evaluator rejects such a batch, and so does handshake mode, without
   * saying which claim (that would tell the claim's values) or how many: one bit, "some" or
   * "none", is the first result opened. A policy whose shared states cannot leave the bound opens
   * nothing here (both parties know it from the plan).
   */
  private static void checkBounds(Plan plan, SecureEvaluator evaluator, ResultGate gate, int claims) {
    if (evaluator.boundViolationBits() == 0) {
      // both parties know from the plan that no state kept on shares can leave the bound
      gate.resultsBegin();
      return;
    }
    long[] shares = evaluator.boundViolationShares();
    gate.resultsBegin();
    long violations = gate.open(Disclosure.Kind.BOUND_VIOLATIONS, "", shares, EnumSet.allOf(Party.class))[0];
    if (violations != 0) {
      throw new RefusedException(List.of(Refusal.ofBatch(Refusal.Kind.STATE_OUT_OF_BOUNDS, "a state kept on shares"
          + " would leave ±1,000,000,000.00 (the plaintext evaluator rejects the batch too; which claim stays secret)")));
    }
  }

  /**
   * The batch cut into slices of whole insured persons ({@link BatchSlices}), checked against this
   * party's limits before any pool is sized: at most {@code maxClaims} claims, and each slice's
   * correlated values within {@code maxCorrelations}. Null, with the refusal in {@code problems},
   * for a batch beyond them.
   */
  private static BatchSlices slices(Hooks hooks, Plan plan, List<String> claimIds, List<String> insuredIds,
      int hospitals, int itemBound, List<Refusal> problems) {
    SettlementLimits limits = hooks.limits();
    if (claimIds.size() > limits.maxClaims()) {
      problems.add(Refusal.ofBatch(Refusal.Kind.BATCH_TOO_LARGE, "a batch of " + claimIds.size() + " claims is more"
          + " than the " + limits.maxClaims() + " this party settles at once; split it"));
      return null;
    }
    BatchSlices slices = BatchSlices.cut(plan, insuredIds, hospitals, itemBound, limits, hooks.sliceBudget());
    Refusal tooLarge = slices.tooLarge(plan, hospitals, limits.maxCorrelations(), claimIds);
    if (tooLarge != null) {
      problems.add(tooLarge);
    }
    return slices;
  }

  private static void checkBatch(BatchCheck check, List<String> claimIds, List<String> insuredIds,
      List<Refusal> problems) {
    String refusal = check.refusal(claimIds, insuredIds);
    if (refusal != null) {
      problems.add(Refusal.ofBatch(Refusal.Kind.BATCH_REFUSED, refusal));
    }
  }

  /** Whether an aggregate on shares groups by hospital (so the hospital ids travel with the metadata). */
  private static boolean needsHospitals(Plan plan) {
    return plan.program().aggregates().stream()
        .anyMatch(a -> a.keyKind() == Ir.KeyKind.HOSPITAL && SecureCosts.aggregateOwner(plan, a) == null);
  }

  /**
   * Both parties say whether they can go on; either one's refusals stop both. Each side throws
   * its own refusals followed by those of the peer it did not find itself.
   */
  static void agree(Channel channel, List<Refusal> mine, Party me, int claims) {
    agree(channel, mine, null, null, me, claims);
  }

  /**
   * The same, with {@code own} (null: none) a refusal of this party whose detail stays here: the
   * peer is sent {@code forPeer} in its place.
   */
  static void agree(Channel channel, List<Refusal> mine, Refusal own, Refusal forPeer, Party me, int claims) {
    List<Refusal> sent = new ArrayList<>(mine);
    List<Refusal> here = new ArrayList<>(mine);
    if (own != null) {
      sent.add(forPeer);
      here.add(own);
    }
    List<Refusal> peer = SettlementMessages.verdict(exchange(channel, me, SettlementMessages.verdict(sent),
        SettlementMessages.maxVerdictBytes(claims)));
    if (!here.isEmpty() || !peer.isEmpty()) {
      List<Refusal> all = new ArrayList<>(here);
      for (Refusal r : peer) {
        if (!all.contains(r)) {
          all.add(r);
        }
      }
      LOG.warn("{}: the batch is refused ({})", me.displayName(),
          String.join(", ", all.stream().map(r -> r.kind().name()).distinct().toList()));
      throw new RefusedException(all);
    }
    LOG.info("{}: both parties agree the batch can be settled", me.displayName());
  }

  /** Sends this party's message and returns the peer's; the data holder speaks first. */
  static byte[] exchange(Channel channel, Party me, byte[] mine, long maxBytes) {
    if (me == Party.DATA_HOLDER) {
      channel.send(mine);
      return channel.receive(maxBytes);
    }
    byte[] theirs = channel.receive(maxBytes);
    channel.send(mine);
    return theirs;
  }

  /** What a recipient sees of aggregate rows: a withheld row's count and total are zero. */
  public static List<BatchResult.AggregateRow> visible(List<BatchResult.AggregateRow> rows) {
    return rows.stream().map(r -> r.withheld()
        ? new BatchResult.AggregateRow(r.aggregate(), r.group(), 0, 0, r.type(), true) : r).toList();
  }

}
