package org.cosettle.crypto.ot;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.cosettle.crypto.random.Prg;

/**
 * Description of the base oblivious transfer: a batch of 1-out-of-2 OTs of 128-bit strings after
 * Chou and Orlandi, "The Simplest Protocol for Oblivious Transfer" (LATINCRYPT 2015), on NIST P-256
 * (about 128-bit security), with the keys hashed together with the transcript.
 *
 * <ol>
 *   <li>{@link Step#SENDER_POINT}: the sender draws a, sends A = aG.
 *   <li>{@link Step#RECEIVER_POINTS}: for OT i with choice c<sub>i</sub> the receiver draws
 *       b<sub>i</sub> and sends B<sub>i</sub> = b<sub>i</sub>G + c<sub>i</sub>A; its key is
 *       H(i, A, B<sub>i</sub>, b<sub>i</sub>A).
 *   <li>The sender's keys are k<sub>0</sub> = H(i, A, B<sub>i</sub>, aB<sub>i</sub>) and
 *       k<sub>1</sub> = H(i, A, B<sub>i</sub>, aB<sub>i</sub> − aA): the receiver knows exactly
 *       the one it chose; B<sub>i</sub> is uniform whatever c<sub>i</sub>.
 *   <li>{@link Step#CIPHERTEXTS} (chosen messages only): the sender sends
 *       m<sub>j</sub> ⊕ k<sub>j</sub>.
 * </ol>
 *
 * <p>Why the transcript in the hash: the UC proof of the original paper was found flawed (Genç,
 * Iovino and Rial, ePrint 2017/370; Hauck and Loss, ePrint 2017/1011, who repaired it for static
 * corruptions under Gap-DH). Binding each key to the OT index and to (A, B<sub>i</sub>) keeps the
 * keys of different OTs and sessions independent random-oracle outputs. In the semi-honest model
 * this library targets, the choice is perfectly hidden (B<sub>i</sub> is uniform) and the other
 * key needs a Diffie–Hellman value: secure under the computational Diffie–Hellman
 * assumption in the random-oracle model (SHA-256 truncated to 128 bits). Every received point is
 * decoded with Bouncy Castle's on-curve check and refused at infinity; P-256 has cofactor 1, so
 * no small-subgroup check is needed.
 */
final class BaseOt {
  /** The steps, in protocol order, as named in a {@link ProtocolAbortException}. */
  public enum Step {
    SENDER_POINT,
    RECEIVER_POINTS,
    CIPHERTEXTS
  }

  /** Bytes of a compressed P-256 point. */
  static final int POINT_BYTES = 33;
  /** Longs of one 128-bit message. */
  static final int BLOCK_LONGS = 2;

  static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
  private static final byte[] DOMAIN = "cosettle/base-ot/chou-orlandi-p256/v1".getBytes(StandardCharsets.US_ASCII);

  private BaseOt() {}

  static ECCurve curve() {
    return CURVE.getCurve();
  }

  static ECPoint generator() {
    return CURVE.getG();
  }

  /** A uniform scalar in [1, n) by rejection from 32 bytes of the generator. */
  static BigInteger randomScalar(Prg prg) {
    BigInteger order = CURVE.getN();
    while (true) {
      BigInteger k = new BigInteger(1, prg.nextBytes(32));
      if (k.signum() > 0 && k.compareTo(order) < 0) {
        return k;
      }
    }
  }

  /** Decodes a compressed point sent by the peer, refusing anything off the curve or at infinity. */
  static ECPoint decodePoint(byte[] bytes, int offset, Step step, String what) {
    byte[] encoded = java.util.Arrays.copyOfRange(bytes, offset, offset + POINT_BYTES);
    ECPoint point;
    try {
      point = curve().decodePoint(encoded);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ProtocolAbortException(step, what + " is not a point on P-256", e);
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new ProtocolAbortException(step, what + " is the point at infinity or invalid");
    }
    return point;
  }

  /** The key H(index, A, B, P): SHA-256 of the domain and the transcript, truncated to 128 bits. */
  static void deriveKey(int index, byte[] senderPoint, byte[] receiverPoints, int receiverOffset,
      ECPoint shared, long[] out, int outBlock) {
    MessageDigest sha256 = sha256();
    sha256.update(DOMAIN);
    sha256.update(new byte[] {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index});
    sha256.update(senderPoint);
    sha256.update(receiverPoints, receiverOffset, POINT_BYTES);
    sha256.update(shared.normalize().getEncoded(true));
    byte[] digest = sha256.digest();
    out[2 * outBlock] = littleEndianLong(digest, 0);
    out[2 * outBlock + 1] = littleEndianLong(digest, 8);
  }

  /** A public 16-byte value both parties derive from the transcript, e.g. as a hash key. */
  static byte[] transcriptDigest(byte[] senderPoint, byte[] receiverPoints) {
    MessageDigest sha256 = sha256();
    sha256.update(DOMAIN);
    sha256.update("/transcript".getBytes(StandardCharsets.US_ASCII));
    sha256.update(senderPoint);
    sha256.update(receiverPoints);
    return java.util.Arrays.copyOf(sha256.digest(), 16);
  }

  private static long littleEndianLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
