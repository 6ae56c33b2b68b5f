package org.cosettle.crypto.bfv;

/**
 * The batching encoder: n values mod t become one plaintext, value i in slot i. The slots form a
 * 2 × n/2 matrix (slot i is row i / (n/2), column i mod n/2); a row rotation by k moves the value
 * of column j + k to column j in both rows, the row swap exchanges the rows.
 *
 * <p>Slot (r, j) holds m(ψ^e) for e = ±3^j mod 2n (+ for row 0, − for row 1), ψ a primitive 2n-th
 * root of unity mod t, so X → X^3 shifts the columns (SEAL's layout; Smart–Vercauteren packing).
 * Signed values use the centred representation: −v is t − v.
 */
public final class BfvEncoder {
  private final BfvContext context;
  private final long t;

  BfvEncoder(BfvContext context) {
    this.context = context;
    this.t = context.plain.value;
  }

  /** Values in (−t, t); missing trailing slots are zero. */
  public BfvPlaintext encode(long[] values) {
    int n = context.n;
    long[] residues = slotResidues(values, n, t);
    int[] index = context.slotIndex();
    long[] evaluations = new long[n];
    for (int i = 0; i < n; i++) {
      evaluations[index[i]] = residues[i];
    }
    context.plainNtt.inverse(evaluations, 0);
    return new BfvPlaintext(context.parameters, evaluations);
  }

  /**
   * The {@code slotCount} slot values in [0, t) that {@code values} stand for: each value in
   * (−t, t), a negative v as t + v, missing trailing slots 0. Every backend's encoder checks its
   * input with this.
   */
  public static long[] slotResidues(long[] values, int slotCount, long t) {
    if (values == null) {
      throw new IllegalArgumentException("slot values are required");
    }
    if (values.length > slotCount) {
      throw new IllegalArgumentException("at most " + slotCount + " values fit, got " + values.length);
    }
    long[] residues = new long[slotCount];
    for (int i = 0; i < values.length; i++) {
      long v = values[i];
      if (v <= -t || v >= t) {
        throw new IllegalArgumentException("slot " + i + " is outside (−t, t) for t = " + t);
      }
      residues[i] = v < 0 ? v + t : v;
    }
    return residues;
  }

  /** A plaintext with every slot equal to {@code value} (the constant polynomial). */
  public BfvPlaintext encodeConstant(long value) {
    if (value <= -t || value >= t) {
      throw new IllegalArgumentException("value is outside (−t, t) for t = " + t);
    }
    long[] coefficients = new long[context.n];
    coefficients[0] = value < 0 ? value + t : value;
    return new BfvPlaintext(context.parameters, coefficients);
  }

  /** Slot values in [0, t). */
  public long[] decode(BfvPlaintext plaintext) {
    context.requireSameParameters(plaintext.parameters, "plaintext");
    long[] evaluations = plaintext.coefficients.clone();
    context.plainNtt.forward(evaluations, 0);
    int[] index = context.slotIndex();
    long[] values = new long[context.n];
    for (int i = 0; i < values.length; i++) {
      values[i] = evaluations[index[i]];
    }
    return values;
  }

  /** Slot values in the centred range (−t/2, t/2]. */
  public long[] decodeSigned(BfvPlaintext plaintext) {
    long[] values = decode(plaintext);
    for (int i = 0; i < values.length; i++) {
      if (values[i] > t / 2) {
        values[i] -= t;
      }
    }
    return values;
  }

  /** The plaintext modulus t. */
  public long plainModulus() {
    return t;
  }

  public int slotCount() {
    return context.n;
  }
}
