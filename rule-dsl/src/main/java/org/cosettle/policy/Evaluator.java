package org.cosettle.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cosettle.core.Claim;
import org.cosettle.core.Decimals;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * The plaintext evaluator: claims in file order, each insured person's states chained from
 * claim to claim, then the aggregates with their groups and the minimum-cohort rule.
 *
 * <pre>{@code
 * CompiledPolicy policy = Policies.compile(new Source("p.cpl", text)).policy();
 * BatchResult r = Evaluator.evaluate(policy, claims, insured, privateParams);
 * }</pre>
 *
 * <p>The batch is evaluated in columns by {@link Engine}. Claims of different insured persons
 * are independent, so they are split across threads by insured person; the claims of one
 * insured run in file order, the k-th of them in the k-th layer. The result does not depend on
 * the number of threads.
 */
public final class Evaluator {
  /** Below this many claims a batch runs on the calling thread. */
  private static final int PARALLEL_THRESHOLD = 8 * Engine.CHUNK;

  private Evaluator() {}

  /**
   * Evaluates a batch with one thread per available processor. Every claim's {@code insuredId}
   * must have a record in {@code insured}, whose state columns are the policy's states in
   * declaration order.
   */
  public static BatchResult evaluate(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams) throws EvaluationException {
    return evaluate(policy, claims, insured, privateParams, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #evaluate(CompiledPolicy, List, InsuredFile, long[])} on at most {@code threads} threads. */
  public static BatchResult evaluate(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, int threads) throws EvaluationException {
    return evaluate(policy, ClaimBatch.of(claims, insured), privateParams, threads);
  }

  /** Evaluates a prepared batch (its columns are reused by later evaluations). */
  public static BatchResult evaluate(CompiledPolicy policy, ClaimBatch batch, long[] privateParams)
      throws EvaluationException {
    return evaluate(policy, batch, privateParams, Runtime.getRuntime().availableProcessors());
  }

  /** Evaluates a prepared batch on at most {@code threads} threads. */
  public static BatchResult evaluate(CompiledPolicy policy, ClaimBatch batch, long[] privateParams, int threads)
      throws EvaluationException {
    checkParams(policy, privateParams);
    ClaimBatch cols = batch;
    List<Claim> claims = batch.claims();
    InsuredFile insured = batch.insured();
    long[][] initial = initialStates(policy, insured);
    Engine engine = new Engine(policy, cols, initial, privateParams);
    int workers = claims.size() < PARALLEL_THRESHOLD ? 1 : Math.max(1, threads);
    boolean failed = workers == 1 ? !runLayers(engine, cols, 0, 1) : !runParallel(engine, cols, workers);
    if (failed) {
      throw locateFailure(policy, cols, initial, privateParams, null);
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    List<Ir.AggregateStep> steps = policy.program().aggregates();
    for (int a = 0; a < steps.size(); a++) {
      rows.addAll(aggregateRows(steps.get(a), claims, engine.aggregateValues[a], engine.aggregateGroups[a]));
    }
    return new BatchResult(policy, claims, engine.results, insured, engine.states, rows);
  }

  /**
   * Evaluates the layers in order; within a layer, this worker takes chunks {@code worker},
   * {@code worker + workers}, ... False when a claim failed.
   */
  private static boolean runLayers(Engine engine, ClaimBatch cols, int worker, int workers) {
    Engine.Worker w = engine.new Worker();
    try {
      for (int l = 0; l < cols.layers(); l++) {
        runLayer(w, cols, l, worker, workers);
      }
      return true;
    } catch (Engine.Failure e) {
      return false;
    }
  }

  private static void runLayer(Engine.Worker w, ClaimBatch cols, int layer, int worker, int workers)
      throws Engine.Failure {
    int end = cols.layerStart[layer + 1];
    for (int from = cols.layerStart[layer] + worker * Engine.CHUNK; from < end; from += workers * Engine.CHUNK) {
      w.run(from, Math.min(end, from + Engine.CHUNK));
    }
  }

  /** Each layer split across {@code workers} threads; a layer starts when the one before is done. */
  private static boolean runParallel(Engine engine, ClaimBatch cols, int workers) throws EvaluationException {
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "cosettle-evaluator");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Engine.Worker> ws = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        ws.add(engine.new Worker());
      }
      for (int l = 0; l < cols.layers(); l++) {
        int layer = l;
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
          int worker = i;
          tasks.add(() -> {
            try {
              runLayer(ws.get(worker), cols, layer, worker, workers);
              return true;
            } catch (Engine.Failure e) {
              return false;
            }
          });
        }
        for (Future<Boolean> f : pool.invokeAll(tasks)) {
          if (!f.get()) {
            return false;
          }
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvaluationException("evaluation interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("evaluator thread failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Re-evaluates claim by claim in file order (only the ops marked in {@code compute}, null:
   * all) and describes the first claim that fails.
   */
  static EvaluationException locateFailure(CompiledPolicy policy, ClaimBatch cols, long[][] initial,
      long[] privateParams, boolean[] compute) {
    List<Claim> claims = cols.claims();
    Engine engine = new Engine(policy, cols, initial, privateParams, compute, null);
    Engine.Worker worker = engine.new Worker();
    for (int c = 0; c < claims.size(); c++) {
      int p = cols.position[c];
      try {
        worker.run(p, p + 1);
      } catch (Engine.Failure f) {
        return failure(policy, claims.get(c), f, worker);
      }
    }
    return new EvaluationException("evaluation failed but no claim fails on its own; please report this");
  }

  private static EvaluationException failure(CompiledPolicy policy, Claim c, Engine.Failure f, Engine.Worker w) {
    String where = "claim " + c.id() + " (line " + c.line() + "): ";
    if (f.stateIndex >= 0) {
      return new EvaluationException(where + "state '" + policy.stateNames().get(f.stateIndex) + "' would become "
          + Decimals.formatMoney(w.reg[f.op.id()][0]) + ", outside ±1,000,000,000.00");
    }
    Position p = f.op.position();
    return new EvaluationException(where + "a value exceeds 64 bits in '" + declarationOf(policy, f.op.id())
        + "' (policy line " + p.line() + ", column " + p.column() + ")");
  }

  /** The name of the first declaration whose computation uses op {@code target}. */
  private static String declarationOf(CompiledPolicy policy, int target) {
    Ir.Program program = policy.program();
    List<String> names = new ArrayList<>();
    List<Integer> roots = new ArrayList<>();
    for (Ir.Binding b : program.bindings()) {
      names.add(b.name());
      roots.add(b.op());
    }
    for (Ir.StateUpdate u : program.updates()) {
      names.add(u.name());
      roots.add(u.op());
    }
    for (Ir.AggregateStep a : program.aggregates()) {
      for (int op : new int[] {a.value(), a.where(), a.key()}) {
        names.add(a.name());
        roots.add(op);
      }
    }
    for (int i = 0; i < roots.size(); i++) {
      if (roots.get(i) >= 0 && uses(program.ops(), roots.get(i), target, new boolean[program.ops().size()])) {
        return names.get(i);
      }
    }
    return "?";
  }

  private static boolean uses(List<Op> ops, int root, int target, boolean[] visited) {
    if (root == target) {
      return true;
    }
    visited[root] = true;
    for (int a : ops.get(root).args()) {
      if (a >= target && !visited[a] && uses(ops, a, target, visited)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Explains one claim of a batch: the claims of the same insured person before it are
   * evaluated first (in file order) so that it sees the states it would see in {@link #evaluate}.
   *
   * @throws EvaluationException when no claim has id {@code claimId}, or evaluation fails
   */
  public static Explanation explain(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, String claimId) throws EvaluationException {
    checkParams(policy, privateParams);
    int target = -1;
    for (int i = 0; i < claims.size() && target < 0; i++) {
      if (claims.get(i).id().equals(claimId)) {
        target = i;
      }
    }
    if (target < 0) {
      throw new EvaluationException("no claim with id \"" + claimId + "\" in the batch");
    }
    ClaimBatch cols = ClaimBatch.of(claims, insured);
    Engine engine = new Engine(policy, cols, initialStates(policy, insured), privateParams);
    Engine.Worker worker = engine.new Worker();
    int who = cols.insured[cols.position[target]];
    List<Explanation.Entry> before = new ArrayList<>();
    for (int c = 0; c <= target; c++) {
      int p = cols.position[c];
      if (cols.insured[p] != who) {
        continue;
      }
      if (c == target) {
        for (int s = 0; s < engine.states.length; s++) {
          before.add(new Explanation.Entry("state", policy.stateNames().get(s), Type.MONEY, engine.states[s][who], 0));
        }
      }
      try {
        worker.run(p, p + 1);
      } catch (Engine.Failure f) {
        throw failure(policy, claims.get(c), f, worker);
      }
    }
    record Traced(int line, Explanation.Entry entry) {}
    List<Traced> traced = new ArrayList<>();
    for (Ir.Binding b : policy.program().bindings()) {
      traced.add(new Traced(b.line(), new Explanation.Entry(b.kind(), b.name(), b.type(), worker.reg[b.op()][0], b.line())));
    }
    for (Ir.StateUpdate u : policy.program().updates()) {
      if (u.op() >= 0) {
        traced.add(new Traced(u.line(), new Explanation.Entry("update", u.name(), Type.MONEY, worker.reg[u.op()][0], u.line())));
      }
    }
    traced.sort((a, b) -> Integer.compare(a.line(), b.line()));
    Claim c = claims.get(target);
    return new Explanation(c.id(), c.line(), before, traced.stream().map(Traced::entry).toList());
  }

  private static void checkParams(CompiledPolicy policy, long[] privateParams) throws EvaluationException {
    if (privateParams.length != policy.privateParams().size()) {
      throw new EvaluationException("the policy has " + policy.privateParams().size()
          + " private params, " + privateParams.length + " values were given");
    }
  }

  static long[][] initialStates(CompiledPolicy policy, InsuredFile insured) throws EvaluationException {
    int count = policy.stateNames().size();
    if (!insured.stateNames().equals(policy.stateNames())) {
      throw new EvaluationException("the insured records carry states " + insured.stateNames()
          + ", the policy declares " + policy.stateNames());
    }
    long[][] states = new long[count][insured.records().size()];
    for (int r = 0; r < insured.records().size(); r++) {
      for (int s = 0; s < count; s++) {
        states[s][r] = insured.records().get(r).state(s);
      }
    }
    return states;
  }

  static List<BatchResult.AggregateRow> aggregateRows(Ir.AggregateStep step, List<Claim> claims,
      long[] values, int[] groups) throws EvaluationException {
    List<String> labels = new ArrayList<>();
    int[] group = groups;
    switch (step.keyKind()) {
      case NONE:
        labels.add("");
        break;
      case HOSPITAL: {
        Map<String, Integer> indexOf = new HashMap<>();
        for (String id : hospitalGroups(claims)) {
          indexOf.put(id, labels.size());
          labels.add(id);
        }
        group = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
          group[i] = groups[i] < 0 ? -1 : indexOf.get(claims.get(i).hospitalId());
        }
        break;
      }
      default:
        labels.addAll(step.groups());
    }
    long[] totals = new long[labels.size()];
    long[] counts = new long[labels.size()];
    // only the total must fit in 64 bits (spec §3), not every running sum: a group whose
    // running sum leaves the range continues exactly in BigInteger
    java.math.BigInteger[] wide = new java.math.BigInteger[labels.size()];
    for (int i = 0; i < group.length; i++) {
      int g = group[i];
      if (g >= 0) {
        if (wide[g] != null) {
          wide[g] = wide[g].add(java.math.BigInteger.valueOf(values[i]));
        } else {
          long sum = totals[g] + values[i];
          if (((totals[g] ^ sum) & (values[i] ^ sum)) < 0) {
            wide[g] = java.math.BigInteger.valueOf(totals[g]).add(java.math.BigInteger.valueOf(values[i]));
          } else {
            totals[g] = sum;
          }
        }
        counts[g]++;
      }
    }
    for (int g = 0; g < wide.length; g++) {
      if (wide[g] != null) {
        if (wide[g].bitLength() > 63) {
          throw new EvaluationException("aggregate '" + step.name() + "'" + (labels.get(g).isEmpty() ? "" : " group "
              + labels.get(g)) + ": the total " + wide[g] + " does not fit in 64 bits");
        }
        totals[g] = wide[g].longValueExact();
      }
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    for (int g = 0; g < labels.size(); g++) {
      boolean withheld = counts[g] >= 1 && counts[g] < step.cohort();
      rows.add(new BatchResult.AggregateRow(step.name(), labels.get(g), counts[g], totals[g], step.valueType(), withheld));
    }
    return rows;
  }

  /**
   * The groups of an aggregate {@code by claim.hospital_id}: the batch's hospital ids in code
   * point order, the order of its rows.
   */
  public static List<String> hospitalGroups(List<Claim> claims) {
    TreeSet<String> ids = new TreeSet<>(Evaluator::compareCodePoints);
    for (Claim c : claims) {
      ids.add(c.hospitalId());
    }
    return List.copyOf(ids);
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
