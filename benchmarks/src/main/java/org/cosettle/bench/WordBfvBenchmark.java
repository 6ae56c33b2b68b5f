package org.cosettle.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackendUnavailableException;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.NegacyclicNtt;
import org.cosettle.crypto.bfv.WordCoefficientBfv;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.random.Prg;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settlement's BFV (t = 2<sup>64</sup> in coefficient encoding, {@link WordCoefficientBfv}) on
 * the ring of the private lookups and grouped sums ({@link HeLookupParameters#standard()}: n = 8192,
 * three 50-bit data primes and a 60-bit special prime), with the polynomial arithmetic on each
 * backend ({@code BfvContext.create(ring, backend)}): the operations a lookup and an inner product
 * spend their time in. {@link BfvBenchmark} covers prime-t batching on each backend's scheme; its
 * n parameter does not apply here, the ring is fixed.
 *
 * <pre>
 * SEAL_HOME=... ./mvnw -B -ntp -q package -DskipTests -Pseal -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar WordBfvBenchmark -f 1 -wi 2 -i 3 -p backend=java,seal
 * java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.WordBfvBenchmark   # thread CPU time
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class WordBfvBenchmark {
  @Param({"java", "seal"})
  public String backend;

  private WordCoefficientBfv words;
  private Prg random;
  private BfvSecretKey secret;
  private BfvPublicKey publicKey;
  private BfvGaloisKeys galoisKeys;
  private long[] table;
  private BfvCiphertext x;
  private WordCoefficientBfv.Transformed transformed;
  private long[] indicator;
  private long[] chain;
  private BfvBackend.RnsNtt transforms;
  private int[] allPrimes;

  @Setup
  public void setUp() {
    BfvBackend chosen;
    try {
      chosen = BfvBackends.select(backend);
    } catch (BfvBackendUnavailableException e) {
      System.out.println("WordBfvBenchmark: skipping backend=" + backend + ": " + e.getMessage());
      throw e;
    }
    BfvParameters ring = HeLookupParameters.standard().context().parameters();
    BfvContext context = BfvContext.create(ring, chosen);
    words = WordCoefficientBfv.over(context);
    random = Prg.create();
    secret = context.keyGenerator().secretKey(random);
    publicKey = context.keyGenerator().publicKey(secret, random);
    galoisKeys = context.keyGenerator().galoisKeysForElements(secret, new int[] {3}, random);
    int n = ring.degree();
    table = new long[n];
    long[] ones = new long[n];
    for (int i = 0; i < n; i++) {
      table[i] = random.nextLong();
      ones[i] = i % 3 == 0 ? 1 : 0;
    }
    x = words.encrypt(table, secret, random);
    transformed = words.transform(x);
    indicator = words.transformPlain(ones, ring.maxLevel());
    long[] primes = ring.coefficientModuli();
    transforms = chosen.rnsNtt(n, primes).orElseGet(() -> new PerLimb(n, primes));
    allPrimes = IntStream.range(0, primes.length).toArray();
    chain = new long[primes.length * n];
    for (int limb = 0; limb < primes.length; limb++) {
      for (int c = 0; c < n; c++) {
        chain[limb * n + c] = random.nextLongBelow(primes[limb]);
      }
    }
  }

  /** Forward NTT of a polynomial over the whole chain (four limbs): one call on seal, four on java (with a copy each). */
  @Benchmark
  public long[] nttChain() {
    transforms.forward(chain, allPrimes);
    return chain;
  }

  /** A table ciphertext of n words (symmetric, seeded). */
  @Benchmark
  public BfvCiphertext encrypt() {
    return words.encrypt(table, secret, random);
  }

  /** The re-randomiser of a reply: a public-key encryption of zero. */
  @Benchmark
  public BfvCiphertext encryptZero() {
    return words.encryptZero(publicKey, random);
  }

  /** One packing step's key switch: X → X^3 and back to the secret key. */
  @Benchmark
  public BfvCiphertext keySwitch() {
    return words.applyGalois(x, 3, galoisKeys);
  }

  /** A grouped sum's product: one ciphertext (in NTT form) times an indicator, back to coefficients. */
  @Benchmark
  public BfvCiphertext innerProduct() {
    return words.sumOfProducts(new WordCoefficientBfv.Transformed[] {transformed}, new long[][] {indicator});
  }

  /** The transform of a ciphertext for inner products. */
  @Benchmark
  public WordCoefficientBfv.Transformed transform() {
    return words.transform(x);
  }

  @Benchmark
  public long[] decrypt() {
    return words.decrypt(x, secret);
  }

  /** The Java tables limb by limb, as a context on the java backend runs them. */
  private static final class PerLimb implements BfvBackend.RnsNtt {
    private final NegacyclicNtt[] ntts;
    private final long[] limb;

    PerLimb(int n, long[] primes) {
      ntts = new NegacyclicNtt[primes.length];
      for (int i = 0; i < primes.length; i++) {
        ntts[i] = NegacyclicNtt.of(n, primes[i]);
      }
      limb = new long[n];
    }

    @Override
    public void forward(long[] poly, int[] primes) {
      for (int j = 0; j < primes.length; j++) {
        System.arraycopy(poly, j * limb.length, limb, 0, limb.length);
        ntts[primes[j]].forward(limb);
        System.arraycopy(limb, 0, poly, j * limb.length, limb.length);
      }
    }

    @Override
    public void inverse(long[] poly, int[] primes) {
      throw new UnsupportedOperationException("forward only");
    }
  }

  /** Thread-CPU-time and wall-clock figures for each operation and backend, best of batches. */
  public static void main(String[] args) {
    for (String name : BfvBackends.names()) {
      WordBfvBenchmark state = new WordBfvBenchmark();
      state.backend = name;
      state.setUp();
      Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
      operations.put("nttChain", state::nttChain);
      operations.put("encrypt", state::encrypt);
      operations.put("encryptZero", state::encryptZero);
      operations.put("keySwitch", state::keySwitch);
      operations.put("transform", state::transform);
      operations.put("innerProduct", state::innerProduct);
      operations.put("decrypt", state::decrypt);
      CpuTime.print(String.format("%-5s", name), operations);
    }
  }
}
