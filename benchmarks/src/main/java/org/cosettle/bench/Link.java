package org.cosettle.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * A network link between the two parties, as a {@link LinkProxy} plays it: a round-trip time
 * (each direction delayed by half of it) and a rate each way ({@code 0}: unlimited).
 *
 * <p>{@link #parse} reads a preset name ({@code loopback}, {@code metro}, {@code wan}) or a
 * custom {@code RTTms/Mbit} spec: {@code 20/100} is 20 ms round trip and 100 Mbit/s each way,
 * {@code 0.5/1000} half a millisecond and 1 Gbit/s, {@code 20/0} a delay without a rate limit.
 *
 * @param name how reports name the link
 * @param roundTrip the round-trip time; each direction is delayed by half of it
 * @param bitsPerSecond the rate each way, {@code 0} for unlimited
 */
public record Link(String name, Duration roundTrip, long bitsPerSecond) {
  /** No delay and no rate limit: the proxy only forwards (and counts). */
  public static final Link LOOPBACK = new Link("loopback", Duration.ZERO, 0);
  /** Two sites in one city: 2 ms round trip, 1 Gbit/s each way. */
  public static final Link METRO = new Link("metro", Duration.ofMillis(2), 1_000_000_000L);
  /** Two cities: 20 ms round trip, 100 Mbit/s each way. */
  public static final Link WAN = new Link("wan", Duration.ofMillis(20), 100_000_000L);

  /** What {@link #parse} accepts, for usage lines. */
  public static final String SPECS = "loopback|metro|wan|RTTms/Mbit";

  public Link {
    if (roundTrip.isNegative()) {
      throw new IllegalArgumentException("a link's round-trip time is not negative: " + roundTrip);
    }
    if (bitsPerSecond < 0) {
      throw new IllegalArgumentException("a link's rate is not negative: " + bitsPerSecond);
    }
  }

  /** A preset by name, or {@code RTTms/Mbit} (e.g. {@code 20/100}); a clear message for anything else. */
  public static Link parse(String spec) {
    switch (spec.toLowerCase(Locale.ROOT)) {
      case "loopback":
        return LOOPBACK;
      case "metro":
        return METRO;
      case "wan":
        return WAN;
      default:
        break;
    }
    int slash = spec.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a link is " + SPECS + " (e.g. 20/100), not " + spec);
    }
    double millis = number(spec.substring(0, slash), spec);
    double megabits = number(spec.substring(slash + 1), spec);
    return new Link(spec, Duration.ofNanos(Math.round(millis * 1e6)), Math.round(megabits * 1e6));
  }

  private static double number(String text, String spec) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("a link is " + SPECS + " with two numbers ≥ 0 (e.g. 20/100), not " + spec);
  }

  /** Each direction's delay: half the round trip. */
  public Duration oneWay() {
    return roundTrip.dividedBy(2);
  }

  /** Whether the link shapes at all (a delay or a rate limit). */
  public boolean shapes() {
    return !roundTrip.isZero() || bitsPerSecond > 0;
  }

  /** E.g. {@code wan (20 ms round trip, 100 Mbit/s each way)}. */
  public String describe() {
    String rate = bitsPerSecond == 0 ? "unlimited" : String.format(Locale.ROOT, "%,.0f Mbit/s each way",
        bitsPerSecond / 1e6);
    return String.format(Locale.ROOT, "%s (%s ms round trip, %s)", name, trim(roundTrip.toNanos() / 1e6), rate);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
