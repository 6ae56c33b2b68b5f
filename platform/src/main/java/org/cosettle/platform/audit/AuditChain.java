package org.cosettle.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.Times;

/**
 * Reads the bytes of an audit log and checks its chain: every line one entry in canonical JSON
 * with {@code seq} equal to its position, and {@code prev} equal to the SM3 hash of the line
 * before ({@link #GENESIS} for the first). Bytes after the last newline are a torn tail — an
 * append that a crash interrupted — and are not part of the chain.
 */
final class AuditChain {
  /** The {@code prev} of the first entry. */
  static final String GENESIS = "0".repeat(64);
  static final int MAX_PROBLEMS = 100;

  /** The entries, the problems found, and the torn tail (empty when the file ends in a newline). */
  record Scan(List<AuditEntry> entries, List<AuditProblem> problems, byte[] tornTail) {
    /** The file length up to and including the last newline. */
    long completeLength(long fileLength) {
      return fileLength - tornTail.length;
    }

    /** {@code prev} for the next entry. */
    String head() {
      return entries.isEmpty() ? GENESIS : entries.get(entries.size() - 1).hash();
    }
  }

  private AuditChain() {}

  static Scan scan(byte[] file) {
    List<AuditEntry> entries = new ArrayList<>();
    List<AuditProblem> problems = new ArrayList<>();
    String prev = GENESIS;
    int start = 0;
    int line = 1;
    for (int nl = indexOf(file, start); nl >= 0; nl = indexOf(file, start), line++) {
      byte[] bytes = Arrays.copyOfRange(file, start, nl);
      String hash = Digests.sm3(bytes);
      AuditEntry e = entry(bytes, line, hash, prev, problems);
      if (e != null) {
        entries.add(e);
      } else {
        entries.add(new AuditEntry(line - 1, line, "", null, CanonicalJson.object(), hash));
      }
      prev = hash;
      start = nl + 1;
    }
    return new Scan(entries, problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems,
        Arrays.copyOfRange(file, start, file.length));
  }

  private static int indexOf(byte[] file, int from) {
    for (int i = from; i < file.length; i++) {
      if (file[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The entry on {@code line}, or null after adding its problems. */
  private static AuditEntry entry(byte[] bytes, int line, String hash, String prev, List<AuditProblem> problems) {
    long index = line - 1;
    ObjectNode o;
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      o = CanonicalJson.parseCanonical(text);
    } catch (CharacterCodingException e) {
      problems.add(new AuditProblem(line, index, "not valid UTF-8"));
      return null;
    } catch (IllegalArgumentException e) {
      problems.add(new AuditProblem(line, index, bytes.length == 0 ? "empty line" : e.getMessage()));
      return null;
    }
    JsonNode seq = o.get("seq");
    JsonNode type = o.get("type");
    JsonNode time = o.get("time");
    JsonNode prevField = o.get("prev");
    if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || type == null || !type.isTextual()
        || !type.textValue().matches("[a-z_]{1,40}") || time == null || !time.isTextual()
        || prevField == null || !prevField.isTextual()) {
      problems.add(new AuditProblem(line, index, "not an audit event (needs seq, prev, time and type)"));
      return null;
    }
    Instant at;
    try {
      at = Times.parse(time.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(new AuditProblem(line, index, "time: " + e.getMessage()));
      return null;
    }
    if (seq.longValue() != index) {
      problems.add(new AuditProblem(line, index, "carries seq " + seq.longValue() + " where event " + index
          + " belongs: an event was inserted, deleted or moved"));
    }
    if (!prevField.textValue().equals(prev)) {
      problems.add(new AuditProblem(line, index, index == 0
          ? "'prev' is not the genesis value (64 zeros): events before it were deleted, or it was changed"
          : "'prev' is not the SM3 hash of line " + (line - 1) + ": line " + (line - 1)
              + " was changed, or an event was deleted, inserted or moved here"));
    }
    return new AuditEntry(index, line, type.textValue(), at, o, hash);
  }
}
