package org.cosettle.policy.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The rounding primitives against an independent BigDecimal reference (spec §4). */
class ArithPropertyTest {
  @Property
  void moneyTimesRatioRoundsHalfAwayFromZero(@ForAll @LongRange(min = -100_000_000_000L, max = 100_000_000_000L) long fen,
      @ForAll @LongRange(min = -100_000, max = 100_000) long ratio) {
    BigDecimal expected = BigDecimal.valueOf(fen).multiply(BigDecimal.valueOf(ratio))
        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP);
    assertEquals(expected.longValueExact(), Arith.round4(fen * ratio));
  }

  @Property
  void tiesRoundAwayFromZero(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long k) {
    assertEquals(k + Long.signum(k == 0 ? 1 : k), Arith.round4(k * 10_000 + (k >= 0 ? 5_000 : -5_000)));
  }

  @Property
  void divisionRoundsHalfAwayFromZero(@ForAll @LongRange(min = -100_000_000_000L, max = 100_000_000_000L) long fen,
      @ForAll @LongRange(min = -1000, max = 1000) long k) {
    if (k == 0) {
      return;
    }
    BigDecimal expected = BigDecimal.valueOf(fen).divide(BigDecimal.valueOf(k), 0, RoundingMode.HALF_UP);
    assertEquals(expected.longValueExact(), Arith.divRound(fen, k));
  }

  @Property
  void roundingIsExactOverTheWholeLongRange(@ForAll long p) {
    BigDecimal expected = BigDecimal.valueOf(p).divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP);
    assertEquals(expected.longValueExact(), Arith.round4(p));
  }
}
