package org.cosettle.policy.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A literal code set: exact codes and prefixes ({@code "C*"}), case-sensitive (spec §4). */
public final class CodeSet {
  private final Set<String> exact = new HashSet<>();
  private final String[] prefixes;
  private final List<String> codes;

  public CodeSet(List<String> codes) {
    this.codes = List.copyOf(codes);
    List<String> p = new java.util.ArrayList<>();
    for (String c : codes) {
      if (c.endsWith("*")) {
        p.add(c.substring(0, c.length() - 1));
      } else {
        exact.add(c);
      }
    }
    prefixes = p.toArray(new String[0]);
  }

  /** The elements as written in the policy, prefixes with their {@code *}. */
  public List<String> codes() {
    return codes;
  }

  public boolean contains(String code) {
    if (exact.contains(code)) {
      return true;
    }
    for (String p : prefixes) {
      if (code.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
