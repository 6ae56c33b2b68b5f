package org.cosettle.crypto.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;
import org.cosettle.crypto.bfv.SchemeFixture;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/** SEAL against the Java backend, and what only the native backend has (selection, closing, seeding). */
class SealBackendTest {
  @Test
  void sealIsFoundByNameAndBySystemPropertyAndJavaStaysTheDefault() {
    assertEquals(List.of("java", "seal"), BfvBackends.names());
    assertInstanceOf(SealBackend.class, BfvBackends.select("seal"));
    assertInstanceOf(SealBackend.class, BfvBackends.select(" SEAL "));
    SchemeFixture.withSystemProperty(BfvBackends.PROPERTY, null, () -> assertEquals("java", BfvBackends.select().name()));
    SchemeFixture.withSystemProperty(BfvBackends.PROPERTY, "seal", () -> {
      assertEquals("seal", BfvBackends.select().name());
      assertEquals("seal", BfvBackends.select().open(BfvParameters.defaults(4096)).backend());
    });
  }

  /** One computation on both backends, from the same slots: the same decrypted slots. */
  @Test
  void bothBackendsDecryptTheSameCircuitToTheSameSlots() {
    long[][] results = new long[2][];
    int index = 0;
    for (String backend : List.of("java", "seal")) {
      SchemeFixture f = SchemeFixture.of(backend, 8192, 20);
      BfvScheme he = f.he;
      Prg inputs = SchemeFixture.seeded(42);
      long[] x = f.randomSlots(inputs);
      long[] y = f.randomSlots(inputs);
      long[] z = f.randomSlots(inputs);
      BfvScheme.Ciphertext cx = he.encrypt(f.publicKey, x, f.random);
      BfvScheme.Ciphertext cy = he.encryptSymmetric(f.secret, y, f.random);
      BfvScheme.Ciphertext product = he.relinearize(he.multiply(cx, he.readCiphertext(cy.toBytes())), f.relinKeys());
      BfvScheme.Ciphertext circuit = he.modSwitchToNext(he.addPlain(he.multiplyPlain(product, z), x));
      results[index++] = f.decrypt(circuit);
    }
    assertArrayEquals(results[0], results[1]);
    assertFalse(Arrays.stream(results[0]).allMatch(v -> v == 0));
  }

  /** forward, pointwise product, inverse: the negacyclic product on either backend's NTT. */
  @Test
  void bothNttsMultiplyPolynomialsAlikeAndSealsRoundTrips() {
    int n = 4096;
    long p = BfvParameters.defaults(n).coefficientModuli()[0];
    Prg random = SchemeFixture.seeded(43);
    long[] a = new long[n];
    long[] b = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextLongBelow(p);
      b[i] = random.nextLongBelow(p);
    }
    long[][] products = new long[2][];
    int index = 0;
    for (BfvBackend backend : List.of(BfvBackends.select("java"), BfvBackends.select("seal"))) {
      BfvBackend.Ntt ntt = backend.ntt(n, p);
      long[] fa = a.clone();
      long[] fb = b.clone();
      ntt.forward(fa);
      ntt.forward(fb);
      long[] c = new long[n];
      for (int i = 0; i < n; i++) {
        c[i] = BigInteger.valueOf(fa[i]).multiply(BigInteger.valueOf(fb[i])).mod(BigInteger.valueOf(p)).longValue();
      }
      ntt.inverse(c);
      products[index++] = c;
      ntt.inverse(fa);
      assertArrayEquals(a, fa, backend.name() + ": inverse(forward(a)) = a");
    }
    assertArrayEquals(products[0], products[1]);
    // one coefficient by schoolbook: c_0 = a_0·b_0 − Σ_{i≥1} a_i·b_{n−i} mod p
    BigInteger c0 = BigInteger.valueOf(a[0]).multiply(BigInteger.valueOf(b[0]));
    for (int i = 1; i < n; i++) {
      c0 = c0.subtract(BigInteger.valueOf(a[i]).multiply(BigInteger.valueOf(b[n - i])));
    }
    assertEquals(c0.mod(BigInteger.valueOf(p)).longValue(), products[1][0]);
    assertThrows(IllegalArgumentException.class, () -> BfvBackends.select("seal").ntt(n, p + 2));
    assertThrows(IllegalArgumentException.class, () -> BfvBackends.select("seal").ntt(n, p).forward(new long[n - 1]));
  }

  /** All of SEAL's sampling comes from the Prg: the same seed gives the same bytes, another seed others. */
  @Test
  void sealsRandomnessIsDrawnFromTheCallersPrg() {
    BfvScheme he = BfvBackends.select("seal").open(BfvParameters.defaults(4096));
    byte[][] keys = new byte[3][];
    byte[][] ciphertexts = new byte[3][];
    long[] seeds = {1, 1, 2};
    for (int i = 0; i < 3; i++) {
      Prg random = SchemeFixture.seeded(seeds[i]);
      BfvScheme.SecretKey secret = he.secretKey(random);
      BfvScheme.PublicKey pub = he.publicKey(secret, random);
      keys[i] = pub.toBytes();
      ciphertexts[i] = he.encrypt(pub, new long[] {5}, random).toBytes();
    }
    assertArrayEquals(keys[0], keys[1]);
    assertArrayEquals(ciphertexts[0], ciphertexts[1]);
    assertFalse(Arrays.equals(keys[0], keys[2]));
    assertFalse(Arrays.equals(ciphertexts[0], ciphertexts[2]));
    // and two encryptions with one generator differ (a fresh seed per call, not one per key)
    Prg random = SchemeFixture.seeded(3);
    BfvScheme.PublicKey pub = he.publicKey(he.secretKey(random), random);
    assertFalse(Arrays.equals(he.encrypt(pub, new long[] {5}, random).toBytes(),
        he.encrypt(pub, new long[] {5}, random).toBytes()));
  }

  @Test
  void aClosedCiphertextIsRefusedAndClosingTwiceIsHarmless() {
    SchemeFixture f = SchemeFixture.of("seal", 4096, 20);
    BfvScheme.Ciphertext c = f.he.encrypt(f.publicKey, new long[] {1, 2, 3}, f.random);
    BfvScheme.Ciphertext seeded = f.he.encryptSymmetric(f.secret, new long[] {4}, f.random);
    c.close();
    c.close();
    seeded.close();
    assertThrows(IllegalStateException.class, () -> f.decrypt(c));
    assertThrows(IllegalStateException.class, c::toBytes);
    assertThrows(IllegalStateException.class, () -> f.he.add(seeded, seeded));
    assertTrue(c.toString().contains("closed"));
  }

  @Test
  void aJavaHandleIsRefusedBySealAndTheOtherWayRound() {
    SchemeFixture java = SchemeFixture.of("java", 4096, 20);
    SchemeFixture seal = SchemeFixture.of("seal", 4096, 20);
    BfvScheme.Ciphertext fromJava = java.he.encrypt(java.publicKey, new long[] {1}, java.random);
    BfvScheme.Ciphertext fromSeal = seal.he.encrypt(seal.publicKey, new long[] {1}, seal.random);
    assertThrows(IllegalArgumentException.class, () -> seal.he.add(fromSeal, fromJava));
    assertThrows(IllegalArgumentException.class, () -> java.he.add(fromJava, fromSeal));
    assertThrows(IllegalArgumentException.class, () -> seal.he.decrypt(java.secret, fromSeal));
    assertThrows(IllegalArgumentException.class, () -> seal.he.readCiphertext(fromJava.toBytes()));
    assertThrows(IllegalArgumentException.class, () -> java.he.readCiphertext(fromSeal.toBytes()));
    assertThrows(IllegalArgumentException.class, () -> seal.he.readPublicKey(java.publicKey.toBytes()));
  }
}
