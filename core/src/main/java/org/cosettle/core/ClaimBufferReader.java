package org.cosettle.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the claims on consecutive lines of one buffer with a single Jackson parser, which reads
 * them as a sequence of JSON values, instead of setting up a parser (some 1.5 KB of objects)
 * per line. A line is accepted only when its object starts and ends on that line and the next
 * thing the parser finds is on a later line; the parser counts lines as {@link LineBounds}
 * does. Anything else ends the parser, the line is left to the caller's tree parser and the next
 * line starts a new one. Not thread-safe; one per reading thread.
 */
final class ClaimBufferReader {
  private final ClaimStreamParser claims = new ClaimStreamParser();
  private JsonParser parser;
  private byte[] buffer;
  private int firstLineIndex;
  private JsonToken next;

  /**
   * The claim on line {@code index} of {@code buffer}, {@code buffer[start, end)} (valid UTF-8),
   * its items stored in {@code into}; or null when unsure (and nothing is left in {@code into}).
   * Lines of one buffer come in increasing order; {@code limit} is where the buffer's lines end.
   */
  Claim read(byte[] bytes, int limit, int index, int start, int end, int line, LineItems into) {
    if (bytes != buffer) {
      close();
    }
    int itemsBefore = into.size();
    Claim claim;
    try {
      claim = readOrClose(bytes, limit, index, start, end, line, into);
    } catch (IOException e) {
      close();
      claim = null;
    }
    if (claim == null) {
      into.truncate(itemsBefore);
    }
    return claim;
  }

  private Claim readOrClose(byte[] bytes, int limit, int index, int start, int end, int line,
      LineItems into) throws IOException {
    if (parser == null) {
      // Jackson guesses the encoding of bytes from the first four; a '{' and then a non-zero
      // byte is read as UTF-8 (see ByteSourceJsonBootstrapper), as the tree parser reads text
      if (end - start < 2 || bytes[start] != '{' || bytes[start + 1] == 0) {
        return null;
      }
      parser = ClaimStreamParser.FACTORY.createParser(bytes, start, limit - start);
      buffer = bytes;
      firstLineIndex = index;
      next = parser.nextToken();
    }
    int row = index - firstLineIndex + 1;
    if (next != JsonToken.START_OBJECT || parser.currentTokenLocation().getLineNr() != row) {
      close();
      return null;
    }
    Claim claim = claims.claim(parser, line, into);
    if (claim == null || parser.currentTokenLocation().getLineNr() != row) {
      close();
      return null;
    }
    try {
      next = parser.nextToken();
    } catch (JsonProcessingException e) {
      // the fault may lie on a later line; this line is good only if it surely does
      JsonLocation at = e.getLocation();
      close();
      return at != null && at.getLineNr() > row ? claim : null;
    }
    if (next == null) {
      close();
      return claim;
    }
    if (parser.currentTokenLocation().getLineNr() <= row) {
      close();
      return null;
    }
    return claim;
  }

  /** Lets go of the parser and the buffer (at the end of a buffer, or when a line is unsure). */
  void close() {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException e) {
        // a parser over a byte array has nothing to release that could fail
      }
    }
    parser = null;
    buffer = null;
    next = null;
  }
}
