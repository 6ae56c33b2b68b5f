package org.cosettle.crypto.seal;

import java.util.function.Consumer;
import org.cosettle.crypto.bfv.BfvEncoder;
import org.cosettle.crypto.bfv.BfvEvaluator;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;
import org.cosettle.crypto.random.Prg;

/**
 * {@link BfvScheme} on Microsoft SEAL 4.4: its BFV with the batching encoder, on exactly the
 * primes of the {@link BfvParameters} (SEAL checks them against its own 128-bit table too). Each
 * randomised call draws a 64-byte seed from the caller's {@link Prg}; SEAL samples only from
 * Blake2xb generators derived from it. Slots are checked as the Java backend checks them, so both
 * refuse the same inputs and decrypt the same computation to the same slots.
 */
final class SealBfvScheme implements BfvScheme {
  /** SEAL's PRNG seed: eight 64-bit words. */
  private static final int SEED_BYTES = 64;

  private final BfvParameters parameters;
  private final SealNative.Scheme scheme;
  private final SealNative.Context context;

  SealBfvScheme(BfvParameters parameters) {
    this.parameters = parameters;
    try {
      this.scheme = new SealNative.Scheme(parameters.degree(), parameters.coefficientModuli(),
          parameters.plainModulus());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("SEAL refuses " + parameters + ": " + e.getMessage(), e);
    }
    this.context = scheme.context();
  }

  @Override
  public String backend() {
    return SealBackend.NAME;
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  @Override
  public SecretKey secretKey(Prg random) {
    SealNative.SecretKey key = new SealNative.SecretKey();
    scheme.secret_key(seed(random), key);
    return new SealKeys.Secret(parameters, context, key);
  }

  @Override
  public PublicKey publicKey(SecretKey secret, Prg random) {
    SealNative.PublicKey key = new SealNative.PublicKey();
    SealNative.Bytes wire = new SealNative.Bytes();
    try {
      scheme.public_key(own(secret, SealKeys.Secret.class).key, seed(random), key, wire);
      return new SealKeys.Public(parameters, context, key, wire.toArray());
    } finally {
      wire.close();
    }
  }

  @Override
  public RelinKeys relinKeys(SecretKey secret, Prg random) {
    SealNative.RelinKeys keys = new SealNative.RelinKeys();
    scheme.relin_keys(own(secret, SealKeys.Secret.class).key, seed(random), keys);
    return new SealKeys.Relin(parameters, keys);
  }

  @Override
  public GaloisKeys galoisKeys(SecretKey secret, int[] rowSteps, Prg random) {
    int half = parameters.degree() / 2;
    // a step that is a multiple of n/2 is no rotation (SEAL's step 0 would mean the row swap)
    int[] steps = java.util.Arrays.stream(rowSteps).filter(step -> step % half != 0).distinct().toArray();
    SealNative.GaloisKeys keys = new SealNative.GaloisKeys();
    scheme.galois_keys(own(secret, SealKeys.Secret.class).key, steps, steps.length, seed(random), keys);
    return new SealKeys.Galois(parameters, keys);
  }

  @Override
  public Ciphertext encrypt(PublicKey key, long[] slots, Prg random) {
    long[] residues = residues(slots);
    SealKeys.Public pub = own(key, SealKeys.Public.class);
    return compute(out -> scheme.encrypt(pub.encryptor, residues, seed(random), out));
  }

  @Override
  public Ciphertext encryptSymmetric(SecretKey key, long[] slots, Prg random) {
    long[] residues = residues(slots);
    SealKeys.Secret secret = own(key, SealKeys.Secret.class);
    SealNative.Bytes wire = new SealNative.Bytes();
    byte[] bytes;
    try {
      scheme.encrypt_symmetric(secret.encryptor, residues, seed(random), wire);
      bytes = wire.toArray();
    } finally {
      wire.close();
    }
    return SealCiphertext.seeded(parameters, bytes, () -> load(bytes));
  }

  @Override
  public long[] decrypt(SecretKey key, Ciphertext ciphertext) {
    SealKeys.Secret secret = own(key, SealKeys.Secret.class);
    long[] slots = new long[parameters.slotCount()];
    SealNative.Ciphertext c = own(ciphertext);
    synchronized (secret) {
      scheme.decrypt(secret.decryptor, c, slots);
    }
    return slots;
  }

  @Override
  public int noiseBudget(SecretKey key, Ciphertext ciphertext) {
    SealKeys.Secret secret = own(key, SealKeys.Secret.class);
    SealNative.Ciphertext c = own(ciphertext);
    synchronized (secret) {
      return scheme.noise_budget(secret.decryptor, c);
    }
  }

  @Override
  public Ciphertext add(Ciphertext x, Ciphertext y) {
    SealNative.Ciphertext left = own(x);
    SealNative.Ciphertext right = own(y);
    requireSameLevel(x, y);
    return compute(out -> scheme.add(left, right, out));
  }

  @Override
  public Ciphertext addPlain(Ciphertext x, long[] slots) {
    long[] residues = residues(slots);
    SealNative.Ciphertext c = own(x);
    return compute(out -> scheme.add_plain(c, residues, out));
  }

  @Override
  public Ciphertext multiplyPlain(Ciphertext x, long[] slots) {
    long[] residues = residues(slots);
    SealNative.Ciphertext c = own(x);
    return compute(out -> scheme.multiply_plain(c, residues, out));
  }

  @Override
  public Ciphertext multiply(Ciphertext x, Ciphertext y) {
    SealNative.Ciphertext left = own(x);
    SealNative.Ciphertext right = own(y);
    requireSameLevel(x, y);
    if (x.size() != 2 || y.size() != 2) {
      throw new IllegalArgumentException("multiply takes two size-2 ciphertexts; relinearize first");
    }
    return compute(out -> scheme.multiply(left, right, out));
  }

  @Override
  public Ciphertext relinearize(Ciphertext x, RelinKeys keys) {
    SealNative.Ciphertext c = own(x);
    SealKeys.Relin relin = own(keys, SealKeys.Relin.class);
    if (x.size() == 2) {
      return compute(out -> SealNative.copy(c, out));
    }
    if (x.size() != 3) {
      throw new IllegalArgumentException("relinearize takes a size-3 ciphertext");
    }
    return compute(out -> scheme.relinearize(c, relin.keys, out));
  }

  @Override
  public Ciphertext rotateRows(Ciphertext x, int steps, GaloisKeys keys) {
    SealNative.Ciphertext c = own(x);
    SealKeys.Galois galois = own(keys, SealKeys.Galois.class);
    if (x.size() != 2) {
      throw new IllegalArgumentException("rotations take a size-2 ciphertext; relinearize first");
    }
    int half = parameters.degree() / 2;
    int step = Math.floorMod(steps, half);
    // SEAL takes steps in (−n/2, n/2); the Java backend any integer, reduced mod n/2
    int signed = step > half / 2 ? step - half : step;
    return compute(out -> scheme.rotate_rows(c, signed, galois.keys, out));
  }

  @Override
  public Ciphertext addUniformNoise(Ciphertext x, int bits, Prg random) {
    SealNative.Ciphertext c = own(x);
    long[] noise = BfvEvaluator.uniformNoiseResidues(parameters, x.level(), bits, random);
    return compute(out -> scheme.add_to_first(c, noise, out));
  }

  @Override
  public Ciphertext modSwitchToNext(Ciphertext x) {
    SealNative.Ciphertext c = own(x);
    if (x.level() <= 1) {
      throw new IllegalArgumentException("the ciphertext is already at the lowest level");
    }
    return compute(out -> scheme.mod_switch_to_next(c, out));
  }

  @Override
  public Ciphertext readCiphertext(byte[] bytes) {
    return SealCiphertext.of(parameters, load(bytes));
  }

  @Override
  public PublicKey readPublicKey(byte[] bytes) {
    requireBytes(bytes);
    SealNative.PublicKey key = new SealNative.PublicKey();
    try {
      scheme.load_public_key(bytes, bytes.length, key);
    } catch (RuntimeException e) {
      key.close();
      throw new IllegalArgumentException("malformed SEAL public key: " + e.getMessage(), e);
    }
    return new SealKeys.Public(parameters, context, key, bytes.clone());
  }

  private SealNative.Ciphertext load(byte[] bytes) {
    requireBytes(bytes);
    SealNative.Ciphertext ciphertext = new SealNative.Ciphertext();
    try {
      scheme.load_ciphertext(bytes, bytes.length, ciphertext);
    } catch (RuntimeException e) {
      ciphertext.close();
      throw new IllegalArgumentException("malformed SEAL ciphertext: " + e.getMessage(), e);
    }
    return ciphertext;
  }

  private static void requireBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes are required");
    }
  }

  /** A new native ciphertext that {@code operation} writes; freed again if the operation fails. */
  private Ciphertext compute(Consumer<SealNative.Ciphertext> operation) {
    SealNative.Ciphertext out = new SealNative.Ciphertext();
    try {
      operation.accept(out);
    } catch (RuntimeException e) {
      out.close();
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        throw e;
      }
      throw new IllegalArgumentException("SEAL: " + e.getMessage(), e);
    }
    return SealCiphertext.of(parameters, out);
  }

  private long[] residues(long[] slots) {
    return BfvEncoder.slotResidues(slots, parameters.slotCount(), parameters.plainModulus());
  }

  private static byte[] seed(Prg random) {
    if (random == null) {
      throw new IllegalArgumentException("randomness is required");
    }
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    return seed;
  }

  private static void requireSameLevel(Ciphertext x, Ciphertext y) {
    if (x.level() != y.level()) {
      throw new IllegalArgumentException("operands at different levels: " + x.level() + " and " + y.level());
    }
  }

  private SealNative.Ciphertext own(Ciphertext ciphertext) {
    return own(ciphertext, SealCiphertext.class).nativeCiphertext();
  }

  /** The handle as this backend's type on these parameters. */
  private <T> T own(Handle handle, Class<T> type) {
    if (handle == null) {
      throw new IllegalArgumentException("a " + type.getSimpleName() + " is required");
    }
    if (!type.isInstance(handle)) {
      throw new IllegalArgumentException("the seal backend cannot use " + handle + ": it belongs to another backend");
    }
    BfvParameters theirs = handle.parameters();
    if (!parameters.equals(theirs)) {
      throw new IllegalArgumentException(handle + " belongs to another parameter set: " + theirs + ", expected "
          + parameters);
    }
    return type.cast(handle);
  }

  @Override
  public String toString() {
    return "BfvScheme[seal, " + parameters + "]";
  }
}
