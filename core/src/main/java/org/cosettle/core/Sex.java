package org.cosettle.core;

/** Sex of the patient; files may write {@code M}/{@code F} or the full names. */
public enum Sex {
  MALE,
  FEMALE;

  /** Parses {@code M}, {@code F}, {@code MALE} or {@code FEMALE}; null otherwise. */
  public static Sex parse(String text) {
    switch (text) {
      case "M":
      case "MALE":
        return MALE;
      case "F":
      case "FEMALE":
        return FEMALE;
      default:
        return null;
    }
  }
}
