package org.cosettle.examples;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error for {@code run} batches that take more than a
 * second: phase, percent of the claims file read, claims per second. It is drawn only on a
 * terminal (never when piped or in tests) and cleared when the batch ends.
 */
final class ProgressBar implements AutoCloseable {
  /** What the batch is doing; in handshake mode, the protocol's phases. */
  enum Phase {
    READING, EVALUATING, AGREEING, OFFLINE, ONLINE, WRITING;

    /**
     * The bar's phase once a handshake settlement entered {@code state}: agreed, it makes its
     * correlated randomness (offline); with that made, it evaluates on shares (online).
     */
    static Phase of(org.cosettle.mpc.engine.SettlementState state) {
      return switch (state) {
        case CREATED -> AGREEING;
        case AGREED -> OFFLINE;
        case OFFLINE, ONLINE -> ONLINE;
        case COMMITTED, ABORTED -> EVALUATING;
      };
    }
  }

  private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
  private static final int BAR_WIDTH = 24;
  private static final int SAMPLE_BYTES = 1 << 16;

  private final PrintWriter err;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final long totalBytes;
  private final double bytesPerClaim;
  private final ScheduledExecutorService ticker;
  private volatile Phase phase = Phase.READING;
  private volatile long bytesRead;
  private volatile long claims = -1;
  private int drawnWidth;
  private boolean closed;

  ProgressBar(PrintWriter err, LongSupplier nanoClock, long totalBytes, double bytesPerClaim, boolean tick) {
    this.err = err;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.totalBytes = totalBytes;
    this.bytesPerClaim = bytesPerClaim;
    this.ticker = tick ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cosettle-progress");
      t.setDaemon(true);
      return t;
    }) : null;
    if (ticker != null) {
      ticker.scheduleAtFixedRate(this::draw, 250, 250, TimeUnit.MILLISECONDS);
    }
  }

  /** A bar for reading {@code claimsFile}; one that never draws when there is no terminal. */
  static ProgressBar onTerminal(PrintWriter err, Path claimsFile) throws IOException {
    if (!onTerminal()) {
      ProgressBar silent = new ProgressBar(err, System::nanoTime, 0, 1, false);
      silent.closed = true;
      return silent;
    }
    long size = Files.size(claimsFile);
    return new ProgressBar(err, System::nanoTime, size, averageLineBytes(claimsFile), true);
  }

  /**
   * Whether the process talks to a terminal. From JDK 22 on, {@code System.console()} is
   * non-null also when the streams are redirected, and {@code Console.isTerminal()} (not in
   * the JDK 17 API we compile against) tells the difference.
   */
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** The mean length of the lines in the first 64 KiB: enough to turn bytes read into claims. */
  private static double averageLineBytes(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(SAMPLE_BYTES);
    }
    int lines = 0;
    for (byte b : head) {
      lines += b == '\n' ? 1 : 0;
    }
    return Math.max(1.0, (double) head.length / Math.max(1, lines));
  }

  void bytesRead(long bytes) {
    bytesRead = bytes;
  }

  /** Enters {@code next}; {@code claimCount} is the batch size once it is known. */
  void phase(Phase next, long claimCount) {
    claims = claimCount;
    phase = next;
  }

  /** The line for the current moment, or null before the first second has passed. */
  String line() {
    long elapsed = nanoClock.getAsLong() - startNanos;
    if (elapsed < SHOW_AFTER_NANOS) {
      return null;
    }
    double seconds = elapsed / 1e9;
    double fraction = totalBytes <= 0 ? 1 : Math.min(1.0, (double) bytesRead / totalBytes);
    double claimsSoFar = claims >= 0 ? claims : bytesRead / bytesPerClaim;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return String.format(Locale.ROOT, "%-10s [%s%s] %3d%% read  %6.1f s  %s%,.0f claims/s",
        phase.name().toLowerCase(Locale.ROOT), "#".repeat(filled), ".".repeat(BAR_WIDTH - filled),
        (int) Math.floor(fraction * 100), seconds, claims >= 0 ? "" : "~", claimsSoFar / seconds);
  }

  synchronized void draw() {
    String line = closed ? null : line();
    if (line == null) {
      return;
    }
    err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
    err.flush();
    drawnWidth = Math.max(drawnWidth, line.length());
  }

  @Override
  public void close() {
    finish();
  }

  /** Stops the bar and erases it, leaving the cursor at the start of an empty line. */
  synchronized void finish() {
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }
}
