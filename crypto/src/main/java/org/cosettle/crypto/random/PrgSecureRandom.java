package org.cosettle.crypto.random;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/** Presents a {@link Prg} as a {@link SecureRandom}; extra seeding is refused, not ignored. */
final class PrgSecureRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  PrgSecureRandom(Prg prg) {
    super(new Spi(prg), null);
  }

  @Override
  public String getAlgorithm() {
    return "AES-CTR-Prg";
  }

  @Override
  public String toString() {
    return "SecureRandom over a Prg";
  }

  private static final class Spi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final transient Prg prg;

    Spi(Prg prg) {
      this.prg = prg;
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      throw new UnsupportedOperationException("a Prg is seeded once, at construction");
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      prg.nextBytes(bytes);
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      return prg.nextBytes(numBytes);
    }
  }
}
