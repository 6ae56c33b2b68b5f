package org.cosettle.mpc.engine;

import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;

/**
 * The one place where the parties of a settlement meet the neutral share holders of {@code
 * crypto} and {@code arith}: the data holder is {@code P0} (it adds public constants and speaks
 * first in every exchange), the insurer {@code P1}.
 */
final class ShareHolders {
  private ShareHolders() {}

  /** The share holder that plays {@code party}. */
  static org.cosettle.crypto.sharing.Party of(Party party) {
    return party == Party.DATA_HOLDER ? org.cosettle.crypto.sharing.Party.P0 : org.cosettle.crypto.sharing.Party.P1;
  }

  /** The party that share holder {@code holder} plays. */
  static Party partyOf(org.cosettle.crypto.sharing.Party holder) {
    return holder == org.cosettle.crypto.sharing.Party.P0 ? Party.DATA_HOLDER : Party.INSURER;
  }

  /**
   * Opens {@code shares} to exactly {@code recipients} (nobody else sees a message that depends
   * on them): the values at a recipient, null at the other party and when nobody receives them.
   */
  static long[] openTo(ArithmeticSession session, long[] shares, Set<Party> recipients) {
    if (recipients.size() == 2) {
      return session.openToBoth(shares);
    }
    if (recipients.isEmpty()) {
      return null;
    }
    return session.open(shares, of(recipients.iterator().next())).orElse(null);
  }
}
