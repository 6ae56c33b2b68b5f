package org.cosettle.mpc.engine;

import java.util.Arrays;
import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.he.lookup.HeSumGroupHolder;
import org.cosettle.crypto.he.lookup.HeSumValueHolder;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.ir.Ir;

/**
 * One party's end of the grouped sums by homomorphic inner products ({@link
 * AggregateCosts.Construction#HE_INNER_PRODUCTS}) for a batch: the party that owns an aggregate's
 * key is the group holder, the other the value holder (key owner of BFV), with one pair of
 * endpoints per direction, opened in the offline phase ({@link #openKeys}) with the keys for the
 * batch's largest packing (both parties derive it from the plan and the batch's metadata). Each {@link #sums} turns both
 * parties' shares of per-claim vectors into shares of their per-group sums. A failure closes the
 * channel, so the peer stops at once, and surfaces as a {@link ProtocolAbortException}.
 */
final class HeAggregateSums {
  /** The aborted step's name for {@link ProtocolAbortException}. */
  enum Step { GROUPED_SUMS }

  /** The grouped sums' ring on this party's backend ({@link HeLookupParameters#sums()} on it). */
  private final HeLookupParameters parameters;
  private final Channel channel;
  private final Prg prg;
  private final Party me;
  /** Packing levels the keys of each direction cover: [data holder owns the key, insurer owns it]. */
  private final int[] levels = new int[2];
  /** Which directions the batch uses: [data holder owns the key, insurer owns it]. */
  private final boolean[] directions = new boolean[2];
  /** The parties' keys this session: kept ones serve the directions whose encrypting party offered them. */
  private final SessionHeKeys heKeys;
  private HeSumValueHolder valueHolder;
  private HeSumGroupHolder groupHolder;

  HeAggregateSums(Plan plan, int hospitals, Channel channel, Prg prg, Party me, HeLookupParameters parameters,
      SessionHeKeys heKeys) {
    this.parameters = parameters;
    this.channel = channel;
    this.heKeys = heKeys;
    this.prg = prg;
    this.me = me;
    List<Ir.AggregateStep> steps = plan.program().aggregates();
    for (int a = 0; a < steps.size(); a++) {
      Ir.AggregateStep step = steps.get(a);
      if (plan.construction(a) == AggregateCosts.Construction.HE_INNER_PRODUCTS) {
        int sums = AggregateCosts.vectors(step) * Plan.groups(step, hospitals);
        int direction = step.keyLabel(plan::site).party().orElseThrow() == Party.DATA_HOLDER ? 0 : 1;
        directions[direction] = true;
        levels[direction] = Math.max(levels[direction],
            AggregateCosts.packingLevels(Math.min(sums, parameters.degree())));
      }
    }
  }

  /**
   * Exchanges the keys of every direction the batch uses, in the offline phase (data holder's keys
   * first): the party that encrypts generates its key and sends it, the key owner reads it.
   */
  void openKeys() {
    try {
      for (int d = 0; d < 2; d++) {
        if (!directions[d]) {
          continue;
        }
        Party keyOwner = d == 0 ? Party.DATA_HOLDER : Party.INSURER;
        if (keyOwner == me) {
          openGroupHolder(keyOwner);
        } else {
          openValueHolder(keyOwner);
        }
      }
    } catch (ProtocolAbortException | ChannelException | IllegalArgumentException e) {
      channel.close();
      throw e instanceof ProtocolAbortException p ? p
          : new ProtocolAbortException(Step.GROUPED_SUMS, "the grouped sums' keys failed: " + e.getMessage(), e);
    }
  }

  /**
   * This party's shares of Σ<sub>c in g</sub> x<sub>v</sub>[c] for each of its {@code shares}
   * vectors x<sub>v</sub> (this party's shares, one per claim) and group g of {@code groups}:
   * {@code [v][g]}. {@code keyOwner} holds the grouping; {@code groupOf} is its plaintext group
   * per claim (−1: none) at the key owner, null at the other party.
   */
  long[][] sums(long[][] shares, int[] groupOf, int groups, Party keyOwner) {
    try {
      int claims = shares[0].length;
      long[][] mine = new long[shares.length][groups];
      for (int from = 0; from < claims; from += HeLookupParameters.MAX_SUM_CLAIMS) {
        int to = Math.min(claims, from + HeLookupParameters.MAX_SUM_CLAIMS);
        long[][] part = new long[shares.length][];
        for (int v = 0; v < shares.length; v++) {
          part[v] = Arrays.copyOfRange(shares[v], from, to);
        }
        long[] sums = keyOwner == me ? groupSums(part, Arrays.copyOfRange(groupOf, from, to), groups, keyOwner)
            : valueSums(part, groups, keyOwner);
        for (int v = 0; v < shares.length; v++) {
          for (int g = 0; g < groups; g++) {
            mine[v][g] += sums[v * groups + g];
          }
        }
      }
      return mine;
    } catch (ProtocolAbortException | ChannelException | IllegalArgumentException e) {
      channel.close();
      throw e instanceof ProtocolAbortException p ? p
          : new ProtocolAbortException(Step.GROUPED_SUMS, "grouped sums failed: " + e.getMessage(), e);
    }
  }

  /** At the key owner: the masks, plus this party's own shares summed by group in plaintext. */
  private void openGroupHolder(Party keyOwner) {
    if (keptKeys(keyOwner)) {
      groupHolder = HeSumGroupHolder.withKeys(parameters, channel, heKeys.peerKeys());
      return;
    }
    groupHolder = HeSumGroupHolder.open(parameters, channel);
    if (groupHolder.levels() != levels[direction(keyOwner)]) {
      throw new ProtocolAbortException(Step.GROUPED_SUMS, "the peer's keys cover " + groupHolder.levels()
          + " packing levels, expected " + levels[direction(keyOwner)]);
    }
  }

  private void openValueHolder(Party keyOwner) {
    if (keptKeys(keyOwner)) {
      valueHolder = HeSumValueHolder.withKeys(parameters, channel, heKeys.ownKeys());
      return;
    }
    valueHolder = HeSumValueHolder.open(parameters, channel, levels[direction(keyOwner)], prg);
  }

  private long[] groupSums(long[][] part, int[] groupOf, int groups, Party keyOwner) {
    if (groupHolder == null) {
      openGroupHolder(keyOwner);
    }
    long[] sums = groupHolder.sums(groupOf, groups, part.length, prg);
    for (int v = 0; v < part.length; v++) {
      for (int c = 0; c < groupOf.length; c++) {
        if (groupOf[c] >= 0) {
          sums[v * groups + groupOf[c]] += part[v][c];
        }
      }
    }
    return sums;
  }

  /** At the other party: its shares encrypted, summed by the peer, decrypted. */
  private long[] valueSums(long[][] part, int groups, Party keyOwner) {
    if (valueHolder == null) {
      openValueHolder(keyOwner);
    }
    return valueHolder.sums(part, groups, prg);
  }

  /** Whether the party that encrypts (the one not owning the aggregate's key) does so under keys kept across sessions. */
  private boolean keptKeys(Party keyOwner) {
    return heKeys.kept(keyOwner == Party.DATA_HOLDER ? Party.INSURER : Party.DATA_HOLDER);
  }

  private static int direction(Party keyOwner) {
    return keyOwner == Party.DATA_HOLDER ? 0 : 1;
  }
}
