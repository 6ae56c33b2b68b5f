package org.cosettle.crypto.seal;

import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;

/** The SEAL backend's key handles, each around its native SEAL object. */
final class SealKeys {
  private SealKeys() {}

  /**
   * A SEAL secret key with its decryptor and symmetric encryptor (built once: SEAL copies the key
   * into each). {@code toString()} shows no key material.
   */
  static final class Secret implements BfvScheme.SecretKey {
    final BfvParameters parameters;
    final SealNative.SecretKey key;
    final SealNative.Decryptor decryptor;
    final SealNative.Encryptor encryptor;

    Secret(BfvParameters parameters, SealNative.Context context, SealNative.SecretKey key) {
      this.parameters = parameters;
      this.key = key;
      this.decryptor = new SealNative.Decryptor(context, key);
      this.encryptor = new SealNative.Encryptor(context, key);
    }

    @Override
    public BfvParameters parameters() {
      return parameters;
    }

    @Override
    public String toString() {
      return "SealSecretKey{" + parameters + "}";
    }
  }

  /** A SEAL public key, its encryptor, and its seeded wire encoding. */
  static final class Public implements BfvScheme.PublicKey {
    final BfvParameters parameters;
    final SealNative.PublicKey key;
    final SealNative.Encryptor encryptor;
    private final byte[] wire;

    Public(BfvParameters parameters, SealNative.Context context, SealNative.PublicKey key, byte[] wire) {
      this.parameters = parameters;
      this.key = key;
      this.encryptor = new SealNative.Encryptor(context, key);
      this.wire = wire;
    }

    @Override
    public BfvParameters parameters() {
      return parameters;
    }

    @Override
    public byte[] toBytes() {
      return wire.clone();
    }

    @Override
    public String toString() {
      return "SealPublicKey{" + parameters + "}";
    }
  }

  /** A key-switching key set: its parameters and the native SEAL object. */
  private abstract static class SwitchingKeys<K> implements BfvScheme.Handle {
    final BfvParameters parameters;
    final K keys;

    SwitchingKeys(BfvParameters parameters, K keys) {
      this.parameters = parameters;
      this.keys = keys;
    }

    @Override
    public BfvParameters parameters() {
      return parameters;
    }

    @Override
    public String toString() {
      return "Seal" + getClass().getSimpleName() + "Keys{" + parameters + "}";
    }
  }

  static final class Relin extends SwitchingKeys<SealNative.RelinKeys> implements BfvScheme.RelinKeys {
    Relin(BfvParameters parameters, SealNative.RelinKeys keys) {
      super(parameters, keys);
    }
  }

  static final class Galois extends SwitchingKeys<SealNative.GaloisKeys> implements BfvScheme.GaloisKeys {
    Galois(BfvParameters parameters, SealNative.GaloisKeys keys) {
      super(parameters, keys);
    }
  }
}
