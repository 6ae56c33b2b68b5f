package org.cosettle.core;

import java.util.Arrays;

/**
 * The insurer's record of one insured person: underwriting facts and the value of each declared
 * state before the batch, in the order of the state names of the {@link InsuredFile}.
 */
public final class InsuredRecord {
  private final String insuredId;
  private final boolean preexisting;
  private final int policyStart;
  private final long[] states;

  public InsuredRecord(String insuredId, boolean preexisting, int policyStart, long[] states) {
    this.insuredId = insuredId;
    this.preexisting = preexisting;
    this.policyStart = policyStart;
    this.states = states.clone();
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

  @Override
  public String toString() {
    return "InsuredRecord[" + insuredId + ", states=" + Arrays.toString(states) + "]";
  }
}
