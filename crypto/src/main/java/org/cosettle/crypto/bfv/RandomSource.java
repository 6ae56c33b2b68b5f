package org.cosettle.crypto.bfv;

import java.security.SecureRandom;

/**
 * The randomness every BFV operation takes as an argument, so that tests can be deterministic
 * and production code cannot silently fall back to a weak generator.
 *
 * <p>Implementations are AES-CTR streams: {@link #secure()} is keyed from {@link SecureRandom},
 * {@link #fromSeed(byte[])} is a deterministic expansion of a 32-byte seed (used for the uniform
 * half of seeded ciphertexts and keys). This interface will be unified with the shared
 * {@code org.cosettle.crypto.Prg} later. Instances are not thread-safe: use one per thread.
 *
 * <pre>{@code
 * RandomSource random = RandomSource.secure();
 * BfvCiphertext ct = encryptor.encrypt(plain, random);
 * }</pre>
 */
public interface RandomSource {

  /** Length in bytes of a seed accepted by {@link #fromSeed(byte[])}. */
  int SEED_BYTES = 32;

  /** Fills {@code out} with pseudorandom bytes. */
  void nextBytes(byte[] out);

  /** The next 64 pseudorandom bits. */
  long nextLong();

  /** A uniform value in {@code [0, bound)} without modulo bias; {@code bound} must be positive. */
  default long nextBelow(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long mask = -1L >>> Long.numberOfLeadingZeros(bound - 1 | 1);
    while (true) {
      long candidate = nextLong() & mask;
      if (candidate < bound) {
        return candidate;
      }
    }
  }

  /** A stream keyed by 32 bytes from a fresh {@link SecureRandom}. */
  static RandomSource secure() {
    byte[] seed = new byte[SEED_BYTES];
    new SecureRandom().nextBytes(seed);
    return new AesCtrRandomSource(seed);
  }

  /** The deterministic stream expanded from {@code seed} (exactly {@value #SEED_BYTES} bytes). */
  static RandomSource fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("a seed is exactly " + SEED_BYTES + " bytes");
    }
    return new AesCtrRandomSource(seed.clone());
  }
}
