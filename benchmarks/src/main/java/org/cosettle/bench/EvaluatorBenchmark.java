package org.cosettle.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.cosettle.policy.eval.ClaimBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plaintext evaluator on the spec's §10 policy (shared deductible, ratio by pre-existing
 * condition, annual cap) over an in-memory batch of {@value #CLAIMS} claims with 10 line items
 * each, from {@value #PERSONS} insured persons, prepared once as a {@link ClaimBatch} (its
 * columns are built in the first invocation, during warm-up). The score is claims per second.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EvaluatorBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EvaluatorBenchmark {
  static final int CLAIMS = 200_000;
  static final int PERSONS = 60_000;
  static final int ITEMS = 10;

  static final String POLICY = String.join("\n",
      "policy \"city-inclusive-2026\" version 1",
      "param deductible: money = 20000.00",
      "param ratio_normal: ratio = 80%",
      "param ratio_preexisting: ratio = 40%",
      "param annual_cap: money = 1000000.00",
      "param covered: set<category> = {BED, EXAMINATION, LAB_TEST, TREATMENT, SURGERY,",
      "                                 NURSING, MATERIAL, WESTERN_DRUG, PATENT_DRUG}",
      "state deductible_used: money",
      "state paid_ytd: money",
      "let eligible = sum(item.pre_self_pay + item.full_self_pay",
      "                   for item in claim.items where item.category in covered)",
      "let deductible_left = max(0, deductible - deductible_used)",
      "let applied = min(eligible, deductible_left)",
      "let rate = if insured.preexisting then ratio_preexisting else ratio_normal",
      "let raw = (eligible - applied) * rate",
      "output payout = min(raw, max(0, annual_cap - paid_ytd)) to insurer, data_holder",
      "update deductible_used = deductible_used + applied",
      "update paid_ytd = paid_ytd + min(raw, max(0, annual_cap - paid_ytd))",
      "");

  /** Evaluation threads; the target is per core, so 1 is the headline figure. */
  @Param({"1", "2"})
  public int threads;

  CompiledPolicy policy;
  ClaimBatch batch;

  @Setup(Level.Trial)
  public void setUp() {
    Policies.Result r = Policies.compile(new Source("bench.cpl", POLICY));
    if (!r.ok()) {
      throw new IllegalStateException(r.diagnostics().toString());
    }
    policy = r.policy();
    List<Claim> claims = batch(CLAIMS, PERSONS, ITEMS, 7);
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < PERSONS; p++) {
      records.add(new InsuredRecord(person(p), p % 5 == 0, 20454, new long[] {0, 0}));
    }
    try {
      batch = ClaimBatch.of(claims, InsuredFile.of(policy.stateNames(), records));
    } catch (EvaluationException e) {
      throw new IllegalStateException(e);
    }
  }

  static String person(int p) {
    return new String(("P" + p).getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
  }

  /** A deterministic batch satisfying the settlement invariants; amounts in fen. */
  static List<Claim> batch(int count, int persons, int itemsPerClaim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    FeeCategory[] categories = FeeCategory.values();
    List<Claim> out = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      List<LineItem> items = new ArrayList<>(itemsPerClaim);
      long fsp = 0;
      long pre = 0;
      long inScope = 0;
      for (int i = 0; i < itemsPerClaim; i++) {
        long self = rnd.nextLong(0, 200_000);
        long scope = rnd.nextLong(0, 1_000_000);
        long co = scope / 10;
        fsp += self;
        pre += co;
        inScope += scope;
        items.add(new LineItem("X" + (i % 50), categories[rnd.nextInt(categories.length)], self + scope, self, 0, co, scope, false));
      }
      long total = fsp + inScope;
      long fund = inScope - pre;
      out.add(new Claim("C" + c, person(rnd.nextInt(persons)), "H" + rnd.nextInt(20), VisitType.INPATIENT, 3,
          20500, 20510, "C34.9", 60, Sex.MALE, total, fsp, 0, pre, inScope, fund, 0, 0, 0, total - fund, items, c + 1));
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(CLAIMS)
  public BatchResult evaluate() throws Exception {
    return Evaluator.evaluate(policy, batch, new long[0], threads);
  }
}
