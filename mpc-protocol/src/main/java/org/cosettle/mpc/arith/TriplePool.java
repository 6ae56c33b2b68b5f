package org.cosettle.mpc.arith;

import java.util.ArrayDeque;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.cosettle.crypto.ot.IknpOtExtension;
import org.cosettle.crypto.sharing.Ring64;
import org.cosettle.crypto.triples.AndTriples;
import org.cosettle.crypto.triples.MultiplicationTriples;
import org.cosettle.crypto.triples.RandomOts;
import org.cosettle.crypto.triples.TripleGenerator;

/**
 * One party's store of correlated randomness for an {@link ArithmeticSession}: Beaver triples over
 * Z(2<sup>64</sup>), bit-packed AND triples, random OTs with 64-bit messages (this party the sender
 * of some, the receiver of others) and daBits (random bits shared both ways, for B2A). It is filled
 * in the offline phase ({@link #fill}, {@link #fillRandomOts}, {@link #fillDaBits}: both parties
 * with the same counts, in the same order) and consumed, first in first out, by the online steps.
 * It never refills itself: a step that needs more than is left throws {@link
 * TriplePoolExhaustedException} before it sends anything. Size it with the per-value costs on
 * {@link ArithmeticSession} ({@link ArithmeticSession#randomOtsForLessThan} and friends). Not
 * thread-safe; one pool per party and session.
 *
 * <pre>{@code
 * TriplePool pool = new TriplePool();   // n comparisons of 38 bits, each followed by B2A
 * TripleGenerator generator = TripleGenerator.setUp(channel, party, prg);
 * pool.fillRandomOts(generator, n * ArithmeticSession.randomOtsForLessThan(38, party),
 *     n * ArithmeticSession.randomOtsForLessThan(38, peer));
 * pool.fillDaBits(DaBitGenerator.alongside(generator, prg), n);
 * }</pre>
 */
public final class TriplePool {
  /**
   * OTs per generator call: 2^21 keeps one call's OT matrices near 32 MiB on each side (IKNP's own
   * limit, 2^26, would take a gigabyte for a large batch) and costs nothing measurable in speed.
   */
  private static final int OTS_PER_CALL = 1 << 21;
  /** Multiplication triples per call: 128 OTs each (64 per cross term). */
  private static final int MULTIPLICATIONS_PER_CALL = OTS_PER_CALL / 128;
  /** AND triples per call: two random OTs each. */
  private static final int ANDS_PER_CALL = OTS_PER_CALL / 2;
  /** daBits per call: one correlated OT each. */
  private static final int DABITS_PER_CALL = Math.min(OTS_PER_CALL, IknpOtExtension.MAX_COUNT);

  private final Store<MultiplicationTriples> multiplications = new Store<>("multiplication triples",
      MultiplicationTriples::count,
      n -> new MultiplicationTriples(Ring64.INSTANCE, new long[n], new long[n], new long[n]),
      (from, at, to, filled, n) -> {
        System.arraycopy(from.a(), at, to.a(), filled, n);
        System.arraycopy(from.b(), at, to.b(), filled, n);
        System.arraycopy(from.c(), at, to.c(), filled, n);
      });
  private final Store<AndTriples> ands = new Store<>("AND triples", AndTriples::count,
      n -> new AndTriples(n, new long[Bits.words(n)], new long[Bits.words(n)], new long[Bits.words(n)]),
      (from, at, to, filled, n) -> {
        Bits.copyBits(from.a(), at, to.a(), filled, n);
        Bits.copyBits(from.b(), at, to.b(), filled, n);
        Bits.copyBits(from.c(), at, to.c(), filled, n);
      });
  /** This party's ends of random OTs it sends: both messages of each. */
  record SentOts(int count, long[] message0, long[] message1) {}

  /** This party's ends of random OTs it receives: the random choice bits (packed) and the chosen messages. */
  record ReceivedOts(int count, long[] choices, long[] chosen) {}

  private final Store<SentOts> sentOts = new Store<>("random OTs this party sends", SentOts::count,
      n -> new SentOts(n, new long[n], new long[n]),
      (from, at, to, filled, n) -> {
        System.arraycopy(from.message0(), at, to.message0(), filled, n);
        System.arraycopy(from.message1(), at, to.message1(), filled, n);
      });
  private final Store<ReceivedOts> receivedOts = new Store<>("random OTs this party receives", ReceivedOts::count,
      n -> new ReceivedOts(n, new long[Bits.words(n)], new long[n]),
      (from, at, to, filled, n) -> {
        Bits.copyBits(from.choices(), at, to.choices(), filled, n);
        System.arraycopy(from.chosen(), at, to.chosen(), filled, n);
      });
  private final Store<DaBits> daBits = new Store<>("daBits", DaBits::count,
      n -> new DaBits(n, new long[Bits.words(n)], new long[n]),
      (from, at, to, filled, n) -> {
        Bits.copyBits(from.bits(), at, to.bits(), filled, n);
        System.arraycopy(from.arithmetic(), at, to.arithmetic(), filled, n);
      });

  /**
   * Runs the offline phase with the peer: {@code multiplications} Beaver triples over
   * Z(2<sup>64</sup>), then {@code ands} AND triples, added behind what the pool holds.
   */
  public void fill(TripleGenerator generator, int multiplications, int ands) {
    requireNonNegative(multiplications);
    requireNonNegative(ands);
    for (int done = 0; done < multiplications; ) {
      int n = Math.min(MULTIPLICATIONS_PER_CALL, multiplications - done);
      this.multiplications.add(generator.multiplicationTriples(Ring64.INSTANCE, n));
      done += n;
    }
    for (int done = 0; done < ands; ) {
      int n = Math.min(ANDS_PER_CALL, ands - done);
      this.ands.add(generator.andTriples(n));
      done += n;
    }
  }

  /** Runs the offline phase for {@code count} daBits with the peer, added behind what the pool holds. */
  public void fillDaBits(DaBitGenerator generator, int count) {
    requireNonNegative(count);
    for (int done = 0; done < count; ) {
      int n = Math.min(Math.min(DABITS_PER_CALL, DaBitGenerator.maxCount()), count - done);
      daBits.add(generator.daBits(n));
      done += n;
    }
  }

  /**
   * Runs the offline phase for random OTs: {@code sent} with this party as the sender and {@code
   * received} as the receiver (the peer calls with the two swapped), added behind what the pool
   * holds. A select takes one of each; a product with one party's plaintext takes its bits' worth
   * in one direction ({@link ArithmeticSession#multiplyPlaintext}).
   */
  public void fillRandomOts(TripleGenerator generator, int sent, int received) {
    requireNonNegative(sent);
    requireNonNegative(received);
    int perCall = OTS_PER_CALL / 2;
    for (int doneSent = 0, doneReceived = 0; doneSent < sent || doneReceived < received; ) {
      int s = Math.min(perCall, sent - doneSent);
      int r = Math.min(perCall, received - doneReceived);
      RandomOts ots = generator.randomOts(s, r);
      if (s > 0) {
        sentOts.add(new SentOts(s, ots.sent0(), ots.sent1()));
      }
      if (r > 0) {
        receivedOts.add(new ReceivedOts(r, ots.choices(), ots.received()));
      }
      doneSent += s;
      doneReceived += r;
    }
  }

  public long sentOtsLeft() {
    return sentOts.left;
  }

  public long receivedOtsLeft() {
    return receivedOts.left;
  }

  public long multiplicationsLeft() {
    return multiplications.left;
  }

  public long andsLeft() {
    return ands.left;
  }

  public long daBitsLeft() {
    return daBits.left;
  }

  /** Throws unless the pool holds at least these counts. */
  void require(long multiplicationCount, long andCount, long daBitCount) {
    multiplications.require(multiplicationCount);
    ands.require(andCount);
    daBits.require(daBitCount);
  }

  /** Throws unless the pool holds at least these counts of random OTs, as sender and as receiver. */
  void requireRandomOts(long sent, long received) {
    sentOts.require(sent);
    receivedOts.require(received);
  }

  /** The next {@code count} random OTs this party sends. */
  SentOts takeSentOts(int count) {
    return sentOts.take(count);
  }

  /** The next {@code count} random OTs this party receives, choices packed from bit 0. */
  ReceivedOts takeReceivedOts(int count) {
    return receivedOts.take(count);
  }

  /** The next {@code count} Beaver triples. */
  MultiplicationTriples takeMultiplications(int count) {
    return multiplications.take(count);
  }

  /** The next {@code count} AND triples, packed from bit 0. */
  AndTriples takeAnds(int count) {
    return ands.take(count);
  }

  /** The next {@code count} daBits, packed from bit 0. */
  DaBits takeDaBits(int count) {
    return daBits.take(count);
  }

  @Override
  public String toString() {
    return "TriplePool[" + multiplications.left + " multiplication, " + ands.left + " AND triples, " + daBits.left
        + " daBits, " + sentOts.left + " + " + receivedOts.left + " random OTs]";
  }

  private static void requireNonNegative(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + count);
    }
  }

  /** Copies {@code n} items of chunk {@code from} at {@code at} into {@code to} at {@code filled}. */
  private interface Copier<T> {
    void copy(T from, int at, T to, int filled, int n);
  }

  /** A first-in first-out queue of chunks of one kind of correlated randomness. */
  private static final class Store<T> {
    private final String kind;
    private final ToIntFunction<T> count;
    private final IntFunction<T> allocate;
    private final Copier<T> copier;
    private final ArrayDeque<T> chunks = new ArrayDeque<>();
    private int offset;
    private long left;

    Store(String kind, ToIntFunction<T> count, IntFunction<T> allocate, Copier<T> copier) {
      this.kind = kind;
      this.count = count;
      this.allocate = allocate;
      this.copier = copier;
    }

    void add(T chunk) {
      chunks.add(chunk);
      left += count.applyAsInt(chunk);
    }

    void require(long needed) {
      if (needed > left) {
        throw new TriplePoolExhaustedException(kind, needed, left);
      }
    }

    T take(int n) {
      require(n);
      T out = allocate.apply(n);
      int filled = 0;
      while (filled < n) {
        T head = chunks.peek();
        int size = count.applyAsInt(head);
        int k = Math.min(n - filled, size - offset);
        copier.copy(head, offset, out, filled, k);
        filled += k;
        offset += k;
        if (offset == size) {
          chunks.poll();
          offset = 0;
        }
      }
      left -= n;
      return out;
    }
  }
}
