package org.cosettle.core;

/** The input bounds of spec §3, in the units of each type. */
public final class Bounds {
  /** ±1,000,000,000.00 yuan on a claim, an insured record or a private param. */
  public static final long CLAIM_MONEY = 100_000_000_000L;
  /** ±10,000,000.00 yuan on a line item. */
  public static final long ITEM_MONEY = 1_000_000_000L;
  /** ±10.0000 (±1000%). */
  public static final long RATIO = 100_000L;
  /** ±1,000,000. */
  public static final long INT = 1_000_000L;
  /** 1900-01-01 as days since the epoch. */
  public static final long DATE_MIN = java.time.LocalDate.of(1900, 1, 1).toEpochDay();
  /** 2199-12-31 as days since the epoch. */
  public static final long DATE_MAX = java.time.LocalDate.of(2199, 12, 31).toEpochDay();
  public static final int MAX_ITEMS = 10_000;
  public static final int HOSPITAL_LEVEL_MIN = 1;
  public static final int HOSPITAL_LEVEL_MAX = 3;

  private Bounds() {}
}
