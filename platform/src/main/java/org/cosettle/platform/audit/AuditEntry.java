package org.cosettle.platform.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entry of the audit log as read or written: its index ({@code seq}, from 0), its line in the
 * file (from 1), type, time, the whole object, and {@code hash} — SM3 (hex) of the line's bytes
 * without the newline, which the next entry carries as {@code prev}.
 */
public record AuditEntry(long index, int line, String type, Instant time, ObjectNode json, String hash) {
  /** A member's text value, or null. */
  public String text(String field) {
    return json.hasNonNull(field) ? json.get(field).asText() : null;
  }
}
