package org.cosettle.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Text built on one thread and appended to its target on another, in chunks, so that encoding
 * and writing a large output overlap with producing it. At most two chunks exist at a time (one
 * being filled, one being written); the target sees the text in order.
 */
final class BackgroundAppender implements Closeable {
  private static final int CHUNK = 1 << 20;

  private final Appendable target;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cosettle-writer");
    t.setDaemon(true);
    return t;
  });
  private StringBuilder current = new StringBuilder(CHUNK + 4096);
  private Future<?> inFlight;

  BackgroundAppender(Appendable target) {
    this.target = target;
  }

  /** Where to append the next text; call {@link #flushIfFull()} after appending. */
  StringBuilder buffer() {
    return current;
  }

  void flushIfFull() throws IOException {
    if (current.length() >= CHUNK) {
      handOff();
    }
  }

  /** Appends everything to the target and waits until it is there. */
  void finish() throws IOException {
    handOff();
    awaitInFlight();
  }

  private void handOff() throws IOException {
    awaitInFlight();
    StringBuilder chunk = current;
    inFlight = writer.submit(() -> {
      try {
        target.append(chunk);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    current = new StringBuilder(CHUNK + 4096);
  }

  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IllegalStateException("writing failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    } finally {
      inFlight = null;
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
