package org.cosettle.crypto.seal;

import java.util.function.Supplier;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;

/**
 * A SEAL ciphertext held off the Java heap, or, for a fresh symmetric encryption, only its seeded
 * wire bytes until an operation needs the ciphertext itself (then SEAL expands the seed).
 */
final class SealCiphertext implements BfvScheme.Ciphertext {
  private final BfvParameters parameters;
  private final Supplier<SealNative.Ciphertext> expand;
  private SealNative.Ciphertext ciphertext;
  private byte[] seededBytes;
  private final int level;
  private final int size;
  private boolean closed;

  private SealCiphertext(BfvParameters parameters, SealNative.Ciphertext ciphertext, byte[] seededBytes,
      Supplier<SealNative.Ciphertext> expand, int level, int size) {
    this.parameters = parameters;
    this.ciphertext = ciphertext;
    this.seededBytes = seededBytes;
    this.expand = expand;
    this.level = level;
    this.size = size;
  }

  /** A ciphertext the native side has just written. */
  static SealCiphertext of(BfvParameters parameters, SealNative.Ciphertext ciphertext) {
    return new SealCiphertext(parameters, ciphertext, null, null, Math.toIntExact(ciphertext.coeff_modulus_size()),
        Math.toIntExact(ciphertext.size()));
  }

  /** A fresh symmetric encryption at the top level, as its seeded bytes; {@code expand} loads them. */
  static SealCiphertext seeded(BfvParameters parameters, byte[] seededBytes, Supplier<SealNative.Ciphertext> expand) {
    return new SealCiphertext(parameters, null, seededBytes, expand, parameters.maxLevel(), 2);
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  @Override
  public int level() {
    return level;
  }

  @Override
  public int size() {
    return size;
  }

  /** SEAL's encoding: the seeded one while the ciphertext has not been expanded. */
  @Override
  public synchronized byte[] toBytes() {
    requireOpen();
    if (seededBytes != null) {
      return seededBytes.clone();
    }
    SealNative.Bytes bytes = new SealNative.Bytes();
    try {
      SealNative.save(ciphertext, bytes);
      return bytes.toArray();
    } finally {
      bytes.close();
    }
  }

  /** The native ciphertext, expanded from its seed on first use. */
  synchronized SealNative.Ciphertext nativeCiphertext() {
    requireOpen();
    if (ciphertext == null) {
      ciphertext = expand.get();
      seededBytes = null;
    }
    return ciphertext;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the ciphertext was closed");
    }
  }

  /** Frees the native ciphertext now; idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (ciphertext != null) {
        ciphertext.close();
        ciphertext = null;
      }
      seededBytes = null;
    }
  }

  @Override
  public String toString() {
    return "SealCiphertext{level=" + level + ", size=" + size + (seededBytes != null ? ", seeded" : "")
        + (closed ? ", closed" : "") + "}";
  }
}
