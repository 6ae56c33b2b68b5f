package org.cosettle.bench;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.cosettle.crypto.ot.CorrelatedOtSenderOutput;
import org.cosettle.crypto.ot.IknpReceiver;
import org.cosettle.crypto.ot.IknpSender;
import org.cosettle.crypto.ot.OtReceiverOutput;
import org.cosettle.crypto.ot.OtSenderOutput;
import org.cosettle.crypto.random.Prg;
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
 * IKNP OT extension over the in-memory channel, after the base OTs (done once in setup): the
 * benchmark thread is the sender, a second thread the receiver. Each call produces
 * {@value #BATCH} OTs, so OTs per second = 2^20 / (µs per op) · 10^6. The bytes per OT of the
 * last call are printed at tear-down.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OtBenchmark -f 1 -wi 2 -i 3</pre>
 *
 * <p>On a shared machine the wall clock absorbs other processes' time slices; {@link #main}
 * measures each party's CPU time per batch as well (best and median of 30 batches), which says
 * what each side costs and so where the time goes (correlated OTs: the extension core without
 * hashing; random OTs add the hashing):
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.OtBenchmark [memory|grpc]</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class OtBenchmark {
  static final int BATCH = 1 << 20;

  /** The in-memory channel, or a loopback gRPC session with mutual TLS (the real transport). */
  @Param({"memory", "grpc"})
  public String transport = "memory";

  private PeerThread<IknpReceiver> peer;
  private IknpSender sender;
  private final TransferMeter meter = new TransferMeter("OT");

  @Setup(Level.Trial)
  public void setUp() {
    peer = new PeerThread<>(transport);
    Future<IknpReceiver> receiver = peer.startPeer(channel -> IknpReceiver.setUp(channel, Prg.create()));
    sender = IknpSender.setUp(peer.channel(), Prg.create());
    PeerThread.await(receiver);
  }

  @Benchmark
  public OtSenderOutput randomOts() {
    Future<OtReceiverOutput> received = start("random", receiver -> receiver.randomOts(BATCH));
    OtSenderOutput pairs = sender.randomOts(BATCH);
    PeerThread.await(received);
    return pairs;
  }

  @Benchmark
  public CorrelatedOtSenderOutput correlatedOts() {
    long[] choices = new long[BATCH / 64];
    Future<OtReceiverOutput> received = start("correlated", receiver -> receiver.correlatedOts(choices, BATCH));
    CorrelatedOtSenderOutput pairs = sender.correlatedOts(BATCH);
    PeerThread.await(received);
    return pairs;
  }

  private <R> Future<R> start(String kind, Function<IknpReceiver, R> task) {
    meter.count(kind, BATCH, sender.bytesTransferred());
    return peer.start(task);
  }

  @TearDown(Level.Iteration)
  public void report() {
    meter.report(sender.bytesTransferred());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    peer.close();
  }

  /** CPU time per party and wall-clock time per batch of 2^20 OTs, for each kind. */
  public static void main(String[] args) {
    OtBenchmark benchmark = new OtBenchmark();
    benchmark.transport = args.length > 0 ? args[0] : "memory";
    System.out.println("transport: " + benchmark.transport);
    long setUpStart = System.nanoTime();
    benchmark.setUp();
    System.out.printf("set-up (128 base OTs on P-256, both parties): %.1f ms wall%n",
        (System.nanoTime() - setUpStart) / 1e6);
    try {
      PeerThread<IknpReceiver> peer = benchmark.peer;
      System.out.println(peer.measureCpu("random OTs, per 2^20", () -> benchmark.sender.randomOts(BATCH),
          receiver -> receiver.randomOts(BATCH)));
      long[] choices = new long[BATCH / 64];
      System.out.println(peer.measureCpu("correlated OTs, per 2^20", () -> benchmark.sender.correlatedOts(BATCH),
          receiver -> receiver.correlatedOts(choices, BATCH)));
    } finally {
      benchmark.tearDown();
    }
  }
}
