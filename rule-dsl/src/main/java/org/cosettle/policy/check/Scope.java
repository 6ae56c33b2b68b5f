package org.cosettle.policy.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an expression can see: the names declared above it, and inside {@code sum(...)} or
 * {@code count(...)} the name of the line item. Immutable: entering a sum makes a new scope.
 *
 * @param symbols in declaration order (the order "did you mean" candidates are tried in)
 * @param itemVariable the line item's name, or null outside a sum or count
 */
record Scope(Map<String, Symbol> symbols, String itemVariable) {
  /** The scope of a declaration below these symbols (a copy: later declarations do not change it). */
  static Scope of(Map<String, Symbol> symbols) {
    return new Scope(Collections.unmodifiableMap(new LinkedHashMap<>(symbols)), null);
  }

  /** The same names inside a sum or count over the items, the item called {@code variable}. */
  Scope overItems(String variable) {
    return new Scope(symbols, variable);
  }

  Symbol symbol(String name) {
    return symbols.get(name);
  }
}
