package org.cosettle.crypto.ot;

import org.cosettle.crypto.sharing.AdditiveRing;

/**
 * The sender's side of arithmetic correlated OTs, whichever extension makes them
 * ({@link IknpSender}, {@link SilentOtSender}): callers that only need this flavour can take either.
 */
public interface ArithmeticOtSender {
  /**
   * Arithmetic correlated OTs over {@code ring}: returns m<sub>0</sub> (uniform elements); the
   * receiver with choice c<sub>i</sub> gets m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub>.
   */
  long[] arithmeticOts(AdditiveRing ring, long[] correlations);
}
