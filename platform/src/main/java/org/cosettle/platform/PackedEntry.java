package org.cosettle.platform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The binary form of one sorted entry: {@code u16 key length, key, u8 kind (bit 0 marker, bit 1
 * reversed, bits 2-3 flag, bit 4 payout record), i64 line, i32 epoch day, 6 × i64 amounts, then four u16-prefixed
 * UTF-8 texts: hospital, insurer, insured, claim}. The key is the settlement id the entry is
 * grouped under: its root for a record (its own id when settled, the one it reverses when a
 * reversal), its own id for a marker. A reversal's own id is not kept: grouping, matching and
 * every message need only the key and the line.
 */
final class PackedEntry {
  static final int HOSPITAL_ID = 0;
  static final int INSURER_ID = 1;
  static final int INSURED_ID = 2;
  static final int CLAIM_ID = 3;
  private static final int[] TEXT_FIELDS = {
    RecordParser.HOSPITAL_ID, RecordParser.INSURER_ID, RecordParser.INSURED_ID, RecordParser.CLAIM_ID
  };
  private static final int FIXED = 1 + 8 + 4 + 8 * RecordParser.AMOUNTS;

  private PackedEntry() {}

  static int size(RecordParser p, boolean marker) {
    int size = 2 + keyField(p, marker) + FIXED;
    for (int f : TEXT_FIELDS) {
      size += 2 + p.length(f);
    }
    return size;
  }

  private static int keyField(RecordParser p, boolean marker) {
    return p.length(!marker && p.status == SettlementStatus.REVERSED ? RecordParser.REVERSES : RecordParser.SETTLEMENT_ID);
  }

  /** Writes the entry at {@code at}; returns the offset after it. */
  static int write(byte[] b, int at, RecordParser p, long line, boolean marker) {
    int key = !marker && p.status == SettlementStatus.REVERSED ? RecordParser.REVERSES : RecordParser.SETTLEMENT_ID;
    at = putText(b, at, p, key);
    b[at++] = (byte) ((marker ? 1 : 0) | (p.status == SettlementStatus.REVERSED ? 2 : 0) | (p.flag.ordinal() << 2)
        | (p.payoutOnly ? 16 : 0));
    at = putLong(b, at, line);
    at = putInt(b, at, p.epochDay);
    for (int k = 0; k < RecordParser.AMOUNTS; k++) {
      at = putLong(b, at, p.amount(k));
    }
    for (int f : TEXT_FIELDS) {
      at = putText(b, at, p, f);
    }
    return at;
  }

  static int length(byte[] b, int o) {
    int at = text(b, o, CLAIM_ID);
    return at + 2 + u16(b, at) - o;
  }

  static int keyLength(byte[] b, int o) {
    return u16(b, o);
  }

  static boolean sameKey(byte[] a, int ao, byte[] b, int bo) {
    int al = u16(a, ao);
    return al == u16(b, bo) && Arrays.equals(a, ao + 2, ao + 2 + al, b, bo + 2, bo + 2 + al);
  }

  /** Key (unsigned bytes), then line, then records before markers. */
  static int compare(byte[] a, int ao, byte[] b, int bo) {
    int al = u16(a, ao);
    int bl = u16(b, bo);
    int c = Arrays.compareUnsigned(a, ao + 2, ao + 2 + al, b, bo + 2, bo + 2 + bl);
    if (c != 0) {
      return c;
    }
    c = Long.compare(getLong(a, ao + 3 + al), getLong(b, bo + 3 + bl));
    return c != 0 ? c : Integer.compare(a[ao + 2 + al] & 1, b[bo + 2 + bl] & 1);
  }

  static boolean marker(byte[] b, int o) {
    return (b[o + 2 + u16(b, o)] & 1) != 0;
  }

  static boolean reversed(byte[] b, int o) {
    return (b[o + 2 + u16(b, o)] & 2) != 0;
  }

  /** Whether the entry is of a payout record (an insurer's: no hospital, no split). */
  static boolean payoutOnly(byte[] b, int o) {
    return (b[o + 2 + u16(b, o)] & 16) != 0;
  }

  static long line(byte[] b, int o) {
    return getLong(b, o + 3 + u16(b, o));
  }

  static int epochDay(byte[] b, int o) {
    return getInt(b, o + 11 + u16(b, o));
  }

  static long amount(byte[] b, int o, int k) {
    return getLong(b, o + 15 + u16(b, o) + 8 * k);
  }

  /** The offset of text field {@code k}'s u16 length. */
  static int text(byte[] b, int o, int k) {
    int at = o + 2 + u16(b, o) + FIXED;
    for (int i = 0; i < k; i++) {
      at += 2 + u16(b, at);
    }
    return at;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int putText(byte[] b, int at, RecordParser p, int field) {
    int len = p.length(field);
    b[at] = (byte) (len >>> 8);
    b[at + 1] = (byte) len;
    System.arraycopy(p.buffer(field), p.start(field), b, at + 2, len);
    return at + 2 + len;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private static int putLong(byte[] b, int at, long v) {
    LONGS.set(b, at, v);
    return at + 8;
  }

  private static int putInt(byte[] b, int at, int v) {
    INTS.set(b, at, v);
    return at + 4;
  }

  private static long getLong(byte[] b, int at) {
    return (long) LONGS.get(b, at);
  }

  private static int getInt(byte[] b, int at) {
    return (int) INTS.get(b, at);
  }
}
