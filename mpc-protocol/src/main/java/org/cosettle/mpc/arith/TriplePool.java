package org.cosettle.mpc.arith;

import java.util.ArrayDeque;
import org.cosettle.crypto.ot.IknpOtExtension;
import org.cosettle.crypto.triples.AndTriples;
import org.cosettle.crypto.triples.MultiplicationTriples;
import org.cosettle.crypto.triples.TripleGenerator;
import org.cosettle.crypto.sharing.Ring64;

/**
 * One party's store of correlated randomness for an {@link ArithmeticSession}: Beaver triples over
 * Z(2<sup>64</sup>) and bit-packed AND triples. It is filled in the offline phase
 * ({@link #fill}, both parties with the same counts, in the same order) and consumed, first in
 * first out, by the online steps. It never refills itself: a step that needs more than is left
 * throws {@link TriplePoolExhaustedException} before it sends anything. Size it with the per-value
 * costs on {@link ArithmeticSession} ({@link ArithmeticSession#andTriplesForLessThan} and friends).
 * Not thread-safe; one pool per party and session.
 *
 * <pre>{@code
 * TriplePool pool = new TriplePool();
 * pool.fill(TripleGenerator.setUp(channel, party, prg), 2 * n, n * ArithmeticSession.andTriplesForLessThan(38));
 * }</pre>
 */
public final class TriplePool {
  /** Most multiplication triples per generator call (64 OTs each, IKNP's limit). */
  private static final int MULTIPLICATIONS_PER_CALL = IknpOtExtension.MAX_COUNT / 64;
  private static final int ANDS_PER_CALL = IknpOtExtension.MAX_COUNT;

  private final ArrayDeque<MultiplicationTriples> multiplications = new ArrayDeque<>();
  private final ArrayDeque<AndTriples> ands = new ArrayDeque<>();
  private int multiplicationOffset;
  private int andOffset;
  private long multiplicationsLeft;
  private long andsLeft;

  /**
   * Runs the offline phase with the peer: {@code multiplications} Beaver triples over
   * Z(2<sup>64</sup>), then {@code ands} AND triples, added behind what the pool holds.
   */
  public void fill(TripleGenerator generator, int multiplications, int ands) {
    if (multiplications < 0 || ands < 0) {
      throw new IllegalArgumentException("triple counts must not be negative: " + multiplications + ", " + ands);
    }
    for (int done = 0; done < multiplications; ) {
      int n = Math.min(MULTIPLICATIONS_PER_CALL, multiplications - done);
      this.multiplications.add(generator.multiplicationTriples(Ring64.INSTANCE, n));
      multiplicationsLeft += n;
      done += n;
    }
    for (int done = 0; done < ands; ) {
      int n = Math.min(ANDS_PER_CALL, ands - done);
      this.ands.add(generator.andTriples(n));
      andsLeft += n;
      done += n;
    }
  }

  public long multiplicationsLeft() {
    return multiplicationsLeft;
  }

  public long andsLeft() {
    return andsLeft;
  }

  /** Throws unless the pool holds at least these counts. */
  void require(long multiplicationCount, long andCount) {
    if (multiplicationCount > multiplicationsLeft) {
      throw new TriplePoolExhaustedException("multiplication", multiplicationCount, multiplicationsLeft);
    }
    if (andCount > andsLeft) {
      throw new TriplePoolExhaustedException("AND", andCount, andsLeft);
    }
  }

  /** The next {@code count} Beaver triples. */
  MultiplicationTriples takeMultiplications(int count) {
    require(count, 0);
    long[] a = new long[count];
    long[] b = new long[count];
    long[] c = new long[count];
    int filled = 0;
    while (filled < count) {
      MultiplicationTriples head = multiplications.peek();
      int n = Math.min(count - filled, head.count() - multiplicationOffset);
      System.arraycopy(head.a(), multiplicationOffset, a, filled, n);
      System.arraycopy(head.b(), multiplicationOffset, b, filled, n);
      System.arraycopy(head.c(), multiplicationOffset, c, filled, n);
      filled += n;
      multiplicationOffset += n;
      if (multiplicationOffset == head.count()) {
        multiplications.poll();
        multiplicationOffset = 0;
      }
    }
    multiplicationsLeft -= count;
    return new MultiplicationTriples(Ring64.INSTANCE, a, b, c);
  }

  /** The next {@code count} AND triples, packed from bit 0. */
  AndTriples takeAnds(int count) {
    require(0, count);
    int words = Bits.words(count);
    long[] a = new long[words];
    long[] b = new long[words];
    long[] c = new long[words];
    int filled = 0;
    while (filled < count) {
      AndTriples head = ands.peek();
      int n = Math.min(count - filled, head.count() - andOffset);
      Bits.copyBits(head.a(), andOffset, a, filled, n);
      Bits.copyBits(head.b(), andOffset, b, filled, n);
      Bits.copyBits(head.c(), andOffset, c, filled, n);
      filled += n;
      andOffset += n;
      if (andOffset == head.count()) {
        ands.poll();
        andOffset = 0;
      }
    }
    andsLeft -= count;
    return new AndTriples(count, a, b, c);
  }

  @Override
  public String toString() {
    return "TriplePool[" + multiplicationsLeft + " multiplication, " + andsLeft + " AND triples]";
  }
}
