package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;

/**
 * Prime-t batched BFV on one parameter set, behind one interface whatever the backend: the pure
 * Java one of this package ({@link BfvContext#scheme()}) or a native one found by
 * {@link BfvBackends} (SEAL 4.4 in the optional {@code cosettle-crypto-seal} module). Values go in
 * and out as slots, one value mod t per slot; keys and ciphertexts are opaque handles that only
 * the scheme which made them accepts. Two backends on the same {@link BfvParameters} decrypt the
 * same computation to the same slots; their ciphertexts and keys are not interchangeable, on the
 * wire either.
 *
 * <pre>{@code
 * BfvScheme he = BfvBackends.select().open(BfvParameters.defaults(8192, 30));  // java unless told
 * Prg random = Prg.create();
 * BfvScheme.SecretKey secret = he.secretKey(random);
 * BfvScheme.PublicKey pub = he.publicKey(secret, random);
 * try (BfvScheme.Ciphertext x = he.encrypt(pub, new long[] {3, 5}, random);
 *     BfvScheme.Ciphertext y = he.multiplyPlain(x, new long[] {7, 11})) {
 *   long[] slots = he.decrypt(secret, y);                                      // {21, 55, 0, ...}
 *   byte[] wire = y.toBytes();                                                 // he.readCiphertext(wire)
 * }
 * }</pre>
 *
 * <p>Slot arrays hold at most {@link #slotCount()} values in (−t, t) (a negative v stands for
 * t + v; missing trailing slots are 0); decryption returns all slots in [0, t). Randomness is
 * always passed in: a native backend seeds its own generator from the {@link Prg} for each call.
 * Methods throw {@link IllegalArgumentException} for a handle of another scheme or parameter set,
 * operands at different levels, and malformed bytes.
 */
public interface BfvScheme {
  /** The backend's name, as {@link BfvBackends#select(String)} takes it. */
  String backend();

  BfvParameters parameters();

  /** Slots per ciphertext: the ring degree n. */
  default int slotCount() {
    return parameters().slotCount();
  }

  /** The plaintext prime t. */
  default long plainModulus() {
    return parameters().plainModulus();
  }

  SecretKey secretKey(Prg random);

  PublicKey publicKey(SecretKey secret, Prg random);

  RelinKeys relinKeys(SecretKey secret, Prg random);

  /** Keys for rotating the rows left by exactly each of {@code rowSteps} (negative: right). */
  GaloisKeys galoisKeys(SecretKey secret, int[] rowSteps, Prg random);

  /** Public-key encryption at the top level. */
  Ciphertext encrypt(PublicKey key, long[] slots, Prg random);

  /**
   * Secret-key encryption at the top level; until it is first used in an operation its
   * {@link Ciphertext#toBytes()} ships a seed instead of its uniform half (about half the size).
   */
  Ciphertext encryptSymmetric(SecretKey key, long[] slots, Prg random);

  /** All {@link #slotCount()} slots, in [0, t). */
  long[] decrypt(SecretKey key, Ciphertext ciphertext);

  /** SEAL's invariant noise budget in bits; 0 means decryption is no longer guaranteed. */
  int noiseBudget(SecretKey key, Ciphertext ciphertext);

  Ciphertext add(Ciphertext x, Ciphertext y);

  Ciphertext addPlain(Ciphertext x, long[] slots);

  Ciphertext multiplyPlain(Ciphertext x, long[] slots);

  /** The size-3 product of two size-2 ciphertexts; {@link #relinearize} brings it back to size 2. */
  Ciphertext multiply(Ciphertext x, Ciphertext y);

  Ciphertext relinearize(Ciphertext x, RelinKeys keys);

  Ciphertext rotateRows(Ciphertext x, int steps, GaloisKeys keys);

  /**
   * Noise flooding: adds to the first component a polynomial with coefficients uniform in
   * [−2<sup>bits</sup>, 2<sup>bits</sup>) (see {@link BfvEvaluator#addUniformNoise}), {@code bits}
   * in [1, {@value BfvEvaluator#MAX_FLOODING_BITS}].
   */
  Ciphertext addUniformNoise(Ciphertext x, int bits, Prg random);

  /** Drops the last data prime (divide and round), one level down. */
  Ciphertext modSwitchToNext(Ciphertext x);

  /** Strict parsing of this backend's ciphertext bytes for these parameters. */
  Ciphertext readCiphertext(byte[] bytes);

  /** Strict parsing of this backend's public-key bytes for these parameters. */
  PublicKey readPublicKey(byte[] bytes);

  /** What every key and ciphertext handle tells: the parameter set it belongs to. */
  interface Handle {
    BfvParameters parameters();
  }

  /**
   * A ciphertext handle. A native backend holds it off the Java heap: {@link #close()} frees that
   * memory at once (otherwise the garbage collector does, later); a closed ciphertext cannot be
   * used. Closing a pure-Java ciphertext does nothing.
   */
  interface Ciphertext extends Handle, AutoCloseable {

    /** How many data primes it uses; fresh ciphertexts are at {@link BfvParameters#maxLevel()}. */
    int level();

    /** Number of polynomials: 2, or 3 after a multiplication without relinearisation. */
    int size();

    /** The backend's wire encoding; {@link BfvScheme#readCiphertext} reads it back. */
    byte[] toBytes();

    @Override
    default void close() {}
  }

  /** A secret key: its {@code toString()} shows at most a fingerprint. */
  interface SecretKey extends Handle {}

  /** A public key. */
  interface PublicKey extends Handle {

    /** The backend's wire encoding; {@link BfvScheme#readPublicKey} reads it back. */
    byte[] toBytes();
  }

  /** Relinearisation keys. */
  interface RelinKeys extends Handle {}

  /** Galois keys for row rotations. */
  interface GaloisKeys extends Handle {}
}
