package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;
import java.math.BigInteger;

/** One key set per parameter set, shared by the tests (key generation is the slow part). */
final class BfvFixture {
  static final BfvFixture N4096 = new BfvFixture(BfvParameters.defaults(4096), 4096);
  private static BfvFixture n8192;

  static synchronized BfvFixture n8192() {
    if (n8192 == null) {
      n8192 = new BfvFixture(BfvParameters.defaults(8192), 8192);
    }
    return n8192;
  }

  final BfvContext bfv;
  final Prg random;
  final BfvSecretKey secret;
  final BfvPublicKey publicKey;
  final long t;
  private BfvRelinKeys relinKeys;
  private BfvGaloisKeys galoisKeys;

  BfvFixture(BfvParameters parameters, long seed) {
    bfv = BfvContext.create(parameters);
    random = seeded(seed);
    secret = bfv.keyGenerator().secretKey(random);
    publicKey = bfv.keyGenerator().publicKey(secret, random);
    t = parameters.plainModulus();
  }

  static Prg seeded(long seed) {
    byte[] bytes = new byte[Sampler.SEED_BYTES];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (seed >>> (8 * i));
    }
    return Prg.fromSeed(bytes);
  }

  synchronized BfvRelinKeys relinKeys() {
    if (relinKeys == null) {
      relinKeys = bfv.keyGenerator().relinKeys(secret, random);
    }
    return relinKeys;
  }

  synchronized BfvGaloisKeys galoisKeys() {
    if (galoisKeys == null) {
      galoisKeys = bfv.keyGenerator().galoisKeys(secret, random);
    }
    return galoisKeys;
  }

  long[] randomSlots(Prg source) {
    long[] values = new long[bfv.parameters().slotCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = source.nextLongBelow(t);
    }
    return values;
  }

  BfvCiphertext encrypt(long[] values) {
    return bfv.encryptor(publicKey).encrypt(bfv.encoder().encode(values), random);
  }

  BfvCiphertext encryptSymmetric(long[] values) {
    return bfv.symmetricEncryptor(secret).encrypt(bfv.encoder().encode(values), random);
  }

  long[] decrypt(BfvCiphertext ct) {
    return bfv.encoder().decode(bfv.decryptor(secret).decrypt(ct));
  }

  int budget(BfvCiphertext ct) {
    return bfv.decryptor(secret).noiseBudget(ct);
  }

  long mulMod(long a, long b) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(t)).longValue();
  }
}
