package org.cosettle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;

/**
 * Handshake mode as two deployments run it, over a played link: {@code cosettle handshake
 * platform} and {@code cosettle handshake insurer} each in a JVM of its own, the insurer dialling
 * the platform through a {@link LinkProxy}. Throwaway TLS keys ({@code cosettle keygen --tls})
 * go to a temporary directory; the platform listens on {@code 127.0.0.1:0} and prints its port;
 * the proxy forwards to it and the insurer connects to the proxy.
 *
 * <p>Per link: the wall time from the insurer's start to both processes' exit (JVM start-up,
 * reading, the offline and online phases, the two-phase commit and writing included), claims per
 * second, the bytes each way and the flights the proxy counted. Before the links, {@code cosettle
 * run} settles the same files in plaintext; every file each party writes must equal that run's
 * files split by recipient ({@link RecipientSplit}), or the benchmark exits with status 1.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.TwoProcessBenchmark \
 *     POLICY.cpl CLAIMS.jsonl INSURED.csv PARAMS.json|- LINK[,LINK...] [COSETTLE]
 * </pre>
 *
 * {@code LINK} is {@code loopback}, {@code metro}, {@code wan} or {@code RTTms/Mbit}; {@code
 * COSETTLE} is the launcher ({@code ./cosettle}, so run it from the repository's root, by default).
 * With {@code -Dcosettle.bench.stateDirs=true} each party gets a state directory ({@code
 * --state-dir}) kept across the links' runs: the first run sends the insurer's HE keys, the later
 * ones their fingerprint only ({@code wan,wan} measures a first and a second session).
 */
public final class TwoProcessBenchmark {
  private static final String USAGE = "usage: TwoProcessBenchmark POLICY.cpl CLAIMS.jsonl INSURED.csv PARAMS.json|-"
      + " LINK[,LINK...] [COSETTLE]   (LINK: " + Link.SPECS + "; COSETTLE: the launcher, default ./cosettle)";
  private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:([0-9]+)");
  private static final Duration TIMEOUT = Duration.ofMinutes(60);
  /** Whether the parties keep HE keys in state directories across the runs. */
  private static final boolean STATE_DIRS = Boolean.getBoolean("cosettle.bench.stateDirs");

  private TwoProcessBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5 || args.length > 6) {
      usage("");
    }
    Path policy = existing(args[0]);
    Path claims = existing(args[1]);
    Path insured = existing(args[2]);
    Path params = args[3].equals("-") ? null : existing(args[3]);
    List<Link> links = new ArrayList<>();
    for (String spec : args[4].split(",")) {
      try {
        links.add(Link.parse(spec));
      } catch (IllegalArgumentException e) {
        usage(e.getMessage());
      }
    }
    Path cosettle = Path.of(args.length > 5 ? args[5] : "./cosettle").toAbsolutePath();
    if (!Files.isExecutable(cosettle)) {
      usage("no cosettle launcher at " + cosettle + " (run from the repository's root, or give its path)");
    }
    Policies.Result compiled = Policies.compile(new Source(policy.toString(), Files.readString(policy)));
    if (!compiled.ok()) {
      usage(args[0] + " does not compile (cosettle check " + args[0] + " shows why)");
    }
    Path dir = Files.createTempDirectory("cosettle-two-process-");
    boolean ok = false;
    try {
      ok = run(new Inputs(cosettle, policy, claims, insured, params, dir), compiled.policy(), links);
    } catch (IllegalStateException e) {
      System.err.println("TwoProcessBenchmark: " + e.getMessage());
    } finally {
      if (ok) {
        deleteTree(dir);
      } else {
        System.err.println("TwoProcessBenchmark: the files are kept in " + dir);
      }
    }
    System.exit(ok ? 0 : 1);
  }

  /** The launcher, the input files (absolute) and the working directory. */
  private record Inputs(Path cosettle, Path policy, Path claims, Path insured, Path params, Path dir) {
    List<String> paramsOption() {
      return params == null ? List.of() : List.of("--params", params.toString());
    }
  }

  private static boolean run(Inputs in, CompiledPolicy policy, List<Link> links) throws Exception {
    Path dir = in.dir();
    for (String[] who : new String[][] {{"PLAT", "plat"}, {"INS-01", "ins"}}) {
      command(in, dir, "keygen-" + who[1], "keygen", "--tls", "--name", who[0], "--out-key",
          dir.resolve(who[1] + ".key").toString(), "--out-cert", dir.resolve(who[1] + ".crt").toString());
    }
    List<String> plain = new ArrayList<>(List.of("run", in.policy().toString(), "--claims", in.claims().toString(),
        "--insured", in.insured().toString(), "--out", dir.resolve("plain.csv").toString(), "--states-out",
        dir.resolve("plain-states.csv").toString(), "--aggregates-out", dir.resolve("plain-aggregates.csv").toString()));
    plain.addAll(in.paramsOption());
    long p0 = System.nanoTime();
    command(in, dir, "plaintext", plain.toArray(String[]::new));
    long p1 = System.nanoTime();
    RecipientSplit split = new RecipientSplit(policy, dir.resolve("plain.csv"), dir.resolve("plain-states.csv"),
        dir.resolve("plain-aggregates.csv"));
    long claims = Files.readAllLines(dir.resolve("plain.csv")).size() - 1;
    System.out.printf(Locale.ROOT, "%s: %,d claims; plaintext cosettle run %.2f s (JVM start-up included)%n",
        policy.name(), claims, (p1 - p0) / 1e9);
    boolean ok = true;
    for (int i = 0; i < links.size(); i++) {
      Path runDir = Files.createDirectory(dir.resolve("run-" + (i + 1)));
      ok &= overLink(in, links.get(i), runDir, split, claims);
    }
    return ok;
  }

  /** One two-process settlement over {@code link}; prints its figures and whether the files are right. */
  private static boolean overLink(Inputs in, Link link, Path runDir, RecipientSplit split, long claims)
      throws Exception {
    Path keys = in.dir();
    List<String> platform = new ArrayList<>(List.of("handshake", "platform", in.policy().toString(), "--claims",
        in.claims().toString(), "--listen", "127.0.0.1:0", "--key", keys.resolve("plat.key").toString(), "--cert",
        keys.resolve("plat.crt").toString(), "--peer-cert", keys.resolve("ins.crt").toString(), "--out",
        runDir.resolve(RecipientSplit.PLATFORM_RESULTS).toString(), "--aggregates-out",
        runDir.resolve(RecipientSplit.PLATFORM_AGGREGATES).toString(), "--timeout", TIMEOUT.toMinutes() + "m"));
    if (STATE_DIRS) {
      platform.addAll(List.of("--state-dir", keys.resolve("platform-state").toString()));
    }
    try (Command listener = Command.start(in.cosettle(), runDir, "platform", platform)) {
      int port = listener.port(Duration.ofMinutes(5));
      try (LinkProxy proxy = LinkProxy.start(new InetSocketAddress("127.0.0.1", port), link)) {
        List<String> insurer = new ArrayList<>(List.of("handshake", "insurer", in.policy().toString(), "--insured",
            in.insured().toString(), "--connect", "127.0.0.1:" + proxy.address().getPort(), "--key",
            keys.resolve("ins.key").toString(), "--cert", keys.resolve("ins.crt").toString(), "--peer-cert",
            keys.resolve("plat.crt").toString(), "--out", runDir.resolve(RecipientSplit.INSURER_RESULTS).toString(),
            "--states-out", runDir.resolve(RecipientSplit.INSURER_STATES).toString(), "--aggregates-out",
            runDir.resolve(RecipientSplit.INSURER_AGGREGATES).toString(), "--timeout", TIMEOUT.toMinutes() + "m"));
        insurer.addAll(in.paramsOption());
        if (STATE_DIRS) {
          insurer.addAll(List.of("--state-dir", keys.resolve("insurer-state").toString()));
        }
        long t0 = System.nanoTime();
        try (Command dialler = Command.start(in.cosettle(), runDir, "insurer", insurer)) {
          int insurerExit = dialler.exit(TIMEOUT.plusMinutes(1));
          int platformExit = listener.exit(TIMEOUT.plusMinutes(1));
          long t1 = System.nanoTime();
          if (insurerExit != 0 || platformExit != 0) {
            System.out.printf("over %s: the platform exited with %d (%s), the insurer with %d (%s)%n",
                link.describe(), platformExit, listener.err().strip(), insurerExit, dialler.err().strip());
            return false;
          }
          List<String> differences = split.differences(runDir);
          long up = proxy.bytesToTarget();
          long down = proxy.bytesFromTarget();
          System.out.printf(Locale.ROOT, "two processes over %s: wall %.2f s from the insurer's start to both exits"
                  + " (%,.0f claims/s); insurer -> platform %,d B, platform -> insurer %,d B (%.1f kB/claim both"
                  + " ways); %,d flights; every file equals the plaintext run's split by recipient: %s%n",
              link.describe(), (t1 - t0) / 1e9, claims / ((t1 - t0) / 1e9), up, down,
              (up + down) / 1e3 / Math.max(1, claims), proxy.flights(),
              differences.isEmpty() ? "yes" : "NO " + differences);
          return differences.isEmpty();
        }
      }
    }
  }

  /** Runs {@code cosettle ARGS} in {@code dir} to its end; a non-zero exit status is an error naming the command. */
  private static void command(Inputs in, Path dir, String name, String... args) throws Exception {
    try (Command p = Command.start(in.cosettle(), dir, name, List.of(args))) {
      int exit = p.exit(TIMEOUT);
      if (exit != 0) {
        throw new IllegalStateException("cosettle " + String.join(" ", args) + " exited with " + exit + ": "
            + p.err().strip());
      }
    }
  }

  /** One {@code cosettle} process, standard output and error in files of {@code dir}. */
  private record Command(Process process, Path errFile) implements AutoCloseable {
    static Command start(Path cosettle, Path dir, String name, List<String> args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(cosettle.toString());
      command.addAll(args);
      Path err = dir.resolve(name + ".err");
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(err.toFile()).start();
      return new Command(process, err);
    }

    /** The port a {@code --listen HOST:0} process printed on standard error. */
    int port(Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() - deadline < 0) {
        Matcher m = LISTENING.matcher(err());
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the platform exited before listening: " + err().strip());
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException("the platform printed no port within " + timeout.toSeconds() + " s");
    }

    int exit(Duration timeout) throws InterruptedException, IOException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("still running after " + timeout.toMinutes() + " min: " + err().strip());
      }
      return process.exitValue();
    }

    String err() throws IOException {
      return Files.readString(errFile);
    }

    /** Kills the process if it still runs (a failure elsewhere), and waits for it. */
    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static Path existing(String file) {
    Path path = Path.of(file).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      usage("no such file: " + file);
    }
    return path;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void usage(String problem) {
    if (!problem.isEmpty()) {
      System.err.println("TwoProcessBenchmark: " + problem);
    }
    System.err.println(USAGE);
    System.exit(2);
  }
}
