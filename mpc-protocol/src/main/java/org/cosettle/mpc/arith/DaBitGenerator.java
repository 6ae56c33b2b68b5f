package org.cosettle.mpc.arith;

import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.ArithmeticOtReceiver;
import org.cosettle.crypto.ot.ArithmeticOtSender;
import org.cosettle.crypto.ot.IknpOtExtension;
import org.cosettle.crypto.ot.IknpReceiver;
import org.cosettle.crypto.ot.IknpSender;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.Ring64;
import org.cosettle.crypto.triples.OtSource;
import org.cosettle.crypto.triples.TripleGenerator;

/**
 * One party's end of the offline generation of daBits (Rotaru–Wood, "MArBled Circuits",
 * INDOCRYPT 2019): random bits r held both as XOR shares r<sub>0</sub> ⊕ r<sub>1</sub> and as
 * additive shares over Z(2<sup>64</sup>), which make {@link ArithmeticSession#bitToArithmetic}
 * cost one opened bit each way online instead of a Beaver triple.
 *
 * <p>Each party draws its bit r<sub>i</sub>; r = r<sub>0</sub> + r<sub>1</sub> −
 * 2r<sub>0</sub>r<sub>1</sub>, and the cross term r<sub>0</sub>r<sub>1</sub> is one arithmetic
 * correlated OT (IKNP): P0 sends with correlation r<sub>0</sub> and keeps −m<sub>0</sub>, P1
 * chooses with r<sub>1</sub> and gets m<sub>0</sub> + r<sub>0</sub>r<sub>1</sub>. 24 bytes per
 * daBit on IKNP (16 of columns, 8 of correction), about 8.2 on silent OT (one choice-flip bit and
 * the correction, {@link #alongside} a generator on {@link OtSource#SILENT}), against 2,568 for a
 * Beaver triple. Semi-honest; the calls of both parties must match.
 *
 * <pre>{@code
 * DaBitGenerator daBits = DaBitGenerator.setUp(channel, party, prg);   // 128 base OTs
 * pool.fillDaBits(daBits, 4 * n);
 * }</pre>
 */
public final class DaBitGenerator {
  private final Party party;
  private final Prg prg;
  private final ArithmeticOtSender sender;
  private final ArithmeticOtReceiver receiver;

  private DaBitGenerator(Party party, Prg prg, ArithmeticOtSender sender, ArithmeticOtReceiver receiver) {
    this.party = party;
    this.prg = prg;
    this.sender = sender;
    this.receiver = receiver;
  }

  /** Sets up the OT extension with the peer: P0 is its sender, P1 its receiver. */
  public static DaBitGenerator setUp(Channel channel, Party party, Prg prg) {
    if (party == Party.P0) {
      return new DaBitGenerator(party, prg, IknpSender.setUp(channel, prg), null);
    }
    return new DaBitGenerator(party, prg, null, IknpReceiver.setUp(channel, prg));
  }

  /**
   * A generator on the OT session a {@link TripleGenerator} already set up (the one in which P0
   * sends; its silent OT session when the generator's source is {@link OtSource#SILENT}), so no
   * new base OTs are needed; draw daBits after, or between, the triples in the same order at both
   * parties.
   */
  public static DaBitGenerator alongside(TripleGenerator triples, Prg prg) {
    boolean silent = triples.source() == OtSource.SILENT;
    if (triples.party() == Party.P0) {
      ArithmeticOtSender sender = silent ? triples.firstSilentSessionSender() : triples.firstSessionSender();
      return new DaBitGenerator(Party.P0, prg, sender, null);
    }
    ArithmeticOtReceiver receiver = silent ? triples.firstSilentSessionReceiver() : triples.firstSessionReceiver();
    return new DaBitGenerator(Party.P1, prg, null, receiver);
  }

  /** Largest count per call. */
  static int maxCount() {
    return IknpOtExtension.MAX_COUNT;
  }

  /** This party's shares of {@code count} daBits, 1 ≤ count ≤ {@link #maxCount()}. */
  DaBits daBits(int count) {
    long[] bits = prg.nextBits(count);
    long[] own = Bits.unpack(bits, count);
    long[] arithmetic = new long[count];
    if (party == Party.P0) {
      long[] zeroMessages = sender.arithmeticOts(Ring64.INSTANCE, own);
      for (int i = 0; i < count; i++) {
        arithmetic[i] = own[i] + 2 * zeroMessages[i];
      }
    } else {
      long[] products = receiver.arithmeticOts(Ring64.INSTANCE, bits, count);
      for (int i = 0; i < count; i++) {
        arithmetic[i] = own[i] - 2 * products[i];
      }
    }
    return new DaBits(count, bits, arithmetic);
  }

  @Override
  public String toString() {
    return "DaBitGenerator[" + party + "]";
  }
}
