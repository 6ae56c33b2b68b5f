package org.cosettle.platform;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * Reads a settlement file line by line as bytes and parses each line in place. Bad lines are
 * collected (up to {@link SettlementFile#MAX_ERRORS}) and thrown together at the end; after the
 * first bad line the good ones are no longer handed on, since the batch is lost anyway.
 */
final class SettlementLines {
  /** Receives each good line, parsed; {@code parsed} is only valid during the call. */
  interface Sink {
    void line(RecordParser parsed, long line) throws IOException;
  }

  /** No record comes near this; a longer line is not a settlement file. */
  private static final int MAX_LINE = 1 << 26;

  private SettlementLines() {}

  static void read(Path path, String label, Sink sink) throws IOException, InputException {
    read(path, label, false, sink);
  }

  /** As {@link #read(Path, String, Sink)}; {@code payoutRecords}: an insurer's payout records are good lines too. */
  static void read(Path path, String label, boolean payoutRecords, Sink sink) throws IOException, InputException {
    List<InputError> errors = new ArrayList<>();
    RecordParser parser = new RecordParser(payoutRecords);
    byte[] buf = new byte[1 << 20];
    int filled = 0;
    long line = 0;
    boolean first = true;
    try (InputStream in = Files.newInputStream(path)) {
      boolean eof = false;
      while (!eof || filled > 0) {
        if (!eof) {
          int n = in.read(buf, filled, buf.length - filled);
          if (n < 0) {
            eof = true;
          } else {
            filled += n;
          }
        }
        int from = 0;
        if (first && filled >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
          from = 3;
        }
        if (filled >= 3 || eof) {
          first = false;
        }
        while (true) {
          int nl = indexOf(buf, from, filled);
          if (nl < 0 && !(eof && from < filled)) {
            break;
          }
          int to = nl < 0 ? filled : nl;
          line++;
          if (!blank(buf, from, to) && errors.size() < SettlementFile.MAX_ERRORS) {
            try {
              parser.parse(buf, from, to);
              if (errors.isEmpty()) {
                sink.line(parser, line);
              }
            } catch (InvalidRecordException e) {
              errors.add(new InputError(label, (int) Math.min(line, Integer.MAX_VALUE), e.field(), e.reason()));
            }
          }
          from = nl < 0 ? filled : nl + 1;
        }
        System.arraycopy(buf, from, buf, 0, filled - from);
        filled -= from;
        if (filled == buf.length) {
          if (buf.length >= MAX_LINE) {
            errors.add(new InputError(label, (int) Math.min(line + 1, Integer.MAX_VALUE), "",
                "line longer than " + (MAX_LINE >> 20) + " MiB"));
            break;
          }
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if (eof && filled == 0) {
          break;
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** The next {@code '\n'} in {@code b[from, to)}, or -1; eight bytes a step (a zero-byte test on their XOR with newlines). */
  private static int indexOf(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long found = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
