package org.cosettle.crypto.triples;

import java.math.BigInteger;
import java.util.Arrays;
import org.cosettle.crypto.bfv.BfvEvaluator;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;

/**
 * One party's end of Beaver multiplication triples over the BFV plaintext field Z<sub>t</sub>,
 * one triple per slot, from homomorphic encryption instead of OT (semi-honest, as
 * {@link TripleGenerator}):
 *
 * <ol>
 *   <li>P0 holds a BFV key pair (its public key is sent once, at set-up), draws a<sub>0</sub>,
 *       b<sub>0</sub> and sends the seeded symmetric ciphertexts Enc(a<sub>0</sub>),
 *       Enc(b<sub>0</sub>) (half size: the uniform component ships as a 32-byte seed).
 *   <li>P1 draws a<sub>1</sub>, b<sub>1</sub>, r, computes
 *       Enc(a<sub>0</sub>)·b<sub>1</sub> + Enc(b<sub>0</sub>)·a<sub>1</sub> − r, adds a fresh
 *       public-key encryption of zero (re-randomisation), adds noise uniform in
 *       [−2<sup>β</sup>, 2<sup>β</sup>) to flood the noise that depends on a<sub>1</sub>,
 *       b<sub>1</sub>, switches the modulus down to the smallest level that still decrypts (to
 *       shrink the reply) and returns it.
 *   <li>P0 decrypts a<sub>0</sub>b<sub>1</sub> + a<sub>1</sub>b<sub>0</sub> − r; c<sub>0</sub> =
 *       a<sub>0</sub>b<sub>0</sub> + that, c<sub>1</sub> = a<sub>1</sub>b<sub>1</sub> + r.
 * </ol>
 *
 * <p><b>Flooding parameters</b> (worst-case bounds, n the degree): a fresh symmetric ciphertext
 * has noise at most 21 + ½ (binomial error bound plus the rounding of Q·m/t); multiplying by a
 * plaintext with centred coefficients below t/2 gives at most n·21.5·t/2, the sum of two at most
 * V = n·21.5·t, and −r adds ½. Two candidate noises differ by at most 2V per coefficient, so
 * uniform noise on [−2<sup>β</sup>, 2<sup>β</sup>) hides the difference up to a statistical
 * distance of n·2V/2<sup>β+1</sup> = n·V/2<sup>β</sup>; β = ⌈log<sub>2</sub>(V + 1)⌉ +
 * log<sub>2</sub> n + {@value #STATISTICAL_SECURITY} makes it at most
 * 2<sup>−{@value #STATISTICAL_SECURITY}</sup> for the whole ciphertext. The public-key encryption
 * of zero makes the uniform component fresh (RLWE) and adds noise below n. Decryption at the top
 * level needs the total (below 2<sup>β+1</sup>) under Q/(4t); after switching to level ℓ the noise
 * becomes (Q<sub>ℓ</sub>/Q)·N + (1 + n)/2 (rounding, ternary secret), which must stay under
 * Q<sub>ℓ</sub>/(4t). Parameter sets where β does not fit are refused at set-up: with the default
 * chains that allows t up to 49 bits at n = 8192 and 60 bits at n = 16384, but not n = 4096.
 * The switch is applied after flooding, so the rounding is a function of a ciphertext that is
 * already (statistically) independent of P1's inputs.
 *
 * <p>The BFV arithmetic is a {@link BfvScheme}, so either backend runs it (the pure-Java one, or
 * SEAL through {@code cosettle-crypto-seal}); both parties must use the same backend, since the
 * wire carries that backend's encoding. Both give triples over the same Z<sub>t</sub>.
 *
 * <pre>{@code
 * BfvScheme he = BfvBackends.select().open(BfvParameters.defaults(16384, 60));    // java or seal
 * HeTripleGenerator generator = HeTripleGenerator.setUp(channel, Party.P0, he, prg);   // peer: P1
 * MultiplicationTriples triples = generator.multiplicationTriples(100_000);            // over Z_t
 * }</pre>
 */
public final class HeTripleGenerator {
  /** Steps at which a malformed message from the peer aborts the protocol. */
  public enum Step {
    PUBLIC_KEY,
    OPERANDS,
    RESULT
  }

  /** Statistical security of the flooding, in bits. */
  public static final int STATISTICAL_SECURITY = 40;
  /** Largest count per call. */
  public static final int MAX_COUNT = 1 << 24;
  /** Blocks of operands P0 sends ahead of the replies it has read. */
  private static final int WINDOW = 2;

  private final Channel channel;
  private final Party party;
  private final Prg prg;
  private final BfvScheme he;
  private final PrimeField field;
  private final BfvScheme.SecretKey secretKey;
  private final BfvScheme.PublicKey publicKey;
  private final int floodingBits;
  private final int replyLevel;
  private boolean dead;

  private HeTripleGenerator(Channel channel, Party party, Prg prg, BfvScheme he, BfvScheme.SecretKey secretKey,
      BfvScheme.PublicKey publicKey) {
    this.channel = channel;
    this.party = party;
    this.prg = prg;
    this.he = he;
    this.field = PrimeField.of(he.plainModulus());
    this.secretKey = secretKey;
    this.publicKey = publicKey;
    this.floodingBits = floodingBits(he.parameters());
    this.replyLevel = replyLevel(he.parameters(), floodingBits);
  }

  /**
   * P0 generates a key pair and sends its public key; P1 receives it. Both pass the same
   * parameters. Throws {@link IllegalArgumentException} for parameters that cannot hold the
   * flooding noise, and {@link ProtocolAbortException} for a malformed public key.
   */
  public static HeTripleGenerator setUp(Channel channel, Party party, BfvScheme he, Prg prg) {
    if (channel == null || party == null || he == null || prg == null) {
      throw new IllegalArgumentException("channel, party, scheme and randomness are required");
    }
    replyLevel(he.parameters(), floodingBits(he.parameters()));
    if (party == Party.P0) {
      // keys from a generator of their own, so that the triples drawn from prg afterwards do not
      // depend on how much randomness the backend's key generation takes
      Prg keyRandomness = Prg.fromSeed(prg.nextBytes(32));
      BfvScheme.SecretKey secret = he.secretKey(keyRandomness);
      channel.send(he.publicKey(secret, keyRandomness).toBytes());
      return new HeTripleGenerator(channel, party, prg, he, secret, null);
    }
    BfvScheme.PublicKey pub;
    try {
      pub = he.readPublicKey(channel.receive(maxMessageBytes(he.parameters())));
    } catch (IllegalArgumentException e) {
      throw new ProtocolAbortException(Step.PUBLIC_KEY, "malformed public key", e);
    }
    return new HeTripleGenerator(channel, party, prg, he, null, pub);
  }

  /**
   * β: bits of the flooding noise for these parameters, from the worst-case noise bound
   * V = n·21.5·t + 1 of P1's result (see the class comment).
   */
  public static int floodingBits(BfvParameters parameters) {
    int n = parameters.degree();
    BigInteger bound = BigInteger.valueOf(n).multiply(BigInteger.valueOf(parameters.plainModulus()))
        .multiply(BigInteger.valueOf(43)).shiftRight(1).add(BigInteger.TWO);
    int logN = Integer.numberOfTrailingZeros(n);
    return bound.bitLength() + logN + STATISTICAL_SECURITY;
  }

  /**
   * The level of P1's reply: the lowest at which the flooded ciphertext still decrypts. Throws
   * if even the top level cannot hold noise of {@code floodingBits} bits.
   */
  static int replyLevel(BfvParameters parameters, int floodingBits) {
    long[] moduli = parameters.coefficientModuli();
    int top = parameters.maxLevel();
    BigInteger t = BigInteger.valueOf(parameters.plainModulus());
    int n = parameters.degree();
    BigInteger q = BigInteger.ONE;
    for (int i = 0; i < top; i++) {
      q = q.multiply(BigInteger.valueOf(moduli[i]));
    }
    // total noise at the top: flooding + P1's noise + encryption of zero, below 2^(β+1)
    BigInteger total = BigInteger.ONE.shiftLeft(floodingBits + 1);
    if (floodingBits > BfvEvaluator.MAX_FLOODING_BITS || total.multiply(t).shiftLeft(2).compareTo(q) >= 0) {
      throw new IllegalArgumentException("parameters too small for noise flooding: need "
          + (floodingBits + 3 + t.bitLength()) + " bits of data modulus, have " + q.bitLength()
          + " (" + parameters + ")");
    }
    BigInteger ql = BigInteger.ONE;
    for (int level = 1; level <= top; level++) {
      ql = ql.multiply(BigInteger.valueOf(moduli[level - 1]));
      // (ql/Q)·total + (n+1)/2 < ql/(4t)  ⇔  4t·(ql·total + Q·(n+1)/2) < ql·Q
      BigInteger lhs = ql.multiply(total).add(q.multiply(BigInteger.valueOf(n + 1)).shiftRight(1).add(q))
          .multiply(t).shiftLeft(2);
      if (lhs.compareTo(ql.multiply(q)) < 0) {
        return level;
      }
    }
    return top;
  }

  /** The field of the triples: Z<sub>t</sub> for the BFV plaintext modulus t. */
  public PrimeField field() {
    return field;
  }

  /** β, the flooding noise's bits. */
  public int floodingBits() {
    return floodingBits;
  }

  /** The level (number of data primes) of P1's replies. */
  public int replyLevel() {
    return replyLevel;
  }

  /** Bytes this party has sent and received on the channel. */
  public long bytesTransferred() {
    return channel.bytesSent() + channel.bytesReceived();
  }

  /** This party's shares of {@code count} multiplication triples over {@link #field()}. */
  public MultiplicationTriples multiplicationTriples(int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("triple count must lie in [1, " + MAX_COUNT + "]: " + count);
    }
    if (dead) {
      throw new IllegalStateException("the session aborted earlier");
    }
    long[] a = new long[count];
    long[] b = new long[count];
    field.random(prg, a);
    field.random(prg, b);
    long[] c = new long[count];
    for (int k = 0; k < count; k++) {
      c[k] = field.multiply(a[k], b[k]);
    }
    try {
      if (party == Party.P0) {
        runP0(a, b, c);
      } else {
        runP1(a, b, c);
      }
    } catch (RuntimeException e) {
      dead = true;
      throw e;
    }
    return new MultiplicationTriples(field, a, b, c);
  }

  private void runP0(long[] a, long[] b, long[] c) {
    int slots = he.slotCount();
    int blocks = (a.length + slots - 1) / slots;
    // at most WINDOW blocks in flight: P0 encrypts ahead while P1 works, with bounded buffering
    for (int block = 0; block < blocks + WINDOW; block++) {
      if (block < blocks) {
        sendEncrypted(slice(a, block, slots));
        sendEncrypted(slice(b, block, slots));
      }
      int done = block - WINDOW + 1;
      if (done >= 0 && done < blocks) {
        long[] cross;
        try (BfvScheme.Ciphertext reply = receive(Step.RESULT, replyLevel)) {
          cross = he.decrypt(secretKey, reply);
        }
        int from = done * slots;
        for (int i = 0; i < slots && from + i < c.length; i++) {
          c[from + i] = field.add(c[from + i], cross[i]);
        }
      }
    }
  }

  private void sendEncrypted(long[] values) {
    try (BfvScheme.Ciphertext operand = he.encryptSymmetric(secretKey, values, prg)) {
      channel.send(operand.toBytes());
    }
  }

  private void runP1(long[] a, long[] b, long[] c) {
    int slots = he.slotCount();
    int blocks = (a.length + slots - 1) / slots;
    int top = he.parameters().maxLevel();
    for (int block = 0; block < blocks; block++) {
      int from = block * slots;
      long[] mask = new long[Math.min(slots, a.length - from)];
      field.random(prg, mask);
      long[] negatedMask = new long[mask.length];
      for (int i = 0; i < mask.length; i++) {
        negatedMask[i] = field.negate(mask[i]);
        c[from + i] = field.add(c[from + i], mask[i]);
      }
      try (BfvScheme.Ciphertext encA0 = receive(Step.OPERANDS, top);
          BfvScheme.Ciphertext encB0 = receive(Step.OPERANDS, top);
          BfvScheme.Ciphertext x = crossTerm(encA0, encB0, slice(a, block, slots), slice(b, block, slots), negatedMask);
          BfvScheme.Ciphertext hidden = hide(x);
          BfvScheme.Ciphertext reply = switchDown(hidden)) {
        channel.send(reply.toBytes());
      }
    }
  }

  /** P1's Enc(a0)·b1 + Enc(b0)·a1 − r, before re-randomisation and flooding. */
  BfvScheme.Ciphertext crossTerm(BfvScheme.Ciphertext encA0, BfvScheme.Ciphertext encB0, long[] a1, long[] b1,
      long[] negatedMask) {
    try (BfvScheme.Ciphertext left = he.multiplyPlain(encA0, b1);
        BfvScheme.Ciphertext right = he.multiplyPlain(encB0, a1);
        BfvScheme.Ciphertext sum = he.add(left, right)) {
      return he.addPlain(sum, negatedMask);
    }
  }

  /** Re-randomises with a fresh public-key encryption of zero and floods with β bits of noise. */
  BfvScheme.Ciphertext hide(BfvScheme.Ciphertext x) {
    try (BfvScheme.Ciphertext zero = he.encrypt(publicKey, new long[0], prg);
        BfvScheme.Ciphertext rerandomised = he.add(x, zero)) {
      return he.addUniformNoise(rerandomised, floodingBits, prg);
    }
  }

  /**
   * A flooded top-level ciphertext switched down to {@link #replyLevel()}: a new handle, or
   * {@code x} itself when it is at that level already.
   */
  BfvScheme.Ciphertext switchDown(BfvScheme.Ciphertext x) {
    BfvScheme.Ciphertext current = x;
    while (current.level() > replyLevel) {
      BfvScheme.Ciphertext next = he.modSwitchToNext(current);
      if (current != x) {
        current.close();
      }
      current = next;
    }
    return current;
  }

  /**
   * An upper bound on a serialized public key or ciphertext for {@code parameters}, on either
   * backend: two polynomials of n residues of at most 64 bits per prime of the chain, and a
   * header. The peer cannot make this side read more.
   */
  private static long maxMessageBytes(BfvParameters parameters) {
    return 16L * parameters.degree() * (parameters.maxLevel() + 1) + 256;
  }

  private BfvScheme.Ciphertext receive(Step step, int level) {
    BfvScheme.Ciphertext ciphertext;
    try {
      ciphertext = he.readCiphertext(channel.receive(maxMessageBytes(he.parameters())));
    } catch (IllegalArgumentException e) {
      throw new ProtocolAbortException(step, "malformed ciphertext", e);
    }
    if (ciphertext.level() != level || ciphertext.size() != 2) {
      String got = "got level " + ciphertext.level() + " and size " + ciphertext.size();
      ciphertext.close();
      throw new ProtocolAbortException(step, "expected a size-2 ciphertext at level " + level + ", " + got);
    }
    return ciphertext;
  }

  private static long[] slice(long[] values, int block, int slots) {
    int from = block * slots;
    return Arrays.copyOfRange(values, from, Math.min(values.length, from + slots));
  }

  @Override
  public String toString() {
    return "HeTripleGenerator[" + party + ", " + he.backend() + ", " + field + ", flooding " + floodingBits + " bits, reply level "
        + replyLevel + "]";
  }
}
