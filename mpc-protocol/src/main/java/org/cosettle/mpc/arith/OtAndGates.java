package org.cosettle.mpc.arith;

import org.cosettle.crypto.sharing.Party;

/**
 * AND gates on XOR shares whose triples are derived, locally, from the pool's random OTs: one OT
 * each way per gate, and also one each way per pair of gates that share an operand. A random OT
 * with messages s<sub>0</sub>, s<sub>1</sub> at the sender and choice d, s<sub>d</sub> at the
 * receiver shares the product d·(s<sub>0</sub> ⊕ s<sub>1</sub>) as s<sub>0</sub> ⊕ s<sub>d</sub>
 * — the cross terms of a triple (the construction of {@link
 * org.cosettle.crypto.triples.TripleGenerator}'s AND triples): P0's operand share a<sub>0</sub> is
 * its choice in the OT P1 sends, P1's b<sub>1</sub> the XOR of that OT's messages, and the other
 * way round. With ℓ-bit messages the same OT shares a·b for an ℓ-bit b, so a pair of gates x ∧
 * y<sub>1</sub>, x ∧ y<sub>2</sub> takes a triple (a; b<sub>1</sub>, b<sub>2</sub>; c<sub>1</sub>,
 * c<sub>2</sub>) from two OTs instead of four, and opens x ⊕ a once: 3 bits each way online
 * instead of 4.
 *
 * <p>Both parties call {@link #and} with the same shapes in the same order; each call is one
 * message each way and takes (gates + pairs) × count random OTs each way, in the order single gates
 * then pairs, value by value.
 */
final class OtAndGates implements BooleanCircuits.AndGates {
  private final Party party;
  private final TriplePool pool;
  private final Wire wire;
  private final int count;

  /** Gates on vectors of {@code count} bits. */
  OtAndGates(Party party, TriplePool pool, Wire wire, int count) {
    this.party = party;
    this.pool = pool;
    this.wire = wire;
    this.count = count;
  }

  @Override
  public long[][] and(long[][] x, long[][] y, long[][] pairX, long[][] pairY1, long[][] pairY2) {
    int singles = x.length;
    int pairs = pairX.length;
    int words = Bits.words(count);
    int ots = Math.multiplyExact(singles + pairs, count);
    pool.requireRandomOts(ots, ots);
    TriplePool.SentOts sent = pool.takeSentOts(ots);
    TriplePool.ReceivedOts received = pool.takeReceivedOts(ots);
    // per triple t: a (this party's share of the shared operand's mask), b1, b2 and c1, c2
    int triples = singles + pairs;
    long[][] a = new long[triples][];
    long[][][] b = new long[2][triples][];
    long[][][] c = new long[2][triples][];
    long[] message0 = sent.message0();
    long[] message1 = sent.message1();
    long[] chosen = received.chosen();
    for (int t = 0; t < triples; t++) {
      a[t] = new long[words];
      Bits.copyBits(received.choices(), t * count, a[t], 0, count);
      boolean pair = t >= singles;
      for (int l = 0; l < (pair ? 2 : 1); l++) {
        b[l][t] = new long[words];
        c[l][t] = new long[words];
      }
      for (int w = 0; w < words; w++) {
        int base = t * count + (w << 6);
        int n = Math.min(64, count - (w << 6));
        long b0 = 0;
        long c0 = 0;
        long b1 = 0;
        long c1 = 0;
        for (int j = 0; j < n; j++) {
          // b: s0 ⊕ s1 of the OT this party sent; c: its share s0 of the peer's a·b and s_d of a·b of the peer's b
          long bits = message0[base + j] ^ message1[base + j];
          long share = message0[base + j] ^ chosen[base + j];
          b0 |= (bits & 1) << j;
          c0 |= (share & 1) << j;
          b1 |= ((bits >>> 1) & 1) << j;
          c1 |= ((share >>> 1) & 1) << j;
        }
        // and its own cross term a·b
        b[0][t][w] = b0;
        c[0][t][w] = c0 ^ (a[t][w] & b0);
        if (pair) {
          b[1][t][w] = b1;
          c[1][t][w] = c1 ^ (a[t][w] & b1);
        }
      }
    }
    // the message: x ⊕ a for every triple, then y ⊕ b for the singles, then y1 ⊕ b1, y2 ⊕ b2 for the pairs
    int vectors = 2 * singles + 3 * pairs;
    long[] message = new long[vectors * words];
    for (int t = 0; t < triples; t++) {
      long[] xt = t < singles ? x[t] : pairX[t - singles];
      for (int w = 0; w < words; w++) {
        message[t * words + w] = xt[w] ^ a[t][w];
      }
    }
    int at = triples;
    for (int t = 0; t < triples; t++) {
      for (int l = 0; l < (t < singles ? 1 : 2); l++) {
        long[] yt = t < singles ? y[t] : l == 0 ? pairY1[t - singles] : pairY2[t - singles];
        for (int w = 0; w < words; w++) {
          message[at * words + w] = yt[w] ^ b[l][t][w];
        }
        at++;
      }
    }
    wire.send(ArithmeticSession.Step.AND, message);
    long[] peer = wire.receiveBits(ArithmeticSession.Step.AND, vectors, count);
    long[][] out = new long[singles + 2 * pairs][];
    at = triples;
    int o = 0;
    for (int t = 0; t < triples; t++) {
      for (int l = 0; l < (t < singles ? 1 : 2); l++) {
        long[] z = new long[words];
        for (int w = 0; w < words; w++) {
          long d = message[t * words + w] ^ peer[t * words + w];
          long e = message[at * words + w] ^ peer[at * words + w];
          z[w] = c[l][t][w] ^ (d & b[l][t][w]) ^ (e & a[t][w]) ^ (party == Party.P0 ? d & e : 0);
        }
        out[o++] = z;
        at++;
      }
    }
    return out;
  }
}
