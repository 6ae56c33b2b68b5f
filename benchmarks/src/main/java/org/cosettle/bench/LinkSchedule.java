package org.cosettle.bench;

/**
 * When one direction of a {@link Link} delivers each chunk: no earlier than its arrival plus the
 * one-way delay, after the chunk before it (order kept), and one chunk's serialisation time at
 * the link's rate after the previous chunk's end:
 * {@code release = max(previous release, arrival + delay) + bytes / rate}.
 *
 * <p>Delays pipeline: chunks that all arrive at {@code t} on an unlimited link are all released
 * at {@code t + delay}, not one delay after another. Times are {@link System#nanoTime()} values.
 * Not thread-safe: one direction's reader owns it.
 */
final class LinkSchedule {
  private final long delayNanos;
  private final double nanosPerByte;
  private long lastRelease = Long.MIN_VALUE;

  LinkSchedule(Link link) {
    this.delayNanos = link.oneWay().toNanos();
    this.nanosPerByte = link.bitsPerSecond() == 0 ? 0 : 8e9 / link.bitsPerSecond();
  }

  /** The release time of {@code bytes} arriving at {@code arrivalNanos}; call in arrival order. */
  long release(long arrivalNanos, int bytes) {
    long earliest = arrivalNanos + delayNanos;
    long start = lastRelease == Long.MIN_VALUE || earliest - lastRelease > 0 ? earliest : lastRelease;
    lastRelease = start + (long) Math.ceil(bytes * nanosPerByte);
    return lastRelease;
  }

  /**
   * The largest chunk to release at once: about 100 µs of the rate (at least one 1,460-byte
   * segment, at most 16 KiB), so that a large read is not held back whole until its last byte
   * would have crossed; {@code max} when the link has no rate limit.
   */
  static int pieceBytes(Link link, int max) {
    if (link.bitsPerSecond() == 0) {
      return max;
    }
    long perHundredMicros = link.bitsPerSecond() / 8 / 10_000;
    return (int) Math.min(max, Math.max(1460, Math.min(16384, perHundredMicros)));
  }
}
