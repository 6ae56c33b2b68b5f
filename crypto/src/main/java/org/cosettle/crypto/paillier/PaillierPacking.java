package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.cosettle.crypto.random.Prg;

/**
 * Several signed values in one Paillier plaintext, so that one ciphertext operation works on all of
 * them at once.
 *
 * <p>Values of {@code valueBits} bits (two's complement range [−2<sup>v−1</sup>, 2<sup>v−1</sup>))
 * sit in slots of w = v + ⌈log₂ maxTerms⌉ bits: the packed plaintext is Σ x<sub>i</sub>·2<sup>w·i</sup>
 * as a signed integer. Adding packed ciphertexts adds every slot, and the sum of up to
 * {@code maxTerms} values stays in [−2<sup>w−1</sup>, 2<sup>w−1</sup>), so each slot is read back
 * exactly by taking the low w bits as a signed number and carrying on with the rest. The slot count
 * is ⌊(modulusBits − 2) / w⌋, which keeps |Σ| &lt; 2<sup>modulusBits−2</sup> &lt; n/2 so the centered
 * decryption returns the integer itself. At 3072 bits: 47 slots of 64 bits (e.g. 48-bit amounts
 * with room for 65,536 additions), or 38 slots of full 64-bit values with 16 bits of headroom.
 *
 * <p>The headroom is a budget counted in {@link PackedCiphertext#terms()}: {@link #add} refuses a
 * sum of more than {@code maxTerms} fresh encryptions and {@link #multiplyPlain} a scalar that
 * would use more, so a slot cannot silently overflow into its neighbour.
 *
 * <pre>{@code
 * PaillierPacking packing = PaillierPacking.of(PaillierParameters.recommended(), 48, 65_536);
 * PackedCiphertext a = packing.encrypt(amounts, encryptor, prg);
 * long[] sums = packing.decrypt(packing.add(a, b), privateKey);
 * }</pre>
 */
public final class PaillierPacking {
  private final PaillierParameters parameters;
  private final int valueBits;
  private final long maxTerms;
  private final int slotBits;
  private final int slots;
  private final BigInteger slotMask;

  private PaillierPacking(PaillierParameters parameters, int valueBits, long maxTerms) {
    this.parameters = parameters;
    this.valueBits = valueBits;
    this.maxTerms = maxTerms;
    this.slotBits = valueBits + (64 - Long.numberOfLeadingZeros(maxTerms - 1));
    this.slots = (parameters.modulusBits() - 2) / slotBits;
    this.slotMask = BigInteger.ONE.shiftLeft(slotBits).subtract(BigInteger.ONE);
  }

  /**
   * Slots for values of 1 to 64 bits whose packed sums may add up to {@code maxTerms} (at least 1,
   * at most 2<sup>32</sup>) encryptions.
   */
  public static PaillierPacking of(PaillierParameters parameters, int valueBits, long maxTerms) {
    if (valueBits < 1 || valueBits > 64) {
      throw new IllegalArgumentException("packed values have 1 to 64 bits, not " + valueBits);
    }
    if (maxTerms < 1 || maxTerms > 1L << 32) {
      throw new IllegalArgumentException("the number of terms is between 1 and 2^32, not " + maxTerms);
    }
    return new PaillierPacking(parameters, valueBits, maxTerms);
  }

  /** Values per ciphertext. */
  public int slots() {
    return slots;
  }

  /** Bits per slot: the value bits plus the headroom for {@link #maxTerms()} terms. */
  public int slotBits() {
    return slotBits;
  }

  public int valueBits() {
    return valueBits;
  }

  public long maxTerms() {
    return maxTerms;
  }

  /** Σ values[i]·2<sup>w·i</sup>; refuses more values than slots and values out of range. */
  public BigInteger pack(long[] values) {
    if (values.length > slots) {
      throw new IllegalArgumentException(values.length + " values do not fit in " + slots + " slots");
    }
    long low = valueBits == 64 ? Long.MIN_VALUE : -(1L << (valueBits - 1));
    long high = valueBits == 64 ? Long.MAX_VALUE : (1L << (valueBits - 1)) - 1;
    BigInteger packed = BigInteger.ZERO;
    for (int i = values.length - 1; i >= 0; i--) {
      if (values[i] < low || values[i] > high) {
        throw new IllegalArgumentException("value at index " + i + " does not fit in " + valueBits + " signed bits");
      }
      packed = packed.shiftLeft(slotBits).add(BigInteger.valueOf(values[i]));
    }
    return packed;
  }

  /**
   * The first {@code count} slots of a packed (and possibly summed) plaintext. Throws
   * {@link ArithmeticException} when the plaintext holds more than the slots can (an overflow) or a
   * slot's value does not fit in a {@code long}.
   */
  public long[] unpack(BigInteger plaintext, int count) {
    if (count < 0 || count > slots) {
      throw new IllegalArgumentException("count " + count + " is outside 0.." + slots);
    }
    long[] values = new long[count];
    BigInteger rest = plaintext;
    for (int i = 0; i < slots; i++) {
      BigInteger slot = rest.and(slotMask);
      if (slot.testBit(slotBits - 1)) {
        slot = slot.subtract(slotMask).subtract(BigInteger.ONE);
      }
      if (i < count) {
        if (slot.bitLength() > 63) {
          throw new ArithmeticException("slot " + i + " does not fit in a long");
        }
        values[i] = slot.longValue();
      } else if (slot.signum() != 0) {
        throw new ArithmeticException("slot " + i + " beyond the " + count + " packed values is not zero");
      }
      rest = rest.subtract(slot).shiftRight(slotBits);
    }
    if (rest.signum() != 0) {
      throw new ArithmeticException("the packed plaintext overflows its " + slots + " slots");
    }
    return values;
  }

  /** Packs and encrypts up to {@link #slots()} values. */
  public PackedCiphertext encrypt(long[] values, PaillierEncryptor encryptor, Prg prg) {
    requireParameters(encryptor.publicKey());
    return new PackedCiphertext(encryptor.encrypt(pack(values), prg), values.length, 1);
  }

  /**
   * Slot-wise sum. Refuses a sum of more than {@link #maxTerms()} fresh encryptions, beyond which
   * a slot could overflow into its neighbour.
   */
  public PackedCiphertext add(PackedCiphertext a, PackedCiphertext b) {
    long terms = a.terms() + b.terms();
    if (terms > maxTerms) {
      throw new ArithmeticException("a sum of " + terms + " packed terms exceeds the headroom for " + maxTerms);
    }
    PaillierEvaluator evaluator = PaillierEvaluator.of(a.ciphertext().publicKey());
    return new PackedCiphertext(evaluator.add(a.ciphertext(), b.ciphertext()), Math.max(a.count(), b.count()), terms);
  }

  /**
   * Every slot times a signed scalar k, which uses |k| times the headroom of its input: refused
   * when {@code terms·|k|} would exceed {@link #maxTerms()}.
   */
  public PackedCiphertext multiplyPlain(PackedCiphertext a, long scalar) {
    if (scalar == Long.MIN_VALUE) {
      throw new ArithmeticException("a scalar of 2^63 exceeds any headroom");
    }
    long magnitude = Math.abs(scalar);
    if (magnitude != 0 && a.terms() > maxTerms / magnitude) {
      throw new ArithmeticException("multiplying " + a.terms() + " packed terms by " + magnitude
          + " exceeds the headroom for " + maxTerms);
    }
    PaillierEvaluator evaluator = PaillierEvaluator.of(a.ciphertext().publicKey());
    return new PackedCiphertext(evaluator.multiplyPlain(a.ciphertext(), scalar), a.count(),
        Math.max(1, a.terms() * magnitude));
  }

  /** Decrypts and unpacks the {@link PackedCiphertext#count()} values. */
  public long[] decrypt(PackedCiphertext packed, PaillierPrivateKey key) {
    requireParameters(key.publicKey());
    return unpack(key.decrypt(packed.ciphertext()), packed.count());
  }

  private void requireParameters(PaillierPublicKey key) {
    if (key.parameters() != parameters) {
      throw new IllegalArgumentException("this packing is for " + parameters + ", the key is " + key.parameters());
    }
  }

  @Override
  public String toString() {
    return "PaillierPacking[" + slots + " slots of " + slotBits + " bits, " + valueBits + "-bit values, up to "
        + maxTerms + " terms]";
  }
}
