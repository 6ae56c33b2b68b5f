package org.cosettle.platform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Parses one settlement line in place from its UTF-8 bytes, checking every rule of the format,
 * without building a tree or a string per field: the reconciliation reads tens of millions of
 * lines. The text fields stay byte ranges (of the line, or of a scratch buffer when they held
 * escapes) until someone asks for them; the fields are valid until the next {@link #parse}.
 *
 * <p>One class, above the usual 400 lines, because it is one hand-written scanner of one format:
 * the fast path ({@link #parse}), the general path for escapes and any key order, and the field
 * accessors share the per-line cursor and field tables; split, each part would reach into the
 * others' state.
 */
final class RecordParser {
  static final int SETTLEMENT_ID = 0;
  static final int SETTLEMENT_DATE = 1;
  static final int STATUS = 2;
  static final int REVERSES = 3;
  static final int HOSPITAL_ID = 4;
  static final int INSURER_ID = 5;
  static final int INSURED_ID = 6;
  static final int CLAIM_ID = 7;
  static final int FIRST_AMOUNT = 8;
  static final int AMOUNTS = 6;
  static final int FLAG = 14;
  private static final int FIELD_COUNT = SettlementRecord.FIELDS.length;
  private static final byte[][] NAMES = new byte[FIELD_COUNT][];
  private static final byte[] SETTLED = bytes("SETTLED");
  private static final byte[] REVERSED = bytes("REVERSED");

  /**
   * What comes before each value's opening quote in the canonical form ({@link
   * SettlementFile}'s writer and every generator): {@code {"settlement_id":"}, then
   * {@code ,"settlement_date":"} and so on.
   */
  private static final byte[][] CANONICAL = new byte[FIELD_COUNT][];

  static {
    for (int i = 0; i < FIELD_COUNT; i++) {
      NAMES[i] = bytes(SettlementRecord.FIELDS[i]);
      CANONICAL[i] = bytes((i == 0 ? "{" : ",") + "\"" + SettlementRecord.FIELDS[i] + "\":\"");
    }
  }

  /**
   * The fields of a payout record, an insurer's record of what it pays for a claim without the
   * split it cannot know: {@link PayoutRecord#FIELDS}.
   */
  private static final int PAYOUT_FIELDS = mask(PayoutRecord.FIELDS);
  /** The fields a payout record leaves out, read as empty (texts) and 0 (amounts). */
  private static final int[] LEFT_OUT = {HOSPITAL_ID, FIRST_AMOUNT, FIRST_AMOUNT + 1, FIRST_AMOUNT + 2,
    FIRST_AMOUNT + 4, FIRST_AMOUNT + 5, FLAG};

  private final boolean acceptPayoutRecords;
  private final byte[][] buffer = new byte[FIELD_COUNT][];
  private final int[] start = new int[FIELD_COUNT];
  private final int[] end = new int[FIELD_COUNT];
  private final long[] amounts = new long[AMOUNTS];
  private byte[] scratch = new byte[256];
  private int scratchUsed;
  private byte[] text;
  private int pos;
  private int limit;
  int epochDay;
  SettlementStatus status;
  SplitFlag flag;
  /** Whether the line is a payout record: no hospital, no split, no flag (see {@link PayoutRecord}). */
  boolean payoutOnly;

  /** A parser of full settlement records only. */
  RecordParser() {
    this(false);
  }

  /** A parser of full settlement records and, when {@code acceptPayoutRecords}, of payout records too. */
  RecordParser(boolean acceptPayoutRecords) {
    this.acceptPayoutRecords = acceptPayoutRecords;
  }

  /** Parses {@code b[from, to)}; throws {@link InvalidRecordException} naming the field at fault. */
  void parse(byte[] b, int from, int to) {
    text = b;
    limit = to;
    payoutOnly = false;
    if (!canonical(from)) {
      general(from);
    }
    interpret();
  }

  /** {@link #parse} without the fast path: the reference the fast path is tested against. */
  void parseGeneral(byte[] b, int from, int to) {
    text = b;
    limit = to;
    general(from);
    interpret();
  }

  /**
   * The fast path for a line in the canonical form: every field in its order, every value a
   * string, no spaces. It does what {@link #general} does on such a line, in the same order (so
   * it throws the same error for the same line), without looking for names or spaces; on the
   * first byte that is not canonical it returns false and the general parser starts again.
   */
  private boolean canonical(int from) {
    pos = from;
    scratchUsed = 0;
    for (int field = 0; field < FIELD_COUNT; field++) {
      byte[] expected = CANONICAL[field];
      if (!matches(expected)) {
        return false;
      }
      pos += expected.length - 1;
      if (field < FIRST_AMOUNT || field >= FIRST_AMOUNT + AMOUNTS) {
        quoted(field);
      } else if (!plainMoney(field)) {
        quoted(field);
        amounts[field - FIRST_AMOUNT] = money(buffer[field], start[field], end[field], SettlementRecord.FIELDS[field]);
      }
    }
    if (pos + 1 == limit && text[pos] == '}') {
      pos++;
      return true;
    }
    return false;
  }

  /**
   * Reads a quoted amount of the usual shape {@code "-?D{1,15}.DD"} at {@code pos} (its opening
   * quote) in one pass; false, with nothing consumed, for any other shape, which {@link #money}
   * then accepts or rejects.
   */
  private boolean plainMoney(int field) {
    int p = pos + 1;
    boolean negative = p < limit && text[p] == '-';
    if (negative) {
      p++;
    }
    int digitsFrom = p;
    long value = 0;
    while (p < limit && p - digitsFrom < 15) {
      int d = text[p] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      value = value * 10 + d;
      p++;
    }
    if (p == digitsFrom || p + 3 >= limit || text[p] != '.' || text[p + 3] != '"') {
      return false;
    }
    int d1 = text[p + 1] - '0';
    int d2 = text[p + 2] - '0';
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      return false;
    }
    value = value * 100 + d1 * 10 + d2;
    buffer[field] = text;
    start[field] = pos + 1;
    end[field] = p + 3;
    amounts[field - FIRST_AMOUNT] = negative ? -value : value;
    pos = p + 4;
    return true;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Whether the line holds {@code expected} at {@code pos}; eight bytes a step. */
  private boolean matches(byte[] expected) {
    int n = expected.length;
    if (limit - pos < n) {
      return false;
    }
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if ((long) LONGS.get(text, pos + i) != (long) LONGS.get(expected, i)) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (text[pos + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Any member order, numbers for amounts, whitespace between tokens. */
  private void general(int from) {
    pos = from;
    scratchUsed = 0;
    int seen = 0;
    skipSpace();
    expect('{', "");
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      for (int member = 0; ; member++) {
        skipSpace();
        int field = name(member);
        if ((seen & (1 << field)) != 0) {
          throw new InvalidRecordException(SettlementRecord.FIELDS[field], "given twice");
        }
        seen |= 1 << field;
        skipSpace();
        expect(':', SettlementRecord.FIELDS[field]);
        skipSpace();
        value(field);
        skipSpace();
        byte sep = peek();
        pos++;
        if (sep == '}') {
          break;
        }
        if (sep != ',') {
          throw new InvalidRecordException("", "expected ',' or '}' at column " + (pos - from));
        }
      }
    }
    skipSpace();
    if (pos < limit) {
      throw new InvalidRecordException("", "text after the closing '}' at column " + (pos - from + 1));
    }
    if (seen == PAYOUT_FIELDS) {
      if (!acceptPayoutRecords) {
        throw new InvalidRecordException("", "a payout record (an insurer's, without the split) is read only by"
            + " reconcile; this needs the platform's full settlement records");
      }
      payoutOnly = true;
      for (int f : LEFT_OUT) {
        buffer[f] = text;
        start[f] = 0;
        end[f] = 0;
        if (f >= FIRST_AMOUNT && f < FIRST_AMOUNT + AMOUNTS) {
          amounts[f - FIRST_AMOUNT] = 0;
        }
      }
      return;
    }
    for (int i = 0; i < FIELD_COUNT; i++) {
      if ((seen & (1 << i)) == 0) {
        throw new InvalidRecordException(SettlementRecord.FIELDS[i], "missing");
      }
    }
  }

  private static int mask(String[] fields) {
    int m = 0;
    for (String f : fields) {
      m |= 1 << Arrays.asList(SettlementRecord.FIELDS).indexOf(f);
    }
    return m;
  }

  private void interpret() {
    epochDay = date(buffer[SETTLEMENT_DATE], start[SETTLEMENT_DATE], end[SETTLEMENT_DATE]);
    status = is(STATUS, SETTLED) ? SettlementStatus.SETTLED : is(STATUS, REVERSED) ? SettlementStatus.REVERSED : null;
    if (status == null) {
      throw new InvalidRecordException("status", "\"" + string(STATUS) + "\" is not SETTLED or REVERSED");
    }
    flag = length(FLAG) == 0 ? SplitFlag.NONE : SplitFlag.parse(string(FLAG));
    if (flag == null) {
      throw new InvalidRecordException("flag", "\"" + string(FLAG) + "\" is not empty, PAYOUT_EXCEEDS_CASH or NEGATIVE_PAYOUT");
    }
    for (int i = SETTLEMENT_ID; i <= CLAIM_ID; i++) {
      if (i != SETTLEMENT_DATE && i != STATUS) {
        RecordRules.checkId(SettlementRecord.FIELDS[i], length(i), i != SETTLEMENT_ID, hasControl(i));
      }
    }
    RecordRules.checkStatus(status, length(REVERSES) == 0, Arrays.equals(buffer[REVERSES], start[REVERSES],
        end[REVERSES], buffer[SETTLEMENT_ID], start[SETTLEMENT_ID], end[SETTLEMENT_ID]));
    if (payoutOnly) {
      RecordRules.checkMoney("commercial_payout", amounts[3]);
    } else {
      RecordRules.checkAmounts(amounts[0], amounts[1], amounts[2], amounts[3], amounts[4], amounts[5], flag);
    }
  }

  /** Amount {@code i} (0 total .. 5 payout_excess) in fen. */
  long amount(int i) {
    return amounts[i];
  }

  byte[] buffer(int field) {
    return buffer[field];
  }

  int start(int field) {
    return start[field];
  }

  int length(int field) {
    return end[field] - start[field];
  }

  String string(int field) {
    return new String(buffer[field], start[field], end[field] - start[field], StandardCharsets.UTF_8);
  }

  SettlementRecord toRecord() {
    if (payoutOnly) {
      throw new IllegalStateException("a payout record has no split to make a settlement record of");
    }
    return new SettlementRecord(string(SETTLEMENT_ID), LocalDate.ofEpochDay(epochDay), status, string(REVERSES),
        string(HOSPITAL_ID), string(INSURER_ID), string(INSURED_ID), string(CLAIM_ID), amounts[0], amounts[1],
        amounts[2], amounts[3], amounts[4], amounts[5], flag);
  }

  private boolean is(int field, byte[] word) {
    return Arrays.equals(buffer[field], start[field], end[field], word, 0, word.length);
  }

  /** Reads a quoted member name; the canonical order is tried first. */
  private int name(int member) {
    if (peek() != '"') {
      throw new InvalidRecordException("", "expected a field name in double quotes at column " + (pos + 1));
    }
    int from = ++pos;
    while (pos < limit && text[pos] != '"') {
      pos++;
    }
    if (pos >= limit) {
      throw new InvalidRecordException("", "unterminated field name");
    }
    int to = pos++;
    if (member < FIELD_COUNT && Arrays.equals(text, from, to, NAMES[member], 0, NAMES[member].length)) {
      return member;
    }
    for (int i = 0; i < FIELD_COUNT; i++) {
      if (Arrays.equals(text, from, to, NAMES[i], 0, NAMES[i].length)) {
        return i;
      }
    }
    throw new InvalidRecordException(new String(text, from, to - from, StandardCharsets.UTF_8), "unknown field");
  }

  private void value(int field) {
    String name = SettlementRecord.FIELDS[field];
    byte c = peek();
    boolean amount = field >= FIRST_AMOUNT && field < FIRST_AMOUNT + AMOUNTS;
    if (c == '"') {
      quoted(field);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      if (!amount) {
        throw new InvalidRecordException(name, "must be a string");
      }
      buffer[field] = text;
      start[field] = pos;
      while (pos < limit && (text[pos] == '-' || text[pos] == '.' || text[pos] == '+' || text[pos] == 'e'
          || text[pos] == 'E' || (text[pos] >= '0' && text[pos] <= '9'))) {
        pos++;
      }
      end[field] = pos;
    } else if (c == 'n' && limit - pos >= 4 && text[pos + 1] == 'u' && text[pos + 2] == 'l' && text[pos + 3] == 'l') {
      throw new InvalidRecordException(name, "null is not allowed");
    } else {
      throw new InvalidRecordException(name, "expected a string or a number at column " + (pos + 1));
    }
    if (amount) {
      amounts[field - FIRST_AMOUNT] = money(buffer[field], start[field], end[field], name);
    }
  }

  private void quoted(int field) {
    int from = ++pos;
    while (pos < limit) {
      byte c = text[pos];
      if (c == '"') {
        buffer[field] = text;
        start[field] = from;
        end[field] = pos++;
        return;
      }
      if (c == '\\') {
        unescape(field, from);
        return;
      }
      if (c >= 0 && c < 0x20) {
        throw new InvalidRecordException(SettlementRecord.FIELDS[field], "control character in a string");
      }
      pos++;
    }
    throw new InvalidRecordException(SettlementRecord.FIELDS[field], "unterminated string");
  }

  /** The slow path for a string with escapes: decodes it into the scratch buffer. */
  private void unescape(int field, int from) {
    String name = SettlementRecord.FIELDS[field];
    StringBuilder sb = new StringBuilder(new String(text, from, pos - from, StandardCharsets.UTF_8));
    int runStart = pos;
    while (true) {
      if (pos >= limit) {
        throw new InvalidRecordException(name, "unterminated string");
      }
      byte c = text[pos];
      if (c == '"') {
        sb.append(new String(text, runStart, pos - runStart, StandardCharsets.UTF_8));
        pos++;
        break;
      }
      if (c >= 0 && c < 0x20) {
        throw new InvalidRecordException(name, "control character in a string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      sb.append(new String(text, runStart, pos - runStart, StandardCharsets.UTF_8));
      if (pos + 1 >= limit) {
        throw new InvalidRecordException(name, "unterminated string");
      }
      byte e = text[pos + 1];
      pos += 2;
      switch (e) {
        case '"': case '\\': case '/': sb.append((char) e); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u':
          if (pos + 4 > limit) {
            throw new InvalidRecordException(name, "bad \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(new String(text, pos, 4, StandardCharsets.US_ASCII), 16));
          } catch (NumberFormatException ex) {
            throw new InvalidRecordException(name, "bad \\u escape");
          }
          pos += 4;
          break;
        default:
          throw new InvalidRecordException(name, "bad escape \\" + (char) e);
      }
      runStart = pos;
    }
    byte[] decoded = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (scratch.length < scratchUsed + decoded.length) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchUsed + decoded.length));
      // earlier fields held in the old scratch keep their own reference to it
    }
    System.arraycopy(decoded, 0, scratch, scratchUsed, decoded.length);
    buffer[field] = scratch;
    start[field] = scratchUsed;
    end[field] = scratchUsed + decoded.length;
    scratchUsed += decoded.length;
  }

  /** Whether a text field holds a control character (C0, DEL or C1) once decoded. */
  private boolean hasControl(int field) {
    byte[] b = buffer[field];
    for (int i = start[field]; i < end[field]; i++) {
      int c = b[i] & 0xFF;
      if (c < 0x20 || c == 0x7F || (c == 0xC2 && i + 1 < end[field] && (b[i + 1] & 0xFF) >= 0x80
          && (b[i + 1] & 0xFF) <= 0x9F)) {
        return true;
      }
    }
    return false;
  }

  private byte peek() {
    if (pos >= limit) {
      throw new InvalidRecordException("", "unexpected end of line");
    }
    return text[pos];
  }

  private void expect(char c, String field) {
    if (peek() != c) {
      throw new InvalidRecordException(field, "expected '" + c + "' at column " + (pos + 1));
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < limit && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n')) {
      pos++;
    }
  }

  /**
   * Parses {@code -?D+(.D{1,2})?} into fen. At most 15 integer digits are read, far beyond the
   * bounds the record rules then enforce, so the value cannot overflow.
   */
  static long money(byte[] b, int from, int to, String field) {
    int i = from;
    boolean negative = i < to && b[i] == '-';
    if (negative) {
      i++;
    }
    int digitsFrom = i;
    long value = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9' && i - digitsFrom < 15) {
      value = value * 10 + (b[i++] - '0');
    }
    boolean ok = i > digitsFrom;
    int fraction = 0;
    if (ok && i < to && b[i] == '.') {
      i++;
      while (i < to && b[i] >= '0' && b[i] <= '9' && fraction < 2) {
        value = value * 10 + (b[i++] - '0');
        fraction++;
      }
      ok = fraction > 0;
    }
    if (!ok || i != to) {
      throw new InvalidRecordException(field, "\"" + new String(b, from, to - from, StandardCharsets.UTF_8)
          + "\" is not an amount like 123.45");
    }
    for (; fraction < 2; fraction++) {
      value *= 10;
    }
    return negative ? -value : value;
  }

  static long money(String text, String field) {
    byte[] b = bytes(text);
    return money(b, 0, b.length, field);
  }

  /** Parses exactly {@code YYYY-MM-DD} into days since 1970-01-01. */
  static int date(byte[] b, int from, int to) {
    boolean shape = to - from == 10 && b[from + 4] == '-' && b[from + 7] == '-';
    for (int i = 0; shape && i < 10; i++) {
      shape = i == 4 || i == 7 || (b[from + i] >= '0' && b[from + i] <= '9');
    }
    if (shape) {
      try {
        return (int) LocalDate.of(digits(b, from, 4), digits(b, from + 5, 2), digits(b, from + 8, 2)).toEpochDay();
      } catch (DateTimeException e) {
        // not a day of the calendar: reported below
      }
    }
    throw new InvalidRecordException("settlement_date", "\"" + new String(b, from, to - from, StandardCharsets.UTF_8)
        + "\" is not a date YYYY-MM-DD");
  }

  static int date(String text) {
    byte[] b = bytes(text);
    return date(b, 0, b.length);
  }

  private static int digits(byte[] b, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
