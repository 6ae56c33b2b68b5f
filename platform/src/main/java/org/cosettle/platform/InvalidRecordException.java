package org.cosettle.platform;

/** A settlement record that breaks a rule of its format; {@code field} names the field at fault. */
final class InvalidRecordException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  InvalidRecordException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  String field() {
    return field;
  }

  String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
