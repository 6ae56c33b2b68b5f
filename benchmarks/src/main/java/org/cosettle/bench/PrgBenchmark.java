package org.cosettle.bench;

import java.util.concurrent.TimeUnit;
import org.cosettle.crypto.random.FixedKeyAesHash;
import org.cosettle.crypto.random.Prg;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Output rate of {@link Prg} and of the fixed-key AES hash. Each call produces one MiB of output
 * (2^20 bytes, 2^17 longs or 2^16 128-bit blocks), so GB/s = 1.048576 / (µs per op) * 1000.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PrgBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrgBenchmark {
  private static final int MIB = 1 << 20;
  /** A 60-bit prime of the kind a BFV plaintext modulus is (1 mod 2^14). */
  private static final long PRIME_60 = 1152921504606830593L;

  private Prg prg;
  private FixedKeyAesHash hash;
  private final byte[] bytes = new byte[MIB];
  private final long[] longs = new long[MIB / Long.BYTES];
  private final long[] hashed = new long[MIB / Long.BYTES];

  @Setup
  public void setUp() {
    prg = Prg.create();
    hash = FixedKeyAesHash.withKey(Prg.create().nextSeed());
    prg.fillLongs(longs);
  }

  @Benchmark
  public byte[] bytes() {
    prg.nextBytes(bytes);
    return bytes;
  }

  @Benchmark
  public long[] longs() {
    prg.fillLongs(longs);
    return longs;
  }

  @Benchmark
  public long[] boundedBelow60BitPrime() {
    prg.fillBelow(longs, PRIME_60);
    return longs;
  }

  @Benchmark
  public long[] tccrHash() {
    hash.tccr(longs, 0, hashed);
    return hashed;
  }
}
