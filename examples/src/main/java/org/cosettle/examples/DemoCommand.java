package org.cosettle.examples;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.Decimals;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cosettle demo}: the main job on embedded defaults. For now rules-come-in mode on the
 * bundled city-inclusive sample; the handshake engine will turn it into the two-party demo.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Settle a bundled sample batch with a sample policy and print a summary.")
final class DemoCommand implements Callable<Integer> {
  private static final String BASE = "/org/cosettle/examples/demo/";
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("cosettle-demo");
    try {
      for (String f : new String[] {"policy.cpl", "claims.jsonl", "insured.csv"}) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(BASE + f)) {
          Files.copy(in, dir.resolve(f));
        }
      }
      long start = System.nanoTime();
      CompiledPolicy policy = PolicyLoader.load(dir.resolve("policy.cpl"), spec.commandLine().getErr());
      if (policy == null) {
        return 1;
      }
      ClaimsFile.Result claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl");
      InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", policy.stateNames(), 100);
      BatchResult r = Evaluator.evaluate(policy, claims.claims(), insured, new long[0]);
      long micros = (System.nanoTime() - start) / 1000;
      long total = 0;
      int paid = 0;
      for (int i = 0; i < claims.claims().size(); i++) {
        long v = r.output(i, 0);
        total += v;
        paid += v != 0 ? 1 : 0;
      }
      out.println("CoSettle demo — rules-come-in mode (plaintext inside the platform's domain)");
      out.println("policy:   \"" + policy.name() + "\" version " + policy.version());
      out.println("claims:   " + claims.claims().size() + " of " + insured.records().size() + " insured persons");
      out.println("payouts:  " + paid + " claims paid, total " + Decimals.formatMoney(total) + " yuan");
      out.println("time:     " + micros + " µs (load, compile and evaluate)");
      out.println("The two-party handshake mode is under construction; see docs/status.md.");
      out.flush();
      return 0;
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
