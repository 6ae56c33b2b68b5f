package org.cosettle.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.transport.LoopbackSession;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.Source;
import org.cosettle.policy.eval.ClaimBatch;

/**
 * End to end, handshake mode against the plaintext evaluator on the same claims in the same JVM:
 * claims per second, the CPU time of the process, bytes per claim and rounds, with the offline
 * phase (triples and daBits) and the online phase apart, over the in-memory channel or a loopback
 * gRPC session with mutual TLS. Every round checks that both parties' outputs and the insurer's states equal plaintext.
 * The first round includes JIT warm-up.
 *
 * <p>With {@code LINKS} (transport {@code grpc} only: a comma-separated list of {@link Link}
 * specs, {@code loopback}, {@code metro}, {@code wan} or {@code RTTms/Mbit}), the dialling party
 * (the insurer) reaches the listening one (the platform) through a {@link LinkProxy} playing
 * each link in turn, {@code ROUNDS} rounds each; every round then also reports the wall time
 * from opening the session to both transcripts compared, and the bytes each way and the flights
 * the proxy counted. Without {@code LINKS} the session is a direct {@link LoopbackSession}.
 * {@code -Daggregates=beaver|he} forces how aggregates on shares are summed (unset: the cost model).
 * {@code -Dhe.backends=java,seal} runs every round once per BFV backend of both parties' HE (private
 * lookups, grouped sums), in turn, and names it on its line (unset: {@code -Dcosettle.he.backend}, else java).
 *
 * <pre>
 * ./cosettle gen --count 10000 --seed 7 --out-claims c.jsonl --out-insured i.csv --policy POLICY.cpl
 * java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.HandshakeBenchmark \
 *     POLICY.cpl c.jsonl i.csv [PARAMS.json|-] [memory|grpc] [ROUNDS] [LINK,LINK...]
 * </pre>
 */
public final class HandshakeBenchmark {
  private static final String USAGE = "usage: HandshakeBenchmark POLICY.cpl CLAIMS.jsonl INSURED.csv [PARAMS.json|-]"
      + " [memory|grpc] [ROUNDS] [LINK,LINK...]   (LINK: " + Link.SPECS + "; with grpc only)";

  /** CPU time of the whole process (both parties, collector, compiler): steadier than wall time on a busy machine. */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * {@code -Daggregates=beaver} or {@code he} sums every aggregate on shares by that construction
   * where it fits; unset, the cost model picks.
   */
  private static final AggregateCosts.Construction AGGREGATES = aggregates(System.getProperty("aggregates"));

  /** {@code -Dhe.backends=java,seal}: the backends each round runs on, in turn (empty: the configured one). */
  private static final List<String> HE_BACKENDS = System.getProperty("he.backends", "").isBlank() ? List.of()
      : List.of(System.getProperty("he.backends").split(","));

  private HandshakeBenchmark() {}

  private static AggregateCosts.Construction aggregates(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "beaver" -> AggregateCosts.Construction.BEAVER;
      case "he" -> AggregateCosts.Construction.HE_INNER_PRODUCTS;
      default -> throw new IllegalArgumentException("-Daggregates is beaver or he, not " + name);
    };
  }

  /**
   * One session's two ends, what ends it (both ends compare transcripts), what releases it, and
   * the proxy when the session runs over a link.
   */
  private record Session(Channel mine, Channel theirs, Runnable finisher, Runnable closer, LinkProxy proxy) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 7) {
      usage("");
    }
    String transport = args.length > 4 ? args[4] : "memory";
    if (!transport.equals("memory") && !transport.equals("grpc")) {
      usage("the transport is memory or grpc, not " + transport);
    }
    int rounds = args.length > 5 ? positive(args[5]) : 3;
    List<Link> links = new ArrayList<>();
    if (args.length > 6) {
      if (!transport.equals("grpc")) {
        usage("a link needs the grpc transport");
      }
      for (String spec : args[6].split(",")) {
        try {
          links.add(Link.parse(spec));
        } catch (IllegalArgumentException e) {
          usage(e.getMessage());
        }
      }
    }
    Path policyPath = Path.of(args[0]);
    CompiledPolicy policy = Policies.compile(new Source(policyPath.toString(), Files.readString(policyPath))).policy();
    List<Claim> claims = ClaimsFile.read(Path.of(args[1]), args[1]).claims();
    InsuredFile insured = policy.readInsured(Path.of(args[2]), args[2], 100);
    PrivateValues params = PrivateParams.readValues(args.length > 3 && !args[3].equals("-") ? Path.of(args[3]) : null,
        "params", policy);
    System.out.printf(Locale.ROOT, "%s: %,d claims, transport %s%n", policy.name(), claims.size(), transport);
    int round = 0;
    for (Link link : links.isEmpty() ? Collections.singletonList((Link) null) : links) {
      for (int r = 0; r < rounds; r++) {
        for (String backend : HE_BACKENDS.isEmpty() ? Collections.singletonList((String) null) : HE_BACKENDS) {
          if (backend != null) {
            // both parties' hooks leave the backend to the property (BfvBackends.select())
            System.setProperty(BfvBackends.PROPERTY, BfvBackends.select(backend.trim()).name());
            System.out.printf(Locale.ROOT, "he backend %s:%n", backend.trim());
          }
          round++;
          if (!round(round, policy, claims, insured, params, transport, link)) {
            System.exit(1);
          }
        }
      }
    }
  }

  /** One round: plaintext, then handshake mode; prints the figures and whether both agree. */
  private static boolean round(int round, CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      PrivateValues params, String transport, Link link) throws Exception {
    long t0 = System.nanoTime();
    BatchResult plain = Evaluator.evaluate(policy, ClaimBatch.of(claims, insured), params, 1);
    long t1 = System.nanoTime();
    Session session = open(transport, link);
    long t2 = System.nanoTime();
    long cpu2 = PROCESS.getProcessCpuTime();
    CompletableFuture<HandshakeSettlement.InsurerOutcome> insurer = CompletableFuture.supplyAsync(
        () -> HandshakeSettlement.insurer(policy, insured, params, session.theirs(), Prg.create(), AGGREGATES));
    HandshakeSettlement.DataHolderOutcome dataHolder = HandshakeSettlement.dataHolder(policy, claims,
        session.mine(), Prg.create(), AGGREGATES);
    HandshakeSettlement.InsurerOutcome insurerOutcome = insurer.join();
    long t3 = System.nanoTime();
    long cpu3 = PROCESS.getProcessCpuTime();
    long sent = session.mine().bytesSent() + session.mine().bytesReceived();
    long rounds2 = session.mine().rounds() + session.theirs().rounds();
    session.finisher().run();
    long t4 = System.nanoTime();
    session.closer().run();
    boolean same = equal(policy, plain, dataHolder, insurerOutcome, claims.size(), insured.records().size());
    HandshakeSettlement.Stats s = dataHolder.stats();
    int n = claims.size();
    System.out.printf(Locale.ROOT, "round %d: plaintext %.3f s (%,.0f claims/s, 1 thread); handshake %.2f s"
            + " (%,.0f claims/s, %.2f s CPU in this process, %d slice(s)):"
            + " offline %.2f s, %,d B/claim; local %.3f s; online %.2f s, %,d B/claim, %d rounds; total %,d B/claim,"
            + " %d rounds both ways; same as plaintext: %s%n",
        round, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9), (t3 - t2) / 1e9, n / ((t3 - t2) / 1e9), (cpu3 - cpu2) / 1e9,
        s.slices(),
        s.offlineNanos() / 1e9, s.offlineBytes() / Math.max(1, n), s.localNanos() / 1e9, s.onlineNanos() / 1e9,
        s.onlineBytes() / Math.max(1, n), s.onlineRounds(), sent / Math.max(1, n), rounds2, same ? "yes" : "NO");
    if (session.proxy() != null) {
      LinkProxy proxy = session.proxy();
      long up = proxy.bytesToTarget();
      long down = proxy.bytesFromTarget();
      System.out.printf(Locale.ROOT, "round %d over %s: wall %.2f s from opening the session to both transcripts"
              + " compared (%,.0f claims/s); insurer -> platform %,d B, platform -> insurer %,d B (%.1f kB/claim both"
              + " ways, TLS and gRPC framing included); %,d rounds (benchmark counter); %,d flights (proxy)%n",
          round, link.describe(), (t4 - t1) / 1e9, n / ((t4 - t1) / 1e9), up, down, (up + down) / 1e3 / Math.max(1, n),
          rounds2, proxy.flights());
    }
    return same;
  }

  private static Session open(String transport, Link link) throws Exception {
    if (link != null) {
      LinkedSession linked = LinkedSession.open(link, Duration.ofMinutes(10));
      // the platform listens; the insurer dials through the proxy
      return new Session(linked.listening(), linked.dialling(), linked::finish, linked::close, linked.proxy());
    }
    if (transport.equals("grpc")) {
      LoopbackSession loopback = PeerThread.loopbackSession();
      return new Session(loopback.listening(), loopback.dialling(), loopback::finish, loopback::close, null);
    }
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(120));
    return new Session(pair.first(), pair.second(), () -> {}, () -> {}, null);
  }

  private static int positive(String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // the usage line says what is expected
    }
    usage("ROUNDS is a whole number ≥ 1, not " + text);
    return 0;
  }

  private static void usage(String problem) {
    if (!problem.isEmpty()) {
      System.err.println("HandshakeBenchmark: " + problem);
    }
    System.err.println(USAGE);
    System.exit(2);
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
