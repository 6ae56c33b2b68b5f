package org.cosettle.platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A settlement and its reversals, in file order: the records of one group, read in place from
 * their binary entries.
 */
final class SettlementGroup {
  private byte[] buf = new byte[1024];
  private int used;
  /** Every entry of the group (records and markers), in entry order. */
  private int[] offsets = new int[8];
  private int entries;
  /** The entries kept as records (see {@link #keep}). */
  private int[] records = new int[8];
  private int size;
  private String id;

  void clear() {
    used = 0;
    entries = 0;
    size = 0;
    id = null;
  }

  void add(byte[] from, int off) {
    int len = PackedEntry.length(from, off);
    if (used + len > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(2 * buf.length, used + len));
    }
    System.arraycopy(from, off, buf, used, len);
    if (entries == offsets.length) {
      offsets = Arrays.copyOf(offsets, 2 * entries);
      records = Arrays.copyOf(records, 2 * entries);
    }
    offsets[entries++] = used;
    used += len;
  }

  /** The number of entries, records and markers. */
  int entries() {
    return entries;
  }

  boolean entryIsMarker(int e) {
    return PackedEntry.marker(buf, offsets[e]);
  }

  boolean entryIsReversal(int e) {
    return PackedEntry.reversed(buf, offsets[e]);
  }

  long entryLine(int e) {
    return PackedEntry.line(buf, offsets[e]);
  }

  /** Makes entry {@code e} the next record of the group. */
  void keep(int e) {
    records[size++] = offsets[e];
  }

  String settlementId() {
    if (id == null) {
      id = new String(buf, 2, PackedEntry.keyLength(buf, 0), StandardCharsets.UTF_8);
    }
    return id;
  }

  /** Appends the settlement id as a CSV cell. */
  void appendId(ByteRows row) {
    row.cell(buf, 2, PackedEntry.keyLength(buf, 0));
  }

  /** Whether the entry at {@code b[o]} belongs to this group (same key). */
  boolean hasKeyOf(byte[] b, int o) {
    return PackedEntry.sameKey(b, o, buf, 0);
  }

  /** Orders groups of two files by settlement id (UTF-8 byte order). */
  int compareId(SettlementGroup other) {
    return Arrays.compareUnsigned(buf, 2, 2 + PackedEntry.keyLength(buf, 0), other.buf, 2, 2 + PackedEntry.keyLength(other.buf, 0));
  }

  /** The number of records (the settlement and its reversals). */
  int size() {
    return size;
  }

  long line(int i) {
    return PackedEntry.line(buf, records[i]);
  }

  int epochDay(int i) {
    return PackedEntry.epochDay(buf, records[i]);
  }

  boolean reversed(int i) {
    return PackedEntry.reversed(buf, records[i]);
  }

  /** Whether record {@code i} is a payout record (an insurer's: no hospital, no split). */
  boolean payoutOnly(int i) {
    return PackedEntry.payoutOnly(buf, records[i]);
  }

  /** Amount {@code k} (0 total .. 5 payout_excess, the order of the record) of record {@code i}, fen. */
  long amount(int i, int k) {
    return PackedEntry.amount(buf, records[i], k);
  }

  /** Text field {@code k} of record {@code i}: one of {@link PackedEntry#HOSPITAL_ID} ... {@link PackedEntry#CLAIM_ID}. */
  String text(int i, int k) {
    int at = PackedEntry.text(buf, records[i], k);
    return new String(buf, at + 2, PackedEntry.u16(buf, at), StandardCharsets.UTF_8);
  }

  /** Appends text field {@code k} of record {@code i} as a CSV cell. */
  void appendText(ByteRows row, int i, int k) {
    int at = PackedEntry.text(buf, records[i], k);
    row.cell(buf, at + 2, PackedEntry.u16(buf, at));
  }

  /** Whether text field {@code k} of record {@code i} equals that of record {@code j} of {@code other}. */
  boolean sameText(int i, int k, SettlementGroup other, int j) {
    int a = PackedEntry.text(buf, records[i], k);
    int b = PackedEntry.text(other.buf, other.records[j], k);
    return Arrays.equals(buf, a + 2, a + 2 + PackedEntry.u16(buf, a), other.buf, b + 2, b + 2 + PackedEntry.u16(other.buf, b));
  }
}
