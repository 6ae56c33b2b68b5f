package org.cosettle.core;

/** One fee detail line (费用明细) of a claim; amounts in fen. */
public record LineItem(
    String code,
    FeeCategory category,
    long amount,
    long fullSelfPay,
    long overLimit,
    long preSelfPay,
    long inScope,
    boolean specialDrug) {}
