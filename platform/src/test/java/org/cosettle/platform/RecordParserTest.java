package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The canonical fast path of {@link RecordParser} must give, on every line, exactly what the
 * general parser gives: the same record, or the same error on the same field.
 */
class RecordParserTest {
  /** What parsing a line gives: the record's canonical text, or "field: reason". */
  private static String outcome(byte[] line, boolean fast) {
    RecordParser p = new RecordParser();
    try {
      if (fast) {
        p.parse(line, 0, line.length);
      } else {
        p.parseGeneral(line, 0, line.length);
      }
      return p.toRecord().canonicalJson();
    } catch (InvalidRecordException e) {
      return e.field() + ": " + e.reason();
    }
  }

  @Provide
  Arbitrary<SettlementRecord> records() {
    Arbitrary<String> ids = Arbitraries.strings().withChars("AZ09-_,\"\\é医 ").ofMinLength(1).ofMaxLength(12);
    Arbitrary<Long> money = Arbitraries.longs().between(0, 5_000_000_00L);
    return Combinators.combine(ids, ids, money, money, money, Arbitraries.integers().between(0, 400))
        .as((id, hospital, basic, account, payout, day) -> {
          long cash = payout + 1234;
          return new SettlementRecord(id, LocalDate.of(2026, 1, 1).plusDays(day), SettlementStatus.SETTLED, "",
              hospital, "INS01", "P1", "C-" + id, basic + account + payout + cash, basic, account, payout, cash, 0,
              SplitFlag.NONE);
        });
  }

  @Property(tries = 2000)
  void canonicalLinesParseToTheirRecord(@ForAll("records") SettlementRecord r) {
    byte[] line = r.canonicalJson().getBytes(StandardCharsets.UTF_8);
    assertEquals(r.canonicalJson(), outcome(line, true));
    assertEquals(outcome(line, false), outcome(line, true));
  }

  private static final byte[] INTERESTING = "\"\\ .-09a},:{\u0001\r\t+e".getBytes(StandardCharsets.UTF_8);

  @Property(tries = 20000)
  void damagedLinesGiveTheGeneralParsersOutcome(@ForAll("records") SettlementRecord r,
      @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll @IntRange(min = 0, max = 100) int what) {
    byte[] good = r.canonicalJson().getBytes(StandardCharsets.UTF_8);
    int at = where % good.length;
    byte b = INTERESTING[what % INTERESTING.length];
    byte[] line = switch (kind) {
      case 0 -> { // replace a byte
        byte[] x = good.clone();
        x[at] = b;
        yield x;
      }
      case 1 -> { // insert a byte
        byte[] x = new byte[good.length + 1];
        System.arraycopy(good, 0, x, 0, at);
        x[at] = b;
        System.arraycopy(good, at, x, at + 1, good.length - at);
        yield x;
      }
      case 2 -> { // delete a byte
        byte[] x = new byte[good.length - 1];
        System.arraycopy(good, 0, x, 0, at);
        System.arraycopy(good, at + 1, x, at, good.length - at - 1);
        yield x;
      }
      default -> java.util.Arrays.copyOf(good, at); // cut short
    };
    assertEquals(outcome(line, false), outcome(line, true), () -> new String(line, StandardCharsets.UTF_8));
  }

  @Test
  void amountsOfEveryShapeAgree() {
    String good = Records.settled("S1", "2026-03-01", 100_00).canonicalJson();
    for (String total : new String[] {"1000", "1000.0", "1000.00", "-0.00", "01000.00", "1000.000", "1e3", "+1000.00",
        "1000.", ".50", "1234567890123456.00", "123456789012345.00", "1000.0a", ""}) {
      byte[] line = good.replace("\"total\":\"1000.00\"", "\"total\":\"" + total + "\"").getBytes(StandardCharsets.UTF_8);
      assertEquals(outcome(line, false), outcome(line, true), total);
    }
  }
}
