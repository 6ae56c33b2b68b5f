package org.cosettle.bench;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cosettle.crypto.bfv.BfvBackendUnavailableException;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.triples.HeTripleGenerator;
import org.cosettle.crypto.triples.MultiplicationTriples;
import org.cosettle.crypto.triples.TripleGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Beaver triples over the BFV plaintext field Z<sub>t</sub>, the HE route
 * ({@link HeTripleGenerator}) against the OT route ({@link TripleGenerator}) for the same field,
 * over the in-memory channel after set-up (P0's key pair and public key; the base OTs): the
 * benchmark thread is P0, a second thread P1. Per call: {@value #BATCH} triples; triples per
 * second = batch / (µs per op) · 10^6. Bytes per triple (both directions, as P0 counts them) are
 * printed after each iteration. {@code params} is "n/bits of t": 16384/60 (the 60-bit t of the OT
 * figures; flooding needs n = 16384 for it) and 8192/48 (n = 8192 can flood t up to 49 bits).
 * {@code backend} is the BFV backend of the HE route ({@code seal} needs the jar built with
 * {@code -Pseal}; the OT route does not depend on it).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar HeTripleBenchmark -f 1 -wi 2 -i 3 -p backend=java,seal</pre>
 *
 * <p>{@link #main} reports each party's CPU time per batch:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.HeTripleBenchmark [n/bits ...]</pre>
 *
 * <p>with {@code -Dcosettle.he.backend=seal} for the SEAL backend.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HeTripleBenchmark {
  static final int BATCH = 1 << 15;

  @Param({"16384/60", "8192/48"})
  public String params;

  @Param({"java"})
  public String backend;

  private PrimeField field;
  private PeerThread<HeTripleGenerator> hePeer;
  private HeTripleGenerator he;
  private PeerThread<TripleGenerator> otPeer;
  private TripleGenerator ot;
  private final TransferMeter meter = new TransferMeter("triple");
  private long bytesNow;

  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = params.split("/");
    BfvScheme bfv;
    try {
      bfv = BfvBackends.select(backend).open(BfvParameters.defaults(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    } catch (BfvBackendUnavailableException e) {
      System.out.println("HeTripleBenchmark: skipping backend=" + backend + ": " + e.getMessage());
      throw e;
    }
    hePeer = new PeerThread<>();
    Future<HeTripleGenerator> otherHe = hePeer.startPeer(channel -> HeTripleGenerator.setUp(channel, Party.P1, bfv, Prg.create()));
    he = HeTripleGenerator.setUp(hePeer.channel(), Party.P0, bfv, Prg.create());
    PeerThread.await(otherHe);
    field = he.field();
    otPeer = new PeerThread<>();
    Future<TripleGenerator> otherOt = otPeer.startPeer(channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create()));
    ot = TripleGenerator.setUp(otPeer.channel(), Party.P0, Prg.create());
    PeerThread.await(otherOt);
  }

  @Benchmark
  public MultiplicationTriples heMultiplicationTriples() {
    meter.count("HE " + backend + " " + params, BATCH, he.bytesTransferred());
    Future<MultiplicationTriples> other = hePeer.start(g -> g.multiplicationTriples(BATCH));
    MultiplicationTriples mine = he.multiplicationTriples(BATCH);
    PeerThread.await(other);
    bytesNow = he.bytesTransferred();
    return mine;
  }

  @Benchmark
  public MultiplicationTriples otMultiplicationTriples() {
    meter.count("OT " + params, BATCH, ot.bytesTransferred());
    Future<MultiplicationTriples> other = otPeer.start(g -> g.multiplicationTriples(field, BATCH));
    MultiplicationTriples mine = ot.multiplicationTriples(field, BATCH);
    PeerThread.await(other);
    bytesNow = ot.bytesTransferred();
    return mine;
  }

  @TearDown(Level.Iteration)
  public void report() {
    meter.report(bytesNow);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hePeer.close();
    otPeer.close();
  }

  /** CPU time per party and wall-clock time per batch, both routes, both parameter sets. */
  public static void main(String[] args) {
    for (String p : args.length > 0 ? args : new String[] {"16384/60", "8192/48"}) {
      HeTripleBenchmark benchmark = new HeTripleBenchmark();
      benchmark.params = p;
      benchmark.backend = BfvBackends.select().name();
      benchmark.setUp();
      try {
        System.out.println(benchmark.he);
        System.out.println(benchmark.hePeer.measureCpu("HE triples " + p + ", per 2^15",
            () -> benchmark.he.multiplicationTriples(BATCH), g -> g.multiplicationTriples(BATCH)));
        PrimeField f = benchmark.field;
        System.out.println(benchmark.otPeer.measureCpu("OT triples over the same field, per 2^15",
            () -> benchmark.ot.multiplicationTriples(f, BATCH), g -> g.multiplicationTriples(f, BATCH)));
      } finally {
        benchmark.tearDown();
      }
    }
  }
}
