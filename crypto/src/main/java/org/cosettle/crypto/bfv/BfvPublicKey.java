package org.cosettle.crypto.bfv;

/**
 * A BFV public key (b, a) = (−a·s + e, a) over the whole chain including the special prime, in
 * NTT form: encryption works modulo Q·P and then divides by P, which leaves a fresh ciphertext
 * with far less noise than encrypting modulo Q directly (as SEAL does).
 */
public final class BfvPublicKey implements BfvScheme.PublicKey {
  final BfvParameters parameters;
  final long[] b;
  final long[] a;
  /** The seed a was expanded from; serialization ships it instead of a. */
  final byte[] seed;

  BfvPublicKey(BfvParameters parameters, long[] b, long[] a, byte[] seed) {
    this.parameters = parameters;
    this.b = b;
    this.a = a;
    this.seed = seed;
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  @Override
  public byte[] toBytes() {
    return BfvSerialization.writePublicKey(this);
  }

  /** Strict parsing: anything but a public key for exactly these parameters throws. */
  public static BfvPublicKey fromBytes(BfvContext context, byte[] bytes) {
    return BfvSerialization.readPublicKey(context, bytes);
  }

  @Override
  public String toString() {
    return "BfvPublicKey{" + parameters + "}";
  }
}
