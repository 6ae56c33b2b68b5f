package org.cosettle.crypto.he.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
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
    if (indices == null) {
      throw new IllegalArgumentException("indices are required");
    }
    return lookUpSums(indices, LookupPacker.singleTerms(indices.length), prg);
  }

  /**
   * Looks up a batch of sums: lookup j sums the entries at {@code indices[starts[j] ..
   * starts[j + 1] − 1]} (1 to {@link HeLookupParameters#MAX_TERMS} of them, {@code starts[0] = 0},
   * {@code starts[last] = indices.length}); the owner gets Σ T[idx] − r_j mod 2^64, this party
   * r_j. The sums are added up under encryption before packing, so the reply has one word per
   * lookup, whatever its terms.
   */
  public long[] lookUpSums(int[] indices, int[] starts, Prg prg) {
    if (indices == null || starts == null || starts.length < 2 || starts.length - 1 > HeLookupMessages.MAX_BATCH
        || starts[0] != 0 || starts[starts.length - 1] != indices.length) {
      throw new IllegalArgumentException("a batch needs 1.." + HeLookupMessages.MAX_BATCH + " lookups, their terms"
          + " delimited by starts");
    }
    if (prg == null) {
      throw new IllegalArgumentException("randomness is required");
    }
    for (int j = 0; j + 1 < starts.length; j++) {
      int terms = starts[j + 1] - starts[j];
      if (terms < 1 || terms > HeLookupParameters.MAX_TERMS) {
        throw new IllegalArgumentException("a lookup sums 1.." + HeLookupParameters.MAX_TERMS + " entries: " + terms);
      }
    }
    for (int index : indices) {
      if (index < 0 || index >= entries) {
        // the index itself stays out of the message: it is this party's secret
        throw new IllegalArgumentException("an index lies outside the table [0, " + entries + ")");
      }
    }
    int lookups = starts.length - 1;
    long[] masks = prg.nextLongs(lookups);
    int perReply = parameters.lookupsPerReply();
    int chunkCount = (lookups + perReply - 1) / perReply;
    List<CompactWordCiphertext> chunks = new ArrayList<>();
    // the packing (a key switch per lookup) of up to one chunk per core at a time; the sealing
    // draws from prg, which is not shared between threads, one chunk after the other
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (int group = 0; group < chunkCount; group += cores) {
      int first = group;
      BfvCiphertext[] packed = new BfvCiphertext[Math.min(cores, chunkCount - group)];
      IntStream.range(0, packed.length).parallel().forEach(c -> {
        int from = (first + c) * perReply;
        packed[c] = packer.packSums(indices, starts, masks, from, Math.min(perReply, lookups - from));
      });
      for (int c = 0; c < packed.length; c++) {
        int from = (first + c) * perReply;
        chunks.add(reply(packed[c], Math.min(perReply, lookups - from), prg));
      }
    }
    channel.send(HeLookupMessages.reply(lookups, chunks));
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
