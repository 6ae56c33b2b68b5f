package org.cosettle.policy;

/** A claim could not be evaluated (a 64-bit overflow, a state leaving its bound); names the claim. */
public final class EvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** {@code message} names the claim (its id and line) and what failed. */
  public EvaluationException(String message) {
    super(message);
  }
}
