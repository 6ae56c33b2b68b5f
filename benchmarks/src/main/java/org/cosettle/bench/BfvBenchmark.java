package org.cosettle.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackendUnavailableException;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;
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
 * BFV on each backend through {@link BfvScheme} (issue 4; issue 12: the pure-Java backend against
 * SEAL 4.4 through JavaCPP), with SEAL's default 128-bit chain for n and a 20-bit batching prime.
 * Every operation takes slots and ciphertexts in coefficient form, as SEAL's do: encrypt encodes,
 * decrypt decodes, multiplyPlain encodes its plaintext. {@code ntt} is one forward transform of
 * one limb in the backend's own arithmetic. The {@code seal} case needs the benchmarks jar built
 * with {@code -Pseal} (docs/crypto-bfv.md); without it, its trials fail at set-up with that message
 * and the {@code java} ones run.
 *
 * <pre>
 * ./mvnw -B -ntp -q package -DskipTests -pl benchmarks -am                       # java only
 * SEAL_HOME=... ./mvnw -B -ntp -q package -DskipTests -Pseal -pl benchmarks -am  # java and seal
 * java -jar benchmarks/target/benchmarks.jar BfvBenchmark -f 1 -wi 2 -i 3 -p backend=java,seal
 * </pre>
 *
 * <p>On a shared machine the wall-clock average absorbs every time slice given to other
 * processes; {@link #main} measures the same operations in this thread's CPU time as well (best
 * of twenty batches of about 0.1 s), which is what the docs compare when the load is high:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.BfvBenchmark 4096 8192
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class BfvBenchmark {
  @Param({"4096", "8192"})
  public int n;

  @Param({"java", "seal"})
  public String backend;

  private BfvScheme he;
  private BfvBackend.Ntt ntt;
  private long[] limb;
  private Prg random;
  private BfvScheme.SecretKey secret;
  private BfvScheme.PublicKey publicKey;
  private BfvScheme.RelinKeys relinKeys;
  private BfvScheme.GaloisKeys galoisKeys;
  private long[] slots;
  private BfvScheme.Ciphertext x;
  private BfvScheme.Ciphertext y;

  @Setup
  public void setUp() {
    BfvBackend chosen;
    try {
      chosen = BfvBackends.select(backend);
    } catch (BfvBackendUnavailableException e) {
      System.out.println("BfvBenchmark: skipping backend=" + backend + ": " + e.getMessage());
      throw e;
    }
    BfvParameters parameters = BfvParameters.defaults(n);
    he = chosen.open(parameters);
    random = Prg.create();
    secret = he.secretKey(random);
    publicKey = he.publicKey(secret, random);
    relinKeys = he.relinKeys(secret, random);
    galoisKeys = he.galoisKeys(secret, new int[] {1}, random);
    long t = parameters.plainModulus();
    slots = new long[n];
    for (int i = 0; i < n; i++) {
      slots[i] = random.nextLongBelow(t);
    }
    x = he.encrypt(publicKey, slots, random);
    y = he.encrypt(publicKey, slots, random);
    long prime = parameters.coefficientModuli()[0];
    ntt = chosen.ntt(n, prime);
    limb = new long[n];
    for (int i = 0; i < n; i++) {
      limb[i] = random.nextLongBelow(prime);
    }
  }

  /** One forward transform of one limb, in place (the data stays in range, so repeating is fine). */
  @Benchmark
  public long[] ntt() {
    ntt.forward(limb);
    return limb;
  }

  @Benchmark
  public int encrypt() {
    return closed(he.encrypt(publicKey, slots, random));
  }

  @Benchmark
  public long[] decrypt() {
    return he.decrypt(secret, x);
  }

  @Benchmark
  public int add() {
    return closed(he.add(x, y));
  }

  @Benchmark
  public int multiplyPlain() {
    return closed(he.multiplyPlain(x, slots));
  }

  @Benchmark
  public int multiplyRelin() {
    try (BfvScheme.Ciphertext product = he.multiply(x, y)) {
      return closed(he.relinearize(product, relinKeys));
    }
  }

  @Benchmark
  public int rotate() {
    return closed(he.rotateRows(x, 1, galoisKeys));
  }

  /** Frees a result at once (a native backend's would otherwise wait for the garbage collector). */
  private static int closed(BfvScheme.Ciphertext result) {
    try (result) {
      return result.size();
    }
  }

  /** Thread-CPU-time and wall-clock figures for each operation and backend, best of twenty batches. */
  public static void main(String[] args) {
    for (String degree : args.length == 0 ? new String[] {"4096", "8192"} : args) {
      for (String name : BfvBackends.names()) {
        BfvBenchmark state = new BfvBenchmark();
        state.n = Integer.parseInt(degree);
        state.backend = name;
        state.setUp();
        Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
        operations.put("ntt", state::ntt);
        operations.put("encrypt", state::encrypt);
        operations.put("decrypt", state::decrypt);
        operations.put("add", state::add);
        operations.put("multiplyPlain", state::multiplyPlain);
        operations.put("multiplyRelin", state::multiplyRelin);
        operations.put("rotate", state::rotate);
        CpuTime.print(String.format("n=%s %-5s", degree, name), operations);
      }
    }
  }
}
