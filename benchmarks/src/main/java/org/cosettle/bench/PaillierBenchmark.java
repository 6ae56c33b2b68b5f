package org.cosettle.bench;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
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
 * r<sup>n</sup> for comparison; {@code multiplyPlain} takes a random 64-bit signed scalar;
 * {@code decrypt} is CRT decryption. Key generation happens once in the setup.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PaillierBenchmark -f 1 -wi 2 -i 3</pre>
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
    scalar = prg.nextLong();
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

  @Benchmark
  public PaillierCiphertext multiplyPlain() {
    return evaluator.multiplyPlain(a, scalar);
  }

  @Benchmark
  public long decrypt() {
    return privateKey.decryptLong(a);
  }
}
