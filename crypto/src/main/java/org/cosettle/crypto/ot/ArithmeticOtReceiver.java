package org.cosettle.crypto.ot;

import org.cosettle.crypto.sharing.AdditiveRing;

/** The receiver's side of {@link ArithmeticOtSender}: {@link IknpReceiver}, {@link SilentOtReceiver}. */
public interface ArithmeticOtReceiver {
  /**
   * Arithmetic correlated OTs over {@code ring} with the given choice bits (packed): element i is
   * m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub> for the sender's m<sub>0</sub> and correlations x.
   */
  long[] arithmeticOts(AdditiveRing ring, long[] choices, int count);
}
