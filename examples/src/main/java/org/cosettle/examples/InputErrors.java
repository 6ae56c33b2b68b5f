package org.cosettle.examples;

import java.io.PrintWriter;
import java.util.List;
import org.cosettle.core.InputError;

/** Prints located input errors ({@code FILE:LINE: field: message}), at most {@link #MAX_REPORTED}. */
final class InputErrors {
  static final int MAX_REPORTED = 100;

  private InputErrors() {}

  static void print(PrintWriter err, List<InputError> errors) {
    int shown = Math.min(errors.size(), MAX_REPORTED);
    for (int i = 0; i < shown; i++) {
      err.println(errors.get(i));
    }
    if (errors.size() > shown) {
      err.println("... and " + (errors.size() - shown) + " more errors");
    }
  }
}
