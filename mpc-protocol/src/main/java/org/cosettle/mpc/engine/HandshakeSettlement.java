package org.cosettle.mpc.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.LongArrayCodec;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.triples.TripleGenerator;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.arith.DaBitGenerator;
import org.cosettle.mpc.arith.TriplePool;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Plan.Site;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.ClaimBatch;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Ir;
import org.cosettle.policy.LocalValues;

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
 * <p>The steps: the data holder sends the public metadata (claim ids and insured ids, spec §1);
 * both check the batch can run (the insurer has a record for every insured id, the policy is
 * within what the secure evaluator does) and tell each other; the offline phase makes exactly the
 * triples the plan needs; each party computes its plaintext part; the secure part runs layer by
 * layer; outputs, aggregates and states are opened to their recipients only. Every value agrees
 * with the plaintext evaluator's on the same data (tested claim by claim).
 *
 * <p>Refused with a clear message before anything secret moves: roundings of values wider than
 * {@value ArithmeticSession#MAX_DIVIDEND_BITS} bits, an aggregate on shares that could total more
 * than 2^62, and one that groups the insurer's values by hospital for the data holder alone (the
 * insurer would learn the number of hospitals). A batch the plaintext evaluator rejects is
 * refused too: a state kept on shares is checked against ±1,000,000,000.00 on shares after every
 * layer, and the number of violations is opened to both before any output.
 */
public final class HandshakeSettlement {
  private HandshakeSettlement() {}

  /**
   * The data holder's result: the outputs addressed to it ({@code null} rows for the others) and
   * its aggregates (as {@link #visible}: a withheld group shows no count or total).
   */
  public record DataHolderOutcome(List<Claim> claims, long[][] outputs, List<BatchResult.AggregateRow> aggregates,
      Stats stats) {}

  /**
   * What one party's run cost: the offline phase (triples and daBits from OT extension, which
   * depends only on the policy and the batch size), the plaintext part, and the online phase
   * (the layers and the openings), in wall time and bytes this party sent and received.
   */
  public record Stats(long offlineNanos, long offlineBytes, long localNanos, long onlineNanos, long onlineBytes,
      long onlineRounds) {}

  /**
   * The insurer's result: the claim ids, the outputs addressed to it ({@code null} for the others),
   * its aggregates, and every state after the batch per record of its insured file.
   */
  public record InsurerOutcome(List<String> claimIds, long[][] outputs, List<BatchResult.AggregateRow> aggregates,
      long[][] states, Stats stats) {}

  /** The batch cannot be settled in handshake mode; the message says why (both parties get it). */
  public static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  private enum Step { METADATA, AGREEMENT, LOCAL, OUTPUTS }

  /**
   * What the secure evaluator would refuse in {@code policy} whatever the batch (beyond the
   * planner's own refusals): roundings or comparisons too wide for the share arithmetic,
   * groupings it does not do. {@code cosettle check --plan} prints them.
   */
  public static List<String> refusals(CompiledPolicy policy) {
    Plan plan = Planner.plan(policy);
    List<String> all = new ArrayList<>(SecureEvaluator.unsupported(plan, 1));
    all.subList(0, plan.refusals().size()).clear();
    return all;
  }

  public static DataHolderOutcome dataHolder(CompiledPolicy policy, List<Claim> claims, Channel channel, Prg prg) {
    List<String> claimIds = claims.stream().map(Claim::id).toList();
    List<String> insuredIds = claims.stream().map(Claim::insuredId).toList();
    Plan plan = Planner.plan(policy);
    // the hospital ids are public metadata only when an aggregate on shares groups by them (spec §5)
    List<String> hospitals = needsHospitals(plan) ? Evaluator.hospitalGroups(claims) : List.of();
    channel.send(Strings.encode(claimIds, insuredIds, hospitals));
    agree(channel, SecureEvaluator.unsupported(plan, claims.size()), Party.P0);
    ClaimBatch batch = ClaimBatch.dataHolderView(claims, policy.stateNames());
    Run run = new Run(policy, plan, Party.P0, channel, prg, claims.size(), hospitals);
    LocalValues local = run.local(batch, new long[0]);
    SecureEvaluator evaluator = run.evaluator(local, batch, insuredIds);
    evaluator.startStates(null);
    evaluator.run();
    checkBounds(evaluator);
    long[][] outputs = run.outputs(evaluator, local);
    List<BatchResult.AggregateRow> aggregates = run.aggregates(local, evaluator, claims, hospitals);
    for (int s = 0; s < policy.stateNames().size(); s++) {
      if (plan.stateShared(s)) {
        run.session.open(evaluator.stateShares(s), Party.P1);
      }
    }
    return new DataHolderOutcome(claims, outputs, aggregates, run.stats());
  }

  public static InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, long[] privateParams, Channel channel,
      Prg prg) {
    List<String>[] metadata = Strings.decode(channel.receive());
    List<String> claimIds = metadata[0];
    List<String> insuredIds = metadata[1];
    List<String> hospitals = metadata[2];
    Plan plan = Planner.plan(policy);
    List<String> problems = new ArrayList<>(SecureEvaluator.unsupported(plan, claimIds.size()));
    if (!hospitals.isEmpty() && !needsHospitals(plan)) {
      problems.add("the data holder sent hospital ids this policy does not need");
    }
    ClaimBatch batch = null;
    try {
      batch = ClaimBatch.insurerView(claimIds, insuredIds, insured);
    } catch (EvaluationException e) {
      problems.add(e.getMessage());
    }
    agree(channel, problems, Party.P1);
    Run run = new Run(policy, plan, Party.P1, channel, prg, claimIds.size(), hospitals);
    LocalValues local = run.local(batch, privateParams);
    SecureEvaluator evaluator = run.evaluator(local, batch, insuredIds);
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
    evaluator.startStates(start);
    evaluator.run();
    checkBounds(evaluator);
    long[][] outputs = run.outputs(evaluator, local);
    List<BatchResult.AggregateRow> aggregates = run.aggregates(local, evaluator, null, hospitals);
    long[][] states = new long[stateCount][];
    for (int s = 0; s < stateCount; s++) {
      states[s] = local.states()[s].clone(); // the insurer's own chain for the states it keeps
      if (plan.stateShared(s)) {
        long[] opened = run.session.open(evaluator.stateShares(s), Party.P1).orElseThrow();
        for (int p = 0; p < recordOf.length; p++) {
          states[s][recordOf[p]] = opened[p];
        }
      }
    }
    return new InsurerOutcome(claimIds, outputs, aggregates, states, run.stats());
  }

  /**
   * Stops both parties, before any output is opened, when a state kept on shares left the money
   * bound: the plaintext evaluator rejects such a batch, and so does handshake mode (without
   * saying which claim, which would tell that claim's values).
   */
  private static void checkBounds(SecureEvaluator evaluator) {
    long violations = evaluator.boundViolations();
    if (violations != 0) {
      throw new RefusedException("handshake mode cannot settle this batch: a state kept on shares would leave"
          + " ±1,000,000,000.00 (the plaintext evaluator rejects the batch too; which claim stays secret)");
    }
  }

  /** Whether an aggregate on shares groups by hospital (so the hospital ids travel with the metadata). */
  private static boolean needsHospitals(Plan plan) {
    return plan.program().aggregates().stream()
        .anyMatch(a -> a.keyKind() == Ir.KeyKind.HOSPITAL && SecureEvaluator.aggregateOwner(plan, a) == null);
  }

  /** Both parties say whether they can go on; either one's problems stop both, with the same message. */
  private static void agree(Channel channel, List<String> problems, Party me) {
    String peer = exchange(channel, me, String.join("\n", problems));
    if (!problems.isEmpty() || !peer.isEmpty()) {
      List<String> all = new ArrayList<>(problems);
      if (!peer.isEmpty() && !peer.equals(String.join("\n", problems))) {
        all.add("the " + (me == Party.P0 ? "insurer" : "data holder") + " reports: " + peer.replace("\n", "; "));
      }
      throw new RefusedException("handshake mode cannot settle this batch: " + String.join("; ", all));
    }
  }

  /** Sends this party's verdict (empty: all well) and returns the peer's; the data holder speaks first. */
  private static String exchange(Channel channel, Party me, String verdict) {
    byte[] mine = verdict.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] theirs;
    if (me == Party.P0) {
      channel.send(mine);
      theirs = channel.receive();
    } else {
      theirs = channel.receive();
      channel.send(mine);
    }
    return new String(theirs, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** One party's run: the plan, the session with its triples, and the openings. */
  private static final class Run {
    final CompiledPolicy policy;
    final Plan plan;
    final Party me;
    final Site mySite;
    final Channel channel;
    final ArithmeticSession session;

    private final long started = System.nanoTime();
    private final long startBytes;
    private long offlineEnd;
    private long offlineBytes;
    private long localEnd;
    private long onlineBytesStart;
    private long onlineRoundsStart;

    Run(CompiledPolicy policy, Plan plan, Party me, Channel channel, Prg prg, int claims, List<String> hospitals) {
      this.startBytes = channel.bytesSent() + channel.bytesReceived();
      this.policy = policy;
      this.plan = plan;
      this.me = me;
      this.mySite = me == Party.P0 ? Site.DATA_HOLDER : Site.INSURER;
      this.channel = channel;
      long[] need = SecureEvaluator.requirement(plan, claims, hospitals.size());
      if (need[0] > Integer.MAX_VALUE || need[1] > Integer.MAX_VALUE || need[2] > Integer.MAX_VALUE) {
        throw new RefusedException("the batch needs more than 2^31 triples of one kind; split it");
      }
      TriplePool pool = new TriplePool();
      if (need[0] > 0 || need[1] > 0 || need[2] > 0) {
        // one set of base OTs serves the triples and the daBits
        TripleGenerator triples = TripleGenerator.setUp(channel, me, prg);
        pool.fill(triples, (int) need[0], (int) need[1]);
        pool.fillDaBits(DaBitGenerator.alongside(triples, prg), (int) need[2]);
      }
      this.session = new ArithmeticSession(channel, me, prg, pool);
      offlineEnd = System.nanoTime();
      offlineBytes = channel.bytesSent() + channel.bytesReceived() - startBytes;
    }

    Stats stats() {
      long end = System.nanoTime();
      return new Stats(offlineEnd - started, offlineBytes, localEnd - offlineEnd, end - localEnd,
          channel.bytesSent() + channel.bytesReceived() - onlineBytesStart, channel.rounds() - onlineRoundsStart);
    }

    /** This party's plaintext part; a failure there (an overflow) stops both parties. */
    LocalValues local(ClaimBatch batch, long[] privateParams) {
      boolean[] compute = SecureEvaluator.mask(plan, mySite);
      boolean[] capture = capture(compute);
      LocalValues local = null;
      String problem = null;
      try {
        local = LocalValues.evaluate(policy, batch, privateParams, compute, capture);
      } catch (EvaluationException e) {
        problem = e.getMessage();
      }
      // the detail names a claim and a value of this party's data: it stays here; the peer learns
      // only that this party's plaintext part stopped
      String who = me == Party.P0 ? "data holder" : "insurer";
      String peerText = exchange(channel, me, problem == null ? ""
          : "the " + who + "'s own part of the evaluation stopped (its details stay with the " + who + ")");
      if (problem != null || !peerText.isEmpty()) {
        throw new RefusedException("handshake mode cannot settle this batch: "
            + (problem != null ? problem : peerText));
      }
      localEnd = System.nanoTime();
      onlineBytesStart = channel.bytesSent() + channel.bytesReceived();
      onlineRoundsStart = channel.rounds();
      return local;
    }

    /** The claim-level ops this party computes whose values it needs later: operands of shared ops, outputs, updates. */
    private boolean[] capture(boolean[] compute) {
      List<Ir.Op> ops = plan.program().ops();
      boolean[] capture = new boolean[ops.size()];
      for (Ir.Op op : ops) {
        if (plan.site(op.id()) == Site.SHARED) {
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

    SecureEvaluator evaluator(LocalValues local, ClaimBatch batch, List<String> insuredIds) {
      SecureEvaluator evaluator = new SecureEvaluator(plan, session, local, batch, insuredIds);
      for (CompiledPolicy.Output o : policy.outputs()) {
        if (plan.site(o.op()) == Site.SHARED) {
          evaluator.keep(o.op());
        }
      }
      for (Ir.AggregateStep a : plan.program().aggregates()) {
        for (int part : new int[] {a.value(), a.where(), a.key()}) {
          if (part >= 0 && plan.site(part) == Site.SHARED) {
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
      String myName = me == Party.P0 ? "data_holder" : "insurer";
      String peerName = me == Party.P0 ? "insurer" : "data_holder";
      for (int o = 0; o < outputs.size(); o++) {
        CompiledPolicy.Output out = outputs.get(o);
        boolean forMe = out.recipients().contains(myName);
        boolean forPeer = out.recipients().contains(peerName);
        Site site = plan.site(out.op());
        if (site == Site.SHARED) {
          long[] shares = evaluator.kept(out.op());
          if (forMe && forPeer) {
            mine[o] = session.openToBoth(shares);
          } else if (forMe || forPeer) {
            mine[o] = session.open(shares, forMe ? me : other(me)).orElse(null);
          }
        } else if (site == Site.PUBLIC || site == mySite) {
          long[] values = local.column(out.op());
          if (forPeer && site == mySite) {
            channel.send(LongArrayCodec.INSTANCE, values);
          }
          mine[o] = forMe ? values : null;
        } else if (forMe) {
          long[] values = channel.receive(LongArrayCodec.INSTANCE);
          if (values.length != evaluator.person().length) {
            throw new ProtocolAbortException(Step.OUTPUTS, "output " + out.name() + " has " + values.length
                + " values for " + evaluator.person().length + " claims");
          }
          mine[o] = values;
        }
      }
      return mine;
    }

    /**
     * Each aggregate to its recipients: computed by one party alone and sent, or on shares
     * ({@link SecureAggregates}) when it needs both parties' values.
     */
    List<BatchResult.AggregateRow> aggregates(LocalValues local, SecureEvaluator evaluator, List<Claim> claims,
        List<String> hospitals) {
      SecureAggregates secure = new SecureAggregates(plan, session);
      int n = evaluator.person().length;
      List<BatchResult.AggregateRow> mine = new ArrayList<>();
      List<Ir.AggregateStep> steps = plan.program().aggregates();
      String myName = me == Party.P0 ? "data_holder" : "insurer";
      String peerName = me == Party.P0 ? "insurer" : "data_holder";
      for (int a = 0; a < steps.size(); a++) {
        Ir.AggregateStep step = steps.get(a);
        Site owner = SecureEvaluator.aggregateOwner(plan, step);
        boolean forMe = step.recipients().contains(myName);
        boolean forPeer = step.recipients().contains(peerName);
        if (owner == null) {
          mine.addAll(secure.rows(step, n, evaluator::kept, local::column, claims, hospitals));
        } else if (owner == Site.PUBLIC || owner == mySite) {
          List<BatchResult.AggregateRow> rows;
          try {
            rows = local.aggregateRows(a);
          } catch (EvaluationException e) {
            throw new RefusedException(e.getMessage());
          }
          if (forPeer && owner == mySite) {
            channel.send(Rows.encode(rows));
          }
          if (forMe) {
            mine.addAll(visible(rows));
          }
        } else if (forMe) {
          mine.addAll(Rows.decode(channel.receive(), step.name(), step.valueType()));
        }
      }
      return mine;
    }
  }

  /** What a recipient sees of aggregate rows: a withheld row's count and total are zero. */
  public static List<BatchResult.AggregateRow> visible(List<BatchResult.AggregateRow> rows) {
    return rows.stream().map(r -> r.withheld()
        ? new BatchResult.AggregateRow(r.aggregate(), r.group(), 0, 0, r.type(), true) : r).toList();
  }

  private static Party other(Party p) {
    return p == Party.P0 ? Party.P1 : Party.P0;
  }

  /** Three lists of strings in one message: claim ids, insured ids, hospital ids. */
  static final class Strings {
    private Strings() {}

    static byte[] encode(List<String> a, List<String> b, List<String> c) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        for (List<String> list : List.of(a, b, c)) {
          out.writeInt(list.size());
          for (String s : list) {
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static List<String>[] decode(byte[] message) {
      List<String>[] lists = new List[3];
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
        for (int k = 0; k < 3; k++) {
          int n = in.readInt();
          if (n < 0 || n > message.length) {
            throw new ProtocolAbortException(Step.METADATA, "a list of " + n + " ids in a message of " + message.length + " bytes");
          }
          List<String> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 0 || len > in.available()) {
              throw new ProtocolAbortException(Step.METADATA, "an id of " + len + " bytes where " + in.available() + " are left");
            }
            list.add(new String(in.readNBytes(len), java.nio.charset.StandardCharsets.UTF_8));
          }
          lists[k] = list;
        }
        if (in.available() != 0 || lists[0].size() != lists[1].size()) {
          throw new ProtocolAbortException(Step.METADATA, "claim ids and insured ids do not pair up");
        }
      } catch (IOException e) {
        throw new ProtocolAbortException(Step.METADATA, "the metadata message is truncated", e);
      }
      return lists;
    }
  }

  /**
   * Aggregate rows in one message. A withheld row goes with its group only (count and total
   * zero): the cohort rule hides them from the recipient, so they never leave the party that
   * computed them.
   */
  static final class Rows {
    private Rows() {}

    static byte[] encode(List<BatchResult.AggregateRow> rows) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(rows.size());
        for (BatchResult.AggregateRow r : rows) {
          out.writeUTF(r.group());
          out.writeLong(r.withheld() ? 0 : r.claims());
          out.writeLong(r.withheld() ? 0 : r.value());
          out.writeBoolean(r.withheld());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    static List<BatchResult.AggregateRow> decode(byte[] message, String name, org.cosettle.policy.Type type) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
        int n = in.readInt();
        if (n < 0 || n > message.length) {
          throw new ProtocolAbortException(Step.OUTPUTS, "an aggregate of " + n + " rows in " + message.length + " bytes");
        }
        List<BatchResult.AggregateRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          rows.add(new BatchResult.AggregateRow(name, in.readUTF(), in.readLong(), in.readLong(), type, in.readBoolean()));
        }
        if (in.available() != 0) {
          throw new ProtocolAbortException(Step.OUTPUTS, "bytes after the aggregate rows");
        }
        return rows;
      } catch (IOException e) {
        throw new ProtocolAbortException(Step.OUTPUTS, "the aggregate message is truncated", e);
      }
    }
  }
}
