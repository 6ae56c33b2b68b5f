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
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Type;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cosettle demo}: the main job on embedded defaults. For now rules-come-in mode: a
 * generated batch settled with each sample policy of examples/policies; the handshake engine
 * will turn it into the two-party demo.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate a batch of synthetic claims (in a temporary folder, removed afterwards) and settle it "
        + "with each sample policy in rules-come-in mode; print a summary per policy.",
        "Needs no arguments; the options only change the batch."})
final class DemoCommand implements Callable<Integer> {
  /** The sample policies bundled from examples/policies, in the order the summary shows them. */
  static final List<String> POLICIES = List.of("city-inclusive", "critical-illness", "special-drug", "hospital-clearing");
  private static final String RESOURCES = "/org/cosettle/examples/policies/";

  @Option(names = "--count", defaultValue = "50000", paramLabel = "N", description = "claims in the batch (default: ${DEFAULT-VALUE})")
  int count;
  @Option(names = "--seed", defaultValue = "2026", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("cosettle-demo");
    try {
      int persons = Math.max(1, count / 4);
      long start = System.nanoTime();
      new ClaimGenerator(seed, persons, count).write(List.of(), dir.resolve("claims.jsonl"), dir.resolve("insured.csv"));
      long generated = System.nanoTime();
      ClaimsFile.Result claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl");
      InsuredFile people = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", List.of(), InputErrors.MAX_REPORTED);
      long read = System.nanoTime();
      out.println("CoSettle demo — rules-come-in mode (each policy runs in plaintext inside the data holder's domain)");
      out.printf(Locale.ROOT, "batch: %,d synthetic claims of %,d insured persons (seed %d), generated in %.2f s, read and checked in %.2f s%n%n",
          claims.claims().size(), persons, seed, (generated - start) / 1e9, (read - generated) / 1e9);
      out.printf(Locale.ROOT, "%-24s %9s %9s %18s %10s %8s%n", "policy", "claims", "paid", "total payout", "agg. rows", "time");
      for (String name : POLICIES) {
        String text = resource(name + ".cpl");
        Policies.Result compiled = PolicyLoader.compile(name + ".cpl", text, spec.commandLine().getErr());
        if (!compiled.ok()) {
          return Main.INPUT_ERROR;
        }
        CompiledPolicy policy = compiled.policy();
        long[] params = privateParams(name, policy, dir);
        long t0 = System.nanoTime();
        BatchResult result = Evaluator.evaluate(policy, claims.claims(), withStates(people, policy), params);
        long t1 = System.nanoTime();
        int payout = firstMoneyOutput(policy);
        long total = 0;
        int paid = 0;
        for (int i = 0; i < claims.claims().size(); i++) {
          long v = payout < 0 ? 0 : result.output(i, payout);
          total += v;
          paid += v != 0 ? 1 : 0;
        }
        out.printf(Locale.ROOT, "%-24s %,9d %,9d %18s %10d %6.2f s%n", policy.name(), claims.claims().size(), paid,
            ValueText.groupedMoney(total), result.aggregates().size(), (t1 - t0) / 1e9);
      }
      out.println();
      out.println("Policies: examples/policies/. The two-party handshake mode is under construction (docs/status.md).");
      out.flush();
      return Main.OK;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Every insured person with the policy's states at 0.00. */
  static InsuredFile withStates(InsuredFile people, CompiledPolicy policy) {
    int states = policy.stateNames().size();
    return InsuredFile.of(policy.stateNames(), people.records().stream()
        .map(r -> new InsuredRecord(r.insuredId(), r.preexisting(), r.policyStart(), new long[states])).toList());
  }

  private static long[] privateParams(String name, CompiledPolicy policy, Path dir) throws Exception {
    if (policy.privateParams().isEmpty()) {
      return new long[0];
    }
    Path file = dir.resolve(name + ".params.json");
    Files.writeString(file, resource(name + ".params.json"), StandardCharsets.UTF_8);
    return PrivateParams.read(file, name + ".params.json", policy);
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
}
