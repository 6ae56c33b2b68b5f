package org.cosettle.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;

/**
 * Times the phases of {@code cosettle run} one by one (insured file, claims file, evaluation,
 * results CSV as a string, writing it) inside one JVM, so JVM start-up is excluded and each phase
 * can be compared on its own. Repeats the whole sequence; the first round includes JIT warm-up.
 * Besides wall time it prints the CPU time of the process and the time spent in GC pauses while
 * reading claims, which say more than wall time on a machine shared with other work.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar org.cosettle.bench.RunPhases \
 *     POLICY.cpl CLAIMS.jsonl INSURED.csv OUT.csv [ROUNDS] [read-only]
 * </pre>
 */
public final class RunPhases {
  private RunPhases() {}

  public static void main(String[] args) throws Exception {
    Path policyPath = Path.of(args[0]);
    Path claimsPath = Path.of(args[1]);
    Path insuredPath = Path.of(args[2]);
    Path outPath = Path.of(args[3]);
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    boolean readOnly = args.length > 5 && args[5].equals("read-only");
    Policies.Result compiled =
        Policies.compile(new Source(policyPath.toString(), Files.readString(policyPath, StandardCharsets.UTF_8)));
    if (!compiled.ok()) {
      throw new IllegalArgumentException(compiled.diagnostics().toString());
    }
    CompiledPolicy policy = compiled.policy();
    long[] params = new long[0];
    double megabytes = Files.size(claimsPath) / 1e6;
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      InsuredFile insured = policy.readInsured(insuredPath, insuredPath.toString(), 100);
      long t1 = System.nanoTime();
      long cpu1 = processCpuNanos();
      long gc1 = gcMillis();
      ClaimsFile.Result read = ClaimsFile.read(claimsPath, claimsPath.toString());
      long t2 = System.nanoTime();
      long cpu2 = processCpuNanos();
      long gc2 = gcMillis();
      int claims = read.claims().size();
      StringBuilder line = new StringBuilder();
      line.append(String.format("round %d: insured %.2fs; claims read %.2fs (cpu %.2fs, gc %.2fs; %d claims, %d rejected, %.0f claims/s, %.0f MB/s)",
          round, secs(t1 - t0), secs(t2 - t1), secs(cpu2 - cpu1), (gc2 - gc1) / 1e3, claims,
          read.rejected().size(), claims / secs(t2 - t1), megabytes / secs(t2 - t1)));
      if (!readOnly) {
        BatchResult result = Evaluator.evaluate(policy, read.claims(), insured, params);
        long t3 = System.nanoTime();
        String csv = result.resultsCsv();
        long t4 = System.nanoTime();
        AtomicFile.write(outPath, csv);
        long t5 = System.nanoTime();
        line.append(String.format("; evaluate %.2fs; resultsCsv %.2fs; write %.2fs; total %.2fs (%.0f claims/s)",
            secs(t3 - t2), secs(t4 - t3), secs(t5 - t4), secs(t5 - t0), claims / secs(t5 - t0)));
      }
      System.out.println(line);
    }
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(gc.getCollectionTime(), 0);
    }
    return total;
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }
}
