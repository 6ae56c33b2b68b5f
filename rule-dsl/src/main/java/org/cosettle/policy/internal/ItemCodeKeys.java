package org.cosettle.policy.internal;

import org.cosettle.policy.ir.CodeFingerprints;

/**
 * The 61-bit fingerprints handshake mode compares a line item's code with an insured person's
 * codes of a state kept per item code by (the exact-code fingerprint per-person code sets use),
 * and the two values no code has: one for the data holder's padding rows, one for the insurer's
 * unused slots. A public function: the values never leave their owner except as shares.
 *
 * <pre>{@code
 * long mine = ItemCodeKeys.of("XL01XC");   // the same at both parties
 * }</pre>
 */
public final class ItemCodeKeys {
  /** The data holder's value for a padding row: equal to no fingerprint and to no unused slot. */
  public static final long NO_ITEM = CodeFingerprints.NO_PREFIX;
  /** The insurer's value for an unused slot: equal to no fingerprint and to no padding row. */
  public static final long NO_CODE = CodeFingerprints.PADDING;

  private ItemCodeKeys() {}

  /** The fingerprint of {@code code}, in [0, 2^61). */
  public static long of(String code) {
    return CodeFingerprints.code(code, 0);
  }
}
