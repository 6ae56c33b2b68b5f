package org.cosettle.crypto.he.lookup;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.bfv.WordCoefficientBfv;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * The group holder of grouped sums: it knows each claim's group in plaintext, its peer (the
 * {@link HeSumValueHolder}) holds vectors of words. {@link #open} reads the peer's keys; each
 * {@link #sums} reads the encrypted vectors x<sub>v</sub> and, for each vector and group g,
 * multiplies each ciphertext by the group's 0/1 indicator polynomial reversed (Σ<sub>c in g</sub>
 * X<sup>−c</sup>, so the constant coefficient of the product is the inner product Σ<sub>c in g</sub>
 * x<sub>v</sub>[c]), sums the chunks, subtracts a uniform mask r<sub>v,g</sub>, packs the
 * results ({@link LookupPacker}), re-randomises with a fresh encryption of zero, floods the noise
 * with {@link HeLookupParameters#floodingBits()} bits, compresses to the packed coefficients,
 * sends the reply and returns the masks: this party's shares. Nothing else comes back, so its view
 * is the keys and semantically secure ciphertexts.
 *
 * <pre>{@code
 * HeSumGroupHolder holder = HeSumGroupHolder.open(HeLookupParameters.sums(), channel);
 * long[] mine = holder.sums(groupOf, 26, 1, Prg.create()); // groupOf[c] in [0, 26), or -1 for none
 * }</pre>
 */
public final class HeSumGroupHolder {
  private final HeLookupParameters parameters;
  private final Channel channel;
  private final BfvPublicKey publicKey;
  private final LookupPacker packer;
  private final int levels;
  private boolean plantedNoRerandomisation;

  /**
   * A group holder with the peer's kept keys (from this party's cache, or by {@link HeKeyExchange}
   * this session), which cover every packing level: nothing is read.
   */
  public static HeSumGroupHolder withKeys(HeLookupParameters parameters, Channel channel, HePublicKeys keys) {
    if (parameters == null || channel == null || keys == null) {
      throw new IllegalArgumentException("parameters, channel and keys are required");
    }
    HeLookupOwner.requireRing(parameters);
    return new HeSumGroupHolder(parameters, channel, new HeSumMessages.Setup(
        Integer.numberOfTrailingZeros(parameters.degree()), keys.publicKey(), keys.galoisKeys()));
  }

  private HeSumGroupHolder(HeLookupParameters parameters, Channel channel, HeSumMessages.Setup setup) {
    this.parameters = parameters;
    this.channel = channel;
    this.publicKey = setup.publicKey();
    this.packer = new LookupPacker(parameters, List.of(), setup.galoisKeys());
    this.levels = setup.levels();
  }

  /** Reads the value holder's keys; a malformed message raises {@link org.cosettle.crypto.ot.ProtocolAbortException}. */
  public static HeSumGroupHolder open(HeLookupParameters parameters, Channel channel) {
    if (parameters == null || channel == null) {
      throw new IllegalArgumentException("parameters and channel are required");
    }
    return new HeSumGroupHolder(parameters, channel,
        HeSumMessages.parseSetup(parameters, channel.receive(HeSumMessages.MAX_SETUP_BYTES)));
  }

  /** Packing levels the peer's keys cover. */
  public int levels() {
    return levels;
  }

  /**
   * Reads the peer's {@code vectors} encrypted vectors over {@code groupOf.length} claims and
   * returns this party's shares r<sub>v,g</sub> (entry v·groups + g) of their sums over the claims
   * c with {@code groupOf[c] == g}; a claim of group −1 counts nowhere.
   */
  public long[] sums(int[] groupOf, int groups, int vectors, Prg prg) {
    if (groupOf == null || prg == null) {
      throw new IllegalArgumentException("groups and randomness are required");
    }
    int claims = HeSumValueHolder.requireShape(vectors, groupOf.length, groups, levels);
    for (int g : groupOf) {
      if (g < -1 || g >= groups) {
        // the group itself stays out of the message: it is this party's secret
        throw new IllegalArgumentException("a claim's group lies outside [-1, " + groups + ")");
      }
    }
    List<List<BfvCiphertext>> received = HeSumMessages.parseValues(parameters,
        channel.receive(HeSumMessages.maxValuesBytes(parameters, vectors, claims)), vectors, claims);
    WordCoefficientBfv words = parameters.words();
    int n = parameters.degree();
    int chunks = HeSumMessages.chunks(parameters, claims);
    WordCoefficientBfv.Transformed[][] transformed = new WordCoefficientBfv.Transformed[vectors][chunks];
    for (int v = 0; v < vectors; v++) {
      for (int i = 0; i < chunks; i++) {
        transformed[v][i] = words.transform(received.get(v).get(i));
      }
    }
    int level = parameters.context().parameters().maxLevel();
    IndicatorCache indicators = new IndicatorCache(words, groupOf, n, chunks, level);
    int count = vectors * groups;
    long[] masks = prg.nextLongs(count);
    int perReply = parameters.lookupsPerReply();
    List<CompactWordCiphertext> replies = new ArrayList<>();
    for (int from = 0; from < count; from += perReply) {
      int size = Math.min(perReply, count - from);
      int first = from;
      BfvCiphertext packed = packer.pack(q -> {
        int v = (first + q) / groups;
        int g = (first + q) % groups;
        return words.addWord(words.sumOfProducts(transformed[v], indicators.of(g)), 0, -masks[first + q]);
      }, size);
      replies.add(reply(packed, size, prg));
    }
    channel.send(HeLookupMessages.reply(count, replies));
    return masks;
  }

  private CompactWordCiphertext reply(BfvCiphertext packed, int count, Prg prg) {
    return LookupPacker.seal(parameters, packed, count, publicKey, plantedNoRerandomisation, prg);
  }

  /** Planted flaw for the tests' positive control: send the packed ciphertext as it is. */
  void plantNoRerandomisation() {
    plantedNoRerandomisation = true;
  }

  /**
   * The reversed indicator polynomials of the last group asked for, per chunk, in NTT form: the
   * packer asks group by group within a vector, so one group's transforms serve its run.
   */
  private static final class IndicatorCache {
    private final WordCoefficientBfv words;
    private final int[] groupOf;
    private final int n;
    private final int chunks;
    private final int level;
    private int cached = -2;
    private long[][] transformed;

    IndicatorCache(WordCoefficientBfv words, int[] groupOf, int n, int chunks, int level) {
      this.words = words;
      this.groupOf = groupOf;
      this.n = n;
      this.chunks = chunks;
      this.level = level;
    }

    /** Per chunk i, Σ_{c in g} X^{−(c − i·n)}: X^0 for offset 0, −X^{n−j} for offset j > 0. */
    long[][] of(int g) {
      if (g != cached) {
        transformed = new long[chunks][];
        for (int i = 0; i < chunks; i++) {
          long[] poly = new long[n];
          for (int j = 0; j < n && i * n + j < groupOf.length; j++) {
            if (groupOf[i * n + j] == g) {
              if (j == 0) {
                poly[0] = 1;
              } else {
                poly[n - j] = -1;
              }
            }
          }
          transformed[i] = words.transformPlain(poly, level);
        }
        cached = g;
      }
      return transformed;
    }
  }

  @Override
  public String toString() {
    return "HeSumGroupHolder{levels=" + levels + ", " + parameters + "}";
  }
}
