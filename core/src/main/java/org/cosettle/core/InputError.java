package org.cosettle.core;

/**
 * One located problem in an input file: {@code FILE:LINE: field: message}. {@code line} is
 * 1-based; {@code field} may be empty when the whole line is at fault.
 */
public record InputError(String file, int line, String field, String message) {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (!field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
