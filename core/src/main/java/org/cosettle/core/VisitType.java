package org.cosettle.core;

/** Visit type (就诊类型), spec §6. */
public enum VisitType {
  OUTPATIENT,
  INPATIENT,
  CHRONIC_SPECIAL;

  /** The CPL name, or null when the text names no visit type. */
  public static VisitType parse(String text) {
    for (VisitType v : values()) {
      if (v.name().equals(text)) {
        return v;
      }
    }
    return null;
  }
}
