package org.cosettle.policy.check;

import java.util.List;
import org.cosettle.policy.Type;

/**
 * A declared name, as the checker resolved it. Immutable.
 *
 * @param type null for a name whose declaration had an error: known, so that its uses report
 *     nothing more
 * @param index a state's number, a private param's slot, a private table's or private code set's
 *     table number, an insured field's number (also for its enum values); -1 otherwise
 * @param constant a public scalar param's value in the units of its type; a private table's
 *     default; an enum value's ordinal; a code set insured field's size bound
 * @param codes a {@code set<code>} param's elements as written; an enum insured field's values;
 *     empty otherwise
 * @param enumMask a {@code set<category>} param's bit mask of ordinals
 */
public record Symbol(Kind kind, String name, Type type, int index, long constant, List<String> codes, long enumMask) {
  /** What a name declares. */
  public enum Kind {
    PARAM, PRIVATE_PARAM, PRIVATE_TABLE, STATE, LET, OUTPUT,
    /** {@code state NAME: money by item.code}: a state per insured person and line item code, read as {@code NAME[item.code]}. */
    KEYED_STATE,
    /** {@code insured field NAME: TYPE}, keyed {@code insured.NAME} among the symbols. */
    INSURED_FIELD,
    /** A value of an enum insured field ({@code CARE} of {@code enum {BASIC, CARE}}). */
    ENUM_VALUE
  }

  public Symbol {
    codes = List.copyOf(codes);
  }

  /** A name whose declaration had an error: known, so later uses report nothing more. */
  static Symbol failed(String name) {
    return new Symbol(Kind.LET, name, null, -1, 0, List.of(), 0);
  }

  /** A let, an output or a state ({@code index}) or a private param ({@code index}: its slot). */
  static Symbol of(Kind kind, String name, Type type, int index) {
    return new Symbol(kind, name, type, index, 0, List.of(), 0);
  }

  /**
   * A let of an enum insured field's type whose value is that field or one of its values ({@code
   * let tier = insured.plan}): {@code constant} holds the field's number and {@code codes} its
   * values, so the let compares with the field's values as the field does.
   */
  static Symbol enumLet(String name, Symbol field) {
    return new Symbol(Kind.LET, name, Type.ENUM, -1, field.index(), field.codes(), 0);
  }

  /** Whether this is a let made by {@link #enumLet}. */
  boolean isEnumLet() {
    return kind == Kind.LET && type == Type.ENUM && !codes.isEmpty();
  }

  /**
   * A private table ({@code type} its values') or a private {@code set<code>} param ({@code type}
   * {@code set<code>}): table number {@code index}, {@code defaultValue} for a code not in it.
   */
  static Symbol privateTable(String name, Type type, int index, long defaultValue) {
    return new Symbol(Kind.PRIVATE_TABLE, name, type, index, defaultValue, List.of(), 0);
  }

  /** Whether this is a private {@code set<code>} param, tested with {@code in}. */
  public boolean isPrivateCodeSet() {
    return kind == Kind.PRIVATE_TABLE && type == Type.SET_CODE;
  }

  /** A public scalar param. */
  static Symbol constant(String name, Type type, long value) {
    return new Symbol(Kind.PARAM, name, type, -1, value, List.of(), 0);
  }

  /** A public {@code set<code>} param. */
  static Symbol codeSet(String name, List<String> codes) {
    return new Symbol(Kind.PARAM, name, Type.SET_CODE, -1, 0, codes, 0);
  }

  /** A public {@code set<category>} param. */
  static Symbol enumSet(String name, Type type, long mask) {
    return new Symbol(Kind.PARAM, name, type, -1, 0, List.of(), mask);
  }
}
