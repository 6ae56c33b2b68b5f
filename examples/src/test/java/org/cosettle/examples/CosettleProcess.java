package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line in a JVM of its own (as a deployment runs it), for tests of one process per
 * party: standard output and error go to files in {@code dir}; {@link #kill()} is {@code kill -9}.
 */
final class CosettleProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:([0-9]+)");

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private CosettleProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code cosettle ARGS} in a new JVM on this test's class path; {@code name} names its output files. */
  static CosettleProcess start(Path dir, String name, String... args) throws IOException {
    return start(dir, name, List.of(), args);
  }

  /**
   * As {@link #start(Path, String, String...)}, with more JVM options ({@code -Dcosettle.crash.at=...};
   * a heap bound {@code -Xmx...} instead of the default 256 MiB).
   */
  static CosettleProcess start(Path dir, String name, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
      command.add("-Xmx256m");
    }
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    return new CosettleProcess(p, out, err);
  }

  /** The port a {@code --listen HOST:0} process printed, waiting up to {@code timeout} for it. */
  int listeningPort(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(stderr));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the listening process exited: " + err());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no port printed within " + timeout + ": " + err());
  }

  /** The exit status, waiting up to {@code timeout}; fails the test when the process is still running. */
  int exitCode(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + timeout + ": " + err());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, no finally block runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  String out() throws IOException {
    return Files.readString(stdout);
  }

  String err() throws IOException {
    return Files.readString(stderr);
  }

  /** Kills the process if it still runs and waits for it; an interrupt is kept for the caller. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
