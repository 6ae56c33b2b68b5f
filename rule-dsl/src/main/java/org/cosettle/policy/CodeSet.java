package org.cosettle.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A literal code set: exact codes and prefixes ({@code "C*"}), case-sensitive (spec §4). */
final class CodeSet {
  private final Set<String> exact = new HashSet<>();
  private final String[] prefixes;

  CodeSet(List<String> codes) {
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

  boolean contains(String code) {
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
