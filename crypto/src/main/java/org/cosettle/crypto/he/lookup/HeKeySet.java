package org.cosettle.crypto.he.lookup;

import java.nio.ByteBuffer;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvKeyGenerator;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.random.Prg;

/**
 * A key owner's HE key set on the lookup's ring, kept across sessions with the same peer: the BFV
 * secret key and its {@link HePublicKeys} (public key, Galois keys for every packing level). One
 * set serves the table lookups ({@link HeLookupOwner}) and the grouped sums ({@link
 * HeSumValueHolder}) alike. {@link #toString()} shows the public fingerprint only; the secret
 * leaves the object only through {@link #exportSecret}, for the owner's own key store.
 *
 * <pre>{@code
 * HeKeySet keys = HeKeySet.generate(Prg.create());
 * byte[] stored = keys.exportSecret(SecretAccess.grant());      // to the owner's 0600 key file
 * HeKeySet again = HeKeySet.restore(stored);                   // the same keys, the same fingerprint
 * }</pre>
 */
public final class HeKeySet {
  private final BfvSecretKey secretKey;
  private final HePublicKeys publicKeys;

  private HeKeySet(BfvSecretKey secretKey, HePublicKeys publicKeys) {
    this.secretKey = secretKey;
    this.publicKeys = publicKeys;
  }

  /** A fresh secret key, its public key and its Galois keys for every packing level. */
  public static HeKeySet generate(Prg prg) {
    if (prg == null) {
      throw new IllegalArgumentException("randomness is required");
    }
    HeLookupParameters parameters = HeLookupParameters.standard();
    BfvKeyGenerator generator = parameters.context().keyGenerator();
    BfvSecretKey secretKey = generator.secretKey(prg);
    BfvPublicKey publicKey = generator.publicKey(secretKey, prg);
    BfvGaloisKeys galoisKeys = generator.galoisKeysForElements(secretKey, parameters.galoisElements(), prg);
    return new HeKeySet(secretKey, HePublicKeys.of(publicKey, galoisKeys));
  }

  /**
   * The whole set as bytes — the secret key and the public keys' encoding, each framed by its
   * length, then the public keys' fingerprint (so that a changed bit anywhere in them is caught) — for the owner's own storage only: whoever holds them decrypts everything the peer
   * sends under these keys.
   */
  public byte[] exportSecret(SecretAccess access) {
    SecretAccess.check(access);
    byte[] secret = secretKey.exportSecretBytes(access);
    byte[] keys = publicKeys.encoded();
    return ByteBuffer.allocate(8 + secret.length + keys.length + HePublicKeys.FINGERPRINT_BYTES)
        .putInt(secret.length).put(secret).putInt(keys.length).put(keys).put(publicKeys.fingerprint()).array();
  }

  /**
   * Strict inverse of {@link #exportSecret}: a malformed encoding, public keys that do not hash to
   * the fingerprint stored with them, or public keys that are not the
   * secret key's (a probe decryption of an encryption of zero under them), throw {@link
   * IllegalArgumentException}; messages never echo key material.
   */
  public static HeKeySet restore(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("no key set");
    }
    BfvContext context = HeLookupParameters.standard().context();
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte[] secret = HeLookupMessages.readFramed(in);
      byte[] keys = HeLookupMessages.readFramed(in);
      byte[] fingerprint = new byte[HePublicKeys.FINGERPRINT_BYTES];
      in.get(fingerprint);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the fingerprint");
      }
      BfvSecretKey secretKey = BfvSecretKey.importSecretBytes(context, secret);
      HePublicKeys publicKeys = HePublicKeys.parse(keys, fingerprint);
      HeKeySet set = new HeKeySet(secretKey, publicKeys);
      set.checkPair();
      return set;
    } catch (java.nio.BufferUnderflowException | org.cosettle.crypto.ot.ProtocolAbortException e) {
      throw new IllegalArgumentException("malformed key set: " + e.getMessage(), e);
    }
  }

  /** An encryption of zero under the public key decrypts to zero under the secret key, or the pair is refused. */
  private void checkPair() {
    HeLookupParameters parameters = HeLookupParameters.standard();
    long[] words = parameters.words().decrypt(parameters.words().encryptZero(publicKeys.publicKey(), Prg.create()),
        secretKey);
    for (long w : words) {
      if (w != 0) {
        throw new IllegalArgumentException("the public keys are not the secret key's");
      }
    }
  }

  BfvSecretKey secretKey() {
    return secretKey;
  }

  /** What the peer gets (and caches by its fingerprint). */
  public HePublicKeys publicKeys() {
    return publicKeys;
  }

  @Override
  public String toString() {
    return "HeKeySet{fingerprint=" + publicKeys.fingerprintHex() + "}";
  }
}
