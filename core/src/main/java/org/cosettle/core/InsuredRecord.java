package org.cosettle.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The insurer's record of one insured person: underwriting facts, the value of each insured field
 * the policy declares (in the order of {@link InsuredFile#fields()}; a code set field's codes
 * apart) and the value of each declared state before the batch, in the order of the state names
 * of the {@link InsuredFile}.
 */
public final class InsuredRecord {
  private final String insuredId;
  private final boolean preexisting;
  private final int policyStart;
  private final long[] states;
  private final long[] fields;
  private final List<List<String>> codes;
  /** Per state, its values per item code (empty for a state not kept per code). */
  private final List<Map<String, Long>> valuesByCode;
  /** The settlement that wrote the kept shares holding this person's slots (handshake mode); "" for none. */
  private final String keptShares;

  public InsuredRecord(String insuredId, boolean preexisting, int policyStart, long[] states) {
    this(insuredId, preexisting, policyStart, states, new long[0], List.of());
  }

  /**
   * A record with declared fields: {@code fields[f]} is field {@code f}'s value in its units,
   * {@code codes.get(f)} its codes when it is a code set field (an empty list for the others).
   */
  public InsuredRecord(String insuredId, boolean preexisting, int policyStart, long[] states, long[] fields,
      List<List<String>> codes) {
    this(insuredId, preexisting, policyStart, states, fields, codes, List.of());
  }

  /**
   * A record whose states kept per line item code ({@code state drug_paid: money by item.code})
   * have the values {@code valuesByCode.get(s)} (an empty map for every other state; an empty
   * list when the policy has no such state).
   */
  public InsuredRecord(String insuredId, boolean preexisting, int policyStart, long[] states, long[] fields,
      List<List<String>> codes, List<Map<String, Long>> valuesByCode) {
    this(insuredId, preexisting, policyStart, states, fields, codes, valuesByCode, "");
  }

  /**
   * The same, naming {@code keptShares}, the settlement that wrote the kept shares holding the
   * person's values per code beyond {@code valuesByCode} in handshake mode ("" for none; the
   * {@code kept_shares} column of a states file).
   */
  public InsuredRecord(String insuredId, boolean preexisting, int policyStart, long[] states, long[] fields,
      List<List<String>> codes, List<Map<String, Long>> valuesByCode, String keptShares) {
    this.keptShares = java.util.Objects.requireNonNull(keptShares, "keptShares");
    this.valuesByCode = valuesByCode.stream().map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
    if (!valuesByCode.isEmpty() && valuesByCode.size() != states.length) {
      throw new IllegalArgumentException("one map of values per code per state");
    }
    this.insuredId = insuredId;
    this.preexisting = preexisting;
    this.policyStart = policyStart;
    this.states = states.clone();
    this.fields = fields.clone();
    this.codes = codes.stream().map(List::copyOf).toList();
    if (!codes.isEmpty() && codes.size() != fields.length) {
      throw new IllegalArgumentException("one code list per field");
    }
  }

  public String insuredId() {
    return insuredId;
  }

  public boolean preexisting() {
    return preexisting;
  }

  /** Coverage start, days since 1970-01-01. */
  public int policyStart() {
    return policyStart;
  }

  public long state(int index) {
    return states[index];
  }

  public long[] states() {
    return states.clone();
  }

  /** Declared field {@code index}'s value (fen, 1/10000, 0/1, days, an enum's ordinal). */
  public long field(int index) {
    return fields[index];
  }

  public long[] fields() {
    return fields.clone();
  }

  /** The codes of declared code set field {@code index} (empty for any other field). */
  public List<String> codes(int index) {
    return codes.isEmpty() ? List.of() : codes.get(index);
  }

  /** State {@code index}'s values per item code (empty for a state not kept per code, or none yet). */
  public Map<String, Long> valuesByCode(int index) {
    return valuesByCode.isEmpty() ? Map.of() : valuesByCode.get(index);
  }

  /**
   * The settlement that wrote the kept shares holding this person's values per code beyond its
   * recorded ones (handshake mode, docs/files.md "Kept shares"); "" when none.
   */
  public String keptShares() {
    return keptShares;
  }

  /** This record with {@code valuesByCode} (per state, as the constructor takes them) in place of its values per code. */
  public InsuredRecord withValuesByCode(List<Map<String, Long>> valuesByCode) {
    return new InsuredRecord(insuredId, preexisting, policyStart, states, fields, codes, valuesByCode, keptShares);
  }

  /** This record with {@code states} in place of its states. */
  public InsuredRecord withStates(long[] states) {
    return new InsuredRecord(insuredId, preexisting, policyStart, states, fields, codes, valuesByCode, keptShares);
  }

  /** This record naming {@code keptShares} ("" for none) as the settlement that wrote its kept shares. */
  public InsuredRecord withKeptShares(String keptShares) {
    return new InsuredRecord(insuredId, preexisting, policyStart, states, fields, codes, valuesByCode, keptShares);
  }

  @Override
  public String toString() {
    return "InsuredRecord[" + insuredId + ", states=" + Arrays.toString(states) + "]";
  }
}
