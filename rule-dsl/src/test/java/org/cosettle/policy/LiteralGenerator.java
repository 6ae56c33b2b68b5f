package org.cosettle.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.cosettle.policy.GenExpr.DateLit;
import org.cosettle.policy.GenExpr.Lit;

/**
 * Literals of the random policies, in every written form spec §2 allows ({@code 1.5},
 * {@code 1.500}, {@code 150%}, {@code -5}) and biased to values that make rounding ties.
 */
final class LiteralGenerator {
  private final Dice dice;

  LiteralGenerator(Dice dice) {
    this.dice = dice;
  }

  /**
   * A literal of type {@code t}. {@code mayLookWhole}: a whole ratio may be written without
   * {@code %} (its context types it); {@code inProduct}: it stands in {@code *}, where only the
   * plain whole form is int.
   */
  Lit literal(GType t, boolean mayLookWhole, boolean inProduct) {
    switch (t) {
      case MONEY:
        return moneyLiteral(dice.pick(0L, 1L, -1L, 5L, -5L, 50L, 99L, 100L, -100L, 12_345L, 2_000_000L, 5_000L,
            dice.nextInt(10_000_000) - 2_000_000L));
      case RATIO:
        return ratioLiteral(dice.pick(0L, 5000L, 5000L, 2500L, 7500L, 1250L, 15_000L, 10_000L, 1L, 9999L, 3333L,
            8000L, 20_000L, -5000L, 100_000L, (long) dice.nextInt(12_000)), mayLookWhole);
      default: {
        long v = dice.pick(0L, 1L, 2L, 3L, -1L, 7L, 18L, 65L, 180L, 1000L, (long) dice.nextInt(250) - 50);
        String text = !inProduct && dice.nextInt(10) == 0 ? v + ".0" : Long.toString(v);
        return new Lit(GType.INT, BigDecimal.valueOf(v), text, false);
      }
    }
  }

  Lit moneyLiteral(long fen) {
    BigDecimal v = BigDecimal.valueOf(fen, 2);
    String text = v.stripTrailingZeros().toPlainString();
    if (dice.nextInt(3) == 0) {
      text = v.toPlainString() + (dice.nextBoolean() ? "0" : "");
    }
    return new Lit(GType.MONEY, v, text, false);
  }

  private Lit ratioLiteral(long units, boolean mayLookWhole) {
    BigDecimal v = BigDecimal.valueOf(units, 4);
    boolean whole = units % 10_000 == 0;
    String text;
    if (dice.nextBoolean() || (whole && !mayLookWhole)) {
      text = v.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    } else {
      text = v.stripTrailingZeros().toPlainString();
      if (!whole && dice.nextInt(3) == 0) {
        text = text + "0";
      }
    }
    return new Lit(GType.RATIO, v, text, false);
  }

  /**
   * A literal next to money in {@code *}: int when written whole (spec §3), otherwise ratio;
   * sometimes a literal-only expression, whose first literal then decides the same way.
   */
  Lit productLiteral(GType t) {
    return dice.nextInt(5) == 0 ? compoundLiteral(t, true) : literal(t, false, true);
  }

  /**
   * {@code a + b}, {@code a - b} or {@code a * b} of two literals, typed as one literal by the
   * context; {@code inProduct}: it stands next to money in {@code *}, so its form must say its type.
   */
  Lit compoundLiteral(GType t, boolean inProduct) {
    Lit a = literal(t, !inProduct, inProduct);
    Lit b = literal(t, true, inProduct);
    if (b.text().startsWith("-")) {
      b = new Lit(t, b.value().negate(), b.text().substring(1), false);
    }
    char op = dice.pick('+', '-', '*');
    BigDecimal v = op == '+' ? a.value().add(b.value()) : op == '-' ? a.value().subtract(b.value()) : a.value().multiply(b.value());
    if (v.stripTrailingZeros().scale() > t.scale) {
      op = '+';
      v = a.value().add(b.value());
    }
    return new Lit(t, v, a.text() + " " + op + " " + b.text(), true);
  }

  DateLit dateLit() {
    return new DateLit(dice.pick(LocalDate.of(2026, 1, 1), LocalDate.of(2025, 12, 31), LocalDate.of(2024, 2, 29),
        LocalDate.of(1900, 1, 1), LocalDate.of(2199, 12, 31), LocalDate.of(2026, 3, 10)));
  }
}
