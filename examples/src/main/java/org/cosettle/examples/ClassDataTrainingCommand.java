package org.cosettle.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code cosettle class-data-training} (hidden): the run the launcher records a class-data archive
 * from ({@code -XX:ArchiveClassesAtExit}, docs/deployment.md). In one JVM and a temporary folder,
 * it runs the commands a deployment starts most, as a user would: {@code keygen --tls} for two
 * parties, {@code gen}, {@code check --plan}, {@code run}, and a one-claim settlement between
 * {@code handshake platform} (listening on loopback) and {@code handshake insurer} (dialling it)
 * with mutual TLS. So the archive holds the classes both roles load (picocli, gRPC, Netty, Bouncy
 * Castle, Jackson, the protocol); each later start maps them instead of reading, parsing and
 * verifying them from the jar. Exit status 0 only when every command succeeded: the launcher keeps
 * no archive from a run that failed.
 */
@Command(name = "class-data-training", hidden = true,
    description = "Run the commands a deployment starts most, on generated data in a temporary folder (the launcher's "
        + "class-data archive is recorded from this run).")
final class ClassDataTrainingCommand implements Callable<Integer> {
  private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:([0-9]+)");
  private static final String POLICY = "city-inclusive";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("cosettle-class-data-");
    try {
      Path policy = dir.resolve(POLICY + ".cpl");
      Files.writeString(policy, DemoCommand.resource(POLICY + ".cpl"), StandardCharsets.UTF_8);
      String p = policy.toString();
      String[][] steps = {
          {"keygen", "--tls", "--name", "PLAT", "--out-key", f(dir, "plat.key"), "--out-cert", f(dir, "plat.crt")},
          {"keygen", "--tls", "--name", "INS", "--out-key", f(dir, "ins.key"), "--out-cert", f(dir, "ins.crt")},
          {"gen", "--count", "2", "--seed", "7", "--out-claims", f(dir, "claims.jsonl"), "--out-insured",
              f(dir, "insured.csv"), "--policy", p},
          {"check", "--plan", p},
          {"run", p, "--claims", f(dir, "claims.jsonl"), "--insured", f(dir, "insured.csv"), "--out",
              f(dir, "plain.csv"), "--states-out", f(dir, "plain-states.csv")}};
      for (String[] step : steps) {
        if (!succeeds(err, step)) {
          return Main.INPUT_ERROR;
        }
      }
      return settleWithItself(err, dir, p) ? Main.OK : Main.INPUT_ERROR;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** {@code handshake platform} on a thread of its own, listening; {@code handshake insurer} here, dialling it. */
  private static boolean settleWithItself(PrintWriter err, Path dir, String policy) throws Exception {
    StringWriter platformErr = new StringWriter();
    CompletableFuture<Integer> platform = CompletableFuture.supplyAsync(() -> Main.execute(
        new PrintWriter(new StringWriter()), new PrintWriter(platformErr, true), "handshake", "platform", policy,
        "--claims", f(dir, "claims.jsonl"), "--listen", "127.0.0.1:0", "--key", f(dir, "plat.key"), "--cert",
        f(dir, "plat.crt"), "--peer-cert", f(dir, "ins.crt"), "--out", f(dir, "platform.csv"), "--aggregates-out",
        f(dir, "platform-aggregates.csv"), "--timeout", "60s", "--quiet"));
    Matcher port;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(port = LISTENING.matcher(platformErr.toString())).find()) {
      if (platform.isDone() || System.nanoTime() > deadline) {
        err.println("class-data-training: the platform did not listen: " + platformErr);
        err.flush();
        return false;
      }
      Thread.sleep(5);
    }
    boolean insurer = succeeds(err, "handshake", "insurer", policy, "--insured", f(dir, "insured.csv"), "--connect",
        "127.0.0.1:" + port.group(1), "--key", f(dir, "ins.key"), "--cert", f(dir, "ins.crt"), "--peer-cert",
        f(dir, "plat.crt"), "--out", f(dir, "insurer.csv"), "--states-out", f(dir, "insurer-states.csv"),
        "--aggregates-out", f(dir, "insurer-aggregates.csv"), "--timeout", "60s", "--quiet");
    int platformExit = platform.get(60, TimeUnit.SECONDS);
    if (platformExit != Main.OK) {
      err.println("class-data-training: handshake platform exited with " + platformExit + ": " + platformErr);
      err.flush();
    }
    return insurer && platformExit == Main.OK;
  }

  /** Runs {@code cosettle ARGS} in this JVM, its output discarded; false (and why, on {@code err}) when it fails. */
  private static boolean succeeds(PrintWriter err, String... args) {
    StringWriter errors = new StringWriter();
    int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(errors, true), args);
    if (exit != Main.OK) {
      err.println("class-data-training: cosettle " + String.join(" ", args) + " exited with " + exit + ": " + errors);
      err.flush();
    }
    return exit == Main.OK;
  }

  private static String f(Path dir, String name) {
    return dir.resolve(name).toString();
  }
}
