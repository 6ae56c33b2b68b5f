package org.cosettle.crypto.paillier;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.cosettle.crypto.random.Prg;

/**
 * Pre-generated test keys (resources {@code test-key-2048.hex}, {@code test-key-3072.hex}, made once
 * by {@link PaillierPrivateKey#generate}), so that tests do not spend seconds on key generation.
 */
final class PaillierFixture {
  static final PaillierFixture LEGACY_2048 = new PaillierFixture("test-key-2048.hex", 2048);
  private static PaillierFixture recommended;

  final PaillierPrivateKey privateKey;
  final PaillierPublicKey publicKey;
  final Prg prg;
  final PaillierEncryptor encryptor;
  final PaillierEvaluator evaluator;
  final BigInteger n;

  static synchronized PaillierFixture recommended3072() {
    if (recommended == null) {
      recommended = new PaillierFixture("test-key-3072.hex", 3072);
    }
    return recommended;
  }

  private PaillierFixture(String resource, long seed) {
    privateKey = PaillierPrivateKey.fromBytes(HexFormat.of().parseHex(read(resource)));
    publicKey = privateKey.publicKey();
    prg = seeded(seed);
    encryptor = PaillierEncryptor.create(publicKey, prg);
    evaluator = PaillierEvaluator.of(publicKey);
    n = publicKey.modulus();
  }

  static Prg seeded(long seed) {
    byte[] bytes = new byte[Prg.SEED_BYTES];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (seed >>> (8 * i));
    }
    return Prg.fromSeed(bytes);
  }

  PaillierCiphertext encrypt(BigInteger m) {
    return encryptor.encrypt(m, prg);
  }

  BigInteger decrypt(PaillierCiphertext c) {
    return privateKey.decrypt(c);
  }

  /** m mod n in the centered representation, the value decryption must return. */
  BigInteger centered(BigInteger m) {
    return publicKey.centered(m.mod(n));
  }

  private static String read(String resource) {
    try (InputStream in = PaillierFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
