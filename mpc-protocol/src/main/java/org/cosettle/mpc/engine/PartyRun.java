package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.LinkClass;
import org.cosettle.crypto.channel.LongArrayCodec;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.triples.OtSource;
import org.cosettle.crypto.triples.TripleGenerator;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.arith.DaBitGenerator;
import org.cosettle.mpc.arith.TriplePool;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Type;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One party's run of a settlement in handshake mode: the plan, the session with its correlated
 * randomness (the OT sessions set up once and the first slice's material made in the constructor:
 * the offline phase), this party's plaintext part, the secure part slice by slice (each slice's
 * material made just before it is consumed), and the openings of outputs and aggregates to their
 * recipients.
 */
final class PartyRun {
  /**
   * Phases and their costs only: counts, times and bytes. Never a share, a key, a claim's or a
   * record's value, an id or a private param (a test greps the logs of a whole settlement for them).
   */
  private static final Logger LOG = LoggerFactory.getLogger(PartyRun.class);

  final CompiledPolicy policy;
  final Plan plan;
  final Party me;
  final Label mySite;
  final Channel channel;
  final ArithmeticSession session;
  /** Where every result leaves this party (and is reported). */
  final ResultGate gate;
  /** The batch's slices of whole insured persons, each with offline material of its own. */
  final BatchSlices slices;
  private final List<String> hospitals;
  /** The grouped sums by homomorphic inner products, when an aggregate of the batch takes them. */
  private final HeAggregateSums heSums;
  /** The parties' HE keys this session: kept and offered by fingerprint, or fresh per HE step. */
  private final SessionHeKeys heKeys;
  private final TriplePool pool = new TriplePool();
  /** Null when the plan needs no correlated randomness. */
  private final TripleGenerator triples;
  private final DaBitGenerator daBits;
  private final OtSource otSource;
  private final Prg prg;
  /**
   * The backend of this party's HE polynomial arithmetic (private lookups, grouped sums); null:
   * the one {@link BfvBackends#select()} names, looked up only when the batch uses HE.
   */
  private final BfvBackend heBackend;

  private final long started = System.nanoTime();
  private final long offlineEnd;
  /** The offline phase's bytes: the set-up and every slice's material. */
  private long offlineBytes;
  /** What the material of the slices after the first cost, in the online phase's time. */
  private long laterOfflineNanos;
  private long laterOfflineBytes;
  private long laterOfflineRounds;
  private long localEnd;
  private long onlineBytesStart;
  private long onlineRoundsStart;

  /**
   * Sets the offline phase up with the peer (one set of base OTs for the whole batch, when the
   * plan needs any correlated randomness) and makes the first slice's material.
   */
  PartyRun(CompiledPolicy policy, Plan plan, Party me, Channel channel, Prg prg, BatchSlices slices,
      List<String> hospitals, Disclosures disclosures, BfvBackend heBackend, SessionHeKeys heKeys) {
    this.policy = policy;
    this.heKeys = heKeys;
    this.plan = plan;
    this.me = me;
    this.mySite = Label.of(me);
    this.channel = channel;
    this.slices = slices;
    this.hospitals = hospitals;
    this.prg = prg;
    this.heBackend = heBackend;
    boolean anyHe = false;
    for (int a = 0; a < plan.program().aggregates().size(); a++) {
      anyHe |= plan.construction(a) == AggregateCosts.Construction.HE_INNER_PRODUCTS;
    }
    this.heSums = anyHe ? new HeAggregateSums(plan, hospitals.size(), channel, prg, me,
        HeLookupParameters.sums().on(heBackend()), heKeys) : null;
    long startBytes = channel.bytesSent() + channel.bytesReceived();
    // the source by the whole batch's needs: the same at both parties, and as in one piece for one slice
    long[] whole = SecureCosts.requirement(plan, slices.person().length, hospitals.size(), slices.maxClaimsPerPerson(),
        slices.itemBound(), slices.reversalCount());
    long[] keyed = SecureCosts.itemCodeStates(plan, slices.ranks(SecureEvaluator.positions(slices.person().length)), slices.itemBound());
    for (int k = 0; k < whole.length; k++) {
      whole[k] += keyed[k];
    }
    otSource = otSource(whole, channel.linkClass());
    if (java.util.Arrays.stream(whole).anyMatch(k -> k > 0)) {
      // one set of base OTs serves the triples, the random OTs and the daBits of every slice
      triples = TripleGenerator.setUp(channel, ShareHolders.of(me), prg, otSource);
      daBits = DaBitGenerator.alongside(triples, prg);
    } else {
      triples = null;
      daBits = null;
    }
    this.session = new ArithmeticSession(channel, ShareHolders.of(me), prg, pool);
    this.gate = new ResultGate(session, channel, me, disclosures);
    if (heSums != null) {
      // the grouped sums' keys, once per batch, beside the correlations
      heSums.openKeys();
    }
    offlineBytes = channel.bytesSent() + channel.bytesReceived() - startBytes;
    fill(0);
    offlineEnd = System.nanoTime();
    LOG.info("{}: offline phase done in {} ms, {} bytes{}", me.displayName(), (offlineEnd - started) / 1_000_000,
        offlineBytes, slices.count() == 1 ? "" : " (the first of " + slices.count() + " slices)");
  }

  /**
   * Makes slice {@code s}'s correlated randomness with the peer (and, for the last slice, what the
   * batch needs once at its end), behind what the pool holds: exactly what {@link
   * BatchSlices#requirement} counts, so the pool is empty after the batch.
   */
  private void fill(int s) {
    long t0 = System.nanoTime();
    long bytes0 = channel.bytesSent() + channel.bytesReceived();
    long rounds0 = channel.rounds();
    long[] need = slices.requirement(plan, s, hospitals.size(), slices.person().length);
    if (triples != null) {
      pool.fill(triples, Math.toIntExact(need[0]), Math.toIntExact(need[1]));
      boolean dataHolder = me == Party.DATA_HOLDER;
      pool.fillRandomOts(triples, Math.toIntExact(need[dataHolder ? 3 : 4]), Math.toIntExact(need[dataHolder ? 4 : 3]));
      pool.fillDaBits(daBits, Math.toIntExact(need[2]));
    }
    long nanos = System.nanoTime() - t0;
    long bytes = channel.bytesSent() + channel.bytesReceived() - bytes0;
    offlineBytes += bytes;
    if (s > 0) {
      laterOfflineNanos += nanos;
      laterOfflineBytes += bytes;
      laterOfflineRounds += channel.rounds() - rounds0;
    }
    LOG.info("{}: slice {} of {} ({} claims): {} Beaver triples, {} AND triples, {} daBits, {} + {} random OTs from {}"
        + " in {} ms, {} bytes", me.displayName(), s + 1, slices.count(), slices.slice(s).claims().length, need[0],
        need[1], need[2], need[3], need[4], otSource, nanos / 1_000_000, bytes);
  }

  /**
   * OTs a batch needs before silent OT pays for its fixed cost (its first iterations, about 2.3 MB
   * both ways and a second of CPU): 2^20 OTs of IKNP are 16 MB, seven times that, and take about
   * as long as that CPU on a 100 Mbit/s link. (A batch of 2,000 claims of a private-ratio payout
   * needs about 100,000: IKNP's 1.5 MB beat silent OT's fixed cost.) Both parties derive the same
   * answer from the same requirement.
   */
  static final long SILENT_FROM_OTS = 1L << 20;

  /**
   * The OT source for a batch needing {@code need} over a link of class {@code link}: silent OT
   * (Ferret) trades CPU for bytes, so it serves only a large batch over a network; in one process
   * (bytes cost a memory copy) IKNP, about 16 bytes but far less CPU per OT, serves every batch.
   * Both parties derive the same answer: the same requirement, and a link class the insurer checked
   * to be the data holder's ({@link HandshakeSettlement}).
   */
  static OtSource otSource(long[] need, LinkClass link) {
    if (link == LinkClass.IN_PROCESS) {
      return OtSource.IKNP;
    }
    long ots = 128 * need[0] + 2 * need[1] + need[2] + need[3] + need[4];
    return ots >= SILENT_FROM_OTS ? OtSource.SILENT : OtSource.IKNP;
  }

  /**
   * What this party's run cost: the offline phase of every slice (its own time, bytes and rounds
   * taken out of the online phase's, in which the later slices' material is made).
   */
  HandshakeSettlement.Stats stats() {
    long end = System.nanoTime();
    long onlineBytes = channel.bytesSent() + channel.bytesReceived() - onlineBytesStart - laterOfflineBytes;
    HandshakeSettlement.Stats stats = new HandshakeSettlement.Stats(offlineEnd - started + laterOfflineNanos,
        offlineBytes, localEnd - offlineEnd, end - localEnd - laterOfflineNanos, onlineBytes,
        channel.rounds() - onlineRoundsStart - laterOfflineRounds, slices.count(), pool.multiplicationsLeft()
        + pool.andsLeft() + pool.daBitsLeft() + pool.sentOtsLeft() + pool.receivedOtsLeft());
    LOG.info("{}: online phase done in {} ms, {} bytes, {} rounds; results opened to their recipients; {} correlated"
        + " values left unused", me.displayName(), stats.onlineNanos() / 1_000_000, stats.onlineBytes(),
        stats.onlineRounds(), stats.correlationsLeft());
    return stats;
  }

  /** This party's plaintext part; a failure there (an overflow) stops both parties. */
  LocalValues local(ClaimBatch batch, long[] privateParams) {
    boolean[] compute = SecureCosts.mask(plan, mySite);
    boolean[] capture = capture(compute);
    LocalValues local = null;
    Refusal problem = null;
    try {
      local = LocalValues.evaluate(policy, batch, privateParams, compute, capture);
    } catch (EvaluationException e) {
      problem = Refusal.ofBatch(Refusal.Kind.LOCAL_EVALUATION_FAILED, e.getMessage());
    }
    // the detail names a claim and a value of this party's data: it stays here; the peer learns
    // only that this party's plaintext part stopped
    String who = me.displayName();
    List<Refusal> forPeer = problem == null ? List.of() : List.of(Refusal.ofBatch(Refusal.Kind.LOCAL_EVALUATION_FAILED,
        "the " + who + "'s own part of the evaluation stopped (its details stay with the " + who + ")"));
    List<Refusal> peer = SettlementMessages.verdict(
        HandshakeSettlement.exchange(channel, me, SettlementMessages.verdict(forPeer),
            SettlementMessages.MAX_VERDICT_BYTES_WITHOUT_IDS));
    if (problem != null || !peer.isEmpty()) {
      throw new HandshakeSettlement.RefusedException(problem != null ? List.of(problem) : peer);
    }
    localEnd = System.nanoTime();
    LOG.info("{}: own plaintext part done in {} ms", me.displayName(), (localEnd - offlineEnd) / 1_000_000);
    onlineBytesStart = channel.bytesSent() + channel.bytesReceived();
    onlineRoundsStart = channel.rounds();
    return local;
  }

  /** The claim-level ops this party computes whose values it needs later: operands of shared ops, outputs, updates. */
  private boolean[] capture(boolean[] compute) {
    List<Ir.Op> ops = plan.program().ops();
    boolean[] capture = new boolean[ops.size()];
    for (Ir.Op op : ops) {
      if (plan.site(op.id()) == Label.JOINT) {
        for (int a : op.args()) {
          capture[a] |= compute[a];
        }
      }
    }
    for (CompiledPolicy.Output o : policy.outputs()) {
      capture[o.op()] |= compute[o.op()];
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0) {
        capture[u.op()] |= compute[u.op()];
      }
      if (u.where() >= 0) {
        capture[u.where()] |= compute[u.where()]; // the filter of an update per item code
      }
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      for (int part : new int[] {a.value(), a.where(), a.key()}) {
        if (part >= 0) {
          capture[part] |= compute[part];
        }
      }
    }
    return capture;
  }

  /**
   * The batch's private lookups, per claim and per item row ({@link PrivateLookups}): the HE setup and the one
   * reply of the batch, before its first slice. {@code claims} are the data holder's (null at the
   * insurer), {@code values} the insurer's (null at the data holder).
   */
  PrivateLookups lookups(List<Claim> claims, org.cosettle.policy.PrivateValues values, int claimCount) {
    if (plan.lookups().isEmpty()) {
      return PrivateLookups.none(plan);
    }
    long t0 = System.nanoTime();
    long bytes0 = channel.bytesSent() + channel.bytesReceived();
    PrivateLookups lookups = me == Party.DATA_HOLDER
        ? PrivateLookups.dataHolder(plan, channel, claims, slices.itemBound(), prg, heParameters(), heKeys)
        : PrivateLookups.insurer(plan, channel, values, claimCount, slices.itemBound(), prg, heParameters(), heKeys);
    LOG.info("{}: {} private lookup(s), {} HE lookups ({} slots for the line items) in {} ms, {} bytes",
        me.displayName(), plan.lookups().size(), lookups.heLookups(), lookups.slots(),
        (System.nanoTime() - t0) / 1_000_000, channel.bytesSent() + channel.bytesReceived() - bytes0);
    return lookups;
  }

  private BfvBackend heBackend() {
    return heBackend != null ? heBackend : BfvBackends.select();
  }

  /** The lookups' HE parameters on this party's backend. */
  private HeLookupParameters heParameters() {
    return HeLookupParameters.standard().on(heBackend());
  }

  SecureEvaluator evaluator(LocalValues local) {
    SecureEvaluator evaluator = new SecureEvaluator(plan, session, local, slices);
    for (CompiledPolicy.Output o : policy.outputs()) {
      if (plan.site(o.op()) == Label.JOINT) {
        evaluator.keep(o.op());
      }
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      for (int part : new int[] {a.value(), a.where(), a.key()}) {
        if (part >= 0 && plan.site(part) == Label.JOINT) {
          evaluator.keep(part);
        }
      }
    }
    return evaluator;
  }

  /** Each output to its recipients: opened from shares, or sent by the party that computed it. */
  long[][] outputs(SecureEvaluator evaluator, LocalValues local) {
    List<CompiledPolicy.Output> outputs = policy.outputs();
    long[][] mine = new long[outputs.size()][];
    for (int o = 0; o < outputs.size(); o++) {
      CompiledPolicy.Output out = outputs.get(o);
      Set<Party> to = gate.recipients(Disclosure.Kind.OUTPUT, out.name(), out.recipients());
      boolean forMe = to.contains(me);
      boolean forPeer = to.contains(me.other());
      Label site = plan.site(out.op());
      if (site == Label.JOINT) {
        long[] shares = evaluator.kept(out.op());
        mine[o] = gate.open(Disclosure.Kind.OUTPUT, out.name(), shares, out.recipients());
      } else if (site == Label.PUBLIC || site == mySite) {
        long[] values = reversing(local.column(out.op()), o);
        if (forPeer && site == mySite) {
          gate.send(Disclosure.Kind.OUTPUT, out.name(), LongArrayCodec.INSTANCE.encode(values));
        }
        mine[o] = forMe ? values : null;
      } else if (forMe) {
        long[] values = LongArrayCodec.INSTANCE.decode(gate.receive(Disclosure.Kind.OUTPUT, out.name(),
            (long) evaluator.person().length * Long.BYTES));
        if (values.length != evaluator.person().length) {
          throw new ProtocolAbortException(SettlementMessages.Step.OUTPUTS, "output " + out.name() + " has " + values.length
              + " values for " + evaluator.person().length + " claims");
        }
        mine[o] = values;
      }
    }
    return mine;
  }

  /**
   * Output {@code o}, which this party computed alone ({@code values}, per claim in file order),
   * with each reversal's replaced by its target's, negated (a bool repeated), as the plaintext
   * evaluator settles a reversal; the policy's own value for a reversal is not used. The target of
   * an earlier batch gives its value from this party's ledger of shares (the value itself there,
   * as this party computed it alone then too).
   */
  long[] reversing(long[] values, int o) {
    if (!slices.hasReversals()) {
      return values;
    }
    boolean bool = policy.outputs().get(o).type() == Type.BOOL;
    long[] v = values.clone();
    for (int c = 0; c < v.length; c++) {
      int t = slices.reversed(c);
      if (t != BatchSlices.NONE) {
        long was = t >= 0 ? v[t] : earlier[c].outputs()[o];
        v[c] = bool ? was : -was;
      }
    }
    return v;
  }

  /** Per claim, this party's record of the earlier batch's claim it reverses (null for the others). */
  private ShareLedger.Entry[] earlier;

  /**
   * Brings in {@code records}, per claim (file order) this party's record of the earlier batch's
   * claim it reverses (null for the others; null: the batch reverses none), for {@link #outputs}
   * and {@code evaluator}.
   */
  void earlier(ShareLedger.Entry[] records, SecureEvaluator evaluator) {
    earlier = records;
    if (records != null) {
      evaluator.earlier(records, policy.outputs().stream().mapToInt(CompiledPolicy.Output::op).toArray());
    }
  }

  /**
   * The secure part, slice by slice: each slice's material (the first's was made in the
   * constructor), its evaluation with its state-bound comparisons, and its claims added to the
   * sums of the aggregates on shares, which it returns (by aggregate number; null for one a party
   * computes alone). {@code claims} are the data holder's (null at the insurer).
   */
  SecureAggregates.Sums[] evaluate(SecureEvaluator evaluator, LocalValues local, List<Claim> claims) {
    List<Ir.AggregateStep> steps = plan.program().aggregates();
    SecureAggregates secure = new SecureAggregates(plan, session, gate, heSums);
    SecureAggregates.Sums[] sums = new SecureAggregates.Sums[steps.size()];
    for (int a = 0; a < steps.size(); a++) {
      if (SecureCosts.aggregateOwner(plan, steps.get(a)) == null) {
        sums[a] = new SecureAggregates.Sums(SecureAggregates.labels(steps.get(a), hospitals).size());
      }
    }
    for (int s = 0; s < slices.count(); s++) {
      if (s > 0) {
        fill(s);
      }
      BatchSlices.Slice slice = slices.slice(s);
      evaluator.run(slice);
      for (int a = 0; a < steps.size(); a++) {
        if (sums[a] != null) {
          // a reversal takes part in no aggregate, as in plaintext mode
          secure.add(steps.get(a), plan.construction(a), sums[a], slices.aggregated(slice), evaluator::kept,
              local::column, claims, hospitals);
        }
      }
    }
    return sums;
  }

  /**
   * Each aggregate to its recipients: computed by one party alone and sent, or on shares
   * ({@link SecureAggregates}, from the {@code sums} of {@link #evaluate}) when it needs both
   * parties' values.
   */
  List<BatchResult.AggregateRow> aggregates(LocalValues local, SecureEvaluator evaluator,
      SecureAggregates.Sums[] sums) {
    SecureAggregates secure = new SecureAggregates(plan, session, gate, heSums);
    int n = evaluator.person().length;
    List<BatchResult.AggregateRow> mine = new ArrayList<>();
    List<Ir.AggregateStep> steps = plan.program().aggregates();
    for (int a = 0; a < steps.size(); a++) {
      Ir.AggregateStep step = steps.get(a);
      Label owner = SecureCosts.aggregateOwner(plan, step);
      Set<Party> to = gate.recipients(Disclosure.Kind.AGGREGATE, step.name(), step.recipients());
      boolean forMe = to.contains(me);
      boolean forPeer = to.contains(me.other());
      if (owner == null) {
        gate.computing(step.name());
        secure.finish(step, plan.construction(a), sums[a]);
        mine.addAll(secure.rows(step, sums[a], n, hospitals));
      } else if (owner == Label.PUBLIC || owner == mySite) {
        List<BatchResult.AggregateRow> rows;
        try {
          rows = local.aggregateRows(a);
        } catch (EvaluationException e) {
          throw new HandshakeSettlement.RefusedException(List.of(Refusal.atLine(Refusal.Kind.LOCAL_EVALUATION_FAILED,
              step.line(), e.getMessage())));
        }
        if (forPeer && owner == mySite) {
          gate.send(Disclosure.Kind.AGGREGATE, step.name(), SettlementMessages.rows(rows));
        }
        if (forMe) {
          mine.addAll(HandshakeSettlement.visible(rows));
        }
      } else if (forMe) {
        mine.addAll(SettlementMessages.rows(gate.receive(Disclosure.Kind.AGGREGATE, step.name(),
            SettlementMessages.maxRowsBytes(evaluator.person().length, step.groups().size())), step.name(),
            step.valueType()));
      }
    }
    return mine;
  }
}
