package org.cosettle.crypto.paillier;

/**
 * The two Paillier key sizes this library accepts, and what follows from each: the security level
 * and the length of the short exponent behind fast (Damgård–Jurik–Nielsen) encryption.
 *
 * <ul>
 *   <li>{@link #recommended()}: a 3072-bit modulus, 128-bit security (NIST SP 800-57 Part 1 Rev. 5,
 *       Table 2, the same strength as RSA-3072); randomness exponents of 256 bits.
 *   <li>{@link #legacy112BitSecurity()}: a 2048-bit modulus, 112-bit security only, for talking to
 *       systems that cannot go higher; randomness exponents of 224 bits.
 * </ul>
 *
 * <p>No other size can be built: a smaller modulus is too weak, a larger one has no use here.
 *
 * <pre>{@code
 * PaillierPrivateKey key = PaillierPrivateKey.generate(PaillierParameters.recommended(), prg);
 * }</pre>
 */
public final class PaillierParameters {
  private static final PaillierParameters RECOMMENDED = new PaillierParameters(3072, 128);
  private static final PaillierParameters LEGACY_2048 = new PaillierParameters(2048, 112);

  private final int modulusBits;
  private final int securityBits;

  private PaillierParameters(int modulusBits, int securityBits) {
    this.modulusBits = modulusBits;
    this.securityBits = securityBits;
  }

  /** A 3072-bit modulus: 128-bit security. The default. */
  public static PaillierParameters recommended() {
    return RECOMMENDED;
  }

  /** A 2048-bit modulus: 112-bit security only. Use it only where a peer requires 2048 bits. */
  public static PaillierParameters legacy112BitSecurity() {
    return LEGACY_2048;
  }

  /** The parameters for a decoded modulus length; anything but 2048 or 3072 bits is refused. */
  static PaillierParameters forModulusBits(int bits) {
    if (bits == RECOMMENDED.modulusBits) {
      return RECOMMENDED;
    }
    if (bits == LEGACY_2048.modulusBits) {
      return LEGACY_2048;
    }
    throw new IllegalArgumentException("a Paillier modulus has 3072 bits (or 2048 as the legacy choice), not " + bits);
  }

  /** Bits of the modulus n = pq. */
  public int modulusBits() {
    return modulusBits;
  }

  /** Bytes of the modulus n; a ciphertext has twice as many. */
  public int modulusBytes() {
    return modulusBits / Byte.SIZE;
  }

  /** The computational security level in bits. */
  public int securityBits() {
    return securityBits;
  }

  /**
   * Bits of the random exponent a in DJN encryption (r<sup>n</sup> = h<sub>s</sub><sup>a</sup>):
   * twice the security level, so that generic short-exponent attacks (Pollard's lambda method,
   * about 2<sup>bits/2</sup> group operations) cost as much as factoring n. See docs/crypto.md.
   */
  public int randomnessExponentBits() {
    return 2 * securityBits;
  }

  @Override
  public String toString() {
    return "PaillierParameters[" + modulusBits + "-bit modulus, " + securityBits + "-bit security]";
  }
}
