package org.cosettle.mpc.plan;

import java.util.Locale;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.Ir.Label;

/**
 * How an aggregate on shares is summed into its groups, and what each way costs: the cost model
 * the planner picks a construction by (docs/protocol.md, "Aggregates on shares"). When the key is
 * one party's plaintext (a hospital id, or an enum or band of that party's values), two
 * constructions fit:
 *
 * <ul>
 *   <li>{@link Construction#BEAVER}: the key's owner shares each group's one-hot column, which is
 *       multiplied by the shared filter and value with a Beaver triple per claim, group and
 *       product, then summed: bytes and CPU grow with claims × groups.
 *   <li>{@link Construction#HE_INNER_PRODUCTS}: the other party encrypts its shares of the
 *       per-claim values (BFV, t = 2<sup>64</sup>, coefficient encoding), the key's owner
 *       multiplies by each group's indicator polynomial, masks, packs, re-randomises and floods
 *       the results into one reply: bytes nearly independent of the groups, after a key set-up
 *       of about 0.65 MB per packing level, once per session.
 * </ul>
 *
 * Any other key (shared, public, or none) takes the Beaver construction. Estimates are bytes
 * (both ways), rounds (one-way flights) and CPU seconds (both parties), calibrated by the
 * benchmark of docs/benchmarks.md, "Aggregates by a key one party owns"; {@link #seconds} turns
 * them into a wall-time estimate over a {@link LinkKind}.
 */
public final class AggregateCosts {
  /** How an aggregate on shares sums its claims into groups. */
  public enum Construction {
    BEAVER("Beaver triples per claim and group"),
    HE_INNER_PRODUCTS("homomorphic inner products (BFV), one packed reply");

    private final String text;

    Construction(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** The links the model knows: round-trip time and bandwidth each way. */
  public enum LinkKind {
    LOOPBACK(0.0002, 10_000),
    METRO(0.002, 1_000),
    WAN(0.020, 100);

    private final double rttSeconds;
    private final double megabitsPerSecond;

    LinkKind(double rttSeconds, double megabitsPerSecond) {
      this.rttSeconds = rttSeconds;
      this.megabitsPerSecond = megabitsPerSecond;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An estimate: bytes both ways, one-way flights, and CPU seconds of both parties together. */
  public record Estimate(long bytes, long flights, double cpuSeconds) {
    /** Wall time over {@code link}: the bytes at its bandwidth (both ways share it evenly), half an RTT per flight, the CPU. */
    public double seconds(LinkKind link) {
      return bytes * 8.0 / 2 / (link.megabitsPerSecond * 1e6) + flights * link.rttSeconds / 2 + cpuSeconds;
    }
  }

  // Beaver, per product of a claim and a group: the triple made with OT-based multiplication
  // (about 590 bytes and 1/64 of a flight with silent OT or IKNP), its opening of d and e both
  // ways (32 bytes), and the CPU of both parties. Measured: docs/benchmarks.md, "Aggregates by a
  // key one party owns" (hospital-aggregate, 2,000 claims, 26 and 500 groups).
  static final double BEAVER_BYTES_PER_PRODUCT = 620;
  static final double BEAVER_FLIGHTS_PER_PRODUCT = 1.0 / 64;
  static final double BEAVER_CPU_PER_PRODUCT = 17e-6;
  /** Per batch at least: the one-hot columns' seeds, then the filter and value products. */
  static final int BEAVER_FLIGHTS = 4;
  // HE on the lookup's ring (n = 8192, 210 bits): sizes of the serialised keys and ciphertexts,
  // CPU of both parties measured (the same section)
  static final int DEGREE = 8192;
  static final long PUBLIC_KEY_BYTES = 215_116;
  static final long GALOIS_KEY_BYTES = 645_154;
  /** A values ciphertext: its header, seed and framing, then 150 bits per claim it carries (c0 at those coefficients). */
  static final long CIPHERTEXT_BASE_BYTES = 56;
  static final double CIPHERTEXT_BYTES_PER_CLAIM = 18.75;
  static final long REPLY_BASE_BYTES = 81_930;
  static final double REPLY_BYTES_PER_SUM = 8.25;
  static final double HE_KEY_CPU_BASE = 0.060;
  static final double HE_KEY_CPU_PER_LEVEL = 0.015;
  static final double HE_CPU_PER_CIPHERTEXT = 0.010;
  static final double HE_CPU_PER_PRODUCT = 0.003;
  static final double HE_CPU_PER_KEY_SWITCH = 0.0035;
  /** The key set-up, the encrypted values and the reply (the set-up overlaps the slices). */
  static final int HE_FLIGHTS = 3;
  /** Packing levels of a kept key set: every level of the ring (log2 n). */
  static final int KEPT_LEVELS = 13;

  /**
   * Where the encrypting party's HE keys come from in a session: a session-time input (whether the
   * peer has them cached is known only once the session's key round ran), not a policy property.
   */
  public enum Keys {
    /** Fresh keys this session, with Galois keys for the levels the sums need (no key store). */
    FRESH("fresh keys"),
    /** Kept keys the peer lacks: sent whole (every packing level) this session, then cached. */
    KEPT("kept keys, first session with this peer"),
    /** Kept keys the peer has cached: the session sends their fingerprint only. */
    CACHED("keys cached by the peer");

    private final String text;

    Keys(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private AggregateCosts() {}

  /** Whether {@code step} can take {@link Construction#HE_INNER_PRODUCTS}: on shares, its key one party's plaintext. */
  public static boolean heEligible(Plan plan, Ir.AggregateStep step, int groups) {
    if (plan.aggregateOwner(step) != null || step.keyKind() == Ir.KeyKind.NONE) {
      return false;
    }
    Label key = step.keyLabel(plan::site);
    return (key == Label.DATA_HOLDER || key == Label.INSURER) && (long) vectors(step) * groups <= DEGREE;
  }

  /** The per-claim vectors a grouped sum of {@code step} adds up: the filtered value, and the filter when there is one. */
  public static int vectors(Ir.AggregateStep step) {
    return (step.value() >= 0 ? 1 : 0) + (step.where() >= 0 ? 1 : 0);
  }

  /** The Beaver construction's cost for {@code claims} claims in {@code groups} groups. */
  public static Estimate beaver(Ir.AggregateStep step, int claims, int groups) {
    double products = (double) claims * groups * Math.max(1, vectors(step));
    return new Estimate(Math.round(products * BEAVER_BYTES_PER_PRODUCT),
        BEAVER_FLIGHTS + Math.round(products * BEAVER_FLIGHTS_PER_PRODUCT), products * BEAVER_CPU_PER_PRODUCT);
  }

  /** The HE construction's cost, its key set-up with fresh keys included, for {@code claims} claims in {@code groups} groups. */
  public static Estimate he(Ir.AggregateStep step, int claims, int groups) {
    return he(step, claims, groups, Keys.FRESH);
  }

  /** The HE construction's cost with the encrypting party's keys as {@code keys} says. */
  public static Estimate he(Ir.AggregateStep step, int claims, int groups, Keys keys) {
    int v = vectors(step);
    int sums = v * groups;
    int levels = packingLevels(Math.min(sums, DEGREE));
    long ciphertexts = (long) v * ((claims + DEGREE - 1) / DEGREE);
    long valueBytes = ciphertexts * CIPHERTEXT_BASE_BYTES + Math.round((double) v * claims * CIPHERTEXT_BYTES_PER_CLAIM);
    long keyBytes = switch (keys) {
      case FRESH -> PUBLIC_KEY_BYTES + levels * GALOIS_KEY_BYTES;
      case KEPT -> PUBLIC_KEY_BYTES + KEPT_LEVELS * GALOIS_KEY_BYTES;
      case CACHED -> 0;
    };
    // kept keys are made when the store rotates, not per session
    double keyCpu = keys == Keys.FRESH ? HE_KEY_CPU_BASE + levels * HE_KEY_CPU_PER_LEVEL : 0;
    long bytes = keyBytes + valueBytes
        + ((sums + DEGREE - 1) / DEGREE) * REPLY_BASE_BYTES + Math.round(sums * REPLY_BYTES_PER_SUM);
    // a filtered value is a shared product per claim first (a Beaver triple each)
    double filter = step.value() >= 0 && step.where() >= 0 ? claims : 0;
    double cpu = keyCpu + ciphertexts * HE_CPU_PER_CIPHERTEXT
        + (double) sums * ((claims + DEGREE - 1) / DEGREE) * HE_CPU_PER_PRODUCT + Math.max(0, sums - 1) * HE_CPU_PER_KEY_SWITCH
        + filter * BEAVER_CPU_PER_PRODUCT;
    return new Estimate(bytes + Math.round(filter * BEAVER_BYTES_PER_PRODUCT),
        (keys == Keys.CACHED ? HE_FLIGHTS - 1 : HE_FLIGHTS) + Math.round(filter * BEAVER_FLIGHTS_PER_PRODUCT), cpu);
  }

  /** Levels of packing for {@code count} values: ⌈log2 count⌉. */
  public static int packingLevels(int count) {
    return count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1);
  }

  /** The estimate of {@code construction}. */
  public static Estimate estimate(Construction construction, Ir.AggregateStep step, int claims, int groups) {
    return estimate(construction, step, claims, groups, Keys.FRESH);
  }

  /** The estimate of {@code construction}, with the HE keys as {@code keys} says. */
  public static Estimate estimate(Construction construction, Ir.AggregateStep step, int claims, int groups, Keys keys) {
    return construction == Construction.BEAVER ? beaver(step, claims, groups) : he(step, claims, groups, keys);
  }

  /** The construction with the lower wall-time estimate over {@code link} (Beaver when HE does not fit). */
  public static Construction choose(Plan plan, Ir.AggregateStep step, int claims, int groups, LinkKind link) {
    return choose(plan, step, claims, groups, link, Keys.FRESH);
  }

  /** As {@link #choose(Plan, Ir.AggregateStep, int, int, LinkKind)}, with the HE keys as {@code keys} says. */
  public static Construction choose(Plan plan, Ir.AggregateStep step, int claims, int groups, LinkKind link,
      Keys keys) {
    if (!heEligible(plan, step, groups)) {
      return Construction.BEAVER;
    }
    return he(step, claims, groups, keys).seconds(link) < beaver(step, claims, groups).seconds(link)
        ? Construction.HE_INNER_PRODUCTS : Construction.BEAVER;
  }
}
