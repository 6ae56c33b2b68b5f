package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;

/**
 * A Paillier private key: the primes p and q of n, with the constants of CRT decryption.
 * Decryption works modulo p² and q² separately (Paillier 1999, §7): m<sub>p</sub> =
 * L<sub>p</sub>(c<sup>p−1</sup> mod p²)·(−q)<sup>−1</sup> mod p, where L<sub>p</sub>(x) = (x − 1)/p,
 * likewise for q, then CRT. With g = n + 1, g<sup>p−1</sup> ≡ 1 + (p−1)·n (mod p²), so
 * L<sub>p</sub>(g<sup>p−1</sup>) = −q mod p — no exponentiation in the precomputation.
 *
 * <p>Plaintexts are read in the centered representation [−(n−1)/2, (n−1)/2].
 * {@code toString()} shows the public key's fingerprint; the primes leave only through
 * {@link #toBytes(SecretAccess)}.
 *
 * <pre>{@code
 * PaillierPrivateKey key = PaillierPrivateKey.generate(PaillierParameters.recommended(), Prg.create());
 * long total = key.decryptLong(sumCiphertext);
 * }</pre>
 */
public final class PaillierPrivateKey {
  static final byte TAG = 'S';
  private static final int HEADER = 2;

  private final PaillierPublicKey publicKey;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger pSquared;
  private final BigInteger qSquared;
  private final BigInteger pMinusOne;
  private final BigInteger qMinusOne;
  /** (−q)<sup>−1</sup> mod p = L<sub>p</sub>(g<sup>p−1</sup> mod p²)<sup>−1</sup>. */
  private final BigInteger hp;
  /** (−p)<sup>−1</sup> mod q. */
  private final BigInteger hq;
  /** q<sup>−1</sup> mod p, for recombination. */
  private final BigInteger qInverseModP;

  private PaillierPrivateKey(PaillierParameters parameters, BigInteger p, BigInteger q) {
    this.p = p;
    this.q = q;
    this.publicKey = new PaillierPublicKey(parameters, p.multiply(q));
    this.pSquared = p.multiply(p);
    this.qSquared = q.multiply(q);
    this.pMinusOne = p.subtract(BigInteger.ONE);
    this.qMinusOne = q.subtract(BigInteger.ONE);
    this.hp = q.negate().modInverse(p);
    this.hq = p.negate().modInverse(q);
    this.qInverseModP = q.modInverse(p);
  }

  /**
   * A new key pair: two random primes of half the modulus length each (top two bits set, so n has
   * exactly {@code parameters.modulusBits()} bits), differing in their top 100 bits so that
   * Fermat's method cannot factor n. Takes seconds at 3072 bits.
   */
  public static PaillierPrivateKey generate(PaillierParameters parameters, Prg prg) {
    int half = parameters.modulusBits() / 2;
    BigInteger p = PrimeGenerator.randomPrime(half, prg);
    while (true) {
      BigInteger q = PrimeGenerator.randomPrime(half, prg);
      if (primesFarApart(p, q, half)) {
        return new PaillierPrivateKey(parameters, p, q);
      }
    }
  }

  /**
   * Decodes {@link #toBytes(SecretAccess)} strictly: the declared size, two primes of exactly half
   * the modulus length with the top two bits set, far enough apart. Messages never show the primes.
   */
  public static PaillierPrivateKey fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER || bytes[0] != TAG) {
      throw new InvalidEncodingException("not a Paillier private key");
    }
    PaillierParameters parameters = PaillierEncoding.parametersOf(bytes[1]);
    int primeBytes = parameters.modulusBytes() / 2;
    if (bytes.length != HEADER + 2 * primeBytes) {
      throw new InvalidEncodingException("a " + parameters.modulusBits() + "-bit Paillier private key has "
          + (HEADER + 2 * primeBytes) + " bytes, not " + bytes.length);
    }
    BigInteger p = new BigInteger(1, bytes, HEADER, primeBytes);
    BigInteger q = new BigInteger(1, bytes, HEADER + primeBytes, primeBytes);
    int half = parameters.modulusBits() / 2;
    Prg bases = Prg.create();
    for (BigInteger prime : new BigInteger[] {p, q}) {
      String which = prime == p ? "first" : "second";
      if (!prime.testBit(half - 1) || !prime.testBit(half - 2)) {
        throw new InvalidEncodingException("the " + which + " prime does not have its top two bits set");
      }
      if (!PrimeGenerator.isPrime(prime, bases)) {
        throw new InvalidEncodingException("the " + which + " factor is not prime");
      }
    }
    if (!primesFarApart(p, q, half)) {
      throw new InvalidEncodingException("the two primes are too close together");
    }
    return new PaillierPrivateKey(parameters, p, q);
  }

  /** Tag 'S', the size byte, then p and q big-endian, each in modulusBytes / 2 bytes. */
  public byte[] toBytes(SecretAccess access) {
    SecretAccess.check(access);
    int primeBytes = publicKey.parameters().modulusBytes() / 2;
    byte[] out = new byte[HEADER + 2 * primeBytes];
    out[0] = TAG;
    out[1] = PaillierEncoding.sizeByte(publicKey.parameters());
    PaillierEncoding.writeFixed(p, out, HEADER, primeBytes);
    PaillierEncoding.writeFixed(q, out, HEADER + primeBytes, primeBytes);
    return out;
  }

  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /** The plaintext in [−(n−1)/2, (n−1)/2], by CRT. */
  public BigInteger decrypt(PaillierCiphertext ciphertext) {
    publicKey.requireOwn(ciphertext);
    BigInteger c = ciphertext.value;
    BigInteger mp = halfDecrypt(c, p, pSquared, pMinusOne, hp);
    BigInteger mq = halfDecrypt(c, q, qSquared, qMinusOne, hq);
    BigInteger m = mp.subtract(mq).multiply(qInverseModP).mod(p).multiply(q).add(mq);
    return publicKey.centered(m);
  }

  /** The plaintext as a {@code long}; {@link ArithmeticException} if it lies outside the long range. */
  public long decryptLong(PaillierCiphertext ciphertext) {
    BigInteger m = decrypt(ciphertext);
    if (m.bitLength() > 63) {
      throw new ArithmeticException("the plaintext does not fit in a long");
    }
    return m.longValue();
  }

  /**
   * Textbook decryption m = L(c<sup>λ</sup> mod n²)·λ<sup>−1</sup> mod n, λ = lcm(p−1, q−1), without
   * CRT; about three times slower. Kept to check the CRT path against.
   */
  BigInteger decryptWithoutCrt(PaillierCiphertext ciphertext) {
    BigInteger n = publicKey.n;
    BigInteger lambda = pMinusOne.multiply(qMinusOne).divide(pMinusOne.gcd(qMinusOne));
    BigInteger u = ciphertext.value.modPow(lambda, publicKey.nSquared);
    BigInteger m = u.subtract(BigInteger.ONE).divide(n).multiply(lambda.modInverse(n)).mod(n);
    return publicKey.centered(m);
  }

  private static BigInteger halfDecrypt(BigInteger c, BigInteger prime, BigInteger primeSquared,
      BigInteger exponent, BigInteger h) {
    BigInteger u = c.mod(primeSquared).modPow(exponent, primeSquared);
    return u.subtract(BigInteger.ONE).divide(prime).multiply(h).mod(prime);
  }

  private static boolean primesFarApart(BigInteger p, BigInteger q, int half) {
    return p.subtract(q).abs().bitLength() > half - 100;
  }

  @Override
  public String toString() {
    return "PaillierPrivateKey[" + publicKey.parameters().modulusBits() + " bits, public key "
        + publicKey.fingerprint() + "]";
  }
}
