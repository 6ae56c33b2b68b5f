package org.cosettle.mpc.arith;

import java.util.function.Function;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.triples.TripleGenerator;

/**
 * Runs P0 on a second thread and P1 on the caller's, over an in-memory channel: the offline phase
 * (a real {@link TripleGenerator} and {@link DaBitGenerator} filling both pools) and then the online bodies, whose channel
 * costs are measured apart from the offline phase.
 */
final class TwoParties {
  /** What one party sent online: bytes and rounds from the channel counters. */
  record Cost(long bytesSent, long rounds, long messagesSent) {}

  record Outcome<A, B>(A p0, B p1, Cost cost0, Cost cost1) {}

  /** One party's online part. */
  interface Body<T> {
    T run(ArithmeticSession session, Channel channel);
  }

  /** One party's online part on its pool and channel directly, for a sub-protocol below the session. */
  interface PoolBody<T> {
    T run(TriplePool pool, Channel channel);
  }

  private TwoParties() {}

  /**
   * Random OTs to put in both pools (the same count each way) for {@code n} values of an operation
   * whose per-value count {@code sentBy} depends on who sends: the larger of the two.
   */
  static int otsEachWay(int n, java.util.function.ToIntFunction<Party> sentBy) {
    return n * Math.max(sentBy.applyAsInt(Party.P0), sentBy.applyAsInt(Party.P1));
  }

  static <A, B> Outcome<A, B> run(int multiplications, int ands, int daBits, Body<A> p0, Body<B> p1) {
    return run(multiplications, ands, daBits, Function.identity(), p0, p1);
  }

  /** As {@link #run}, with P0's online channel wrapped by {@code wrap0} (to tamper with or record it). */
  static <A, B> Outcome<A, B> run(int multiplications, int ands, int daBits, Function<Channel, Channel> wrap0,
      Body<A> p0, Body<B> p1) {
    return run(multiplications, ands, daBits, wrap0, Function.identity(), p0, p1);
  }

  /** As {@link #run}, with each party's online channel wrapped (to tamper with or record it). */
  static <A, B> Outcome<A, B> run(int multiplications, int ands, int daBits, Function<Channel, Channel> wrap0,
      Function<Channel, Channel> wrap1, Body<A> p0, Body<B> p1) {
    return run(multiplications, ands, daBits, 0, wrap0, wrap1, p0, p1);
  }

  /** As {@link #run}, with {@code randomOts} random OTs each way in the pools (for selects, mins and maxes). */
  static <A, B> Outcome<A, B> run(int multiplications, int ands, int daBits, int randomOts,
      Function<Channel, Channel> wrap0, Function<Channel, Channel> wrap1, Body<A> p0, Body<B> p1) {
    TwoParty.Results<Measured<A>, Measured<B>> r = TwoParty.run(
        c -> party(c, wrap0, Party.P0, multiplications, ands, daBits, randomOts, p0),
        c -> party(c, wrap1, Party.P1, multiplications, ands, daBits, randomOts, p1));
    return new Outcome<>(r.first().value, r.second().value, r.first().cost, r.second().cost);
  }

  /** Both parties run the same body (SPMD), given their party. */
  static <T> Outcome<T, T> symmetric(int multiplications, int ands, int daBits, Function<ArithmeticSession, T> body) {
    return symmetric(multiplications, ands, daBits, 0, body);
  }

  /** As {@link #symmetric}, with {@code randomOts} random OTs each way in the pools. */
  static <T> Outcome<T, T> symmetric(int multiplications, int ands, int daBits, int randomOts,
      Function<ArithmeticSession, T> body) {
    return run(multiplications, ands, daBits, randomOts, Function.identity(), Function.identity(),
        (s, c) -> body.apply(s), (s, c) -> body.apply(s));
  }

  /** Both parties with {@code randomOts} random OTs each way in their pools, running {@code p0} and {@code p1} on them. */
  static <A, B> TwoParty.Results<A, B> onPools(int randomOts, PoolBody<A> p0, PoolBody<B> p1) {
    return TwoParty.run(
        c -> p0.run(filledPool(c, Party.P0, Prg.create(), 0, 0, 0, randomOts), c),
        c -> p1.run(filledPool(c, Party.P1, Prg.create(), 0, 0, 0, randomOts), c));
  }

  private record Measured<T>(T value, Cost cost) {}

  /** The offline phase, then a barrier that ends on a receive (so the online phase's first send starts a round of its own). */
  private static TriplePool filledPool(Channel raw, Party party, Prg prg, int multiplications, int ands, int daBits,
      int randomOts) {
    TriplePool pool = new TriplePool();
    if (multiplications > 0 || ands > 0 || randomOts > 0) {
      TripleGenerator generator = TripleGenerator.setUp(raw, party, prg);
      pool.fill(generator, multiplications, ands);
      pool.fillRandomOts(generator, randomOts, randomOts);
    }
    if (daBits > 0) {
      pool.fillDaBits(DaBitGenerator.setUp(raw, party, prg), daBits);
    }
    raw.send(new byte[0]);
    raw.receive();
    return pool;
  }

  private static <T> Measured<T> party(Channel raw, Function<Channel, Channel> wrap, Party party, int multiplications,
      int ands, int daBits, int randomOts, Body<T> body) {
    Prg prg = Prg.create();
    TriplePool pool = filledPool(raw, party, prg, multiplications, ands, daBits, randomOts);
    Channel channel = wrap.apply(raw);
    long bytes = channel.bytesSent();
    long rounds = channel.rounds();
    long messages = channel.messagesSent();
    T value = body.run(new ArithmeticSession(channel, party, prg, pool), channel);
    return new Measured<>(value, new Cost(channel.bytesSent() - bytes, channel.rounds() - rounds,
        channel.messagesSent() - messages));
  }
}
