package org.cosettle.crypto.bfv;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test backend: the Java tables behind {@link BfvBackend.RnsNtt} (public {@link NegacyclicNtt},
 * one limb at a time through a copy), counting its batch calls, so that a test sees which
 * operations ran on a chosen backend. {@code swapped} plants a wrong evaluation order (two outputs
 * of every forward transform exchanged), which {@link BfvContext#create(BfvParameters, BfvBackend)}
 * must refuse. It has no prime-t scheme.
 */
public class CountingBackend implements BfvBackend {
  private final String name;
  private final boolean swapped;
  private final AtomicInteger calls = new AtomicInteger();

  public CountingBackend(String name, boolean swapped) {
    this.name = name;
    this.swapped = swapped;
  }

  /** Batch transforms run so far (forward and inverse, one per polynomial). */
  public int calls() {
    return calls.get();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BfvScheme open(BfvParameters parameters) {
    throw new UnsupportedOperationException("the test backend has the polynomial arithmetic only");
  }

  @Override
  public Ntt ntt(int n, long prime) {
    return NegacyclicNtt.of(n, prime);
  }

  @Override
  public Optional<RnsNtt> rnsNtt(int n, long[] primes) {
    NegacyclicNtt[] ntts = new NegacyclicNtt[primes.length];
    for (int i = 0; i < primes.length; i++) {
      ntts[i] = NegacyclicNtt.of(n, primes[i]);
    }
    return Optional.of(new RnsNtt() {
      @Override
      public void forward(long[] poly, int[] limbs) {
        calls.incrementAndGet();
        each(poly, limbs, true);
      }

      @Override
      public void inverse(long[] poly, int[] limbs) {
        calls.incrementAndGet();
        each(poly, limbs, false);
      }

      private void each(long[] poly, int[] limbs, boolean forward) {
        long[] limb = new long[n];
        for (int j = 0; j < limbs.length; j++) {
          System.arraycopy(poly, j * n, limb, 0, n);
          if (forward) {
            ntts[limbs[j]].forward(limb);
            if (swapped) {
              long t = limb[0];
              limb[0] = limb[1];
              limb[1] = t;
            }
          } else {
            ntts[limbs[j]].inverse(limb);
          }
          System.arraycopy(limb, 0, poly, j * n, n);
        }
      }
    });
  }
}
