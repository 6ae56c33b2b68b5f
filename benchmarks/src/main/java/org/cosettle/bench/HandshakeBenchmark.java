package org.cosettle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.transport.LoopbackSession;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;

/**
 * End to end, handshake mode against the plaintext evaluator on the same claims in the same JVM:
 * claims per second, bytes per claim and rounds, with the offline phase (triples and daBits)
 * and the online phase apart, over the in-memory channel or a loopback gRPC session with mutual
 * TLS. Every round checks that both parties' outputs and the insurer's states equal plaintext.
 * The first round includes JIT warm-up.
 *
 * <pre>
 * ./cosettle gen --count 10000 --seed 7 --out-claims c.jsonl --out-insured i.csv --policy POLICY.cpl
 * java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.HandshakeBenchmark \
 *     POLICY.cpl c.jsonl i.csv [PARAMS.json|-] [memory|grpc] [ROUNDS]
 * </pre>
 */
public final class HandshakeBenchmark {
  private HandshakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path policyPath = Path.of(args[0]);
    CompiledPolicy policy = Policies.compile(new Source(policyPath.toString(), Files.readString(policyPath))).policy();
    List<Claim> claims = ClaimsFile.read(Path.of(args[1]), args[1]).claims();
    InsuredFile insured = InsuredFile.read(Path.of(args[2]), args[2], policy.stateNames(), 100);
    long[] params = PrivateParams.read(args.length > 3 && !args[3].equals("-") ? Path.of(args[3]) : null, "params",
        policy);
    String transport = args.length > 4 ? args[4] : "memory";
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    System.out.printf(Locale.ROOT, "%s: %,d claims, transport %s%n", policy.name(), claims.size(), transport);
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      BatchResult plain = Evaluator.evaluate(policy, claims, insured, params, 1);
      long t1 = System.nanoTime();
      Channel mine;
      Channel theirs;
      AutoCloseable closer;
      if (transport.equals("grpc")) {
        LoopbackSession loopback = PeerThread.loopbackSession();
        mine = loopback.listening(); // the platform listens
        theirs = loopback.dialling();
        closer = () -> {
          loopback.finish();
          loopback.close();
        };
      } else {
        InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(120));
        mine = pair.first();
        theirs = pair.second();
        closer = () -> {};
      }
      long t2 = System.nanoTime();
      CompletableFuture<HandshakeSettlement.InsurerOutcome> insurer = CompletableFuture.supplyAsync(
          () -> HandshakeSettlement.insurer(policy, insured, params, theirs, Prg.create()));
      HandshakeSettlement.DataHolderOutcome dataHolder = HandshakeSettlement.dataHolder(policy, claims, mine, Prg.create());
      HandshakeSettlement.InsurerOutcome insurerOutcome = insurer.join();
      long t3 = System.nanoTime();
      long sent = mine.bytesSent() + mine.bytesReceived();
      long rounds2 = mine.rounds() + theirs.rounds();
      closer.close();
      boolean same = equal(policy, plain, dataHolder, insurerOutcome, claims.size(), insured.records().size());
      HandshakeSettlement.Stats s = dataHolder.stats();
      int n = claims.size();
      System.out.printf(Locale.ROOT, "round %d: plaintext %.3f s (%,.0f claims/s, 1 thread); handshake %.2f s (%,.0f claims/s):"
              + " offline %.2f s, %,d B/claim; local %.3f s; online %.2f s, %,d B/claim, %d rounds; total %,d B/claim,"
              + " %d rounds both ways; same as plaintext: %s%n",
          round, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9), (t3 - t2) / 1e9, n / ((t3 - t2) / 1e9),
          s.offlineNanos() / 1e9, s.offlineBytes() / Math.max(1, n), s.localNanos() / 1e9, s.onlineNanos() / 1e9,
          s.onlineBytes() / Math.max(1, n), s.onlineRounds(), sent / Math.max(1, n), rounds2, same ? "yes" : "NO");
      if (!same) {
        System.exit(1);
      }
    }
  }

  private static boolean equal(CompiledPolicy policy, BatchResult plain, HandshakeSettlement.DataHolderOutcome p0,
      HandshakeSettlement.InsurerOutcome p1, int claims, int records) {
    for (int o = 0; o < policy.outputs().size(); o++) {
      CompiledPolicy.Output out = policy.outputs().get(o);
      for (int c = 0; c < claims; c++) {
        if (out.isFor(Party.DATA_HOLDER) && p0.outputs()[o][c] != plain.output(c, o)) {
          return false;
        }
        if (out.isFor(Party.INSURER) && p1.outputs()[o][c] != plain.output(c, o)) {
          return false;
        }
      }
    }
    for (int s = 0; s < policy.stateNames().size(); s++) {
      for (int r = 0; r < records; r++) {
        if (p1.states()[s][r] != plain.state(r, s)) {
          return false;
        }
      }
    }
    return true;
  }
}
