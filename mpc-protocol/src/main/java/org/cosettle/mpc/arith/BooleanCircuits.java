package org.cosettle.mpc.arith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The log-depth Boolean trees behind comparison and equality, over XOR-shared bit planes (each
 * plane one digit's bit of the whole batch). Every level's AND gates go to {@link AndGates} as one
 * call, so a level costs one round whatever the batch size.
 */
final class BooleanCircuits {
  /**
   * Evaluates many vectorised AND gates on shares in one round: x[v] ∧ y[v] for every v, and for
   * every pair p the two gates with a shared operand, x[p] ∧ y<sub>1</sub>[p] and x[p] ∧
   * y<sub>2</sub>[p] (which cost less than two gates: the shared operand is masked once).
   */
  interface AndGates {
    /** The products of the single gates, then those of the pairs ({@code out[v]}; {@code out[s + 2p]}, {@code out[s + 2p + 1]}). */
    long[][] and(long[][] x, long[][] y, long[][] pairX, long[][] pairY1, long[][] pairY2);
  }

  private static final long[][] NONE = new long[0][];

  private BooleanCircuits() {}

  /**
   * A share of the carry out of a sum split into groups, from each group's generate G (it carries
   * out by itself) and propagate P (it passes a carry in through), lowest group first: pairs are
   * merged by (G, P)<sub>hi</sub> ∘ (G, P)<sub>lo</sub> = (G<sub>hi</sub> ⊕ P<sub>hi</sub>G<sub>lo</sub>,
   * P<sub>hi</sub>P<sub>lo</sub>) — ⊕ stands for ∨ because a group cannot both generate and
   * propagate — in a balanced tree. The lowest group's P is never needed ({@code propagate[0]} may
   * be null), so its merge is a single gate; every other merge is a pair of gates sharing
   * P<sub>hi</sub>. {@link #singleGatesForCarryTree} single gates and {@link #pairedGatesForCarryTree}
   * pairs, ⌈log<sub>2</sub> groups⌉ rounds.
   */
  static long[] carryTree(long[][] generates, long[][] propagates, AndGates gates) {
    List<long[]> generate = new ArrayList<>(Arrays.asList(generates));
    List<long[]> propagate = new ArrayList<>(Arrays.asList(propagates));
    propagate.set(0, null);
    while (generate.size() > 1) {
      int merges = generate.size() / 2;
      long[][] pairX = new long[merges - 1][];
      long[][] pairY1 = new long[merges - 1][];
      long[][] pairY2 = new long[merges - 1][];
      for (int j = 1; j < merges; j++) {
        pairX[j - 1] = propagate.get(2 * j + 1);
        pairY1[j - 1] = generate.get(2 * j);
        pairY2[j - 1] = propagate.get(2 * j);
      }
      long[][] products = gates.and(new long[][] {propagate.get(1)}, new long[][] {generate.get(0)}, pairX, pairY1,
          pairY2);
      List<long[]> nextGenerate = new ArrayList<>();
      List<long[]> nextPropagate = new ArrayList<>();
      nextGenerate.add(Bits.xor(generate.get(1), products[0]));
      nextPropagate.add(null);
      for (int j = 1; j < merges; j++) {
        nextGenerate.add(Bits.xor(generate.get(2 * j + 1), products[2 * j - 1]));
        nextPropagate.add(products[2 * j]);
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

  /** A share of the AND of all {@code planes}: a balanced tree, k − 1 single gates, ⌈log<sub>2</sub> k⌉ rounds. */
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
      List<long[]> next = new ArrayList<>(List.of(gates.and(x, y, NONE, NONE, NONE)));
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }

  /** Single gates of {@link #carryTree} over {@code groups} groups: one per level. */
  static int singleGatesForCarryTree(int groups) {
    return ceilLog2(groups);
  }

  /** Pairs of gates with a shared operand in {@link #carryTree} over {@code groups} groups. */
  static int pairedGatesForCarryTree(int groups) {
    int pairs = 0;
    for (; groups > 1; groups -= groups / 2) {
      pairs += groups / 2 - 1;
    }
    return pairs;
  }

  static int ceilLog2(int k) {
    return 32 - Integer.numberOfLeadingZeros(k - 1);
  }
}
