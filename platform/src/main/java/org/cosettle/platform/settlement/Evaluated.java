package org.cosettle.platform.settlement;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an {@link Evaluation} gives this party: the number of claims settled, the text of each
 * file it will write (results, states, aggregates; a file it does not write is absent) and, per
 * output of the policy in declaration order, the values per claim this party received ({@code
 * null} for an output not addressed to it), from which settlement records are made.
 *
 * <p>Settlement records are the service's own file ({@link SettlementService.Builder#settlementRecords}),
 * made from the claims; a party that does not hold the claims (the insurer in handshake mode)
 * gives its own payout records ({@link org.cosettle.platform.PayoutRecord}) as its {@code
 * SETTLEMENTS} file instead, to a service not asked to make them.
 */
public record Evaluated(int claims, Map<SettlementFileKind, String> files, long[][] outputs) {
  public Evaluated {
    if (!files.containsKey(SettlementFileKind.RESULTS)) {
      throw new IllegalArgumentException("an evaluation always gives the results file");
    }
    if (files.containsKey(SettlementFileKind.UNCONSENTED)) {
      throw new IllegalArgumentException("the unconsented list is the service's own file");
    }
    files = Collections.unmodifiableMap(new EnumMap<>(files));
    outputs = outputs.clone();
  }

  /** The values of output {@code index} per claim, or null when this party did not receive it. */
  public long[] output(int index) {
    return outputs[index];
  }
}
