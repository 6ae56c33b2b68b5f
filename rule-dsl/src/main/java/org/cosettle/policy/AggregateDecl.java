package org.cosettle.policy;

import java.util.List;

/** A compiled aggregate: what it sums (null for count()), its filter, grouping and recipients. */
public final class AggregateDecl {
  /** How claims are split into groups. */
  enum KeyKind { NONE, BOOL, ENUM, HOSPITAL, BAND }

  final String name;
  final Type valueType;
  final Node value;
  final Node where;
  final KeyKind keyKind;
  final Node key;
  final List<String> enumGroups;
  final long[] bandBounds;
  final int cohort;
  final List<String> recipients;

  AggregateDecl(String name, Type valueType, Node value, Node where, KeyKind keyKind, Node key,
      List<String> enumGroups, long[] bandBounds, int cohort, List<String> recipients) {
    this.name = name;
    this.valueType = valueType;
    this.value = value;
    this.where = where;
    this.keyKind = keyKind;
    this.key = key;
    this.enumGroups = enumGroups;
    this.bandBounds = bandBounds;
    this.cohort = cohort;
    this.recipients = List.copyOf(recipients);
  }

  public String name() {
    return name;
  }

  public List<String> recipients() {
    return recipients;
  }
}
