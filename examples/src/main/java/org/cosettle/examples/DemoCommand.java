package org.cosettle.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.platform.ClaimGenerator;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code cosettle demo}: the main job on embedded defaults. A generated batch is settled with
 * each sample policy of examples/policies in handshake mode — the platform and the insurer as two
 * parties over a loopback gRPC session with mutual TLS — and checked claim by claim against the
 * plaintext evaluator; then the whole batch runs in rules-come-in mode.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate a batch of synthetic claims (in a temporary folder, removed afterwards); settle part of it "
        + "with each sample policy in handshake mode (two parties over loopback gRPC with mutual TLS) and check every "
        + "file against the plaintext evaluator; then settle the whole batch in rules-come-in mode. Prints a summary "
        + "per policy; exits 1 if a handshake result differs from plaintext.",
        "Needs no arguments; the options only change the batch."})
final class DemoCommand implements Callable<Integer> {
  /** The sample policies bundled from examples/policies, in the order the summary shows them. */
  static final List<String> POLICIES = List.of("city-inclusive", "critical-illness", "special-drug", "hospital-clearing",
      "hospital-aggregate", "special-drug-table", "top-up-settlement", "huiminbao-plans");
  private static final String RESOURCES = "/org/cosettle/examples/policies/";

  @Option(names = "--count", defaultValue = "50000", paramLabel = "N", description = "claims in the batch (default: ${DEFAULT-VALUE})")
  int count;
  @Option(names = "--seed", defaultValue = "2026", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--handshake-count", defaultValue = "2000", paramLabel = "N",
      description = "claims settled in handshake mode, the first of the batch (default: ${DEFAULT-VALUE}; 0: none)")
  int handshakeCount;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    if (handshakeCount < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--handshake-count must not be negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("cosettle-demo");
    try {
      int persons = Math.max(1, count / 4);
      long start = System.nanoTime();
      ClaimGenerator generator = new ClaimGenerator(seed, persons, count);
      generator.write(List.of(), dir.resolve("claims.jsonl"), dir.resolve("insured.csv"));
      long generated = System.nanoTime();
      ClaimsFile.Result claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl");
      InsuredFile people = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", List.of(), InputErrors.MAX_REPORTED);
      long read = System.nanoTime();
      out.printf(Locale.ROOT, "CoSettle demo: %,d synthetic claims of %,d insured persons (seed %d), generated in %.2f s,"
          + " read and checked in %.2f s%n%n", claims.claims().size(), persons, seed, (generated - start) / 1e9,
          (read - generated) / 1e9);
      List<CompiledPolicy> policies = new java.util.ArrayList<>();
      List<PrivateValues> paramsOf = new java.util.ArrayList<>();
      List<String> digests = new java.util.ArrayList<>();
      List<InsuredFile> insuredOf = new java.util.ArrayList<>();
      for (String name : POLICIES) {
        Policies.Result compiled = PolicyLoader.compile(name + ".cpl", resource(name + ".cpl"), spec.commandLine().getErr());
        if (!compiled.ok()) {
          return Main.INPUT_ERROR;
        }
        policies.add(compiled.policy());
        digests.add(PolicyText.sm3(resource(name + ".cpl").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        paramsOf.add(privateParams(name, compiled.policy(), dir));
        insuredOf.add(insuredFor(compiled.policy(), people, generator, dir.resolve(name + ".insured.csv")));
      }
      boolean allMatch = true;
      int k = Math.min(handshakeCount, claims.claims().size());
      if (k > 0) {
        List<org.cosettle.core.Claim> part = claims.claims().subList(0, k);
        out.printf(Locale.ROOT, "Handshake mode: the platform keeps the claims, the insurer its records, private params and"
            + " states;%nthey settle the first %,d claims over a loopback gRPC session with mutual TLS, each learning only"
            + " what the%npolicy's manifest says. Every result is compared with the plaintext evaluator's. Both parties"
            + " run in%nthis process here (a simulation); to run one process per party, see cosettle handshake and"
            + " docs/deployment.md.%n%n", k);
        out.printf(Locale.ROOT, "%-24s %7s %18s %8s %12s %7s  %s%n", "policy", "paid", "total payout", "time",
            "bytes/claim", "rounds", "same as plaintext");
        for (int i = 0; i < policies.size(); i++) {
          CompiledPolicy policy = policies.get(i);
          InsuredFile insured = insuredOf.get(i);
          String skipped = itemLookupCost(policy, part);
          if (skipped != null) {
            out.printf(Locale.ROOT, "%-24s not run here: %s%n", policy.name(), skipped);
            continue;
          }
          BatchResult plain = Evaluator.evaluate(policy, part, insured, paramsOf.get(i));
          long t0 = System.nanoTime();
          LoopbackHandshake.Outcome secure;
          try {
            secure = LoopbackHandshake.settle(policy, digests.get(i), part, insured, paramsOf.get(i), state -> { });
          } catch (org.cosettle.mpc.engine.SettlementAbortedException e) {
            out.printf(Locale.ROOT, "%-24s refused: %s%n", policy.name(), e.getMessage());
            continue;
          }
          long t1 = System.nanoTime();
          boolean same = plain.resultsCsv().equals(secure.result().resultsCsv())
              && plain.statesCsv().equals(secure.result().statesCsv())
              && plain.aggregatesCsv().equals(secure.result().aggregatesCsv());
          allMatch &= same;
          long[] paid = paid(policy, secure.result(), k);
          out.printf(Locale.ROOT, "%-24s %,7d %18s %6.2f s %,12d %7d  %s%n", policy.name(), paid[1],
              ValueText.groupedMoney(paid[0]), (t1 - t0) / 1e9, secure.traffic().bytes() / k, secure.traffic().rounds(),
              same ? "yes, every output, state and aggregate" : "NO");
        }
        out.println();
      }
      out.println("Rules-come-in mode: each policy runs in plaintext inside the platform on the whole batch.");
      out.println();
      out.printf(Locale.ROOT, "%-24s %9s %9s %18s %10s %8s%n", "policy", "claims", "paid", "total payout", "agg. rows", "time");
      for (int i = 0; i < policies.size(); i++) {
        CompiledPolicy policy = policies.get(i);
        long t0 = System.nanoTime();
        BatchResult result = Evaluator.evaluate(policy, claims.claims(), insuredOf.get(i), paramsOf.get(i));
        long t1 = System.nanoTime();
        long[] paid = paid(policy, result, claims.claims().size());
        out.printf(Locale.ROOT, "%-24s %,9d %,9d %18s %10d %6.2f s%n", policy.name(), claims.claims().size(), paid[1],
            ValueText.groupedMoney(paid[0]), result.aggregates().size(), (t1 - t0) / 1e9);
      }
      out.println();
      out.println("Policies: examples/policies/. How handshake mode works: docs/protocol.md.");
      out.flush();
      return allMatch ? Main.OK : Main.INPUT_ERROR;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Every insured person with the policy's states at 0: {@code people} for a policy that declares
   * no insured fields, else the generator's insured file with plausible values for them, written
   * to {@code path} and read back as {@code cosettle run} reads it.
   */
  static InsuredFile insuredFor(CompiledPolicy policy, InsuredFile people, ClaimGenerator generator, Path path)
      throws Exception {
    if (policy.insuredFields().isEmpty()) {
      return withStates(people, policy);
    }
    generator.writeInsured(policy.insuredFields(), policy.stateColumns(), path);
    return policy.readInsured(path, path.getFileName().toString(), InputErrors.MAX_REPORTED);
  }

  /** Every insured person with the policy's states at 0.00. */
  static InsuredFile withStates(InsuredFile people, CompiledPolicy policy) {
    int states = policy.stateNames().size();
    return InsuredFile.of(policy.stateNames(), people.records().stream()
        .map(r -> new InsuredRecord(r.insuredId(), r.preexisting(), r.policyStart(), new long[states])).toList());
  }

  /**
   * The sample policy's private values from its bundled {@code NAME.params.json}, with the CSV
   * file of each private table that has one ({@code NAME.TABLE.csv}) beside it.
   */
  private static PrivateValues privateParams(String name, CompiledPolicy policy, Path dir) throws Exception {
    if (policy.privateParams().isEmpty() && policy.privateTables().isEmpty()) {
      return PrivateValues.of(new long[0]);
    }
    Path file = dir.resolve(name + ".params.json");
    Files.writeString(file, resource(name + ".params.json"), StandardCharsets.UTF_8);
    for (CompiledPolicy.PrivateTable t : policy.privateTables()) {
      String csv = name + "." + t.name() + ".csv";
      if (DemoCommand.class.getResource(RESOURCES + csv) != null) {
        Files.writeString(dir.resolve(csv), resource(csv), StandardCharsets.UTF_8);
      }
    }
    return PrivateParams.readValues(file, name + ".params.json", policy);
  }

  /** The total of the first money output over the first {@code n} claims, and how many claims it pays. */
  private static long[] paid(CompiledPolicy policy, BatchResult result, int n) {
    int payout = firstMoneyOutput(policy);
    long total = 0;
    long paid = 0;
    for (int i = 0; i < n; i++) {
      long v = payout < 0 ? 0 : result.output(i, payout);
      total += v;
      paid += v != 0 ? 1 : 0;
    }
    return new long[] {total, paid};
  }

  private static int firstMoneyOutput(CompiledPolicy policy) {
    for (int o = 0; o < policy.outputs().size(); o++) {
      if (policy.outputs().get(o).type() == Type.MONEY) {
        return o;
      }
    }
    return -1;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("resource " + RESOURCES + name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Why the demo leaves a policy with private lookups per line item out of its handshake part
   * (the platform's CPU for them, far beyond the demo's few seconds), or null for any other policy.
   */
  static String itemLookupCost(CompiledPolicy policy, List<org.cosettle.core.Claim> claims) {
    org.cosettle.mpc.plan.Plan plan = org.cosettle.mpc.plan.Planner.plan(policy);
    if (plan.lookups().stream().noneMatch(org.cosettle.mpc.plan.PrivateLookup::perItem)) {
      return null;
    }
    int items = claims.stream().mapToInt(c -> c.items().size()).max().orElse(0);
    int k = items <= 1 ? 1 : Integer.highestOneBit(items - 1) << 1; // the item bound K: a power of two
    // per claim the claim-level stores' words, per line item slot (the real items and a margin) the others'
    double words = 0;
    for (org.cosettle.mpc.plan.LookupStore store : plan.stores()) {
      words += store.heLookupsPerRow() * (store.perItem()
          ? org.cosettle.mpc.engine.HandshakeSettlement.itemLookupRows(claims, k) : claims.size());
    }
    return String.format(Locale.ROOT, "its private tables looked up per line item take about %,.0f s of the platform's"
        + " CPU for these %,d claims (%,.0f HE words of %.1f ms each; cosettle check --plan); cosettle handshake runs it",
        words * org.cosettle.mpc.plan.PrivateLookup.HE_HOLDER_MS / 1000, claims.size(), words,
        org.cosettle.mpc.plan.PrivateLookup.HE_HOLDER_MS);
  }
}
