package org.cosettle.crypto.ot;

/**
 * The size of one iteration of Ferret silent OT ({@link Ferret}): an LPN instance with regular
 * noise. An iteration turns {@link #reserve()} = k + t·h correlated OTs into n, where the secret
 * has k bits, the noise has weight t with one non-zero position in each of the t blocks of
 * 2<sup>h</sup> positions, and each row of the public matrix has {@link #ROW_WEIGHT} non-zero
 * entries (a local linear code).
 *
 * <p>Only two sets exist outside this package, both for 128-bit computational security against
 * the known attacks on primal LPN with regular noise (Gaussian elimination, information-set
 * decoding, Pooled Gauss, statistical decoding and the low-weight-parity-check attacks as
 * estimated in Ferret, §6):
 *
 * <ul>
 *   <li>{@link #MAIN}: n = 10,805,248, k = 589,760, t = 1,319, blocks of 2<sup>13</sup>: the
 *       128-bit parameters for primal LPN with regular noise of Yang, Weng, Lan, Zhang and Wang,
 *       "Ferret: Fast Extension for coRRElated oT with small communication" (CCS 2020), whose
 *       implementation in emp-ot ships the close variant n = 10,608,640, k = 589,824, t = 1,295;
 *   <li>{@link #BOOTSTRAP}: n = 649,728, k = 36,288, t = 1,269, blocks of 2<sup>9</sup>: the
 *       set the Ferret authors' implementation uses to bootstrap the main set from IKNP
 *       (emp-ot, {@code ferret/constants.h}, {@code N_PRE_REG}, {@code K_PRE_REG},
 *       {@code T_PRE_REG}, {@code BIN_SZ_PRE_REG}).
 * </ul>
 *
 * <p>Smaller sets, for tests only, are made by the package-private {@link #insecureForTests},
 * whose instances say so in {@link #toString()} and which the public constructors of the
 * silent OT types refuse.
 */
public final class FerretParameters {
  /** Non-zero entries per row of the public matrix A (Ferret's d = 10). */
  public static final int ROW_WEIGHT = 10;

  /** The main iteration: 10,198,341 COTs out per iteration once bootstrapped. */
  public static final FerretParameters MAIN = new FerretParameters("main", 10_805_248, 589_760, 1_319, 13, true);
  /** The bootstrap iteration: 602,019 COTs out per iteration, enough to start {@link #MAIN}. */
  public static final FerretParameters BOOTSTRAP = new FerretParameters("bootstrap", 649_728, 36_288, 1_269, 9, true);

  private final String name;
  private final int n;
  private final int k;
  private final int t;
  private final int log2BlockSize;
  private final boolean secure;

  private FerretParameters(String name, int n, int k, int t, int log2BlockSize, boolean secure) {
    if (log2BlockSize < 1 || log2BlockSize > 20 || t < 1 || k < ROW_WEIGHT) {
      throw new IllegalArgumentException("need blocks of 2^1..2^20, t ≥ 1 and k ≥ " + ROW_WEIGHT);
    }
    if ((long) t << log2BlockSize != n) {
      throw new IllegalArgumentException("n = " + n + " must be t·2^h = " + ((long) t << log2BlockSize));
    }
    if ((long) k + (long) t * log2BlockSize >= n || n > IknpOtExtension.MAX_COUNT) {
      throw new IllegalArgumentException("an iteration must yield more than it reserves and n ≤ "
          + IknpOtExtension.MAX_COUNT);
    }
    this.name = name;
    this.n = n;
    this.k = k;
    this.t = t;
    this.log2BlockSize = log2BlockSize;
    this.secure = secure;
  }

  /**
   * A small parameter set with <em>no</em> security, for tests of the protocol's logic. The silent
   * OT types accept it only through their package-private test factories.
   */
  static FerretParameters insecureForTests(int k, int t, int log2BlockSize) {
    return new FerretParameters("INSECURE test", t << log2BlockSize, k, t, log2BlockSize, false);
  }

  /** COTs out of one iteration, n. */
  public int n() {
    return n;
  }

  /** Bits of the LPN secret, k. */
  public int k() {
    return k;
  }

  /** Noise weight t, also the number of blocks and of GGM trees. */
  public int t() {
    return t;
  }

  /** h: each block (and GGM tree) has 2<sup>h</sup> positions (leaves). */
  public int log2BlockSize() {
    return log2BlockSize;
  }

  /** Positions per block, 2<sup>h</sup>. */
  public int blockSize() {
    return 1 << log2BlockSize;
  }

  /** COTs an iteration consumes: k for the LPN secret, h per tree for its punctured leaf. */
  public int reserve() {
    return k + t * log2BlockSize;
  }

  /** Whether this is one of the published 128-bit sets (false for test sets). */
  public boolean secure() {
    return secure;
  }

  /** Fails unless this is a published set: the public entry points admit nothing else. */
  FerretParameters requireSecure() {
    if (!secure) {
      throw new IllegalArgumentException("insecure test parameters are refused here: " + this);
    }
    return this;
  }

  @Override
  public String toString() {
    return "FerretParameters[" + name + ", n=" + n + ", k=" + k + ", t=" + t + ", blocks of 2^" + log2BlockSize + "]";
  }
}
