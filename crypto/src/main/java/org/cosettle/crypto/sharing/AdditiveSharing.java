package org.cosettle.crypto.sharing;

import org.cosettle.crypto.random.Prg;

/**
 * Two-out-of-two additive secret sharing over an {@link AdditiveRing}, element-wise over a batch:
 * x = x<sub>0</sub> + x<sub>1</sub>. The dealer draws x<sub>0</sub> uniformly, so each share alone
 * is uniform whatever x is. Linear operations are local; {@link #addPublic} is done by
 * {@link Party#P0} only, so the constant is added once.
 *
 * <pre>{@code
 * AdditiveSharing sharing = AdditiveSharing.over(PrimeField.of(plainModulus));
 * SharePair shares = sharing.share(amounts, prg);
 * long[] sum = sharing.reconstruct(sharing.add(shares.p0(), other0), sharing.add(shares.p1(), other1));
 * }</pre>
 */
public final class AdditiveSharing {
  private final AdditiveRing ring;

  private AdditiveSharing(AdditiveRing ring) {
    this.ring = ring;
  }

  public static AdditiveSharing over(AdditiveRing ring) {
    return new AdditiveSharing(ring);
  }

  public AdditiveRing ring() {
    return ring;
  }

  /** Shares each canonical element of {@code secrets}. */
  public SharePair share(long[] secrets, Prg prg) {
    requireElements(secrets, "secret");
    long[] p0 = new long[secrets.length];
    ring.random(prg, p0);
    long[] p1 = new long[secrets.length];
    ring.subtract(secrets, p0, p1);
    return new SharePair(p0, p1);
  }

  /** x = x0 + x1, element-wise. */
  public long[] reconstruct(long[] p0, long[] p1) {
    requireElements(p0, "share");
    requireElements(p1, "share");
    return add(p0, p1);
  }

  /** A share of x + y from shares of x and y. */
  public long[] add(long[] x, long[] y) {
    long[] out = new long[x.length];
    ring.add(x, y, out);
    return out;
  }

  /** A share of x − y from shares of x and y. */
  public long[] subtract(long[] x, long[] y) {
    long[] out = new long[x.length];
    ring.subtract(x, y, out);
    return out;
  }

  /** A share of c · x from a share of x and a public scalar c. */
  public long[] multiplyPublic(long[] x, long scalar) {
    long[] out = new long[x.length];
    ring.multiply(x, scalar, out);
    return out;
  }

  /** A share of x + c for public constants c: {@link Party#P0} adds them, P1 keeps its share. */
  public long[] addPublic(long[] x, long[] constants, Party holder) {
    requireElements(constants, "constant");
    if (holder == Party.P1) {
      if (constants.length != x.length) {
        throw new IllegalArgumentException("vector lengths differ: " + x.length + ", " + constants.length);
      }
      return x.clone();
    }
    return add(x, constants);
  }

  @Override
  public String toString() {
    return "AdditiveSharing over " + ring;
  }

  private void requireElements(long[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      if (!ring.contains(values[i])) {
        // The value itself stays out of the message: it may be a secret.
        throw new IllegalArgumentException(what + " at index " + i + " is not an element of " + ring);
      }
    }
  }
}
