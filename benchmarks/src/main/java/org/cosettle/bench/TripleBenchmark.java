package org.cosettle.bench;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;
import org.cosettle.crypto.triples.AndTriples;
import org.cosettle.crypto.triples.MultiplicationTriples;
import org.cosettle.crypto.triples.TripleGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Correlated randomness from IKNP OT over the in-memory channel, after both directions' base OTs
 * (done once in setup): the benchmark thread is P0, a second thread P1. Per call:
 * {@value #MULTIPLICATION_BATCH} multiplication triples (Z(2^64), or the 60-bit BFV-style prime) or
 * {@value #AND_BATCH} AND triples; triples per second = batch / (µs per op) · 10^6. Bytes per
 * triple (both directions, as P0 counts them) are printed after each iteration.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TripleBenchmark -f 1 -wi 2 -i 3</pre>
 *
 * <p>{@link #main} reports each party's CPU time per batch (best and median of 30), for a shared
 * machine where the wall clock absorbs other processes' time:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.TripleBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TripleBenchmark {
  static final int MULTIPLICATION_BATCH = 1 << 14;
  static final int AND_BATCH = 1 << 20;
  /** A 60-bit batching prime (1 mod 2^14) of the kind BFV uses as plaintext modulus. */
  private static final PrimeField FIELD_60 = PrimeField.of(1152921504606830593L);

  private PeerThread<TripleGenerator> peer;
  private TripleGenerator generator;
  private final TransferMeter meter = new TransferMeter("triple");

  @Setup(Level.Trial)
  public void setUp() {
    peer = new PeerThread<>();
    Future<TripleGenerator> other = peer.startPeer(channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create()));
    generator = TripleGenerator.setUp(peer.channel(), Party.P0, Prg.create());
    PeerThread.await(other);
  }

  @Benchmark
  public MultiplicationTriples z2To64Triples() {
    return run("Z(2^64)", MULTIPLICATION_BATCH, g -> g.multiplicationTriples(Ring64.INSTANCE, MULTIPLICATION_BATCH));
  }

  @Benchmark
  public MultiplicationTriples primeField60Triples() {
    return run("Z_p (60-bit p)", MULTIPLICATION_BATCH, g -> g.multiplicationTriples(FIELD_60, MULTIPLICATION_BATCH));
  }

  @Benchmark
  public AndTriples andTriples() {
    return run("AND", AND_BATCH, g -> g.andTriples(AND_BATCH));
  }

  private <R> R run(String kind, int batch, Function<TripleGenerator, R> task) {
    meter.count(kind, batch, generator.bytesTransferred());
    Future<R> other = peer.start(task);
    R mine = task.apply(generator);
    PeerThread.await(other);
    return mine;
  }

  @TearDown(Level.Iteration)
  public void report() {
    meter.report(generator.bytesTransferred());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    peer.close();
  }

  /** CPU time per party and wall-clock time per batch, for each kind of triple. */
  public static void main(String[] args) {
    TripleBenchmark benchmark = new TripleBenchmark();
    benchmark.setUp();
    try {
      PeerThread<TripleGenerator> peer = benchmark.peer;
      TripleGenerator mine = benchmark.generator;
      System.out.println(peer.measureCpu("Z(2^64) triples, per 2^14",
          () -> mine.multiplicationTriples(Ring64.INSTANCE, MULTIPLICATION_BATCH),
          g -> g.multiplicationTriples(Ring64.INSTANCE, MULTIPLICATION_BATCH)));
      System.out.println(peer.measureCpu("Z_p (60-bit) triples, per 2^14",
          () -> mine.multiplicationTriples(FIELD_60, MULTIPLICATION_BATCH),
          g -> g.multiplicationTriples(FIELD_60, MULTIPLICATION_BATCH)));
      System.out.println(peer.measureCpu("AND triples, per 2^20", () -> mine.andTriples(AND_BATCH),
          g -> g.andTriples(AND_BATCH)));
    } finally {
      benchmark.tearDown();
    }
  }
}
