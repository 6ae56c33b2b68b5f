package org.cosettle.core;

import java.util.List;
import java.util.stream.Collectors;

/** An input batch was rejected; carries every located error found (at most a bounded number). */
public final class InputException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<InputError> errors;

  public InputException(List<InputError> errors) {
    super(errors.stream().map(InputError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public InputException(InputError error) {
    this(List.of(error));
  }

  public List<InputError> errors() {
    return errors;
  }
}
