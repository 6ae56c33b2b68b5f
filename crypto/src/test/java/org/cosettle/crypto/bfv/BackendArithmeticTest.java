package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settlement's t = 2<sup>64</sup> BFV with its polynomial arithmetic on each backend
 * ({@code BfvContext.create(ring, backend)}): every backend on the class path ({@code java} here,
 * {@code java} and {@code seal} in {@code cosettle-crypto-seal}, which runs this suite) and
 * {@link #PER_LIMB}, the Java tables behind the batch interface ({@link CountingBackend}), so
 * that the seam runs in the default build too. From the same seeds every backend must give the same bytes as the pure-Java
 * context, and keys and ciphertexts made on one must work on every other.
 */
class BackendArithmeticTest {
  /** The lookup ring: n = 8192, three 50-bit data primes, a 60-bit special prime. */
  private static final BfvParameters RING = BfvParameters.of(8192, new int[] {50, 50, 50, 60}, 20);
  private static final BfvContext JAVA = BfvContext.create(RING);
  private static final String PER_LIMB = "per-limb";
  private static final Map<String, BfvContext> CONTEXTS = new ConcurrentHashMap<>();
  private static final int N = 8192;

  static List<String> backends() {
    List<String> names = new ArrayList<>(BfvBackends.names());
    names.add(PER_LIMB);
    return names;
  }

  static List<String[]> pairs() {
    List<String[]> pairs = new ArrayList<>();
    for (String a : backends()) {
      for (String b : backends()) {
        pairs.add(new String[] {a, b});
      }
    }
    return pairs;
  }

  private static BfvContext context(String backend) {
    return CONTEXTS.computeIfAbsent(backend, name -> BfvContext.create(RING,
        name.equals(PER_LIMB) ? new CountingBackend(PER_LIMB, false) : BfvBackends.select(name)));
  }

  private static Prg seeded(int seed) {
    return BfvFixture.seeded(seed);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void sameSeedsGiveTheSameBytesAsTheJavaArithmetic(String backend) {
    BfvContext other = context(backend);
    assertEquals(backend, other.backend());
    WordCoefficientBfv java = WordCoefficientBfv.over(JAVA);
    WordCoefficientBfv words = WordCoefficientBfv.over(other);
    // keys: the secret's NTT form, the public key, one Galois key
    BfvSecretKey secret = JAVA.keyGenerator().secretKey(seeded(1));
    BfvSecretKey secretThere = other.keyGenerator().secretKey(seeded(1));
    assertArrayEquals(secret.ntt, secretThere.ntt);
    BfvPublicKey pub = JAVA.keyGenerator().publicKey(secret, seeded(2));
    assertArrayEquals(pub.toBytes(), other.keyGenerator().publicKey(secret, seeded(2)).toBytes());
    BfvGaloisKeys galois = JAVA.keyGenerator().galoisKeysForElements(secret, new int[] {3, 5}, seeded(3));
    assertArrayEquals(galois.toBytes(),
        other.keyGenerator().galoisKeysForElements(secret, new int[] {3, 5}, seeded(3)).toBytes());
    // encryption, symmetric and public
    long[] values = seeded(4).nextLongs(N);
    BfvCiphertext x = java.encrypt(values, secret, seeded(5));
    assertArrayEquals(x.toBytes(), words.encrypt(values, secret, seeded(5)).toBytes());
    assertArrayEquals(java.encryptZero(pub, seeded(6)).toBytes(), words.encryptZero(pub, seeded(6)).toBytes());
    // a key switch and an inner product
    BfvCiphertext mapped = java.applyGalois(x, 3, galois);
    assertArrayEquals(mapped.toBytes(), words.applyGalois(x, 3, galois).toBytes());
    long[] indicator = new long[N];
    indicator[0] = 1;
    indicator[17] = -1;
    indicator[N - 1] = 2;
    BfvCiphertext product = java.sumOfProducts(new WordCoefficientBfv.Transformed[] {java.transform(x)},
        new long[][] {java.transformPlain(indicator, x.level())});
    BfvCiphertext productThere = words.sumOfProducts(new WordCoefficientBfv.Transformed[] {words.transform(x)},
        new long[][] {words.transformPlain(indicator, x.level())});
    assertArrayEquals(product.toBytes(), productThere.toBytes());
    // decryption
    assertArrayEquals(values, words.decrypt(x, secret));
    assertArrayEquals(java.decrypt(mapped, secret), words.decrypt(mapped, secret));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void keysAndCiphertextsOfOneBackendWorkOnAnother(String owner, String evaluator) {
    WordCoefficientBfv mine = WordCoefficientBfv.over(context(owner));
    WordCoefficientBfv theirs = WordCoefficientBfv.over(context(evaluator));
    Prg random = Prg.create();
    BfvSecretKey secret = context(owner).keyGenerator().secretKey(random);
    BfvPublicKey pub = context(owner).keyGenerator().publicKey(secret, random);
    BfvGaloisKeys galois = context(owner).keyGenerator().galoisKeysForElements(secret, new int[] {5}, random);
    long[] values = random.nextLongs(N);
    BfvCiphertext table = BfvCiphertext.fromBytes(context(evaluator), mine.encrypt(values, secret, random).toBytes());
    // the evaluator: entry 9 to the constant coefficient, X → X^5, re-randomised, plus an inner product
    BfvCiphertext moved = theirs.applyGalois(theirs.multiplyByMonomial(table, -9), 5, galois);
    BfvCiphertext reply = context(evaluator).evaluator().add(moved, theirs.encryptZero(pub, random));
    assertEquals(values[9], mine.decrypt(BfvCiphertext.fromBytes(context(owner), reply.toBytes()), secret)[0]);
    long[] ones = new long[N];
    ones[0] = 1;
    ones[N - 2] = -1; // X^-2: coefficient 2 to the constant
    BfvCiphertext sum = theirs.sumOfProducts(new WordCoefficientBfv.Transformed[] {theirs.transform(table)},
        new long[][] {theirs.transformPlain(ones, table.level())});
    assertEquals(values[0] + values[2], mine.decrypt(sum, secret)[0]);
  }

  @Test
  void aBackendWhoseTransformsDifferFromTheJavaTablesIsRefused() {
    // positive control of the order check: the same transforms with two outputs swapped
    BfvBackendUnavailableException e = assertThrows(BfvBackendUnavailableException.class,
        () -> BfvContext.create(RING, new CountingBackend("swapped", true)));
    assertTrue(e.getMessage().contains("swapped"), e.getMessage());
  }

  @Test
  void operationsTheBackendDidNotChooseStayOnTheJavaTables() {
    CountingBackend backend = new CountingBackend("counted", false) {
      @Override
      public Optional<BfvBackend.RnsNtt> rnsNtt(int n, long[] primes) {
        BfvBackend.RnsNtt all = super.rnsNtt(n, primes).orElseThrow();
        return Optional.of(new BfvBackend.RnsNtt() {
          @Override
          public void forward(long[] poly, int[] limbs) {
            all.forward(poly, limbs);
          }

          @Override
          public void inverse(long[] poly, int[] limbs) {
            all.inverse(poly, limbs);
          }

          @Override
          public boolean usedFor(BfvBackend.Operation operation) {
            return operation == BfvBackend.Operation.KEY_SWITCH;
          }
        });
      }
    };
    BfvContext counted = BfvContext.create(RING, backend);
    WordCoefficientBfv words = WordCoefficientBfv.over(counted);
    int afterCheck = backend.calls();
    BfvSecretKey secret = counted.keyGenerator().secretKey(seeded(7));
    BfvGaloisKeys galois = counted.keyGenerator().galoisKeysForElements(secret, new int[] {3}, seeded(8));
    BfvCiphertext x = words.encrypt(new long[] {1, 2, 3}, secret, seeded(9));
    assertArrayEquals(new long[] {1, 2, 3}, java.util.Arrays.copyOf(words.decrypt(x, secret), 3));
    assertEquals(afterCheck, backend.calls(), "key generation, encryption and decryption stay on the Java tables");
    words.applyGalois(x, 3, galois);
    // three digits forward, the two sums inverse: five batch calls, one per polynomial
    assertEquals(afterCheck + 5, backend.calls());
  }
}
