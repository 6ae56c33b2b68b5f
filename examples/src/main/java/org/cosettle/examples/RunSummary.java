package org.cosettle.examples;

import java.util.List;
import java.util.Locale;
import org.cosettle.core.Decimals;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Type;

/**
 * The line {@code cosettle run} ends with on standard error: how many claims were settled, how
 * many were paid and the total payout (when the policy has a money output of the payout name
 * that this side received), and the wall time.
 */
final class RunSummary {
  private RunSummary() {}

  static String of(CompiledPolicy policy, SettlementService.Settlement settled, String payoutName, long nanos) {
    int claims = settled.evaluated().size();
    StringBuilder sb = new StringBuilder("settled ").append(claims).append(claims == 1 ? " claim" : " claims");
    long[] payouts = payouts(policy, settled, payoutName);
    if (payouts != null) {
      long paid = 0;
      long total = 0;
      for (long p : payouts) {
        if (p > 0) {
          paid++;
        }
        total = Math.addExact(total, p);
      }
      sb.append(" (").append(paid).append(" paid, total ").append(payoutName).append(' ')
          .append(Decimals.formatMoney(total)).append(')');
    }
    return sb.append(" in ").append(String.format(Locale.ROOT, "%.1f s", nanos / 1e9)).toString();
  }

  private static long[] payouts(CompiledPolicy policy, SettlementService.Settlement settled, String payoutName) {
    List<CompiledPolicy.Output> outputs = policy.outputs();
    for (int o = 0; o < outputs.size(); o++) {
      if (outputs.get(o).name().equals(payoutName) && outputs.get(o).type() == Type.MONEY) {
        return settled.outputs()[o];
      }
    }
    return null;
  }
}
