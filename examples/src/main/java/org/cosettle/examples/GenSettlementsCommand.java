package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicOutput;
import org.cosettle.platform.MatchClass;
import org.cosettle.platform.SettlementGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cosettle gen-settlements}: a platform/insurer pair of settlement files with known differences. */
@Command(name = "gen-settlements", mixinStandardHelpOptions = true,
    description = "Generate the platform's and an insurer's settlement records with injected differences; "
        + "prints how many settlements of each class a reconciliation over the whole window must find.")
final class GenSettlementsCommand implements Callable<Integer> {
  @Option(names = "--count", required = true, paramLabel = "N", description = "number of settlements") long count;
  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--from", defaultValue = "2026-02-01", paramLabel = "YYYY-MM-DD",
      description = "the first settlement date (default: ${DEFAULT-VALUE})") LocalDate from;
  @Option(names = "--days", defaultValue = "28", paramLabel = "D",
      description = "number of days the settlements are spread over evenly (default: ${DEFAULT-VALUE})") int days;
  @Option(names = "--hospitals", defaultValue = "50", paramLabel = "H",
      description = "number of hospitals (default: ${DEFAULT-VALUE})") int hospitals;
  @Option(names = "--insurer-id", defaultValue = "INS01", paramLabel = "ID",
      description = "the insurer of every record; settlement ids begin with it (default: ${DEFAULT-VALUE})")
  String insurerId;
  @Option(names = "--rates", defaultValue = "5,5,5,5,20", split = ",", paramLabel = "P,I,A,S,R",
      description = "per thousand: only-platform, only-insurer, amount differences, status differences, "
          + "reversals on both sides (default: ${DEFAULT-VALUE})") int[] rates;
  @Option(names = "--platform-out", required = true, paramLabel = "P.jsonl",
      description = "where to write the platform's records") Path platformPath;
  @Option(names = "--insurer-out", required = true, paramLabel = "I.jsonl",
      description = "where to write the insurer's records") Path insurerPath;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rates.length != 5) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rates takes five numbers");
    }
    SettlementGenerator.Config config;
    try {
      config = new SettlementGenerator.Config(seed, count, from, days, hospitals, insurerId,
          rates[0], rates[1], rates[2], rates[3], rates[4]);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    SettlementGenerator.Expected expected;
    try (AtomicOutput p = AtomicOutput.open(platformPath); AtomicOutput i = AtomicOutput.open(insurerPath)) {
      expected = new SettlementGenerator(config).write(p.writer(), i.writer());
      p.commit();
      i.commit();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("class,settlements");
    for (MatchClass c : MatchClass.values()) {
      out.println(c.name() + "," + expected.count(c));
    }
    out.flush();
    spec.commandLine().getErr().println("wrote " + expected.platformRecords() + " platform and "
        + expected.insurerRecords() + " insurer records");
    return 0;
  }
}
