package org.cosettle.crypto.aead;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.cosettle.crypto.random.Prg;

/**
 * Authenticated encryption with associated data whose nonces the caller never sees or chooses.
 *
 * <p>Each {@link #encrypt} draws a fresh random 96-bit nonce and returns
 * {@code nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)}. The nonce source is a {@link Prg}
 * seeded from {@link SecureRandom} inside this object, on purpose not one passed in: a
 * reproducible nonce stream under a long-lived key would repeat nonces, which breaks GCM.
 * Random nonces are safe for 2<sup>32</sup> messages per key (NIST SP 800-38D §8.3); this object
 * refuses to encrypt more. Thread-safe.
 *
 * <pre>{@code
 * Aead aead = Aead.create(key);
 * byte[] sealed = aead.encrypt(plaintext, sessionId);
 * byte[] opened = aead.decrypt(sealed, sessionId);   // AuthenticationFailedException if modified
 * }</pre>
 */
public final class Aead {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;
  static final long MAX_MESSAGES = 1L << 32;

  private final AeadKey key;
  private final Gcm gcm;
  private final Prg nonces = Prg.create(new SecureRandom());
  private final AtomicLong encryptions = new AtomicLong();

  private Aead(AeadKey key) {
    this.key = key;
    this.gcm = key.algorithm() == AeadAlgorithm.SM4_GCM ? new Sm4Gcm() : new JdkAesGcm();
  }

  public static Aead create(AeadKey key) {
    return new Aead(key);
  }

  public AeadAlgorithm algorithm() {
    return key.algorithm();
  }

  /** {@code nonce ‖ ciphertext ‖ tag} of {@code plaintext}, authenticating {@code associatedData}. */
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associated data (use an empty array for none)");
    if (encryptions.incrementAndGet() > MAX_MESSAGES) {
      throw new IllegalStateException("this key has encrypted 2^32 messages under random nonces; use a new key");
    }
    byte[] nonce;
    synchronized (nonces) {
      nonce = nonces.nextBytes(NONCE_BYTES);
    }
    return encryptWithNonce(nonce, plaintext, associatedData);
  }

  /**
   * The plaintext of {@code ciphertext} ({@code nonce ‖ ciphertext ‖ tag}), or an exception if it
   * is shorter than a nonce and a tag or does not authenticate with {@code associatedData}.
   */
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws AuthenticationFailedException {
    Objects.requireNonNull(associatedData, "associated data (use an empty array for none)");
    if (ciphertext.length < NONCE_BYTES + TAG_BYTES) {
      throw new AuthenticationFailedException("a " + key.algorithm() + " ciphertext has at least "
          + (NONCE_BYTES + TAG_BYTES) + " bytes (nonce and tag), this one " + ciphertext.length);
    }
    return gcm.open(key.bytes(), ciphertext, associatedData);
  }

  /** Encryption under a caller-chosen nonce, for known-answer tests only. */
  byte[] encryptWithNonce(byte[] nonce, byte[] plaintext, byte[] associatedData) {
    return gcm.seal(key.bytes(), nonce, plaintext, associatedData);
  }

  @Override
  public String toString() {
    return "Aead[" + key + "]";
  }

  /** One GCM implementation; both methods use the {@code nonce ‖ ciphertext ‖ tag} layout. */
  interface Gcm {
    byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData);

    byte[] open(byte[] key, byte[] sealed, byte[] associatedData) throws AuthenticationFailedException;
  }
}
