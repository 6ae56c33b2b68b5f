package org.cosettle.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Thread-CPU-time and wall-clock time of one operation, best of twenty batches after a warm-up:
 * steadier than JMH's wall clock on a shared machine (used by the benchmarks' {@code main}s).
 */
final class CpuTime {
  /** Microseconds per call: the best CPU time and the best wall time of a batch. */
  record Figures(double cpuMicros, double wallMicros) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTime() {}

  /**
   * Runs {@code body} for {@code warmupNanos}, then twenty batches of (calls made in the warm-up
   * / {@code batchDivisor}) calls each, and reports the best batch.
   */
  static Figures bestOf(Supplier<Object> body, long warmupNanos, int batchDivisor) {
    int calls = 1;
    long warmupStart = System.nanoTime();
    while (System.nanoTime() - warmupStart < warmupNanos) {
      body.get();
      calls++;
    }
    int batch = Math.max(1, calls / batchDivisor);
    double bestCpu = Double.MAX_VALUE;
    double bestWall = Double.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long wallStart = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        body.get();
      }
      bestWall = Math.min(bestWall, (System.nanoTime() - wallStart) / 1e3 / batch);
      bestCpu = Math.min(bestCpu, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / batch);
    }
    return new Figures(bestCpu, bestWall);
  }

  /** Prints each operation's figures ({@link #bestOf} with a 0.3 s warm-up, batches of a third), a label first. */
  static void print(String label, Map<String, Supplier<Object>> operations) {
    for (Map.Entry<String, Supplier<Object>> operation : operations.entrySet()) {
      Figures f = bestOf(operation.getValue(), 300_000_000L, 3);
      System.out.printf("%s %-14s cpu %10.1f us   wall %10.1f us%n", label, operation.getKey(), f.cpuMicros(),
          f.wallMicros());
    }
  }
}
