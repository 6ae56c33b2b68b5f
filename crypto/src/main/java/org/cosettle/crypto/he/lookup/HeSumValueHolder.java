package org.cosettle.crypto.he.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * The value holder (key owner) of grouped sums by homomorphic inner products (Cheetah-style
 * coefficient encoding over the lookup's ring): it holds Z(2<sup>64</sup>) vectors — its shares of
 * per-claim values — while its peer, the {@link HeSumGroupHolder}, knows each claim's group in
 * plaintext. {@link #open} sends, once per session, its public key and the Galois keys for packing
 * up to 2<sup>levels</sup> sums; each {@link #sums} encrypts the vectors (n words per ciphertext),
 * sends them, reads the group holder's packed reply and returns this party's shares
 * Σ<sub>c in g</sub> x<sub>v</sub>[c] − r<sub>v,g</sub>, vector-major. It learns the number of
 * vectors, claims and groups, and nothing about which claim is in which group
 * (docs/crypto-bfv.md, "Grouped sums").
 *
 * <pre>{@code
 * HeSumValueHolder mine = HeSumValueHolder.open(HeLookupParameters.sums(), channel, 5, Prg.create());
 * long[] shares = mine.sums(new long[][] {values}, 26, prg); // peer: holder.sums(groupOf, 26, 1, prg)
 * }</pre>
 */
public final class HeSumValueHolder {
  private final HeLookupParameters parameters;
  private final Channel channel;
  private final BfvSecretKey secretKey;
  private final int levels;

  private HeSumValueHolder(HeLookupParameters parameters, Channel channel, BfvSecretKey secretKey, int levels) {
    this.parameters = parameters;
    this.channel = channel;
    this.secretKey = secretKey;
    this.levels = levels;
  }

  /** Generates a fresh key and sends the keys for packing up to 2^levels sums per reply. */
  public static HeSumValueHolder open(HeLookupParameters parameters, Channel channel, int levels, Prg prg) {
    if (parameters == null || channel == null || prg == null) {
      throw new IllegalArgumentException("parameters, channel and randomness are required");
    }
    if (levels < 0 || levels > Integer.numberOfTrailingZeros(parameters.degree())) {
      throw new IllegalArgumentException("packing levels must lie in [0, log2 n]: " + levels);
    }
    BfvContext context = parameters.context();
    BfvSecretKey secretKey = context.keyGenerator().secretKey(prg);
    BfvPublicKey publicKey = context.keyGenerator().publicKey(secretKey, prg);
    BfvGaloisKeys galoisKeys = context.keyGenerator().galoisKeysForElements(secretKey,
        HeLookupParameters.galoisElements(levels), prg);
    channel.send(HeSumMessages.setup(levels, publicKey, galoisKeys));
    return new HeSumValueHolder(parameters, channel, secretKey, levels);
  }

  /**
   * A value holder under a kept key set whose public keys the peer has already (from its cache, or
   * by {@link HeKeyExchange} this session): nothing is sent, and the keys cover every packing level.
   */
  public static HeSumValueHolder withKeys(HeLookupParameters parameters, Channel channel, HeKeySet keys) {
    if (parameters == null || channel == null || keys == null) {
      throw new IllegalArgumentException("parameters, channel and keys are required");
    }
    HeLookupOwner.requireRing(parameters);
    return new HeSumValueHolder(parameters, channel, keys.secretKey(),
        Integer.numberOfTrailingZeros(parameters.degree()));
  }

  /** Packing levels the keys cover: at most 2^levels sums per reply ciphertext. */
  public int levels() {
    return levels;
  }

  /**
   * This party's shares of the group sums of {@code vectors} (each of the same length, at most
   * {@link HeLookupParameters#MAX_SUM_CLAIMS}) over {@code groups} groups: entry v·groups + g.
   */
  public long[] sums(long[][] vectors, int groups, Prg prg) {
    int claims = requireShape(vectors.length, vectors.length == 0 ? 0 : vectors[0].length, groups, levels);
    int n = parameters.degree();
    List<List<BfvCiphertext>> encrypted = new ArrayList<>();
    for (long[] vector : vectors) {
      if (vector.length != claims) {
        throw new IllegalArgumentException("every vector must have " + claims + " entries");
      }
      List<BfvCiphertext> chunks = new ArrayList<>();
      for (int from = 0; from < claims; from += n) {
        chunks.add(parameters.words().encrypt(Arrays.copyOfRange(vector, from, Math.min(claims, from + n)),
            secretKey, prg));
      }
      encrypted.add(chunks);
    }
    channel.send(HeSumMessages.values(parameters, claims, encrypted));
    int count = vectors.length * groups;
    List<CompactWordCiphertext> reply = HeLookupMessages.parseReply(parameters, channel.receive(parameters.replyBytes(count)));
    long[] shares = LookupPacker.open(parameters, reply, secretKey);
    if (shares.length != count) {
      throw new org.cosettle.crypto.ot.ProtocolAbortException(HeLookupStep.REPLY, "a reply of " + shares.length
          + " sums, expected " + count);
    }
    return shares;
  }

  /** Checks a sum's public shape against the keys; returns the claim count. */
  static int requireShape(int vectors, int claims, int groups, int levels) {
    if (vectors < 1 || vectors > HeSumMessages.MAX_VECTORS) {
      throw new IllegalArgumentException("between 1 and " + HeSumMessages.MAX_VECTORS + " vectors are required");
    }
    if (claims < 1 || claims > HeLookupParameters.MAX_SUM_CLAIMS) {
      throw new IllegalArgumentException("a sum covers 1.." + HeLookupParameters.MAX_SUM_CLAIMS + " claims: " + claims);
    }
    long count = (long) vectors * groups;
    if (groups < 1 || count > HeLookupMessages.MAX_BATCH) {
      throw new IllegalArgumentException("a sum has 1.." + HeLookupMessages.MAX_BATCH + " groups per vector: " + groups);
    }
    if (HeLookupParameters.packingLevels((int) Math.min(count, 1L << 13)) > levels) {
      throw new IllegalArgumentException(vectors + " × " + groups + " sums need more than the keys' " + levels
          + " packing levels");
    }
    return claims;
  }

  @Override
  public String toString() {
    return "HeSumValueHolder{levels=" + levels + ", " + parameters + "}";
  }
}
