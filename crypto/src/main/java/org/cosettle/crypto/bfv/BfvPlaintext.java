package org.cosettle.crypto.bfv;

/** A plaintext polynomial with coefficients in [0, t); produce it with {@link BfvEncoder}. */
public final class BfvPlaintext {
  final BfvParameters parameters;
  final long[] coefficients;

  BfvPlaintext(BfvParameters parameters, long[] coefficients) {
    this.parameters = parameters;
    this.coefficients = coefficients;
  }

  public BfvParameters parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "BfvPlaintext{n=" + coefficients.length + "}";
  }
}
