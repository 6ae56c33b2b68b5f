package org.cosettle.crypto.he.lookup;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * The index holder of the homomorphic table lookup. {@link #open} reads the owner's setup; each
 * {@link #lookUp} takes a batch of indices in [0, N), draws a uniform mask r_j per lookup, extracts
 * and packs T[idx_j] − r_j into one ciphertext per n lookups ({@link LookupPacker}), re-randomises
 * each with a fresh encryption of zero under the owner's public key, floods its noise with
 * uniform noise of {@link HeLookupParameters#floodingBits()} bits, compresses it to what the owner
 * decrypts, sends the batch as one message and returns the masks: this party's shares. Nothing
 * comes back per batch, so this party's view is the setup alone (semantically secure under RLWE).
 *
 * <pre>{@code
 * HeLookupIndexHolder holder = HeLookupIndexHolder.open(HeLookupParameters.standard(), channel);
 * long[] mine = holder.lookUp(new int[] {17, 4711, 17}, Prg.create());
 * }</pre>
 */
public final class HeLookupIndexHolder {
  private final HeLookupParameters parameters;
  private final Channel channel;
  private final BfvPublicKey publicKey;
  private final LookupPacker packer;
  private final int entries;
  private boolean plantedNoRerandomisation;

  private HeLookupIndexHolder(HeLookupParameters parameters, Channel channel, HeLookupMessages.Setup setup) {
    this.parameters = parameters;
    this.channel = channel;
    this.publicKey = setup.publicKey();
    this.packer = new LookupPacker(parameters, setup.table(), setup.galoisKeys());
    this.entries = setup.entries();
  }

  /** Reads the owner's setup message; a malformed one raises {@link org.cosettle.crypto.ot.ProtocolAbortException}. */
  public static HeLookupIndexHolder open(HeLookupParameters parameters, Channel channel) {
    if (parameters == null || channel == null) {
      throw new IllegalArgumentException("parameters and channel are required");
    }
    byte[] message = channel.receive(HeLookupMessages.MAX_SETUP_BYTES);
    return new HeLookupIndexHolder(parameters, channel, HeLookupMessages.parseSetup(parameters, message));
  }

  /**
   * Reads the owner's setup when its keys came by {@link HeKeyExchange} (or from this party's
   * cache): the message carries the table alone ({@link HeLookupOwner#open(HeLookupParameters,
   * Channel, long[], HeKeySet, Prg)}).
   */
  public static HeLookupIndexHolder open(HeLookupParameters parameters, Channel channel, HePublicKeys keys) {
    if (parameters == null || channel == null || keys == null) {
      throw new IllegalArgumentException("parameters, channel and keys are required");
    }
    HeLookupOwner.requireRing(parameters);
    byte[] message = channel.receive(HeLookupMessages.MAX_SETUP_BYTES);
    return new HeLookupIndexHolder(parameters, channel, HeLookupMessages.parseSetup(parameters, message, keys));
  }

  /** Table size N announced by the owner. */
  public int entries() {
    return entries;
  }

  /** Looks up a batch (repeats allowed) and returns this party's shares r_j; the owner gets T[idx_j] − r_j. */
  public long[] lookUp(int[] indices, Prg prg) {
    if (indices == null || indices.length < 1 || indices.length > HeLookupMessages.MAX_BATCH) {
      throw new IllegalArgumentException("a batch needs 1.." + HeLookupMessages.MAX_BATCH + " indices");
    }
    if (prg == null) {
      throw new IllegalArgumentException("randomness is required");
    }
    for (int index : indices) {
      if (index < 0 || index >= entries) {
        // the index itself stays out of the message: it is this party's secret
        throw new IllegalArgumentException("an index lies outside the table [0, " + entries + ")");
      }
    }
    long[] masks = prg.nextLongs(indices.length);
    int perReply = parameters.lookupsPerReply();
    List<CompactWordCiphertext> chunks = new ArrayList<>();
    for (int from = 0; from < indices.length; from += perReply) {
      int count = Math.min(perReply, indices.length - from);
      chunks.add(reply(packer.pack(indices, masks, from, count), count, prg));
    }
    channel.send(HeLookupMessages.reply(indices.length, chunks));
    return masks;
  }

  private CompactWordCiphertext reply(BfvCiphertext packed, int count, Prg prg) {
    return LookupPacker.seal(parameters, packed, count, publicKey, plantedNoRerandomisation, prg);
  }

  /** Planted flaw for the tests' positive control: send the packed ciphertext as it is. */
  void plantNoRerandomisation() {
    plantedNoRerandomisation = true;
  }

  @Override
  public String toString() {
    return "HeLookupIndexHolder{entries=" + entries + ", " + parameters + "}";
  }
}
