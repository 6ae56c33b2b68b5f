package org.cosettle.policy.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.ir.Ir;

/**
 * The plaintext evaluation of a program over a prepared batch, by {@link Engine}: the layers in
 * order, a layer split across threads; on a failure the batch is run again claim by claim
 * ({@link Failures}) so the error names the first failing claim whatever the thread count.
 * Public for {@code org.cosettle.policy.Evaluator} and {@code org.cosettle.policy.internal}; not
 * API.
 */
public final class Evaluation {
  /** Below this many claims a batch runs on the calling thread. */
  private static final int PARALLEL_THRESHOLD = 8 * Engine.CHUNK;

  private Evaluation() {}

  /**
   * What an evaluation leaves: {@code outputs[output][claim]} in declaration and file order,
   * {@code states[state][record]} after the batch, the aggregate rows, the insured records
   * carrying, for each state kept per item code, its values per code after the batch, {@code
   * increments[state][claim]}, how much each claim changed each state, and {@code
   * incrementsByCode.get(state).get(claim)}, how much it changed each code of a state kept per
   * item code (null for the other states).
   */
  public record Outcome(long[][] outputs, long[][] states, List<BatchResult.AggregateRow> aggregates,
      InsuredFile insuredAfter, long[][] increments, List<List<Map<String, Long>>> incrementsByCode) {}

  /**
   * What a run of some operations leaves: {@code captured[op][claim]} in file order for the
   * claim-level ops asked for (null for the others), the states after the batch, and per
   * aggregate each claim's value and group ({@code -1}: filtered out), and {@code
   * increments[state][claim]}, what each claim added to each state whose update was computed.
   */
  public record Run(long[][] captured, long[][] states, long[][] aggregateValues, int[][] aggregateGroups,
      long[][] increments) {}

  /** Evaluates every operation of {@code program} over {@code batch} on at most {@code threads} threads. */
  public static Outcome evaluate(Ir.Program program, ClaimBatch batch, long[] privateParams, CodeTable[] tables,
      int threads) throws EvaluationException {
    batch = layered(program, batch);
    batch.reversals.check();
    long[][] initial = initialStates(program, batch.insured());
    Engine engine = new Engine(program, batch, initial, privateParams, tables);
    int workers = batch.size() < PARALLEL_THRESHOLD ? 1 : Math.max(1, threads);
    boolean failed = workers == 1 ? !runLayers(engine, batch, 0, 1) : !runParallel(engine, batch, workers);
    if (failed) {
      throw Failures.locate(program, batch, initial, privateParams, tables, null);
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    List<Ir.AggregateStep> steps = program.aggregates();
    for (int a = 0; a < steps.size(); a++) {
      rows.addAll(Aggregation.rows(steps.get(a), batch.claims(), engine.aggregateValues[a], engine.aggregateGroups[a]));
    }
    return new Outcome(engine.results, spreadShared(program, batch.insured(), engine.states), rows,
        withValuesByCode(batch.insured(), engine.byCode), engine.increments, engine.incrementsByCode);
  }

  /**
   * Computes only the operations marked in {@code compute} (null: all) on the calling thread and
   * keeps the values of the claim-level ones marked in {@code capture}; state updates whose op
   * is not computed leave their states as they were. {@code tables} are the private tables by
   * number (empty when no lookup is computed).
   *
   * @throws EvaluationException naming the first claim in file order where a computed value
   *     leaves 64 bits or a kept state its bound
   */
  public static Run run(Ir.Program program, ClaimBatch batch, long[] privateParams, CodeTable[] tables,
      boolean[] compute, boolean[] capture) throws EvaluationException {
    batch = layered(program, batch);
    batch.reversals.check();
    long[][] initial = initialStates(program, batch.insured());
    Engine engine = new Engine(program, batch, initial, privateParams, tables, compute, capture);
    if (!runLayers(engine, batch, 0, 1)) {
      throw Failures.locate(program, batch, initial, privateParams, tables, compute);
    }
    return new Run(engine.captured, spreadShared(program, batch.insured(), engine.states), engine.aggregateValues,
        engine.aggregateGroups, engine.increments);
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

  /** The program's states, in declaration order (one update entry per state). */
  static List<String> stateNames(Ir.Program program) {
    return program.updates().stream().map(Ir.StateUpdate::name).toList();
  }

  /** {@code [state][record]}: the states {@code insured} carries, which must be the program's. */
  static long[][] initialStates(Ir.Program program, InsuredFile insured) throws EvaluationException {
    List<String> names = stateNames(program);
    if (!insured.stateNames().equals(names)) {
      throw new EvaluationException("the insured records carry states " + insured.stateNames()
          + ", the policy declares " + names);
    }
    long[][] states = new long[names.size()][insured.records().size()];
    for (int r = 0; r < insured.records().size(); r++) {
      for (int s = 0; s < names.size(); s++) {
        states[s][r] = insured.records().get(r).state(s);
      }
    }
    int[][] slots = Engine.stateSlots(program, insured);
    for (int s = 0; s < names.size(); s++) {
      for (int r = 0; slots[s] != null && r < slots[s].length; r++) {
        if (states[s][r] != states[s][slots[s][r]]) {
          Ir.StateUpdate u = program.updates().get(s);
          throw new EvaluationException("insured " + insured.records().get(r).insuredId() + ": state " + u.name()
              + " is shared by " + insured.fields().get(u.sharedBy()).name() + " \""
              + insured.records().get(r).codes(u.sharedBy()).get(0) + "\" and differs from that of insured "
              + insured.records().get(slots[s][r]).insuredId() + " (every member's record carries the shared value)");
        }
        oneYearPerFamily(program.updates().get(s), insured, r, slots[s][r]);
      }
    }
    return states;
  }

  /**
   * A state shared by a family per policy year needs one policy year per family: record {@code r}
   * and record {@code first} (the first of its family) must have one policy start, as the members
   * of a family policy do.
   */
  private static void oneYearPerFamily(Ir.StateUpdate u, InsuredFile insured, int r, int first)
      throws EvaluationException {
    InsuredRecord member = insured.records().get(r);
    InsuredRecord head = insured.records().get(first);
    if (u.perPolicyYear() && member.policyStart() != head.policyStart()) {
      throw new EvaluationException("insured " + member.insuredId() + ": policy_start differs from that of insured "
          + head.insuredId() + " of the same " + insured.fields().get(u.sharedBy()).name() + " \""
          + member.codes(u.sharedBy()).get(0) + "\": state " + u.name() + " is shared per policy_year, and a"
          + " family's members share one policy year (give every member the family policy's start)");
    }
  }

  /**
   * {@code batch}, or for a program with states shared by a family the same claims laid out with
   * at most one claim of each family in a layer, so that each claim sees what the family's
   * earlier claims left.
   */
  static ClaimBatch layered(Ir.Program program, ClaimBatch batch) {
    if (!Ir.updatesSharedStates(program)) {
      return batch;
    }
    int[][] slots = Engine.stateSlots(program, batch.insured());
    return batch.layeredBy(java.util.Arrays.stream(slots).filter(java.util.Objects::nonNull).toArray(int[][]::new));
  }

  /** {@code insured} with each record's values per item code as {@code byCode} (per state, per record; null: none) holds them. */
  static InsuredFile withValuesByCode(InsuredFile insured, List<List<java.util.Map<String, Long>>> byCode) {
    if (byCode.stream().allMatch(java.util.Objects::isNull)) {
      return insured;
    }
    List<org.cosettle.core.InsuredRecord> records = new ArrayList<>();
    for (int r = 0; r < insured.records().size(); r++) {
      List<java.util.Map<String, Long>> values = new ArrayList<>();
      for (List<java.util.Map<String, Long>> state : byCode) {
        values.add(state == null ? java.util.Map.of() : new java.util.TreeMap<>(state.get(r)));
      }
      records.add(insured.records().get(r).withValuesByCode(values));
    }
    return InsuredFile.of(insured.fields(), insured.states(), records);
  }

  /** {@code states} with each shared state's value copied from its slot to every member's record. */
  static long[][] spreadShared(Ir.Program program, InsuredFile insured, long[][] states) {
    int[][] slots = Engine.stateSlots(program, insured);
    for (int s = 0; s < states.length; s++) {
      for (int r = 0; slots[s] != null && r < slots[s].length; r++) {
        states[s][r] = states[s][slots[s][r]];
      }
    }
    return states;
  }
}
