package org.cosettle.bench;

import org.cosettle.crypto.random.Prg;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvEncryptor;
import org.cosettle.crypto.bfv.BfvDecryptor;
import org.cosettle.crypto.bfv.BfvEvaluator;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvPlaintext;
import org.cosettle.crypto.bfv.BfvRelinKeys;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.NegacyclicNtt;
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
 * Pure-Java BFV against SEAL 4.x's figures (issue 4), with SEAL's default 128-bit chain for n and
 * a 20-bit batching prime. Every operation starts and ends in coefficient form, as SEAL's do.
 *
 * <pre>
 * ./mvnw -B -ntp -q package -DskipTests -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar BfvBenchmark -f 1 -wi 2 -i 3
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

  private NegacyclicNtt ntt;
  private long[] limb;
  private Prg random;
  private BfvEncryptor encryptor;
  private BfvDecryptor decryptor;
  private BfvEvaluator evaluator;
  private BfvRelinKeys relinKeys;
  private BfvGaloisKeys galoisKeys;
  private BfvPlaintext plain;
  private BfvCiphertext x;
  private BfvCiphertext y;

  @Setup
  public void setUp() {
    BfvParameters parameters = BfvParameters.defaults(n);
    BfvContext bfv = BfvContext.create(parameters);
    random = Prg.create();
    BfvSecretKey secret = bfv.keyGenerator().secretKey(random);
    encryptor = bfv.encryptor(bfv.keyGenerator().publicKey(secret, random));
    decryptor = bfv.decryptor(secret);
    evaluator = bfv.evaluator();
    relinKeys = bfv.keyGenerator().relinKeys(secret, random);
    galoisKeys = bfv.keyGenerator().galoisKeys(secret, new int[] {1}, false, random);
    long t = parameters.plainModulus();
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextLongBelow(t);
    }
    plain = bfv.encoder().encode(values);
    x = encryptor.encrypt(plain, random);
    y = encryptor.encrypt(plain, random);
    long prime = parameters.coefficientModuli()[0];
    ntt = NegacyclicNtt.of(n, prime);
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
  public BfvCiphertext encrypt() {
    return encryptor.encrypt(plain, random);
  }

  @Benchmark
  public BfvPlaintext decrypt() {
    return decryptor.decrypt(x);
  }

  @Benchmark
  public BfvCiphertext add() {
    return evaluator.add(x, y);
  }

  @Benchmark
  public BfvCiphertext multiplyPlain() {
    return evaluator.multiplyPlain(x, plain);
  }

  @Benchmark
  public BfvCiphertext multiplyRelin() {
    return evaluator.multiply(x, y, relinKeys);
  }

  @Benchmark
  public BfvCiphertext rotate() {
    return evaluator.rotateRows(x, 1, galoisKeys);
  }

  /** Thread-CPU-time and wall-clock figures for each operation, best of twenty batches. */
  public static void main(String[] args) {
    for (String degree : args.length == 0 ? new String[] {"4096", "8192"} : args) {
      BfvBenchmark state = new BfvBenchmark();
      state.n = Integer.parseInt(degree);
      state.setUp();
      Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
      operations.put("ntt", state::ntt);
      operations.put("encrypt", state::encrypt);
      operations.put("decrypt", state::decrypt);
      operations.put("add", state::add);
      operations.put("multiplyPlain", state::multiplyPlain);
      operations.put("multiplyRelin", state::multiplyRelin);
      operations.put("rotate", state::rotate);
      for (Map.Entry<String, Supplier<Object>> operation : operations.entrySet()) {
        CpuTime.Figures f = CpuTime.bestOf(operation.getValue(), 300_000_000L, 3);
        System.out.printf("n=%s %-14s cpu %10.1f us   wall %10.1f us%n", degree, operation.getKey(), f.cpuMicros(), f.wallMicros());
      }
    }
  }
}
