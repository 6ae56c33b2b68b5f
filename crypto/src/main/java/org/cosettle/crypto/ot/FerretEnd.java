package org.cosettle.crypto.ot;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * What the two roles of {@link Ferret} share: the pool of reserved COTs (a stack), the buffer of
 * one iteration's outputs, the choice of the next iteration and the hand-out. Blocks are 2 longs;
 * the receiver also keeps packed bits (the sender's bit arrays stay null).
 */
abstract class FerretEnd {
  /** Hashed and chosen-choice OTs go in chunks of this many, so no full-size hash input is held. */
  static final int HASH_CHUNK = 1 << 14;

  final Channel channel;
  final Prg prg;
  final FerretParameters bootstrap;
  final FerretParameters main;
  /** Each set's code, kept: a code may keep its drawn positions for the next iteration. */
  private final Map<FerretParameters, LocalLinearCode> codes = new HashMap<>();
  Ferret.Keys keys;
  long[] pool = new long[0];
  long[] poolBits;
  int poolSize;
  long[] out = new long[0];
  long[] outBits;
  long treeTweak;
  /** Test hook: iterations stop after the multi-point COT, so that it can be checked on its own. */
  boolean mpcotOnly;
  private int next;
  private int end;
  private long handedOut;
  private int mainIterations;
  private int bootstrapIterations;
  private boolean aborted;

  FerretEnd(Channel channel, Prg prg, FerretParameters bootstrap, FerretParameters main) {
    if (bootstrap.n() - bootstrap.reserve() < 1 || bootstrap.n() < main.reserve()) {
      throw new IllegalArgumentException("a bootstrap iteration must be able to fill the main reserve: "
          + bootstrap + ", " + main);
    }
    this.channel = channel;
    this.prg = prg;
    this.bootstrap = bootstrap;
    this.main = main;
  }

  /** Coin tossing and the first pool ({@code count} COTs) from IKNP. */
  abstract void start(int count);

  /** One iteration with {@code p} on the pool's COTs from {@code base}: fills {@code out} (and bits). */
  abstract void iterate(FerretParameters p, int base);

  /**
   * Hands out {@code count} COTs into {@code blocks} (from block {@code at}) and, at the receiver,
   * their choice bits into {@code bits} (from bit {@code at}). {@code demand} is how many the
   * caller still needs in all, from which the size of a new iteration is chosen. Returns the index
   * of the first COT handed out, the tweak for hashing it.
   */
  final long take(int count, long[] blocks, long[] bits, int at, long demand) {
    if (aborted) {
      throw new IllegalStateException("this silent OT session was aborted");
    }
    try {
      if (keys == null) {
        start(bootstrap.reserve());
      }
      int done = 0;
      while (done < count) {
        if (next == end) {
          refill(demand - done);
        }
        int n = Math.min(end - next, count - done);
        System.arraycopy(out, 2 * next, blocks, 2 * (at + done), 2 * n);
        if (bits != null) {
          Ferret.copyBits(outBits, next, bits, at + done, n);
        }
        next += n;
        done += n;
      }
      long first = handedOut;
      handedOut += count;
      return first;
    } catch (ProtocolAbortException e) {
      aborted = true;
      throw e;
    }
  }

  /**
   * The main set runs when a call still needs at least half of what a main iteration yields:
   * below that, bootstrap iterations cost less work (they make no more than is asked for, where a
   * main iteration makes 10 M) for a few hundred kB more on the wire.
   */
  private boolean wantMain(long wanted) {
    return wanted >= Math.max((main.n() - main.reserve()) / 2, bootstrap.n() - bootstrap.reserve() + 1);
  }

  private void refill(long wanted) {
    boolean wantMain = wantMain(wanted);
    FerretParameters p = wantMain && poolSize >= main.reserve() ? main : bootstrap;
    int desired = wantMain ? main.reserve() : bootstrap.reserve();
    int base = poolSize - p.reserve();
    if (out.length < 2 * p.n()) {
      out = null; // the old buffer is spent: never hold two
      out = new long[2 * p.n()];
      outBits = poolBits == null ? null : new long[IknpOtExtension.words(p.n())];
    }
    iterate(p, base);
    if (p == main) {
      mainIterations++;
    } else {
      bootstrapIterations++;
    }
    int size = Math.max(base, desired);
    int pushed = size - base;
    if (pool.length < 2 * size) {
      pool = Arrays.copyOf(pool, 2 * size);
      if (poolBits != null) {
        poolBits = Arrays.copyOf(poolBits, IknpOtExtension.words(size));
      }
    }
    System.arraycopy(out, 0, pool, 2 * base, 2 * pushed);
    if (poolBits != null) {
      Ferret.copyBits(outBits, 0, poolBits, base, pushed);
    }
    poolSize = size;
    next = pushed;
    end = p.n();
  }

  /** A message of exactly {@code count} longs; a fault kills the session. */
  final long[] receiveLongs(Ferret.Step step, int count) {
    try {
      return Messages.receiveLongs(channel, step, count);
    } catch (ProtocolAbortException e) {
      aborted = true;
      throw e;
    }
  }

  /** Marks the session dead and returns {@code e} to be thrown. */
  final ProtocolAbortException failed(ProtocolAbortException e) {
    aborted = true;
    return e;
  }

  /** Sends {@code words}; a fault kills the session. */
  final void sendLongs(Ferret.Step step, long[] words) {
    try {
      Messages.sendLongs(channel, step, words, 0, words.length);
    } catch (ProtocolAbortException e) {
      throw failed(e);
    }
  }

  /** The code of {@code p}'s LPN instance, under a seed separated per n; one per set and session. */
  LocalLinearCode code(FerretParameters p) {
    return codes.computeIfAbsent(p, set -> {
      byte[] seed = keys.codeSeed().clone();
      for (int i = 0; i < 4; i++) {
        seed[i] ^= (byte) (set.n() >>> (8 * i));
      }
      return new LocalLinearCode(seed, set.n(), set.k());
    });
  }

  /** Main and bootstrap iterations run so far (for tests and reports). */
  final int[] iterations() {
    return new int[] {mainIterations, bootstrapIterations};
  }

  /** Bytes sent and received on the channel so far, for cost reports. */
  public final long bytesTransferred() {
    return channel.bytesSent() + channel.bytesReceived();
  }

  /** For {@code toString}: counts only, never values. */
  final String describe(String role) {
    return role + "[" + handedOut + " COTs handed out, " + mainIterations + " main and " + bootstrapIterations
        + " bootstrap iterations" + (aborted ? ", aborted" : "") + "]";
  }

  static void requireCount(int count) {
    IknpOtExtension.requireCount(count);
  }
}
