package org.cosettle.examples;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.Type;

/**
 * One of an actuary's test cases (a line of a cases file, see docs/language.md "Testing a
 * policy"): a claim, the insured record it is settled against, and the values expected.
 */
record TestCase(int number, int line, String name, Claim claim, InsuredRecord insured,
    List<Expected> outputs, List<Expected> states) {
  /** An expected value of an output or of a state after the claim, in the units of its type. */
  record Expected(String name, Type type, long value) {}

  TestCase {
    outputs = List.copyOf(outputs);
    states = List.copyOf(states);
  }

  /** {@code case 3 (line 3, "deductible crosses")}, as failures are reported. */
  String title() {
    return "case " + number + " (line " + line + (name == null ? "" : ", \"" + name + "\"") + ")";
  }
}
