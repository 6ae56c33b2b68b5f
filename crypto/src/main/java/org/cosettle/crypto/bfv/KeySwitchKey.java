package org.cosettle.crypto.bfv;

/**
 * A key that turns a ciphertext component under some s' into one under s, with the RNS digits of
 * the data primes and the special prime P (the hybrid method of Gentry–Halevi–Smart 2012 as used
 * by SEAL): digit i is (−a_i·s + e_i + P·g_i·s', a_i) with g_i ≡ δ_ij (mod q_j) and g_i ≡ 0 mod P.
 * Each component is in NTT form over the whole chain, special prime last.
 */
final class KeySwitchKey {
  final long[][] b;
  final long[][] a;
  final byte[] seed;

  KeySwitchKey(long[][] b, long[][] a, byte[] seed) {
    this.b = b;
    this.a = a;
    this.seed = seed;
  }
}
