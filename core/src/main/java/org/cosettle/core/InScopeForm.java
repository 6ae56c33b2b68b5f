package org.cosettle.core;

/**
 * How a claims line writes its national in-scope amounts ({@code inscp_scp_amt}): with or
 * without the pre-self-pay part ({@code preselfpay_amt}). A line with no pre-self-pay shows
 * neither. One file uses one form.
 */
enum InScopeForm {
  NONE,
  /** {@code medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + inscp_scp_amt}. */
  INCLUDED,
  /** {@code medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt}. */
  EXCLUDED;

  String describe() {
    return this == INCLUDED ? "inscp_scp_amt includes preselfpay_amt" : "inscp_scp_amt excludes preselfpay_amt";
  }
}
