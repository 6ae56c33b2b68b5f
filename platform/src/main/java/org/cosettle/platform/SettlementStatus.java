package org.cosettle.platform;

/** Whether a settlement record pays out ({@code SETTLED}) or takes back an earlier one ({@code REVERSED}, 冲销). */
public enum SettlementStatus {
  SETTLED,
  REVERSED
}
