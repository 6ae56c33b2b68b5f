package org.cosettle.core;

import java.util.function.BiConsumer;

/**
 * Reads the national in-scope amounts ({@code inscp_scp_amt}) of one claims line, on the claim
 * and on its items, and keeps the form they show ({@link InScopeForm}): a line shows one form,
 * and {@link ClaimsFileReader} holds a file to the first form it shows.
 */
final class NationalInScope {
  private final BiConsumer<String, String> error;
  private InScopeForm form = InScopeForm.NONE;
  private String formLabel;

  /** {@code error} takes a field and a message. */
  NationalInScope(BiConsumer<String, String> error) {
    this.error = error;
  }

  /** The form the line's amounts showed so far. */
  InScopeForm form() {
    return form;
  }

  /**
   * The in-scope amount of a claim or item that gave it as {@code inscp_scp_amt}: the national
   * interface writes it either without the pre-self-pay part ({@code total = full_self_pay +
   * over_limit + pre_self_pay + inscp_scp_amt}), then it is {@code inscp_scp_amt +
   * pre_self_pay}, or with it ({@code total = full_self_pay + over_limit + inscp_scp_amt}), then
   * it is kept. With no pre-self-pay both agree; a total that fits neither is left to the
   * settlement invariants.
   */
  long read(long total, long fullSelfPay, long overLimit, long preSelfPay, long inScope,
      String prefix, long bound) {
    if (preSelfPay == 0) {
      return inScope;
    }
    if (total == fullSelfPay + overLimit + inScope) {
      noteForm(InScopeForm.INCLUDED, prefix + "inscp_scp_amt");
      return inScope;
    }
    if (total != fullSelfPay + overLimit + preSelfPay + inScope) {
      return inScope;
    }
    noteForm(InScopeForm.EXCLUDED, prefix + "inscp_scp_amt");
    long sum = inScope + preSelfPay;
    if (sum < -bound || sum > bound) {
      error.accept(prefix + "inscp_scp_amt", "inscp_scp_amt + preselfpay_amt = " + Decimals.formatMoney(sum)
          + " out of bounds ±" + Decimals.formatMoney(bound));
    }
    return sum;
  }

  private void noteForm(InScopeForm seen, String label) {
    if (form == InScopeForm.NONE) {
      form = seen;
      formLabel = label;
    } else if (form != seen) {
      error.accept(label, seen.describe() + " here, but not at " + formLabel + ": one file uses one form");
    }
  }
}
