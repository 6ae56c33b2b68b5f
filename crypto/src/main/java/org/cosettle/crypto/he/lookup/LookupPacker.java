package org.cosettle.crypto.he.lookup;

import java.util.List;
import java.util.function.IntFunction;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvEvaluator;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.bfv.WordCoefficientBfv;
import org.cosettle.crypto.random.Prg;

/**
 * Extracts table entries and packs them into one ciphertext (PackLWEs: Chen, Dai, Kim, Song,
 * "Efficient Homomorphic Conversion Between (Ring) LWE Ciphertexts", ACNS 2021, Algorithm 2).
 *
 * <p>Lookup q of a chunk of c ≤ n starts as the table ciphertext holding its entry, times
 * X<sup>−k</sup> so that entry k sits in the constant coefficient (the LWE sample of that entry, with
 * the other coefficients left as garbage), minus the mask word, times 2<sup>−l</sup> mod Q for
 * l = ⌈log2 c⌉. Packing 2<sup>j</sup> of them combines two packed halves e and o as
 * (e + X<sup>n/2^j</sup>·o) + τ<sub>2^j+1</sub>(e − X<sup>n/2^j</sup>·o): the automorphism fixes
 * the coefficients at multiples of n/2<sup>j−1</sup> and negates the odd multiples of n/2<sup>j</sup>,
 * so garbage at the kept coefficients cancels exactly and the kept values double. After l levels
 * lookup q holds exactly its masked entry at coefficient (n/2<sup>l</sup>)·reverse_l(q), and only
 * those coefficients are ever decrypted. The recursion is depth first over contiguous halves, so at
 * most 2·l ciphertexts are alive at once; a missing half (c not a power of two) counts as zero.
 */
final class LookupPacker {
  private final WordCoefficientBfv words;
  private final BfvEvaluator evaluator;
  private final BfvGaloisKeys galoisKeys;
  private final List<BfvCiphertext> table;
  private final int n;

  LookupPacker(HeLookupParameters parameters, List<BfvCiphertext> table, BfvGaloisKeys galoisKeys) {
    this.words = parameters.words();
    this.evaluator = parameters.context().evaluator();
    this.galoisKeys = galoisKeys;
    this.table = table;
    this.n = parameters.degree();
  }

  /** The packed ciphertext of T[indices[q]] − masks[q], for q in [from, from + count), count ≤ n. */
  BfvCiphertext pack(int[] indices, long[] masks, int from, int count) {
    return packSums(indices, singleTerms(indices.length), masks, from, count);
  }

  /** The term starts of {@code lookups} lookups of one entry each: 0, 1, …, lookups. */
  static int[] singleTerms(int lookups) {
    int[] starts = new int[lookups + 1];
    for (int j = 0; j <= lookups; j++) {
      starts[j] = j;
    }
    return starts;
  }

  /**
   * The packed ciphertext of Σ T[indices[i]] − masks[q] over i in [starts[q], starts[q + 1]), for
   * q in [from, from + count), count ≤ n: each sum added up on the extracted entries before
   * packing (a linear OKVS's decoding), so it costs one packed word whatever its terms.
   */
  BfvCiphertext packSums(int[] indices, int[] starts, long[] masks, int from, int count) {
    return pack(q -> {
      BfvCiphertext sum = null;
      for (int i = starts[from + q]; i < starts[from + q + 1]; i++) {
        BfvCiphertext entry = words.multiplyByMonomial(table.get(indices[i] / n), -(indices[i] % n));
        sum = sum == null ? entry : evaluator.add(sum, entry);
      }
      return words.addWord(sum, 0, -masks[from + q]);
    }, count);
  }

  /**
   * The packed ciphertext of the constant coefficients of {@code leaf(q)} for q in [0, count),
   * count ≤ n: the general form, for any values that sit in the constant coefficient (a grouped
   * sum's inner products too). Each leaf is asked for once, in order.
   */
  BfvCiphertext pack(IntFunction<BfvCiphertext> leaf, int count) {
    int levels = HeLookupParameters.packingLevels(count);
    return pack(leaf, 0, count, 1 << levels, levels);
  }

  private BfvCiphertext pack(IntFunction<BfvCiphertext> leaf, int from, int end, int size, int totalLevels) {
    if (from >= end) {
      return null;
    }
    if (size == 1) {
      return words.divideByPowerOfTwo(leaf.apply(from), totalLevels);
    }
    int half = size / 2;
    BfvCiphertext even = pack(leaf, from, end, half, totalLevels);
    BfvCiphertext odd = pack(leaf, from + half, end, half, totalLevels);
    int level = Integer.numberOfTrailingZeros(size);
    BfvCiphertext sum = even;
    BfvCiphertext difference = even;
    if (odd != null) {
      BfvCiphertext shifted = words.multiplyByMonomial(odd, n >> level);
      sum = evaluator.add(even, shifted);
      difference = evaluator.subtract(even, shifted);
    }
    return evaluator.add(sum, words.applyGalois(difference, (1 << level) + 1, galoisKeys));
  }

  /**
   * The reply for {@code count} packed values: re-randomised with a fresh encryption of zero under
   * the key owner's public key, flooded, and compressed to the packed coefficients. {@code planted}
   * (tests' positive controls only) skips the first two.
   */
  static CompactWordCiphertext seal(HeLookupParameters parameters, BfvCiphertext packed, int count,
      BfvPublicKey publicKey, boolean planted, Prg prg) {
    BfvCiphertext sent = packed;
    if (!planted) {
      // without both, the owner could replay the packing for candidate selections and compare
      sent = parameters.context().evaluator().add(sent, parameters.words().encryptZero(publicKey, prg));
      sent = parameters.context().evaluator().addUniformNoise(sent, parameters.floodingBits(), prg);
    }
    return parameters.words().compress(sent, parameters.packedCoefficients(count),
        HeLookupParameters.CONSTANT_BITS, HeLookupParameters.LINEAR_BITS);
  }

  /** The words of a reply's chunks, in order. */
  static long[] open(HeLookupParameters parameters, List<CompactWordCiphertext> chunks, BfvSecretKey secretKey) {
    int total = 0;
    for (CompactWordCiphertext chunk : chunks) {
      total += chunk.count();
    }
    long[] words = new long[total];
    int done = 0;
    for (CompactWordCiphertext chunk : chunks) {
      long[] part = parameters.words().decrypt(chunk, secretKey);
      System.arraycopy(part, 0, words, done, part.length);
      done += part.length;
    }
    return words;
  }
}
