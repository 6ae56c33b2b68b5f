package org.cosettle.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rows built on one thread and written to their target on another, in chunks, so that writing a
 * large output overlaps with producing it. At most two chunks exist at a time (one being filled,
 * one being written); the target sees the bytes in order, and every chunk ends where a row ends
 * (so a chunk is whole UTF-8 text).
 */
final class BackgroundWriter implements Closeable {
  /** Where the chunks go. */
  interface Target {
    void write(byte[] bytes, int length) throws IOException;
  }

  private static final int CHUNK = 1 << 20;

  private final Target target;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cosettle-writer");
    t.setDaemon(true);
    return t;
  });
  private ByteRows current = new ByteRows(CHUNK + 4096);
  private ByteRows spare = new ByteRows(CHUNK + 4096);
  private Future<?> inFlight;

  BackgroundWriter(Target target) {
    this.target = target;
  }

  /** Where to append the next row; call {@link #rowEnded()} after each. */
  ByteRows rows() {
    return current;
  }

  /** Hands the chunk on once it is full. */
  void rowEnded() throws IOException {
    if (current.length() >= CHUNK) {
      handOff();
    }
  }

  /** Writes everything to the target and waits until it is there. */
  void finish() throws IOException {
    handOff();
    awaitInFlight();
  }

  private void handOff() throws IOException {
    awaitInFlight();
    ByteRows chunk = current;
    inFlight = writer.submit(() -> {
      try {
        target.write(chunk.array(), chunk.length());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    current = spare;
    current.clear();
    spare = chunk;
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
