package org.cosettle.mpc.arith;

import java.util.ArrayList;
import java.util.List;

/**
 * The log-depth Boolean circuits behind comparison and equality, over XOR-shared bit planes (each
 * plane one bit position of the whole batch). Every level's AND gates go to {@link AndGates} as one
 * call, so a level costs one round whatever the batch size.
 */
final class BooleanCircuits {
  /** Evaluates many vectorised AND gates in one round: out[i] = x[i] ∧ y[i] on shares. */
  interface AndGates {
    long[][] and(long[][] x, long[][] y);
  }

  private BooleanCircuits() {}

  /**
   * A share of the carry out of the sum of two k-bit numbers, one held by each party in plaintext:
   * {@code ownPlanes} are this party's k bit planes (low bit first). Generate g<sub>i</sub> =
   * a<sub>i</sub> ∧ b<sub>i</sub> and propagate p<sub>i</sub> = a<sub>i</sub> ⊕ b<sub>i</sub> (local)
   * are merged pairwise by (G, P)<sub>hi</sub> ∘ (G, P)<sub>lo</sub> = (G<sub>hi</sub> ⊕
   * P<sub>hi</sub>G<sub>lo</sub>, P<sub>hi</sub>P<sub>lo</sub>) — ⊕ stands for ∨ because a group
   * cannot both generate and propagate — in a balanced tree; the lowest group's P is never needed.
   * {@link #andGatesForCarry} gates, 1 + ⌈log<sub>2</sub> k⌉ rounds.
   */
  static long[] carry(long[][] ownPlanes, boolean firstOperand, AndGates gates) {
    int k = ownPlanes.length;
    long[][] zeros = new long[k][ownPlanes[0].length];
    long[][] g = gates.and(firstOperand ? ownPlanes : zeros, firstOperand ? zeros : ownPlanes);
    List<long[]> generate = new ArrayList<>(List.of(g));
    List<long[]> propagate = new ArrayList<>(List.of(ownPlanes));
    propagate.set(0, null);
    while (generate.size() > 1) {
      int pairs = generate.size() / 2;
      List<long[]> x = new ArrayList<>();
      List<long[]> y = new ArrayList<>();
      for (int j = 0; j < pairs; j++) {
        x.add(propagate.get(2 * j + 1));
        y.add(generate.get(2 * j));
        if (j > 0) {
          x.add(propagate.get(2 * j + 1));
          y.add(propagate.get(2 * j));
        }
      }
      long[][] products = gates.and(x.toArray(new long[0][]), y.toArray(new long[0][]));
      List<long[]> nextGenerate = new ArrayList<>();
      List<long[]> nextPropagate = new ArrayList<>();
      int used = 0;
      for (int j = 0; j < pairs; j++) {
        nextGenerate.add(Bits.xor(generate.get(2 * j + 1), products[used++]));
        nextPropagate.add(j > 0 ? products[used++] : null);
      }
      if (generate.size() % 2 == 1) {
        nextGenerate.add(generate.get(generate.size() - 1));
        nextPropagate.add(propagate.get(propagate.size() - 1));
      }
      generate = nextGenerate;
      propagate = nextPropagate;
    }
    return generate.get(0);
  }

  /** A share of the AND of all {@code planes}: a balanced tree, k − 1 gates, ⌈log<sub>2</sub> k⌉ rounds. */
  static long[] andAll(long[][] planes, AndGates gates) {
    List<long[]> level = new ArrayList<>(List.of(planes));
    while (level.size() > 1) {
      int pairs = level.size() / 2;
      long[][] x = new long[pairs][];
      long[][] y = new long[pairs][];
      for (int j = 0; j < pairs; j++) {
        x[j] = level.get(2 * j);
        y[j] = level.get(2 * j + 1);
      }
      List<long[]> next = new ArrayList<>(List.of(gates.and(x, y)));
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }

  /** AND gates per value of {@link #carry} on k bits. */
  static int andGatesForCarry(int k) {
    int gates = k;
    for (int groups = k; groups > 1; groups -= groups / 2) {
      gates += 2 * (groups / 2) - 1;
    }
    return gates;
  }

  /** Rounds of {@link #carry} on k bits. */
  static int roundsForCarry(int k) {
    return 1 + ceilLog2(k);
  }

  static int ceilLog2(int k) {
    return 32 - Integer.numberOfLeadingZeros(k - 1);
  }
}
