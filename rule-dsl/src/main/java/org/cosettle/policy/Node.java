package org.cosettle.policy;

/**
 * One compiled operation: evaluates to a long (money in fen, ratio in 1/10000, bool as 0/1, an
 * enum as its ordinal, a date as days). Arithmetic is exact; an overflow throws
 * {@link ArithmeticException}, which the evaluator turns into an error naming the claim.
 */
@FunctionalInterface
interface Node {
  long eval(Frame f);
}
