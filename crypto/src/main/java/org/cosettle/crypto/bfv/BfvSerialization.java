package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte format of ciphertexts and keys (see docs/crypto-bfv.md):
 *
 * <pre>
 *   "CSBF" | version 1 | kind | parameter fingerprint (8 bytes, big-endian) | kind-specific header
 *   | residues bit-packed, bitLength(q_i) bits each, limb by limb, zero-padded to a byte | seed?
 * </pre>
 *
 * Readers compute the exact expected length from the header before touching the body, so a
 * truncated or extended input, an unknown kind, a foreign parameter set or a residue ≥ q_i is a
 * {@link BfvFormatException}, never a wrong object or an index error.
 */
final class BfvSerialization {
  private static final byte[] MAGIC = {'C', 'S', 'B', 'F'};
  private static final byte VERSION = 1;
  static final byte CIPHERTEXT = 1;
  static final byte SEEDED_CIPHERTEXT = 2;
  static final byte PUBLIC_KEY = 3;
  static final byte RELIN_KEYS = 4;
  static final byte GALOIS_KEYS = 5;
  static final byte SECRET_KEY = 6;
  static final byte SEEDED_PREFIX_CIPHERTEXT = 7;
  private static final int PREFIX = MAGIC.length + 2 + 8;
  private static final int SEED = Sampler.SEED_BYTES;

  private BfvSerialization() {}

  // ---- ciphertexts ----

  static byte[] writeCiphertext(BfvCiphertext ct) {
    BfvParameters params = ct.parameters;
    long[] moduli = params.coefficientModuli();
    int polyBytes = BitPacking.bytesFor(polyBits(moduli, ct.level, params.degree()));
    boolean seeded = ct.seed != null;
    int polys = seeded ? 1 : ct.size();
    byte[] out = new byte[PREFIX + 2 + polys * polyBytes + (seeded ? SEED : 0)];
    int position = prefix(out, seeded ? SEEDED_CIPHERTEXT : CIPHERTEXT, params);
    out[position++] = (byte) ct.level;
    out[position++] = (byte) ct.size();
    for (int p = 0; p < polys; p++) {
      position = pack(out, position, ct.polys[p], moduli, ct.level, params.degree());
    }
    if (seeded) {
      System.arraycopy(ct.seed, 0, out, position, SEED);
    }
    return out;
  }

  static BfvCiphertext readCiphertext(BfvContext context, byte[] in) {
    int kind = readPrefix(context, in, CIPHERTEXT, SEEDED_CIPHERTEXT);
    boolean seeded = kind == SEEDED_CIPHERTEXT;
    requireLength(in, PREFIX + 2);
    int level = in[PREFIX] & 0xFF;
    int size = in[PREFIX + 1] & 0xFF;
    int n = context.n;
    if (level < 1 || level > context.maxLevel || (seeded && level != context.maxLevel)) {
      throw new BfvFormatException("ciphertext level " + level + " is outside 1.." + context.maxLevel
          + (seeded ? " (a seeded ciphertext is always at the top level)" : ""));
    }
    if (size < 2 || size > 3 || (seeded && size != 2)) {
      throw new BfvFormatException("ciphertext size " + size + " is not " + (seeded ? "2" : "2 or 3"));
    }
    long[] moduli = context.parameters.coefficientModuli();
    int polyBytes = BitPacking.bytesFor(polyBits(moduli, level, n));
    int stored = seeded ? 1 : size;
    requireExactLength(in, PREFIX + 2 + (long) stored * polyBytes + (seeded ? SEED : 0));
    int position = PREFIX + 2;
    long[][] polys = new long[size][];
    for (int p = 0; p < stored; p++) {
      polys[p] = new long[level * n];
      position = unpack(in, position, polys[p], moduli, level, n);
    }
    byte[] seed = null;
    if (seeded) {
      seed = Arrays.copyOfRange(in, position, position + SEED);
      long[] a = BfvEncryptor.expandUniform(context, seed, level);
      context.inverse(a, level);
      polys[1] = a;
    }
    return new BfvCiphertext(context.parameters, level, polys, seed);
  }

  /**
   * A fresh symmetric ciphertext with the first {@code k} coefficients of c0 only (kind 7: level,
   * size 2, k as 4 bytes, the residues of those coefficients, the seed). Read back, c0 is zero
   * beyond k: a ciphertext whose phase is right at the first k coefficients only, for uses that
   * read nothing else (inner products at the constant coefficient).
   */
  static byte[] writePrefixCiphertext(BfvCiphertext ct, int k) {
    BfvParameters params = ct.parameters;
    int n = params.degree();
    if (ct.seed == null || ct.size() != 2 || k < 1 || k > n) {
      throw new IllegalArgumentException("a prefix of 1.." + n + " coefficients of a seeded ciphertext is required");
    }
    long[] moduli = params.coefficientModuli();
    long[] prefix = new long[ct.level * k];
    for (int i = 0; i < ct.level; i++) {
      System.arraycopy(ct.polys[0], i * n, prefix, i * k, k);
    }
    int polyBytes = BitPacking.bytesFor(polyBits(moduli, ct.level, k));
    byte[] out = new byte[PREFIX + 6 + polyBytes + SEED];
    int position = prefix(out, SEEDED_PREFIX_CIPHERTEXT, params);
    out[position++] = (byte) ct.level;
    out[position++] = 2;
    ByteBuffer.wrap(out, position, 4).putInt(k);
    position += 4;
    position = pack(out, position, prefix, moduli, ct.level, k);
    System.arraycopy(ct.seed, 0, out, position, SEED);
    return out;
  }

  static BfvCiphertext readPrefixCiphertext(BfvContext context, byte[] in, int k) {
    readPrefix(context, in, SEEDED_PREFIX_CIPHERTEXT, SEEDED_PREFIX_CIPHERTEXT);
    requireLength(in, PREFIX + 6);
    int level = in[PREFIX] & 0xFF;
    int size = in[PREFIX + 1] & 0xFF;
    int sent = ByteBuffer.wrap(in, PREFIX + 2, 4).getInt();
    int n = context.n;
    if (level != context.maxLevel || size != 2) {
      throw new BfvFormatException("a prefix ciphertext has level " + context.maxLevel + " and size 2, not " + level
          + " and " + size);
    }
    if (sent != k || k < 1 || k > n) {
      throw new BfvFormatException("a prefix of " + sent + " coefficients, expected " + k);
    }
    long[] moduli = context.parameters.coefficientModuli();
    requireExactLength(in, PREFIX + 6 + (long) BitPacking.bytesFor(polyBits(moduli, level, k)) + SEED);
    long[] prefix = new long[level * k];
    int position = unpack(in, PREFIX + 6, prefix, moduli, level, k);
    long[] c0 = new long[level * n];
    for (int i = 0; i < level; i++) {
      System.arraycopy(prefix, i * k, c0, i * n, k);
    }
    byte[] seed = Arrays.copyOfRange(in, position, position + SEED);
    long[] a = BfvEncryptor.expandUniform(context, seed, level);
    context.inverse(a, level);
    return new BfvCiphertext(context.parameters, level, new long[][] {c0, a}, seed);
  }

  // ---- keys ----

  static byte[] writePublicKey(BfvPublicKey key) {
    BfvParameters params = key.parameters;
    long[] moduli = params.coefficientModuli();
    int levels = moduli.length;
    int polyBytes = BitPacking.bytesFor(polyBits(moduli, levels, params.degree()));
    byte[] out = new byte[PREFIX + polyBytes + SEED];
    int position = prefix(out, PUBLIC_KEY, params);
    position = pack(out, position, key.b, moduli, levels, params.degree());
    System.arraycopy(key.seed, 0, out, position, SEED);
    return out;
  }

  static BfvPublicKey readPublicKey(BfvContext context, byte[] in) {
    readPrefix(context, in, PUBLIC_KEY, PUBLIC_KEY);
    long[] moduli = context.parameters.coefficientModuli();
    int levels = moduli.length;
    int polyBytes = BitPacking.bytesFor(polyBits(moduli, levels, context.n));
    requireExactLength(in, PREFIX + (long) polyBytes + SEED);
    long[] b = new long[levels * context.n];
    int position = unpack(in, PREFIX, b, moduli, levels, context.n);
    byte[] seed = Arrays.copyOfRange(in, position, position + SEED);
    long[] a = Sampler.uniform(Prg.fromSeed(seed), context.chain, levels, context.n);
    return new BfvPublicKey(context.parameters, b, a, seed);
  }

  static byte[] writeRelinKeys(BfvRelinKeys keys) {
    BfvParameters params = keys.parameters;
    byte[] out = new byte[PREFIX + keySwitchKeyBytes(params)];
    int position = prefix(out, RELIN_KEYS, params);
    writeKeySwitchKey(out, position, keys.key, params);
    return out;
  }

  static BfvRelinKeys readRelinKeys(BfvContext context, byte[] in) {
    readPrefix(context, in, RELIN_KEYS, RELIN_KEYS);
    requireExactLength(in, PREFIX + (long) keySwitchKeyBytes(context.parameters));
    return new BfvRelinKeys(context.parameters, readKeySwitchKey(context, in, PREFIX));
  }

  static byte[] writeGaloisKeys(BfvGaloisKeys keys) {
    BfvParameters params = keys.parameters;
    int each = 4 + keySwitchKeyBytes(params);
    byte[] out = new byte[PREFIX + 4 + keys.keys.size() * each];
    int position = prefix(out, GALOIS_KEYS, params);
    ByteBuffer.wrap(out, position, 4).putInt(keys.keys.size());
    position += 4;
    for (Map.Entry<Integer, KeySwitchKey> entry : keys.keys.entrySet()) {
      ByteBuffer.wrap(out, position, 4).putInt(entry.getKey());
      position = writeKeySwitchKey(out, position + 4, entry.getValue(), params);
    }
    return out;
  }

  static BfvGaloisKeys readGaloisKeys(BfvContext context, byte[] in) {
    readPrefix(context, in, GALOIS_KEYS, GALOIS_KEYS);
    requireLength(in, PREFIX + 4);
    int count = ByteBuffer.wrap(in, PREFIX, 4).getInt();
    int n = context.n;
    if (count < 0 || count > n) {
      throw new BfvFormatException("Galois key count " + count + " is outside 0.." + n);
    }
    int each = 4 + keySwitchKeyBytes(context.parameters);
    requireExactLength(in, PREFIX + 4 + (long) count * each);
    Map<Integer, KeySwitchKey> keys = new LinkedHashMap<>();
    int position = PREFIX + 4;
    int previous = 0;
    for (int i = 0; i < count; i++) {
      int element = ByteBuffer.wrap(in, position, 4).getInt();
      if (element <= previous || element >= 2 * n || element % 2 == 0 || element == 1) {
        throw new BfvFormatException("Galois element " + element + " is not an odd value in (1, 2n), "
            + "listed in increasing order");
      }
      previous = element;
      keys.put(element, readKeySwitchKey(context, in, position + 4));
      position += each;
    }
    return new BfvGaloisKeys(context.parameters, keys);
  }

  private static int keySwitchKeyBytes(BfvParameters params) {
    long[] moduli = params.coefficientModuli();
    int digits = params.maxLevel();
    return digits * BitPacking.bytesFor(polyBits(moduli, moduli.length, params.degree())) + SEED;
  }

  private static int writeKeySwitchKey(byte[] out, int position, KeySwitchKey key, BfvParameters params) {
    long[] moduli = params.coefficientModuli();
    for (long[] b : key.b) {
      position = pack(out, position, b, moduli, moduli.length, params.degree());
    }
    System.arraycopy(key.seed, 0, out, position, SEED);
    return position + SEED;
  }

  private static KeySwitchKey readKeySwitchKey(BfvContext context, byte[] in, int position) {
    long[] moduli = context.parameters.coefficientModuli();
    int digits = context.maxLevel;
    int n = context.n;
    long[][] b = new long[digits][];
    for (int i = 0; i < digits; i++) {
      b[i] = new long[moduli.length * n];
      position = unpack(in, position, b[i], moduli, moduli.length, n);
    }
    byte[] seed = Arrays.copyOfRange(in, position, position + SEED);
    Prg expansion = Prg.fromSeed(seed);
    long[][] a = new long[digits][];
    for (int i = 0; i < digits; i++) {
      a[i] = Sampler.uniform(expansion, context.chain, moduli.length, n);
    }
    return new KeySwitchKey(b, a, seed);
  }

  /** Coefficients −1, 0, 1 as 2-bit codes 0, 1, 2, four to a byte; code 3 is invalid. */
  static byte[] writeSecretKey(BfvSecretKey key) {
    byte[] coefficients = key.coefficients;
    byte[] out = new byte[PREFIX + coefficients.length / 4];
    int position = prefix(out, SECRET_KEY, key.parameters);
    for (int c = 0; c < coefficients.length; c++) {
      out[position + c / 4] |= (byte) ((coefficients[c] + 1) << (2 * (c % 4)));
    }
    return out;
  }

  static BfvSecretKey readSecretKey(BfvContext context, byte[] in) {
    readPrefix(context, in, SECRET_KEY, SECRET_KEY);
    int n = context.n;
    requireExactLength(in, PREFIX + (long) n / 4);
    byte[] coefficients = new byte[n];
    for (int c = 0; c < n; c++) {
      int code = (in[PREFIX + c / 4] >>> (2 * (c % 4))) & 3;
      if (code == 3) {
        throw new BfvFormatException("secret key coefficient " + c + " has the invalid code 3");
      }
      coefficients[c] = (byte) (code - 1);
    }
    return context.keyGenerator().secretKeyFrom(coefficients);
  }

  // ---- shared pieces ----

  private static long polyBits(long[] moduli, int limbs, int n) {
    long bits = 0;
    for (int i = 0; i < limbs; i++) {
      bits += (long) (64 - Long.numberOfLeadingZeros(moduli[i])) * n;
    }
    return bits;
  }

  private static int pack(byte[] out, int position, long[] poly, long[] moduli, int limbs, int n) {
    BitPacking.Writer writer = new BitPacking.Writer(out, position);
    for (int i = 0; i < limbs; i++) {
      int bits = 64 - Long.numberOfLeadingZeros(moduli[i]);
      for (int c = i * n; c < (i + 1) * n; c++) {
        writer.write(poly[c], bits);
      }
    }
    return writer.finish();
  }

  private static int unpack(byte[] in, int position, long[] poly, long[] moduli, int limbs, int n) {
    BitPacking.Reader reader = new BitPacking.Reader(in, position);
    for (int i = 0; i < limbs; i++) {
      long q = moduli[i];
      int bits = 64 - Long.numberOfLeadingZeros(q);
      for (int c = i * n; c < (i + 1) * n; c++) {
        long value = reader.read(bits);
        if (value >= q) {
          throw new BfvFormatException("coefficient " + (c - i * n) + " of limb " + i + " is not below q_" + i + " = " + q);
        }
        poly[c] = value;
      }
    }
    return reader.finish();
  }

  private static int prefix(byte[] out, byte kind, BfvParameters params) {
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = VERSION;
    out[MAGIC.length + 1] = kind;
    ByteBuffer.wrap(out, MAGIC.length + 2, 8).putLong(params.fingerprint());
    return PREFIX;
  }

  private static int readPrefix(BfvContext context, byte[] in, byte kind, byte alternativeKind) {
    if (in == null) {
      throw new BfvFormatException("no bytes");
    }
    requireLength(in, PREFIX);
    if (!Arrays.equals(in, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new BfvFormatException("not a CoSettle BFV object (bad magic)");
    }
    if (in[MAGIC.length] != VERSION) {
      throw new BfvFormatException("unsupported format version " + in[MAGIC.length]);
    }
    byte actual = in[MAGIC.length + 1];
    if (actual != kind && actual != alternativeKind) {
      throw new BfvFormatException("expected object kind " + kind + " but found " + actual);
    }
    long fingerprint = ByteBuffer.wrap(in, MAGIC.length + 2, 8).getLong();
    if (fingerprint != context.parameters.fingerprint()) {
      throw new BfvFormatException(String.format(
          "object was made for another parameter set (fingerprint %016x, expected %016x)",
          fingerprint, context.parameters.fingerprint()));
    }
    return actual;
  }

  private static void requireLength(byte[] in, int atLeast) {
    if (in.length < atLeast) {
      throw new BfvFormatException("truncated: " + in.length + " bytes, need at least " + atLeast);
    }
  }

  private static void requireExactLength(byte[] in, long expected) {
    if (in.length != expected) {
      throw new BfvFormatException("expected exactly " + expected + " bytes, got " + in.length);
    }
  }
}
