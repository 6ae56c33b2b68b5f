package org.cosettle.policy;

import org.cosettle.core.Claim;
import org.cosettle.core.LineItem;

/** The values one claim's evaluation reads: the claim, the current item, the insured, slots. */
final class Frame {
  Claim claim;
  LineItem item;
  boolean preexisting;
  long policyStart;
  /** states (values before this claim), then one slot per let/output in declaration order. */
  final long[] slots;
  final long[] privateParams;

  Frame(int slotCount, long[] privateParams) {
    this.slots = new long[slotCount];
    this.privateParams = privateParams;
  }
}
