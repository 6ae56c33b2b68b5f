package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;

/** {@link BfvScheme} on this package's classes: the handles are the public Bfv* types themselves. */
final class JavaBfvScheme implements BfvScheme {
  private final BfvContext context;
  private final BfvEncoder encoder;
  private final BfvEvaluator evaluator;
  private final BfvKeyGenerator keys;

  JavaBfvScheme(BfvContext context) {
    this.context = context;
    this.encoder = context.encoder();
    this.evaluator = context.evaluator();
    this.keys = context.keyGenerator();
  }

  @Override
  public String backend() {
    return BfvBackends.JAVA;
  }

  @Override
  public BfvParameters parameters() {
    return context.parameters();
  }

  @Override
  public SecretKey secretKey(Prg random) {
    return keys.secretKey(random);
  }

  @Override
  public PublicKey publicKey(SecretKey secret, Prg random) {
    return keys.publicKey(own(secret, BfvSecretKey.class), random);
  }

  @Override
  public RelinKeys relinKeys(SecretKey secret, Prg random) {
    return keys.relinKeys(own(secret, BfvSecretKey.class), random);
  }

  @Override
  public GaloisKeys galoisKeys(SecretKey secret, int[] rowSteps, Prg random) {
    return keys.galoisKeys(own(secret, BfvSecretKey.class), rowSteps, false, random);
  }

  @Override
  public Ciphertext encrypt(PublicKey key, long[] slots, Prg random) {
    return context.encryptor(own(key, BfvPublicKey.class)).encrypt(encoder.encode(slots), random);
  }

  @Override
  public Ciphertext encryptSymmetric(SecretKey key, long[] slots, Prg random) {
    return context.symmetricEncryptor(own(key, BfvSecretKey.class)).encrypt(encoder.encode(slots), random);
  }

  @Override
  public long[] decrypt(SecretKey key, Ciphertext ciphertext) {
    return encoder.decode(context.decryptor(own(key, BfvSecretKey.class)).decrypt(own(ciphertext)));
  }

  @Override
  public int noiseBudget(SecretKey key, Ciphertext ciphertext) {
    return context.decryptor(own(key, BfvSecretKey.class)).noiseBudget(own(ciphertext));
  }

  @Override
  public Ciphertext add(Ciphertext x, Ciphertext y) {
    return evaluator.add(own(x), own(y));
  }

  @Override
  public Ciphertext addPlain(Ciphertext x, long[] slots) {
    return evaluator.addPlain(own(x), encoder.encode(slots));
  }

  @Override
  public Ciphertext multiplyPlain(Ciphertext x, long[] slots) {
    return evaluator.multiplyPlain(own(x), encoder.encode(slots));
  }

  @Override
  public Ciphertext multiply(Ciphertext x, Ciphertext y) {
    return evaluator.multiply(own(x), own(y));
  }

  @Override
  public Ciphertext relinearize(Ciphertext x, RelinKeys keys) {
    return evaluator.relinearize(own(x), own(keys, BfvRelinKeys.class));
  }

  @Override
  public Ciphertext rotateRows(Ciphertext x, int steps, GaloisKeys keys) {
    return evaluator.rotateRows(own(x), steps, own(keys, BfvGaloisKeys.class));
  }

  @Override
  public Ciphertext addUniformNoise(Ciphertext x, int bits, Prg random) {
    return evaluator.addUniformNoise(own(x), bits, random);
  }

  @Override
  public Ciphertext modSwitchToNext(Ciphertext x) {
    return evaluator.modSwitchToNext(own(x));
  }

  @Override
  public Ciphertext readCiphertext(byte[] bytes) {
    return BfvCiphertext.fromBytes(context, bytes);
  }

  @Override
  public PublicKey readPublicKey(byte[] bytes) {
    return BfvPublicKey.fromBytes(context, bytes);
  }

  private static BfvCiphertext own(Ciphertext ciphertext) {
    return own(ciphertext, BfvCiphertext.class);
  }

  /** The handle as this backend's type; the evaluator then checks its parameter set. */
  private static <T> T own(Handle handle, Class<T> type) {
    if (handle == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " is required");
    }
    if (!type.isInstance(handle)) {
      throw new IllegalArgumentException("the java backend cannot use " + handle + ": it belongs to another backend");
    }
    return type.cast(handle);
  }

  @Override
  public String toString() {
    return "BfvScheme[java, " + context.parameters() + "]";
  }
}
