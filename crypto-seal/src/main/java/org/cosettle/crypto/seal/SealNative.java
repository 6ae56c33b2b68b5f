package org.cosettle.crypto.seal;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JavaCPP binding: SEAL 4.4's key, ciphertext, encryptor and decryptor classes as
 * {@link Pointer}s, and the C++ side of this backend ({@code cosettle_seal.h}: one BFV context and
 * its seeded calls) whose methods take them. JavaCPP's Maven plugin compiles the JNI glue against
 * {@code SEAL_HOME}'s headers and links {@code libseal} (copied beside the glue, so that the jar
 * carries both). Every native object made here is freed by {@code close()} or, failing that, by
 * the garbage collector; C++ exceptions arrive as {@link RuntimeException}s with SEAL's message.
 */
@Platform(include = {"seal/seal.h", "cosettle_seal.h"}, link = "seal@.4.4", compiler = "cpp17")
final class SealNative {
  static {
    Loader.load();
  }

  private SealNative() {}

  /** Loads the native library (and libseal); throws {@link UnsatisfiedLinkError} if it cannot. */
  static void load() {
    Loader.load(SealNative.class);
  }

  @Namespace("seal")
  @Name("Ciphertext")
  static final class Ciphertext extends Pointer {
    static {
      Loader.load();
    }

    Ciphertext() {
      allocate();
    }

    private native void allocate();

    native @Cast("size_t") long size();

    native @Cast("size_t") long coeff_modulus_size();
  }

  @Namespace("seal")
  @Name("SecretKey")
  static final class SecretKey extends Pointer {
    static {
      Loader.load();
    }

    SecretKey() {
      allocate();
    }

    private native void allocate();
  }

  @Namespace("seal")
  @Name("PublicKey")
  static final class PublicKey extends Pointer {
    static {
      Loader.load();
    }

    PublicKey() {
      allocate();
    }

    private native void allocate();
  }

  @Namespace("seal")
  @Name("RelinKeys")
  static final class RelinKeys extends Pointer {
    static {
      Loader.load();
    }

    RelinKeys() {
      allocate();
    }

    private native void allocate();
  }

  @Namespace("seal")
  @Name("GaloisKeys")
  static final class GaloisKeys extends Pointer {
    static {
      Loader.load();
    }

    GaloisKeys() {
      allocate();
    }

    private native void allocate();
  }

  @Namespace("seal")
  @Name("SEALContext")
  static final class Context extends Pointer {
    static {
      Loader.load();
    }

    Context(Pointer p) {
      super(p);
    }
  }

  @Namespace("seal")
  @Name("Encryptor")
  static final class Encryptor extends Pointer {
    static {
      Loader.load();
    }

    Encryptor(Context context, PublicKey key) {
      allocate(context, key);
    }

    Encryptor(Context context, SecretKey key) {
      allocate(context, key);
    }

    private native void allocate(@Const @ByRef Context context, @Const @ByRef PublicKey key);

    private native void allocate(@Const @ByRef Context context, @Const @ByRef SecretKey key);
  }

  @Namespace("seal")
  @Name("Decryptor")
  static final class Decryptor extends Pointer {
    static {
      Loader.load();
    }

    Decryptor(Context context, SecretKey key) {
      allocate(context, key);
    }

    private native void allocate(@Const @ByRef Context context, @Const @ByRef SecretKey key);
  }

  @Namespace("cosettle_seal")
  static final class Bytes extends Pointer {
    static {
      Loader.load();
    }

    Bytes() {
      allocate();
    }

    private native void allocate();

    native long size();

    native void copy_to(@Cast("signed char*") byte[] destination);

    /** The bytes, on the Java heap. */
    byte[] toArray() {
      byte[] result = new byte[Math.toIntExact(size())];
      copy_to(result);
      return result;
    }
  }

  @Namespace("cosettle_seal")
  @Name("Ntt")
  static final class Ntt extends Pointer {
    static {
      Loader.load();
    }

    Ntt(int n, long prime) {
      allocate(n, prime);
    }

    private native void allocate(int n, long prime);

    native void forward(@Cast("long long*") long[] values);

    native void inverse(@Cast("long long*") long[] values);
  }

  @Namespace("cosettle_seal")
  @Name("RnsNtt")
  static final class RnsNtt extends Pointer {
    static {
      Loader.load();
    }

    RnsNtt(int n, long[] primes) {
      allocate(n, primes, primes.length);
    }

    private native void allocate(int n, @Cast("const long long*") long[] primes, int count);

    /** The arrays are pinned, not copied, for the call (JNI critical region: no allocation inside). */
    @CriticalRegion
    native void forward(@Cast("long long*") long[] poly, @Cast("const int*") int[] primes, int limbs);

    @CriticalRegion
    native void inverse(@Cast("long long*") long[] poly, @Cast("const int*") int[] primes, int limbs);
  }

  @Namespace("cosettle_seal")
  @Name("Scheme")
  static final class Scheme extends Pointer {
    static {
      Loader.load();
    }

    Scheme(int n, long[] primes, long plain) {
      allocate(n, primes, primes.length, plain);
    }

    private native void allocate(int n, @Cast("const long long*") long[] primes, int count, long plain);

    native @Const @ByRef Context context();

    native void secret_key(@Cast("const signed char*") byte[] seed, @ByRef SecretKey destination);

    native void public_key(@Const @ByRef SecretKey secret, @Cast("const signed char*") byte[] seed,
        @ByRef PublicKey destination, @ByRef Bytes wire);

    native void relin_keys(@Const @ByRef SecretKey secret, @Cast("const signed char*") byte[] seed,
        @ByRef RelinKeys destination);

    native void galois_keys(@Const @ByRef SecretKey secret, @Cast("const int*") int[] steps, int count,
        @Cast("const signed char*") byte[] seed, @ByRef GaloisKeys destination);

    native void encrypt(@Const @ByRef Encryptor encryptor, @Cast("const long long*") long[] slots,
        @Cast("const signed char*") byte[] seed, @ByRef Ciphertext destination);

    native void encrypt_symmetric(@Const @ByRef Encryptor encryptor, @Cast("const long long*") long[] slots,
        @Cast("const signed char*") byte[] seed, @ByRef Bytes wire);

    native void decrypt(@ByRef Decryptor decryptor, @Const @ByRef Ciphertext ciphertext,
        @Cast("long long*") long[] slots);

    native int noise_budget(@ByRef Decryptor decryptor, @Const @ByRef Ciphertext ciphertext);

    native void add(@Const @ByRef Ciphertext x, @Const @ByRef Ciphertext y, @ByRef Ciphertext destination);

    native void add_plain(@Const @ByRef Ciphertext x, @Cast("const long long*") long[] slots,
        @ByRef Ciphertext destination);

    native void multiply_plain(@Const @ByRef Ciphertext x, @Cast("const long long*") long[] slots,
        @ByRef Ciphertext destination);

    native void multiply(@Const @ByRef Ciphertext x, @Const @ByRef Ciphertext y, @ByRef Ciphertext destination);

    native void relinearize(@Const @ByRef Ciphertext x, @Const @ByRef RelinKeys keys, @ByRef Ciphertext destination);

    native void rotate_rows(@Const @ByRef Ciphertext x, int steps, @Const @ByRef GaloisKeys keys,
        @ByRef Ciphertext destination);

    native void mod_switch_to_next(@Const @ByRef Ciphertext x, @ByRef Ciphertext destination);

    native void add_to_first(@Const @ByRef Ciphertext x, @Cast("const long long*") long[] residues,
        @ByRef Ciphertext destination);

    native void load_ciphertext(@Cast("const signed char*") byte[] in, long size, @ByRef Ciphertext destination);

    native void load_public_key(@Cast("const signed char*") byte[] in, long size, @ByRef PublicKey destination);
  }

  @Namespace("cosettle_seal")
  static native void copy(@Const @ByRef Ciphertext ciphertext, @ByRef Ciphertext destination);

  /** Saves a ciphertext in SEAL's own format, uncompressed. */
  @Namespace("cosettle_seal")
  static native void save(@Const @ByRef Ciphertext ciphertext, @ByRef Bytes destination);
}
