package org.cosettle.bench;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.cosettle.crypto.paillier.PaillierCiphertext;
import org.cosettle.crypto.paillier.PaillierEncryptor;
import org.cosettle.crypto.paillier.PaillierEvaluator;
import org.cosettle.crypto.paillier.PaillierParameters;
import org.cosettle.crypto.paillier.PaillierPrivateKey;
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
 * Paillier operations at the legacy 2048-bit and the default 3072-bit modulus. {@code encrypt} is
 * DJN fixed-base encryption of a 64-bit value, {@code encryptWithFullRandomness} the textbook
 * r<sup>n</sup> for comparison. {@code multiplyPlain} is HEU's own workload (its
 * {@code phe_bench.cc}, {@code Multi}: the scalars 1, 2, …, 9999 in turn, so about 13 bits on
 * average), which is what HEU's published figure measures; {@code multiplyPlainWide} takes a random
 * positive 63-bit scalar, a whole 64-bit amount (a negative one adds an inversion modulo n²).
 * {@code decrypt} is CRT decryption. Key generation happens once in the setup.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PaillierBenchmark -f 1 -wi 2 -i 3
 * java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.PaillierBenchmark 2048 3072   # thread CPU time
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PaillierBenchmark {
  @Param({"2048", "3072"})
  public int bits;

  private Prg prg;
  private PaillierPrivateKey privateKey;
  private PaillierEncryptor encryptor;
  private PaillierEvaluator evaluator;
  private PaillierCiphertext a;
  private PaillierCiphertext b;
  private long plaintext;
  private long scalar;
  private long heuScalar;

  @Setup
  public void setUp() {
    PaillierParameters parameters = bits == 3072
        ? PaillierParameters.recommended()
        : PaillierParameters.legacy112BitSecurity();
    prg = Prg.create();
    privateKey = PaillierPrivateKey.generate(parameters, prg);
    encryptor = PaillierEncryptor.create(privateKey.publicKey(), prg);
    evaluator = PaillierEvaluator.of(privateKey.publicKey());
    plaintext = prg.nextLong();
    scalar = (prg.nextLong() >>> 1) | (1L << 62);
    a = encryptor.encrypt(plaintext, prg);
    b = encryptor.encrypt(prg.nextLong(), prg);
  }

  @Benchmark
  public PaillierCiphertext encrypt() {
    return encryptor.encrypt(plaintext, prg);
  }

  @Benchmark
  public PaillierCiphertext encryptWithFullRandomness() {
    return encryptor.encryptWithFullRandomness(BigInteger.valueOf(plaintext), prg);
  }

  @Benchmark
  public PaillierCiphertext add() {
    return evaluator.add(a, b);
  }

  /** HEU's scalars: 1, 2, …, 9999, then again from 1. */
  @Benchmark
  public PaillierCiphertext multiplyPlain() {
    heuScalar = heuScalar == 9_999 ? 1 : heuScalar + 1;
    return evaluator.multiplyPlain(a, heuScalar);
  }

  @Benchmark
  public PaillierCiphertext multiplyPlainWide() {
    return evaluator.multiplyPlain(a, scalar);
  }

  @Benchmark
  public long decrypt() {
    return privateKey.decryptLong(a);
  }

  /**
   * Thread-CPU-time and wall-clock figures for each operation, best of twenty batches (the same
   * method as {@code BfvBenchmark.main}), steadier than JMH's wall clock on a shared machine.
   */
  public static void main(String[] args) {
    for (String size : args.length == 0 ? new String[] {"2048", "3072"} : args) {
      PaillierBenchmark state = new PaillierBenchmark();
      state.bits = Integer.parseInt(size);
      state.setUp();
      Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
      operations.put("encrypt", state::encrypt);
      operations.put("encryptWithFullRandomness", state::encryptWithFullRandomness);
      operations.put("add", state::add);
      operations.put("multiplyPlain", state::multiplyPlain);
      operations.put("multiplyPlainWide", state::multiplyPlainWide);
      operations.put("decrypt", state::decrypt);
      for (Map.Entry<String, Supplier<Object>> operation : operations.entrySet()) {
        CpuTime.Figures f = CpuTime.bestOf(operation.getValue(), 1_000_000_000L, 10);
        System.out.printf("bits=%s %-26s cpu %10.1f us   wall %10.1f us%n", size, operation.getKey(), f.cpuMicros(), f.wallMicros());
      }
    }
  }
}
