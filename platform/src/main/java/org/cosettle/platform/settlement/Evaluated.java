package org.cosettle.platform.settlement;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an {@link Evaluation} gives this party: the number of claims settled, the text of each
 * file it will write (results, states, aggregates; a file it does not write is absent) and, per
 * output of the policy in declaration order, the values per claim this party received ({@code
 * null} for an output not addressed to it), from which settlement records are made.
 */
public record Evaluated(int claims, Map<SettlementFileKind, String> files, long[][] outputs) {
  public Evaluated {
    if (!files.containsKey(SettlementFileKind.RESULTS)) {
      throw new IllegalArgumentException("an evaluation always gives the results file");
    }
    if (files.containsKey(SettlementFileKind.SETTLEMENTS) || files.containsKey(SettlementFileKind.UNCONSENTED)) {
      throw new IllegalArgumentException("settlement records and the unconsented list are the service's own files");
    }
    files = Collections.unmodifiableMap(new EnumMap<>(files));
    outputs = outputs.clone();
  }

  /** The values of output {@code index} per claim, or null when this party did not receive it. */
  public long[] output(int index) {
    return outputs[index];
  }
}
