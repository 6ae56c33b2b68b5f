package org.cosettle.crypto.he.lookup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.random.Prg;

/** Both parties of one lookup session over an in-memory channel, run in the test's thread. */
final class LookupSession {
  final HeLookupParameters parameters;
  final long[] table;
  final HeLookupOwner owner;
  final HeLookupIndexHolder holder;
  final InMemoryChannel holderChannel;
  /** Every message the owner received: its view. */
  final List<byte[]> ownerView = new ArrayList<>();

  LookupSession(HeLookupParameters parameters, long[] table, Prg prg) {
    this(parameters, parameters, table, prg);
  }

  /** The owner's parameters and the index holder's: the same ring, each party on its own backend. */
  LookupSession(HeLookupParameters parameters, HeLookupParameters holderParameters, long[] table, Prg prg) {
    this.parameters = parameters;
    this.table = table.clone();
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMinutes(5));
    ForwardingChannel recording = new ForwardingChannel(pair.first()) {
      @Override
      public byte[] receive() {
        byte[] message = delegate().receive();
        ownerView.add(message.clone());
        return message;
      }
    };
    owner = HeLookupOwner.open(parameters, recording, table, prg);
    holderChannel = pair.second();
    holder = HeLookupIndexHolder.open(holderParameters, holderChannel);
  }

  static Prg seeded(long seed) {
    byte[] bytes = new byte[Prg.SEED_BYTES];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (seed >>> (8 * i));
    }
    return Prg.fromSeed(bytes);
  }

  /** Runs one batch and returns the sums of the two parties' shares (which must be T[idx]). */
  long[] reconstruct(int[] indices, Prg prg) {
    long[] holderShares = holder.lookUp(indices, prg);
    long[] ownerShares = owner.receiveBatch();
    if (ownerShares.length != holderShares.length) {
      throw new AssertionError("share counts differ: " + ownerShares.length + " and " + holderShares.length);
    }
    long[] sums = new long[indices.length];
    for (int j = 0; j < sums.length; j++) {
      sums[j] = holderShares[j] + ownerShares[j];
    }
    return sums;
  }

  long[] expected(int[] indices) {
    long[] values = new long[indices.length];
    for (int j = 0; j < indices.length; j++) {
      values[j] = table[indices[j]];
    }
    return values;
  }
}
