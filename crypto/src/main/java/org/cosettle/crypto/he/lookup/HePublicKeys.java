package org.cosettle.crypto.he.lookup;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvPublicKey;

/**
 * A key owner's public HE keys on the lookup's ring ({@link HeLookupParameters#standard()}, shared
 * by {@link HeLookupParameters#sums()}): the public key and the Galois keys for every packing level
 * (g = 2<sup>l</sup> + 1, l = 1..log2 n), with their encoding and its fingerprint, the SHA-256 of
 * that encoding. The fingerprint names the keys in a session ("have you got key F?", {@link
 * HeKeyExchange}) and in the peer's cache; parsing checks it, so keys that do not hash to the
 * fingerprint offered are refused before anything uses or stores them.
 *
 * <pre>{@code
 * HePublicKeys keys = HePublicKeys.parse(bytes, offeredFingerprint); // throws on any mismatch
 * String f = keys.fingerprintHex();
 * }</pre>
 */
public final class HePublicKeys {
  /** Bytes of a fingerprint. */
  public static final int FINGERPRINT_BYTES = 32;
  /** Upper bound on an encoding: the public key and 13 Galois keys, with room to spare. */
  static final long MAX_BYTES = 64L << 20;

  private final BfvPublicKey publicKey;
  private final BfvGaloisKeys galoisKeys;
  private final byte[] encoded;
  private final byte[] fingerprint;

  private HePublicKeys(BfvPublicKey publicKey, BfvGaloisKeys galoisKeys, byte[] encoded) {
    this.publicKey = publicKey;
    this.galoisKeys = galoisKeys;
    this.encoded = encoded;
    this.fingerprint = digest(encoded);
  }

  static HePublicKeys of(BfvPublicKey publicKey, BfvGaloisKeys galoisKeys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HeLookupMessages.writeFramed(out, publicKey.toBytes());
    HeLookupMessages.writeFramed(out, galoisKeys.toBytes());
    return new HePublicKeys(publicKey, galoisKeys, out.toByteArray());
  }

  /**
   * Parses {@code encoded} after checking that it hashes to {@code fingerprint}; anything else
   * (another digest, a malformed key, a missing Galois key, trailing bytes) throws
   * {@link IllegalArgumentException} naming the fault.
   */
  public static HePublicKeys parse(byte[] encoded, byte[] fingerprint) {
    if (encoded == null || fingerprint == null || fingerprint.length != FINGERPRINT_BYTES) {
      throw new IllegalArgumentException("keys and a " + FINGERPRINT_BYTES + "-byte fingerprint are required");
    }
    if (!MessageDigest.isEqual(digest(encoded), fingerprint)) {
      throw new IllegalArgumentException("the keys do not match their fingerprint " + hex(fingerprint));
    }
    HeLookupParameters parameters = HeLookupParameters.standard();
    BfvContext context = parameters.context();
    try {
      ByteBuffer in = ByteBuffer.wrap(encoded);
      BfvPublicKey publicKey = BfvPublicKey.fromBytes(context, HeLookupMessages.readFramed(in));
      BfvGaloisKeys galoisKeys = BfvGaloisKeys.fromBytes(context, HeLookupMessages.readFramed(in));
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the Galois keys");
      }
      for (int element : parameters.galoisElements()) {
        if (!galoisKeys.galoisElements().contains(element)) {
          throw new IllegalArgumentException("no Galois key for element " + element);
        }
      }
      return new HePublicKeys(publicKey, galoisKeys, encoded.clone());
    } catch (java.nio.BufferUnderflowException | org.cosettle.crypto.ot.ProtocolAbortException e) {
      throw new IllegalArgumentException("malformed keys: " + e.getMessage(), e);
    }
  }

  BfvPublicKey publicKey() {
    return publicKey;
  }

  BfvGaloisKeys galoisKeys() {
    return galoisKeys;
  }

  /** The encoding the fingerprint is the digest of (what a session sends when the peer lacks the keys). */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Bytes of {@link #encoded()}. */
  public int encodedLength() {
    return encoded.length;
  }

  /** SHA-256 of {@link #encoded()}. */
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** The fingerprint in lower-case hex. */
  public String fingerprintHex() {
    return hex(fingerprint);
  }

  /** Whether these keys carry {@code fingerprint}. */
  public boolean matches(byte[] fingerprint) {
    return fingerprint != null && MessageDigest.isEqual(this.fingerprint, fingerprint);
  }

  static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HePublicKeys other && Arrays.equals(fingerprint, other.fingerprint);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    return "HePublicKeys{fingerprint=" + fingerprintHex() + ", " + encoded.length + " bytes}";
  }
}
