package org.cosettle.mpc.arith;

import java.math.BigInteger;
import java.util.Optional;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.triples.AndTriples;
import org.cosettle.crypto.triples.MultiplicationTriples;

/**
 * One party's end of the semi-honest two-party share arithmetic of the secure engine, vectorised
 * over a batch: arithmetic shares over Z(2<sup>64</sup>) (x = x<sub>0</sub> + x<sub>1</sub>, one
 * {@code long} per value) and Boolean shares (x = x<sub>0</sub> ⊕ x<sub>1</sub>, bit-packed as in
 * {@link org.cosettle.crypto.sharing.XorSharing}: bit j at {@code words[j >>> 6] >>> j}, high bits
 * of the last word zero). Both parties make the same calls in the same order (SPMD); each
 * interactive call sends one message per protocol step for the whole batch.
 *
 * <h2>Operations and their cost per value</h2>
 * <ul>
 *   <li>Local: {@link #add}, {@link #subtract}, {@link #negate}, {@link #multiplyPublic},
 *       {@link #addPublic} (P0 adds the constant), {@link #xor}, {@link #not} (P0 flips).
 *   <li>{@link #shareInput} / {@link #peerInput}: the owner sends a fresh 16-byte PRG seed
 *       (whatever the batch size); the peer's share is the seed's expansion, the owner's is the
 *       value minus it. One message.
 *   <li>{@link #open} to one named party: the other sends its share (8 bytes); the recipient
 *       sends nothing and the other learns nothing. {@link #openToBoth}: 8 bytes each way, one
 *       round. {@link #openBits} likewise with one bit.
 *   <li>{@link #multiply}: Beaver, one triple, each party sends d = x − a, e = y − b
 *       (16 bytes), one round.
 *   <li>{@link #and}: the same over GF(2) with an AND triple, 2 bits each way, one round.
 *   <li>{@link #lessThan} / {@link #equal}: below; random OTs only.
 *   <li>{@link #bitToArithmetic} (B2A) with a daBit r (a random bit shared both ways, made offline
 *       by {@link DaBitGenerator}): e = c ⊕ r is opened (1 bit each way, uniform), and
 *       c = e + r − 2er is local. One round.
 *   <li>{@link #select} c ? a : b = b + c·(a − b) for a shared bit c: a chosen-input OT each way
 *       from a random OT each way (the receiver sends its choice against the random one, the
 *       sender two masked messages), 1 bit and 16 bytes, two rounds.
 *       {@link #min}, {@link #max}: {@link #lessThan} then {@link #select}.
 *   <li>{@link #multiplyPlaintext}: a shared value times one party's plaintext factor of b bits,
 *       Gilboa's product over b random OTs: the owner sends b bits, the other party 8·b bytes, two
 *       rounds.
 *   <li>{@link #multiplyConstant}: the same with one factor for the whole batch (a private
 *       param), one vector OT per bit of it: 2·b random OTs per call, 64 − ℓ bits per value for
 *       bit ℓ from the other party.
 *   <li>{@link #divideRounded}: x / d rounded half away from zero for a public d, exact to the unit
 *       (no probabilistic truncation): a sign test, the wrap bit (a product of the shares' top bits
 *       on one random OT for ranges up to 61 bits, else a 64-bit millionaires' carry) and two
 *       remainder tests (one carry pair); for ROUND4 of a 38-bit signed money value 85 random OTs
 *       (52 from P0, 33 from P1) and 4 daBits, 60 and 27 bytes, 12 and 13 rounds. {@link #divideRoundedOwnSign}:
 *       the same with the sign given in plaintext by one party (a product y·r with y ≥ 0 and r
 *       that party's), no sign test.
 * </ul>
 *
 * <h2>Comparison: the millionaires' protocol on the parties' own shares</h2>
 * For x, y whose difference lies in (−2<sup>k</sup>, 2<sup>k</sup>) (both in a k-bit range after
 * shifting by its minimum), w = x − y + 2<sup>k</sup> lies in (0, 2<sup>k+1</sup>) and x &lt; y iff
 * bit k of w is 0. P0 holds w<sub>0</sub>, P1 holds w<sub>1</sub>, and bit k of
 * w<sub>0</sub> + w<sub>1</sub> is w<sub>0,k</sub> ⊕ w<sub>1,k</sub> ⊕ carry<sub>k</sub>, where the
 * carry into bit k of the sum of the two low k-bit parts, [a + b ≥ 2<sup>k</sup>] for P0's a and
 * P1's b, is a millionaires' problem between plaintexts: {@link Millionaires} (CrypTFlow2, CCS 2020)
 * cuts a and b into 4-bit digits, gets each digit's generate and propagate bits from one
 * 1-out-of-16 OT ({@link DigitOts}, made of four random OTs) and merges them in a log-depth tree
 * whose AND gates run on triples made from random OTs, one each way per gate or per pair of gates
 * with a shared operand ({@link OtAndGates}). At k = 45: 67 random OTs in all ({@link
 * #randomOtsForLessThan}: 35 from P0, 32 from P1), about 29 bytes per party online, 6 rounds; the
 * bitwise carry circuit it replaces took 129 AND triples (258 random OTs) and 7 rounds.
 * {@link #equal} is the same protocol on the k + 1 low bits of P0's d<sub>0</sub> and P1's
 * −d<sub>1</sub> for d = x − y, with 6-bit digits whose entries are the equality bit alone and an
 * AND tree over the digits.
 *
 * <p>The class is longer than the project's usual 400 lines because every protocol here shares
 * the session's wire, pool, randomness and party, and most reuse each other (a min is a
 * comparison and a select, a rounding comparisons and a product of bits); split apart, each piece
 * would take all four and the checks on them.
 *
 * <p>Any malformed message (wrong length, stray bits) raises {@link ProtocolAbortException} naming
 * the {@link Step}; the session is then dead and its channel closed so the peer stops too.
 * Exceptions and {@link #toString()} never show shares or values. Not thread-safe.
 *
 * <pre>{@code
 * ArithmeticSession s = new ArithmeticSession(channel, Party.P0, prg, pool);   // peer: Party.P1
 * long[] x = s.shareInput(claimAmounts);          // peer: s.peerInput(n)
 * long[] y = s.peerInput(n);                       // peer: s.shareInput(limits)
 * long[] lower = s.min(x, y, 38);
 * Optional<long[]> result = s.open(lower, Party.P1);
 * }</pre>
 */
public final class ArithmeticSession {
  /** The interactive steps, as named by {@link ProtocolAbortException#step()}. */
  public enum Step {
    INPUT,
    OPEN,
    OPEN_BITS,
    MULTIPLY,
    AND,
    CONVERT,
    SELECT,
    PLAINTEXT_PRODUCT,
    /** The 1-out-of-2<sup>m</sup> OTs of the millionaires' protocol ({@link Millionaires}). */
    DIGIT_OT,
    /** The product of two bits, one each party's plaintext, on one random OT. */
    PLAINTEXT_AND
  }

  private final Party party;
  private final Prg prg;
  private final TriplePool pool;
  private final Wire wire;
  private final Millionaires millionaires;
  private boolean plantedUnmaskedProduct;

  public ArithmeticSession(Channel channel, Party party, Prg prg, TriplePool pool) {
    if (channel == null || party == null || prg == null || pool == null) {
      throw new IllegalArgumentException("channel, party, randomness and triple pool are required");
    }
    this.party = party;
    this.prg = prg;
    this.pool = pool;
    this.wire = new Wire(channel);
    this.millionaires = new Millionaires(party, prg, pool, wire);
  }

  public Party party() {
    return party;
  }

  // ---------------------------------------------------------------- costs, for sizing the pool

  /** Random OTs per value that {@code sender} sends (the other party receives) in {@link #lessThan} on {@code bits} bits. */
  public static int randomOtsForLessThan(int bits, Party sender) {
    return Millionaires.randomOtsForCarry(requireWidth(bits), sender);
  }

  /** Random OTs per value that {@code sender} sends in {@link #equal} on {@code bits} bits. */
  public static int randomOtsForEqual(int bits, Party sender) {
    return Millionaires.randomOtsForEqual(requireWidth(bits) + 1, sender);
  }

  // ---------------------------------------------------------------- local arithmetic

  public long[] add(long[] x, long[] y) {
    requireSameLength(x, y);
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] + y[i];
    }
    return out;
  }

  public long[] subtract(long[] x, long[] y) {
    requireSameLength(x, y);
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] - y[i];
    }
    return out;
  }

  public long[] negate(long[] x) {
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = -x[i];
    }
    return out;
  }

  /** A share of c · x for a public c. */
  public long[] multiplyPublic(long[] x, long c) {
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] * c;
    }
    return out;
  }

  /** A share of x + c for a public c: P0 adds it, P1 keeps its share. */
  public long[] addPublic(long[] x, long c) {
    long[] out = x.clone();
    if (party == Party.P0) {
      for (int i = 0; i < out.length; i++) {
        out[i] += c;
      }
    }
    return out;
  }

  /** A share of x[i] + c[i] for public constants: P0 adds them, P1 keeps its share. */
  public long[] addPublic(long[] x, long[] c) {
    requireSameLength(x, c);
    return party == Party.P0 ? add(x, c) : x.clone();
  }

  // ---------------------------------------------------------------- inputs and openings

  /** Shares this party's plaintext {@code values}; returns this party's share. Peer: {@link #peerInput}. */
  public long[] shareInput(long[] values) {
    wire.requireAlive();
    byte[] seed = prg.nextSeed();
    long[] mask = Prg.fromSeed(seed).nextLongs(values.length);
    wire.sendBytes(Step.INPUT, seed);
    return subtract(values, mask);
  }

  /** This party's share of {@code count} values the peer shares with {@link #shareInput}. */
  public long[] peerInput(int count) {
    requireCount(count);
    wire.requireAlive();
    byte[] seed = wire.receiveBytes(Step.INPUT, Prg.SEED_BYTES);
    return Prg.fromSeed(seed).nextLongs(count);
  }

  /** Shares this party's {@code count} plaintext bits (packed); returns its share. Peer: {@link #peerInputBits}. */
  public long[] shareInputBits(long[] bits, int count) {
    requirePacked(bits, count);
    wire.requireAlive();
    byte[] seed = prg.nextSeed();
    long[] mask = Prg.fromSeed(seed).nextBits(count);
    wire.sendBytes(Step.INPUT, seed);
    return Bits.xor(bits, mask);
  }

  /** This party's share of {@code count} bits the peer shares with {@link #shareInputBits}. */
  public long[] peerInputBits(int count) {
    requireCount(count);
    wire.requireAlive();
    byte[] seed = wire.receiveBytes(Step.INPUT, Prg.SEED_BYTES);
    return Prg.fromSeed(seed).nextBits(count);
  }

  /**
   * Opens x to {@code recipient} only: the other party sends its share and gets an empty result;
   * the recipient sends nothing and gets the values.
   */
  public Optional<long[]> open(long[] x, Party recipient) {
    wire.requireAlive();
    if (recipient != party) {
      wire.send(Step.OPEN, x);
      return Optional.empty();
    }
    return Optional.of(add(x, wire.receive(Step.OPEN, x.length)));
  }

  /** Opens x to both parties: one round, each sends its share. */
  public long[] openToBoth(long[] x) {
    wire.requireAlive();
    wire.send(Step.OPEN, x);
    return add(x, wire.receive(Step.OPEN, x.length));
  }

  /** Opens {@code count} shared bits to {@code recipient} only, as {@link #open}. */
  public Optional<long[]> openBits(long[] x, int count, Party recipient) {
    requirePacked(x, count);
    wire.requireAlive();
    if (recipient != party) {
      wire.send(Step.OPEN_BITS, x);
      return Optional.empty();
    }
    return Optional.of(Bits.xor(x, wire.receiveBits(Step.OPEN_BITS, 1, count)));
  }

  /** Opens {@code count} shared bits to both parties. */
  public long[] openBitsToBoth(long[] x, int count) {
    requirePacked(x, count);
    wire.requireAlive();
    wire.send(Step.OPEN_BITS, x);
    return Bits.xor(x, wire.receiveBits(Step.OPEN_BITS, 1, count));
  }

  // ---------------------------------------------------------------- multiplication

  /** A share of x · y (Beaver): one triple per value, one round. */
  public long[] multiply(long[] x, long[] y) {
    requireSameLength(x, y);
    wire.requireAlive();
    int n = x.length;
    MultiplicationTriples t = pool.takeMultiplications(n);
    long[] message = new long[2 * n];
    for (int i = 0; i < n; i++) {
      message[i] = x[i] - t.a()[i];
      message[n + i] = y[i] - t.b()[i];
    }
    wire.send(Step.MULTIPLY, message);
    long[] peer = wire.receive(Step.MULTIPLY, 2 * n);
    long[] z = new long[n];
    for (int i = 0; i < n; i++) {
      long d = message[i] + peer[i];
      long e = message[n + i] + peer[n + i];
      z[i] = t.c()[i] + d * t.b()[i] + e * t.a()[i] + (party == Party.P0 ? d * e : 0);
    }
    return z;
  }

  /**
   * A share of x · r for shared x and a plaintext r of {@code owner}'s ({@code r} at the owner,
   * null at the other party) with r − rMin in [0, 2<sup>bits</sup>): two rounds, {@code bits}
   * random OTs per value with the owner as the receiver, the owner sending {@code bits} bits and
   * the other party {@code bits} × 8 bytes per value — against a Beaver triple's 2,568 bytes of OT
   * extension when r is narrow (a ratio: 13 bits; a flag: 1).
   *
   * <p>x·r = x<sub>o</sub>·r (the owner's share, locally) + x<sub>q</sub>·rMin (the other's,
   * locally) + x<sub>q</sub>·(r − rMin), the last as Gilboa's product: for bit ℓ of r − rMin a
   * correlated OT with correlation x<sub>q</sub>·2<sup>ℓ</sup> in which the owner chooses with the
   * bit. Each comes from a random OT (s<sub>0</sub>, s<sub>1</sub>; d, s<sub>d</sub>): the owner
   * sends e = bit ⊕ d, the other keeps −s<sub>e</sub> and sends z = s<sub>e</sub> − s<sub>1⊕e</sub> +
   * x<sub>q</sub>·2<sup>ℓ</sup>, and the owner keeps s<sub>d</sub> + bit·z.
   */
  public long[] multiplyPlaintext(long[] x, long[] r, Party owner, long rMin, int bits) {
    long[] mins = new long[x.length];
    java.util.Arrays.fill(mins, rMin);
    return multiplyPlaintext(x, r, owner, mins, bits);
  }

  /** As {@link #multiplyPlaintext(long[], long[], Party, long, int)}, each factor with its own least value. */
  public long[] multiplyPlaintext(long[] x, long[] r, Party owner, long[] rMin, int bits) {
    if (rMin.length != x.length) {
      throw new IllegalArgumentException("one least value per factor");
    }
    if (bits < 0 || bits > 64) {
      throw new IllegalArgumentException("a plaintext factor spans 0 to 64 bits: " + bits);
    }
    int n = x.length;
    boolean mine = owner == party;
    if (mine && (r == null || r.length != n)) {
      throw new IllegalArgumentException("the owner gives one plaintext factor per value");
    }
    wire.requireAlive();
    int count = Math.multiplyExact(n, bits);
    long[] out = new long[n];
    if (mine) {
      TriplePool.ReceivedOts ots = pool.takeReceivedOts(count);
      long[] e = new long[Bits.words(count)];
      for (int i = 0; i < n; i++) {
        long offset = r[i] - rMin[i];
        if (bits < 64 && (offset >>> bits) != 0) {
          throw new IllegalArgumentException("a plaintext factor outside its declared range");
        }
        out[i] = x[i] * r[i];
        for (int l = 0; l < bits; l++) {
          int k = i * bits + l;
          long choice = (offset >>> l) & 1;
          e[k >>> 6] |= (choice ^ ((ots.choices()[k >>> 6] >>> k) & 1)) << k;
        }
      }
      if (count == 0) {
        return out;
      }
      wire.send(Step.PLAINTEXT_PRODUCT, e);
      long[] z = wire.receive(Step.PLAINTEXT_PRODUCT, count);
      for (int i = 0; i < n; i++) {
        long offset = r[i] - rMin[i];
        for (int l = 0; l < bits; l++) {
          int k = i * bits + l;
          out[i] += ots.chosen()[k] + ((offset >>> l) & 1) * z[k];
        }
      }
      return out;
    }
    TriplePool.SentOts ots = pool.takeSentOts(count);
    for (int i = 0; i < n; i++) {
      out[i] = x[i] * rMin[i];
    }
    if (count == 0) {
      return out;
    }
    long[] e = wire.receiveBits(Step.PLAINTEXT_PRODUCT, 1, count);
    long[] z = new long[count];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < bits; l++) {
        int k = i * bits + l;
        boolean swap = ((e[k >>> 6] >>> k) & 1) != 0;
        long se = swap ? ots.message1()[k] : ots.message0()[k];
        long other = swap ? ots.message0()[k] : ots.message1()[k];
        z[k] = se - other + (x[i] << l);
        out[i] -= se;
      }
    }
    wire.send(Step.PLAINTEXT_PRODUCT, z);
    return out;
  }

  /**
   * A share of x · r for shared x and one plaintext r of {@code owner}'s, the same for every value
   * (a private param; {@code r} is ignored at the other party), with r − rMin in [0,
   * 2<sup>bits</sup>): Gilboa's product with one vector OT per bit of r − rMin for the whole batch
   * instead of one OT per bit and value — {@link #randomOtsForMultiplyConstant} random OTs per call
   * whatever the batch, the owner receiving; the owner sends 2 bits per bit of r, the other party
   * 64 − ℓ bits per value for bit ℓ; two rounds.
   *
   * <p>x·r = x<sub>o</sub>·r (the owner's share, locally) + x<sub>q</sub>·rMin (the other's,
   * locally) + Σ<sub>ℓ</sub> c<sub>ℓ</sub>·2<sup>ℓ</sup>·x<sub>q</sub> for the bits c<sub>ℓ</sub> of
   * r − rMin. For bit ℓ two random OTs give each side a 128-bit key made of their two 64-bit
   * messages: the owner, with random choices d, d', sends e = c ⊕ d and e' = c ⊕ d', so it holds K<sub>c</sub>
   * = (k<sub>d</sub>, k'<sub>d'</sub>) and nothing of K<sub>1−c</sub>, both of whose halves are
   * messages it did not choose (e ⊕ e' = d ⊕ d' is independent of c). Each key expands by AES-CTR
   * ({@link Prg#fromSeed}) to P<sub>b</sub>, one word per value; the other party keeps
   * −2<sup>ℓ</sup>·P<sub>0</sub> and sends z = P<sub>0</sub> − P<sub>1</sub> + x<sub>q</sub> mod
   * 2<sup>64−ℓ</sup> (all that matters of it once multiplied by 2<sup>ℓ</sup>), and the owner keeps
   * 2<sup>ℓ</sup>·(P<sub>c</sub> + c·z): the two add up to c·2<sup>ℓ</sup>·x<sub>q</sub>. To the
   * owner z is masked by P<sub>1−c</sub>, pseudorandom under a key it never sees; the other party's
   * output share is uniform through the ℓ = 0 term.
   */
  public long[] multiplyConstant(long[] x, long r, Party owner, long rMin, int bits) {
    if (bits < 0 || bits > 64) {
      throw new IllegalArgumentException("a plaintext factor spans 0 to 64 bits: " + bits);
    }
    int n = x.length;
    boolean mine = owner == party;
    long offset = r - rMin;
    if (mine && bits < 64 && (offset >>> bits) != 0) {
      throw new IllegalArgumentException("a plaintext factor outside its declared range");
    }
    wire.requireAlive();
    long[] out = new long[n];
    if (n == 0 || bits == 0) {
      for (int i = 0; i < n; i++) {
        out[i] = mine ? x[i] * r : x[i] * rMin;
      }
      return out;
    }
    int ots = randomOtsForMultiplyConstant(bits);
    if (mine) {
      TriplePool.ReceivedOts received = pool.takeReceivedOts(ots);
      long[] e = new long[Bits.words(ots)];
      for (int k = 0; k < ots; k++) {
        e[k >>> 6] |= (((offset >>> (k / 2)) & 1) ^ ((received.choices()[k >>> 6] >>> k) & 1)) << k;
      }
      wire.send(Step.PLAINTEXT_PRODUCT, e);
      for (int i = 0; i < n; i++) {
        out[i] = x[i] * r;
      }
      for (int l = 0; l < bits; l++) {
        long c = (offset >>> l) & 1;
        long[] pad = expand(received.chosen()[2 * l], received.chosen()[2 * l + 1], n);
        long[] z = wire.receiveBits(Step.PLAINTEXT_PRODUCT, 1, n * (64 - l));
        for (int i = 0; i < n; i++) {
          out[i] += (pad[i] + c * Bits.getField(z, (long) i * (64 - l), 64 - l)) << l;
        }
      }
      return out;
    }
    TriplePool.SentOts sent = pool.takeSentOts(ots);
    long[] e = wire.receiveBits(Step.PLAINTEXT_PRODUCT, 1, ots);
    for (int i = 0; i < n; i++) {
      out[i] = x[i] * rMin;
    }
    for (int l = 0; l < bits; l++) {
      long e0 = (e[(2 * l) >>> 6] >>> (2 * l)) & 1;
      long e1 = (e[(2 * l + 1) >>> 6] >>> (2 * l + 1)) & 1;
      // K_b = (k_{b ⊕ e}, k'_{b ⊕ e'})
      long[] p0 = expand(message(sent, 2 * l, e0), message(sent, 2 * l + 1, e1), n);
      long[] p1 = expand(message(sent, 2 * l, e0 ^ 1), message(sent, 2 * l + 1, e1 ^ 1), n);
      int width = 64 - l;
      long[] z = new long[Bits.words(n * width)];
      long mask = width == 64 ? -1L : (1L << width) - 1;
      for (int i = 0; i < n; i++) {
        out[i] -= p0[i] << l;
        Bits.putField(z, (long) i * width, width, ((plantedUnmaskedProduct ? 0 : p0[i] - p1[i]) + x[i]) & mask);
      }
      wire.send(Step.PLAINTEXT_PRODUCT, z);
    }
    return out;
  }

  /** Random OTs (the factor's owner receiving) per call of {@link #multiplyConstant} with a factor of {@code bits} bits. */
  public static int randomOtsForMultiplyConstant(int bits) {
    return 2 * bits;
  }

  private static long message(TriplePool.SentOts sent, int ot, long which) {
    return which == 0 ? sent.message0()[ot] : sent.message1()[ot];
  }

  /** n words from the 128-bit key (first, second) by AES-CTR. */
  private static long[] expand(long first, long second, int n) {
    byte[] seed = new byte[Prg.SEED_BYTES];
    for (int b = 0; b < 8; b++) {
      seed[b] = (byte) (first >>> (8 * b));
      seed[8 + b] = (byte) (second >>> (8 * b));
    }
    return Prg.fromSeed(seed).nextLongs(n);
  }

  // ---------------------------------------------------------------- Boolean shares

  /** A share of x ⊕ y (packed). */
  public long[] xor(long[] x, long[] y) {
    requireSameLength(x, y);
    return Bits.xor(x, y);
  }

  /** A share of ¬x over {@code count} bits: P0 flips its bits. */
  public long[] not(long[] x, int count) {
    requirePacked(x, count);
    long[] out = x.clone();
    if (party == Party.P0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = ~out[i];
      }
      Bits.clearTail(out, count);
    }
    return out;
  }

  /** A share of x ∧ y over {@code count} bits: one AND triple per bit, one round. */
  public long[] and(long[] x, long[] y, int count) {
    requirePacked(x, count);
    requirePacked(y, count);
    wire.requireAlive();
    return andGates(count, new long[][] {x}, new long[][] {y})[0];
  }

  // ---------------------------------------------------------------- comparison

  /**
   * A Boolean share of [x &lt; y] for shared x, y whose difference lies in
   * (−2<sup>bits</sup>, 2<sup>bits</sup>), as when both lie in one range of 2<sup>bits</sup>
   * values ({@code bits} ≤ 63, the range's width after shifting by its minimum).
   * {@link #randomOtsForLessThan} random OTs from each party per value, 2 + ⌈log<sub>2</sub>
   * ⌈bits / 4⌉⌉ rounds.
   */
  public long[] lessThan(long[] x, long[] y, int bits) {
    int n = x.length;
    long[] w = addPublic(difference(x, y, bits, randomOtsForLessThan(bits, Party.P0),
        randomOtsForLessThan(bits, Party.P1)), 1L << bits);
    long[] carry = millionaires.carry(w, bits);
    // bit `bits` of w is 1 iff x >= y; P0 negates it
    return not(Bits.xor(Bits.plane(w, bits), carry), n);
  }

  /**
   * A Boolean share of [x = y] for shared x, y whose difference lies in (−2<sup>bits</sup>,
   * 2<sup>bits</sup>) ({@code bits} ≤ 63): the low bits + 1 bits of the difference are all zero.
   * {@link #randomOtsForEqual} random OTs from each party per value, 2 + ⌈log<sub>2</sub> ⌈(bits +
   * 1) / 6⌉⌉ rounds.
   */
  public long[] equal(long[] x, long[] y, int bits) {
    int n = x.length;
    long[] d = difference(x, y, bits, randomOtsForEqual(bits, Party.P0), randomOtsForEqual(bits, Party.P1));
    // d0 + d1 = 0 iff d0 = −d1: x = y iff the low bits + 1 bits of P0's d0 and P1's −d1 are equal
    return millionaires.equal(party == Party.P0 ? d : negate(d), bits + 1);
  }

  /** A share of x − y, after checking the arguments and that the pool holds what a comparison takes. */
  private long[] difference(long[] x, long[] y, int bits, int otsFromP0, int otsFromP1) {
    requireSameLength(x, y);
    requireWidth(bits);
    wire.requireAlive();
    requireRandomOts(x.length, otsFromP0, otsFromP1);
    return subtract(x, y);
  }

  /** Throws unless the pool holds {@code n} times the random OTs P0 and P1 send per value. */
  private void requireRandomOts(int n, long otsFromP0, long otsFromP1) {
    long mine = party == Party.P0 ? otsFromP0 : otsFromP1;
    long peers = party == Party.P0 ? otsFromP1 : otsFromP0;
    pool.requireRandomOts(n * mine, n * peers);
  }

  // ---------------------------------------------------------------- conversion and selection

  /** An arithmetic share of each of {@code count} shared bits (0 or 1): one daBit, one round. */
  public long[] bitToArithmetic(long[] c, int count) {
    requirePacked(c, count);
    wire.requireAlive();
    DaBits r = pool.takeDaBits(count);
    long[] masked = Bits.xor(c, r.bits());
    wire.send(Step.CONVERT, masked);
    long[] e = Bits.unpack(Bits.xor(masked, wire.receiveBits(Step.CONVERT, 1, count)), count);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      // c = e ⊕ r = e + r·(1 − 2e)
      out[i] = r.arithmetic()[i] * (1 - 2 * e[i]) + (party == Party.P0 ? e[i] : 0);
    }
    return out;
  }

  /**
   * A share of c ? a : b = b + c·(a − b) for a shared bit c (packed XOR shares): two random OTs
   * per value (one each way), two rounds, 2 × (8 bytes + 1 bit) per value and party online.
   *
   * <p>c·v for c = c<sub>0</sub> ⊕ c<sub>1</sub> and v = v<sub>0</sub> + v<sub>1</sub> is c·v<sub>0</sub>
   * + c·v<sub>1</sub>; for c·v<sub>0</sub>, P0 is the sender of a chosen-input OT whose messages are
   * M<sub>t</sub> = (c<sub>0</sub> ⊕ t)·v<sub>0</sub> − r for a fresh r, and P1 chooses with
   * c<sub>1</sub>, getting c·v<sub>0</sub> − r while P0 keeps r; c·v<sub>1</sub> the other way. Each
   * chosen-input OT comes from a random one (Beaver, "Precomputing oblivious transfer", CRYPTO
   * 1995): the receiver sends its choice XOR the random choice d, and the sender sends y<sub>t</sub>
   * = M<sub>t</sub> + s<sub>t ⊕ e</sub>, so the receiver's y<sub>c</sub> − s<sub>d</sub> is
   * M<sub>c</sub> and the other message stays masked by the message it did not choose.
   */
  public long[] select(long[] c, long[] a, long[] b) {
    requireSameLength(a, b);
    int n = a.length;
    requirePacked(c, n);
    wire.requireAlive();
    pool.requireRandomOts(n, n);
    TriplePool.SentOts sent = pool.takeSentOts(n);
    TriplePool.ReceivedOts received = pool.takeReceivedOts(n);
    long[] v = subtract(a, b);
    // round 1: this party's choices (its bit shares) against its random choices, for the OTs it receives
    long[] e = Bits.xor(c, received.choices());
    wire.send(Step.SELECT, e);
    long[] peerE = wire.receiveBits(Step.SELECT, 1, n);
    // round 2: as the sender, both masked messages of each OT
    long[] r = prg.nextLongs(n);
    long[] y = new long[2 * n];
    for (int i = 0; i < n; i++) {
      long ci = (c[i >>> 6] >>> i) & 1;
      long ei = (peerE[i >>> 6] >>> i) & 1;
      long m0 = ci * v[i] - r[i];          // t = 0: (c_i ⊕ 0)·v_i − r
      long m1 = (ci ^ 1) * v[i] - r[i];    // t = 1
      y[i] = m0 + (ei == 0 ? sent.message0()[i] : sent.message1()[i]);
      y[n + i] = m1 + (ei == 0 ? sent.message1()[i] : sent.message0()[i]);
    }
    wire.send(Step.SELECT, y);
    long[] peerY = wire.receive(Step.SELECT, 2 * n);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long ci = (c[i >>> 6] >>> i) & 1;
      long mine = peerY[ci == 0 ? i : n + i] - received.chosen()[i];
      out[i] = b[i] + r[i] + mine;
    }
    return out;
  }

  /** A share of min(x, y), for x − y in (−2<sup>bits</sup>, 2<sup>bits</sup>). */
  public long[] min(long[] x, long[] y, int bits) {
    return minOrMax(x, y, bits, true);
  }

  /** A share of max(x, y), for x − y in (−2<sup>bits</sup>, 2<sup>bits</sup>). */
  public long[] max(long[] x, long[] y, int bits) {
    return minOrMax(x, y, bits, false);
  }

  private long[] minOrMax(long[] x, long[] y, int bits, boolean min) {
    requireSameLength(x, y);
    requireWidth(bits);
    requireRandomOts(x.length, randomOtsForLessThan(bits, Party.P0) + 1, randomOtsForLessThan(bits, Party.P1) + 1);
    long[] less = lessThan(x, y, bits);
    return min ? select(less, x, y) : select(less, y, x);
  }

  // ---------------------------------------------------------------- exact division

  /** Largest |d| of {@link #divideRounded}. */
  public static final long MAX_DIVISOR = 1L << 40;
  /** Widest range of {@link #divideRounded}, in bits. */
  public static final int MAX_DIVIDEND_BITS = 62;

  /**
   * A share of x / d rounded half away from zero, exactly as the plaintext evaluator's
   * {@code DIV_ROUND} ({@code ROUND4} is d = 10000), for shared x in [min, min + 2<sup>bits</sup>)
   * ({@code bits} ≤ {@value #MAX_DIVIDEND_BITS}) and a public d with 1 ≤ |d| ≤ 2<sup>40</sup>.
   *
   * <p>With s = [x &lt; 0] and D = 2|d|, the result is ⌊(2x + |d| − s) / D⌋ (negated for d &lt; 0);
   * a public multiple L of D puts u = 2x + |d| − s + L in [0, 2<sup>62</sup>). ⌊u / D⌋ is exact, without
   * statistical masking: each party divides its own share u<sub>i</sub> = q<sub>i</sub>D +
   * r<sub>i</sub> locally; the wrap bit w = [u<sub>0</sub> + u<sub>1</sub> ≥ 2<sup>64</sup>]
   * (from the shares' top bits when the range has at most 61 bits, else the 64-bit carry of the
   * millionaires' protocol; then B2A) gives u = (q<sub>0</sub> +
   * q<sub>1</sub> − wQ)·D + t with 2<sup>64</sup> = QD + R and t = r<sub>0</sub> + r<sub>1</sub> −
   * wR in (−D, 2D), and ⌊t / D⌋ = 1 − [t &lt; D] − [t &lt; 0] takes two comparisons on
   * ⌊log<sub>2</sub> 2D⌋ + 1 bits, one carry pair of {@link Millionaires} (P1's share is the same for
   * both bounds, so their digit OTs are shared). Cost per value: {@link #randomOtsForDivideRounded}
   * random OTs from each party and {@link #daBitsForDivideRounded} daBits.
   */
  public long[] divideRounded(long[] x, long d, long min, int bits) {
    Division plan = Division.of(d, min, bits);
    int n = x.length;
    wire.requireAlive();
    pool.require(0, 0, (long) n * plan.daBits());
    requireRandomOts(n, plan.randomOts(Party.P0), plan.randomOts(Party.P1));
    long[] zeros = new long[n];
    long[] sign;
    if (plan.signBits() > 0) {
      sign = bitToArithmetic(lessThan(x, zeros, plan.signBits()), n);
    } else {
      sign = addPublic(zeros, plan.negative() ? 1 : 0);
    }
    long[] u = addPublic(subtract(multiplyPublic(x, 2), sign), plan.absDivisor() + plan.offset());
    long[] quotient = addPublic(floorDivide(u, 2 * plan.absDivisor(), plan.wrapFromTopBits()), -plan.offsetQuotient());
    return d < 0 ? negate(quotient) : quotient;
  }

  /**
   * As {@link #divideRounded}, with the dividend's sign in plaintext at {@code owner}: {@code
   * negative} at the owner (null at the other party) holds, per value, 1 where x &lt; 0 and 0
   * where x &gt; 0; where x = 0 either will do. So the sign test, a comparison on the range's
   * full width, becomes a local subtraction by the owner: for x = y·r with y ≥ 0 and r the
   * owner's plaintext, [r &lt; 0] is such a sign (x = 0 rounds to 0 whatever s: ⌊(|d| − s) /
   * 2|d|⌋ = 0). Costs {@link #randomOtsForDivideRoundedOwnSign} random OTs and {@link
   * #daBitsForDivideRoundedOwnSign} daBits per value; the owner sends nothing more.
   */
  public long[] divideRoundedOwnSign(long[] x, long d, long min, int bits, long[] negative, Party owner) {
    Division plan = Division.of(d, min, bits).withOwnSign();
    int n = x.length;
    boolean mine = owner == party;
    if (mine && (negative == null || negative.length != n)) {
      throw new IllegalArgumentException("the sign's owner gives one sign bit per value");
    }
    wire.requireAlive();
    pool.require(0, 0, (long) n * plan.daBits());
    requireRandomOts(n, plan.randomOts(Party.P0), plan.randomOts(Party.P1));
    long[] sign = new long[n];
    if (mine) {
      for (int i = 0; i < n; i++) {
        if ((negative[i] & ~1L) != 0) {
          throw new IllegalArgumentException("a sign bit is 0 or 1");
        }
        sign[i] = negative[i];
      }
    }
    long[] u = addPublic(subtract(multiplyPublic(x, 2), sign), plan.absDivisor() + plan.offset());
    long[] quotient = addPublic(floorDivide(u, 2 * plan.absDivisor(), plan.wrapFromTopBits()), -plan.offsetQuotient());
    return d < 0 ? negate(quotient) : quotient;
  }

  /** Random OTs per value that {@code sender} sends in {@link #divideRounded} with these arguments. */
  public static int randomOtsForDivideRounded(long d, long min, int bits, Party sender) {
    return Division.of(d, min, bits).randomOts(sender);
  }

  /** daBits per value of {@link #divideRounded} with these arguments. */
  public static int daBitsForDivideRounded(long d, long min, int bits) {
    return Division.of(d, min, bits).daBits();
  }

  /** Random OTs per value that {@code sender} sends in {@link #divideRoundedOwnSign} with these arguments. */
  public static int randomOtsForDivideRoundedOwnSign(long d, long min, int bits, Party sender) {
    return Division.of(d, min, bits).withOwnSign().randomOts(sender);
  }

  /** daBits per value of {@link #divideRoundedOwnSign} with these arguments. */
  public static int daBitsForDivideRoundedOwnSign(long d, long min, int bits) {
    return Division.of(d, min, bits).withOwnSign().daBits();
  }

  /**
   * The public plan of a rounding division: the comparison width of the sign test (0 when the
   * sign is public), whether a public sign is negative, the offset L (mod 2<sup>64</sup>) that makes
   * the dividend of the floor division non-negative and L / 2|d|, and the triples it all takes.
   */
  private record Division(long absDivisor, int signBits, boolean negative, long offset, long offsetQuotient,
      boolean wrapFromTopBits) {
    static Division of(long d, long min, int bits) {
      if (bits < 1 || bits > MAX_DIVIDEND_BITS) {
        throw new IllegalArgumentException("the dividend's range must lie in [1, " + MAX_DIVIDEND_BITS + "] bits: " + bits);
      }
      if (d == 0 || d < -MAX_DIVISOR || d > MAX_DIVISOR) {
        throw new IllegalArgumentException("the divisor must be non-zero with |d| <= 2^40: " + d);
      }
      long max = min + ((1L << bits) - 1);
      if (max < min) {
        throw new IllegalArgumentException("the range [min, min + 2^" + bits + ") passes Long.MAX_VALUE");
      }
      long absD = Math.abs(d);
      int signBits = min >= 0 || max < 0 ? 0 : 64 - Long.numberOfLeadingZeros(Math.max(-min, max));
      // the least value of 2x + |d| − s is low = 2·min + |d| − 1; the multiple L of 2|d| that moves it
      // into [0, 2|d|) keeps u = 2x + |d| − s + L in [0, 2|d| + 2^(bits+1)), at most 2^41 + 2^63 < 2^64:
      // the floor division by shares and the wrap bit are exact on any u below 2^64, and the sign
      // test needs at most 62 bits
      BigInteger divisor = BigInteger.valueOf(2 * absD);
      BigInteger low = BigInteger.valueOf(min).shiftLeft(1).add(BigInteger.valueOf(absD - 1));
      BigInteger[] qr = low.divideAndRemainder(divisor);
      BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
      BigInteger offset = floor.multiply(divisor).negate();
      // L and L / 2|d| are used modulo 2^64, like every share: for a range near Long.MIN_VALUE with a
      // small divisor, L / 2|d| itself passes 2^63, but the quotient it corrects fits in a long
      // u < 2^(bits+1) + 2^41 <= 2^62 + 2^41 < 2^63 for bits <= 61: then the wrap bit is the OR of
      // the shares' top bits (see floorDivide)
      return new Division(absD, signBits, max < 0, offset.longValue(), offset.divide(divisor).longValue(),
          bits <= 61);
    }

    /** The same division with the sign given by a party in plaintext: no sign test. */
    Division withOwnSign() {
      return new Division(absDivisor, 0, false, offset, offsetQuotient, wrapFromTopBits);
    }

    /** The sign test's, the wrap bit's (P0 sends the one of the top bits' product) and the remainder tests'. */
    int randomOts(Party sender) {
      int wrap = wrapFromTopBits ? (sender == Party.P0 ? 1 : 0) : Millionaires.randomOtsForCarry(64, sender);
      return (signBits > 0 ? randomOtsForLessThan(signBits, sender) : 0) + wrap
          + Millionaires.randomOtsForCarryPair(remainderBits(2 * absDivisor), sender);
    }

    /** B2A of the sign, of the wrap bit and of the two remainder tests. */
    int daBits() {
      return (signBits > 0 ? 1 : 0) + 1 + 2;
    }
  }

  /**
   * The wrap bit [u<sub>0</sub> + u<sub>1</sub> ≥ 2<sup>64</sup>] as XOR shares when the value u
   * is below 2<sup>63</sup>: with a, b the shares' top bits and c the carry into bit 63, bit 63 of
   * u is a ⊕ b ⊕ c = 0, so a + b + c is 0 or 2 and the wrap, [a + b + c ≥ 2], is a ∨ b = a ⊕ b ⊕
   * ab — one product of bits each party holds in plaintext ({@link #andOfOwnBits}: one random OT),
   * instead of a 64-bit carry.
   */
  private long[] wrapFromTopBits(long[] u) {
    int n = u.length;
    long[] top = new long[Bits.words(n)];
    for (int i = 0; i < n; i++) {
      top[i >>> 6] |= (u[i] >>> 63) << i;
    }
    // each party's top bits are its XOR share of a ⊕ b
    return Bits.xor(top, andOfOwnBits(top, n));
  }

  /**
   * A share of a ∧ b for P0's plaintext bits a and P1's b ({@code own}: this party's): one random
   * OT per bit (P0 sends), one round, one bit each way. With the random OT's messages s<sub>0</sub>,
   * s<sub>1</sub> at P0 (Δ = s<sub>0</sub> ⊕ s<sub>1</sub>) and choice d, s<sub>d</sub> = s<sub>0</sub> ⊕
   * dΔ at P1, P0 sends f = a ⊕ Δ and P1 sends e = b ⊕ d at once, each uniform to the other; then ab
   * = (f ⊕ Δ)(e ⊕ d) = fe ⊕ eΔ ⊕ fd ⊕ dΔ, shared as fe ⊕ eΔ ⊕ s<sub>0</sub> (P0) and fd ⊕
   * s<sub>d</sub> (P1) — one random OT where an AND triple takes two, since a product of one
   * party's bit and the other's has one cross term, not two.
   */
  private long[] andOfOwnBits(long[] own, int n) {
    long[] mine = new long[own.length];
    long[] base = new long[own.length];
    if (party == Party.P0) {
      TriplePool.SentOts ots = pool.takeSentOts(n);
      for (int i = 0; i < n; i++) {
        mine[i >>> 6] |= ((ots.message0()[i] ^ ots.message1()[i]) & 1) << i; // Δ
        base[i >>> 6] |= (ots.message0()[i] & 1) << i;                         // s0
      }
    } else {
      TriplePool.ReceivedOts ots = pool.takeReceivedOts(n);
      System.arraycopy(ots.choices(), 0, mine, 0, mine.length);                // d
      for (int i = 0; i < n; i++) {
        base[i >>> 6] |= (ots.chosen()[i] & 1) << i;                            // s_d
      }
    }
    long[] masked = Bits.xor(own, mine);
    wire.send(Step.PLAINTEXT_AND, masked);
    long[] peer = wire.receiveBits(Step.PLAINTEXT_AND, 1, n);
    long[] out = new long[own.length];
    for (int w = 0; w < out.length; w++) {
      // P0: f = masked, e = peer, Δ = mine; P1: e = masked, f = peer, d = mine
      out[w] = base[w] ^ (party == Party.P0 ? (masked[w] & peer[w]) ^ (peer[w] & mine[w]) : peer[w] & mine[w]);
    }
    return out;
  }

  /** The comparison width for a remainder t in (−divisor, 2·divisor). */
  private static int remainderBits(long divisor) {
    return 64 - Long.numberOfLeadingZeros(2 * divisor);
  }

  /**
   * A share of ⌊u / divisor⌋ for shared u whose value, read as an unsigned 64-bit number, is the
   * integer to divide (see {@link #divideRounded}); {@code divisor} ≤ 2<sup>41</sup>.
   */
  private long[] floorDivide(long[] u, long divisor, boolean wrapFromTopBits) {
    int n = u.length;
    long[] wrap = bitToArithmetic(wrapFromTopBits ? wrapFromTopBits(u) : millionaires.carry(u, 64), n);
    // 2^64 = Q·divisor + R
    long quotientOf2To64 = Long.divideUnsigned(-1L, divisor);
    long remainderOf2To64 = Long.remainderUnsigned(-1L, divisor) + 1;
    if (remainderOf2To64 == divisor) {
      quotientOf2To64++;
      remainderOf2To64 = 0;
    }
    long[] quotient = new long[n];
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      quotient[i] = Long.divideUnsigned(u[i], divisor) - wrap[i] * quotientOf2To64;
      t[i] = Long.remainderUnsigned(u[i], divisor) - wrap[i] * remainderOf2To64;
    }
    // t in (−divisor, 2·divisor): ⌊t / divisor⌋ = 1 − [t < divisor] − [t < 0]. As in lessThan, [t < y]
    // is the complement of bit k of w = t − y + 2^k (k bits hold (−2·divisor, 2·divisor)); P0 adds
    // the public −y + 2^k to its share, so P1's share is the same for both bounds and one carry pair
    // serves both tests
    int k = remainderBits(divisor);
    long[] belowDivisor = addPublic(t, (1L << k) - divisor);
    long[] belowZero = addPublic(t, 1L << k);
    long[] carries = millionaires.carryPair(belowDivisor, party == Party.P0 ? belowZero : null, k);
    long[] top = new long[Bits.words(2 * n)];
    Bits.copyBits(Bits.plane(belowDivisor, k), 0, top, 0, n);
    Bits.copyBits(Bits.plane(belowZero, k), 0, top, n, n);
    long[] below = bitToArithmetic(not(Bits.xor(top, carries), 2 * n), 2 * n);
    for (int i = 0; i < n; i++) {
      quotient[i] -= below[i] + below[n + i];
    }
    return addPublic(quotient, 1);
  }

  // ---------------------------------------------------------------- internals

  /** x[v] ∧ y[v] for every vector v of {@code count} bits, all in one message each way. */
  private long[][] andGates(int count, long[][] x, long[][] y) {
    int vectors = x.length;
    int words = Bits.words(count);
    AndTriples t = pool.takeAnds(Math.multiplyExact(vectors, count));
    long[][] a = new long[vectors][words];
    long[][] b = new long[vectors][words];
    long[][] c = new long[vectors][words];
    long[] message = new long[2 * vectors * words];
    for (int v = 0; v < vectors; v++) {
      Bits.copyBits(t.a(), v * count, a[v], 0, count);
      Bits.copyBits(t.b(), v * count, b[v], 0, count);
      Bits.copyBits(t.c(), v * count, c[v], 0, count);
      for (int w = 0; w < words; w++) {
        message[v * words + w] = x[v][w] ^ a[v][w];
        message[(vectors + v) * words + w] = y[v][w] ^ b[v][w];
      }
    }
    wire.send(Step.AND, message);
    long[] peer = wire.receiveBits(Step.AND, 2 * vectors, count);
    long[][] z = new long[vectors][words];
    for (int v = 0; v < vectors; v++) {
      for (int w = 0; w < words; w++) {
        long d = message[v * words + w] ^ peer[v * words + w];
        long e = message[(vectors + v) * words + w] ^ peer[(vectors + v) * words + w];
        z[v][w] = c[v][w] ^ (d & b[v][w]) ^ (e & a[v][w]) ^ (party == Party.P0 ? d & e : 0);
      }
    }
    return z;
  }

  private static int requireWidth(int bits) {
    if (bits < 1 || bits > 63) {
      throw new IllegalArgumentException("the range width must lie in [1, 63] bits: " + bits);
    }
    return bits;
  }

  private static void requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }

  private static void requireSameLength(long[] x, long[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("vector lengths differ: " + x.length + ", " + y.length);
    }
  }

  private static void requirePacked(long[] words, int count) {
    requireCount(count);
    if (words.length != Bits.words(count) || !Bits.tailIsClear(words, count)) {
      throw new IllegalArgumentException(count + " bits take " + Bits.words(count)
          + " words with the bits past the count zero");
    }
  }

  /** Planted bug for the view tests' positive controls: the millionaires' tables go out without their OT masks. */
  void plantUnmaskedDigitTables() {
    millionaires.plantUnmaskedTables();
  }

  /** Planted bug for the view test's positive control: {@link #multiplyConstant}'s corrections go out without their pads. */
  void plantUnmaskedConstantProduct() {
    plantedUnmaskedProduct = true;
  }

  @Override
  public String toString() {
    return "ArithmeticSession[" + party + ", " + pool + "]";
  }
}
