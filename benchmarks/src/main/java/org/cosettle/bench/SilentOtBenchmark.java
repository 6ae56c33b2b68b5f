package org.cosettle.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.cosettle.crypto.ot.FerretParameters;
import org.cosettle.crypto.ot.SilentOtReceiver;
import org.cosettle.crypto.ot.SilentOtSender;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.triples.AndTriples;
import org.cosettle.crypto.triples.OtSource;
import org.cosettle.crypto.triples.TripleGenerator;

/**
 * Ferret silent OT at the published parameters over the in-memory channel, both parties in this
 * process (the benchmark thread is the sender, a second thread the receiver): wall time, each
 * party's CPU time and bytes of the bootstrap (coin tossing, IKNP, one bootstrap iteration), then
 * of whole main iterations (10,198,341 COTs handed out per call, one iteration each), then one-bit
 * random OTs (the AND-triple path), and AND triples from {@link TripleGenerator} on IKNP and on
 * silent OT (2<sup>20</sup>, on bootstrap iterations, and 6,000,000, on main iterations).
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar org.cosettle.bench.SilentOtBenchmark [main iterations]</pre>
 */
public final class SilentOtBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SilentOtBenchmark() {}

  /** What one measured call cost. */
  private record Figures(double wallMs, double senderCpuMs, double receiverCpuMs, long bytes) {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int perIteration = FerretParameters.MAIN.n() - FerretParameters.MAIN.reserve();
    try (PeerThread<SilentOtReceiver> peer = new PeerThread<>("memory")) {
      long start = System.nanoTime();
      Future<SilentOtReceiver> receiver = peer.startPeer(channel -> SilentOtReceiver.setUp(channel, Prg.create()));
      SilentOtSender sender = SilentOtSender.setUp(peer.channel(), Prg.create());
      PeerThread.await(receiver);
      System.out.printf("base OTs of the IKNP session underneath: %.1f ms wall, %d bytes%n",
          (System.nanoTime() - start) / 1e6, sender.bytesTransferred());
      report("bootstrap (coin tossing, 47,709 IKNP COTs, one bootstrap iteration), 1 COT", 1,
          measure(peer, sender, () -> sender.correlatedOts(1), r -> r.correlatedOts(1)));
      // the rest of that iteration, a second bootstrap iteration filling the main reserve and the
      // first main iteration, so that every later call is exactly one main iteration
      int rest = FerretParameters.BOOTSTRAP.n() - FerretParameters.BOOTSTRAP.reserve() - 1
          + FerretParameters.BOOTSTRAP.n() - FerretParameters.MAIN.reserve();
      report("the rest of that iteration, a second bootstrap and the first main iteration", rest + perIteration,
          measure(peer, sender, () -> sender.correlatedOts(rest + perIteration),
              r -> r.correlatedOts(rest + perIteration)));
      for (int i = 0; i < iterations; i++) {
        report("main iteration " + (i + 2) + ", correlated OTs", perIteration,
            measure(peer, sender, () -> sender.correlatedOts(perIteration), r -> r.correlatedOts(perIteration)));
      }
      report("main iteration, one-bit random OTs (hashed, for AND triples)", perIteration,
          measure(peer, sender, () -> sender.randomBitOts(perIteration), r -> r.randomBitOts(perIteration)));
      System.out.println(sender);
    }
    andTriples(OtSource.IKNP, 1 << 20);
    andTriples(OtSource.SILENT, 1 << 20);
    andTriples(OtSource.SILENT, 6_000_000);
  }

  private static void andTriples(OtSource source, int count) {
    try (PeerThread<TripleGenerator> peer = new PeerThread<>("memory")) {
      Future<TripleGenerator> other = peer.startPeer(channel -> TripleGenerator.setUp(channel, Party.P1,
          Prg.create(), source));
      TripleGenerator generator = TripleGenerator.setUp(peer.channel(), Party.P0, Prg.create(), source);
      PeerThread.await(other);
      long before = generator.bytesTransferred();
      long start = System.nanoTime();
      Future<AndTriples> theirs = peer.start(g -> g.andTriples(count));
      generator.andTriples(count);
      PeerThread.await(theirs);
      double wall = (System.nanoTime() - start) / 1e6;
      long bytes = generator.bytesTransferred() - before;
      System.out.printf("AND triples on %s, %,d (first call, bootstrap included): %.0f ms wall, %,d bytes, "
          + "%.3f bytes per triple%n", source, count, wall, bytes, (double) bytes / count);
    }
  }

  private static <R> Figures measure(PeerThread<SilentOtReceiver> peer, SilentOtSender sender, Supplier<?> mine,
      Function<SilentOtReceiver, R> theirs) {
    long before = sender.bytesTransferred();
    long wallStart = System.nanoTime();
    Future<Long> other = peer.start(r -> {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      theirs.apply(r);
      return THREADS.getCurrentThreadCpuTime() - cpuStart;
    });
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    mine.get();
    long senderCpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
    long receiverCpu = PeerThread.await(other);
    return new Figures((System.nanoTime() - wallStart) / 1e6, senderCpu / 1e6, receiverCpu / 1e6,
        sender.bytesTransferred() - before);
  }

  private static void report(String label, int count, Figures f) {
    System.out.printf("%s: %,d COTs, %.0f ms wall (%.2f M COTs/s), CPU sender %.0f ms, receiver %.0f ms, "
        + "%,d bytes (%.4f per COT)%n", label, count, f.wallMs(), count / f.wallMs() / 1e3, f.senderCpuMs(),
        f.receiverCpuMs(), f.bytes(), (double) f.bytes() / count);
  }
}
