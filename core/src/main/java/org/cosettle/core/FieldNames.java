package org.cosettle.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The known field names of one kind of JSON object, read with a guess at which comes next:
 * the one that followed the previous name last time. Files are written by programs that keep
 * one field order, so the guess is nearly always right, and Jackson then only compares bytes
 * ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}) instead of
 * hashing the name and looking it up. Not thread-safe; one per reading thread.
 */
final class FieldNames {
  /** {@link #next} at the end of the object. */
  static final int END = -1;
  /** {@link #next} for a name that is not known. */
  static final int UNKNOWN = -2;

  private final SerializedString[] names;
  private final int[] fields;
  private final Map<String, Integer> indexOfName = new HashMap<>();
  private final int[] guessAfter;
  private int previous;

  /** {@code names.get(i)} stands for field number {@code fields[i]}. */
  FieldNames(List<String> names, int[] fields) {
    this.names = new SerializedString[names.size()];
    for (int i = 0; i < names.size(); i++) {
      this.names[i] = new SerializedString(names.get(i));
      indexOfName.put(names.get(i), i);
    }
    this.fields = fields.clone();
    this.guessAfter = new int[names.size() + 1];
  }

  /** Call at the START_OBJECT of each object. */
  void start() {
    previous = names.length;
  }

  /**
   * Moves the parser to the next field name and on to its value, answering the field number,
   * {@link #UNKNOWN} or {@link #END} (the parser is then on what ended the object).
   */
  int next(JsonParser p) throws IOException {
    int guess = guessAfter[previous];
    int index;
    if (p.nextFieldName(names[guess])) {
      index = guess;
    } else if (p.currentToken() != JsonToken.FIELD_NAME) {
      return END;
    } else {
      Integer found = indexOfName.get(p.currentName());
      if (found == null) {
        return UNKNOWN;
      }
      index = found;
    }
    guessAfter[previous] = index;
    previous = index;
    return fields[index];
  }
}
