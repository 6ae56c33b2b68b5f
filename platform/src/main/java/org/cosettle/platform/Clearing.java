package org.cosettle.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cosettle.core.Csv;
import org.cosettle.core.Decimals;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * Monthly clearing (清分): what each insurer owes each hospital for the settlements dated in one
 * month, net of reversals (a reversal counts in the month it is dated, with its negative amount),
 * with the differences a reconciliation found for that month listed under the pair they concern.
 *
 * <pre>{@code
 * Clearing.Result r = Clearing.clear(records, "platform.jsonl", YearMonth.of(2026, 3), detail, "detail.csv",
 *     Reconciliation.DEFAULT_MEMORY_BUDGET, tempDir);
 * AtomicFile.write(out, r.csv());
 * }</pre>
 */
public final class Clearing {
  public static final String HEADER =
      "kind,insurer_id,hospital_id,settlement_id,class,settlements,reversals,amount_due,counterparty_amount\n";

  /** What one insurer owes one hospital for the month. */
  public record Total(String insurerId, String hospitalId, long settlements, long reversals, long amountDue) {}

  /** A settlement the reconciliation did not match, dated in the month; payouts null when that side lacks it. */
  public record Difference(String insurerId, String hospitalId, String settlementId, MatchClass matchClass,
      Long platformPayout, Long counterpartyPayout) {}

  /** The totals per (insurer, hospital) in id order, and the differences per pair in settlement id order. */
  public record Result(YearMonth month, List<Total> totals, List<Difference> differences, boolean reconciled) {
    public Result {
      totals = List.copyOf(totals);
      differences = List.copyOf(differences);
    }

    /**
     * The clearing CSV ({@link #HEADER}): per pair a {@code TOTAL} row, followed by a {@code
     * DIFFERENCE} row per reconciliation difference of that pair. On a total row {@code
     * counterparty_amount} is what the counterparty's records come to (amount due adjusted by
     * the differences), empty without a reconciliation.
     */
    public String csv() {
      StringBuilder sb = new StringBuilder(HEADER);
      int d = 0;
      for (Total t : totals) {
        long counterparty = t.amountDue();
        int firstDiff = d;
        while (d < differences.size() && samePair(differences.get(d), t)) {
          Difference x = differences.get(d++);
          counterparty = Math.addExact(counterparty,
              Math.subtractExact(orZero(x.counterpartyPayout()), orZero(x.platformPayout())));
        }
        cells(sb, "TOTAL", t.insurerId(), t.hospitalId(), "", "");
        sb.append(',').append(t.settlements()).append(',').append(t.reversals()).append(',')
            .append(Decimals.formatMoney(t.amountDue())).append(',')
            .append(reconciled ? Decimals.formatMoney(counterparty) : "").append('\n');
        for (int i = firstDiff; i < d; i++) {
          Difference x = differences.get(i);
          cells(sb, "DIFFERENCE", x.insurerId(), x.hospitalId(), x.settlementId(), x.matchClass().name());
          sb.append(",,,").append(x.platformPayout() == null ? "" : Decimals.formatMoney(x.platformPayout()))
              .append(',').append(x.counterpartyPayout() == null ? "" : Decimals.formatMoney(x.counterpartyPayout()))
              .append('\n');
        }
      }
      return sb.toString();
    }

    private static boolean samePair(Difference x, Total t) {
      return x.insurerId().equals(t.insurerId()) && x.hospitalId().equals(t.hospitalId());
    }

    private static long orZero(Long v) {
      return v == null ? 0 : v;
    }

    private static void cells(StringBuilder sb, String... cells) {
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        Csv.appendCell(sb, cells[i]);
      }
    }
  }

  private record Pair(String insurerId, String hospitalId) {}

  private static final Comparator<Pair> PAIR_ORDER =
      Comparator.comparing(Pair::insurerId).thenComparing(Pair::hospitalId);

  private Clearing() {}

  /**
   * Clears one month of settlement records. {@code detail} (a reconciliation detail file) may be
   * null. The records file is checked as a reconciliation checks it (duplicate ids, unknown
   * reversal targets), over all its lines, not only the month's.
   *
   * @throws InputException with located errors in either file
   */
  public static Result clear(Path records, String recordsLabel, YearMonth month, Path detail, String detailLabel,
      long memoryBudget, Path tempDir) throws IOException, InputException {
    Map<Pair, long[]> sums = new TreeMap<>(PAIR_ORDER);
    try (SortedSettlements sorted = SortedSettlements.sort(records, recordsLabel, memoryBudget, tempDir)) {
      int firstDay = (int) month.atDay(1).toEpochDay();
      int lastDay = (int) month.atEndOfMonth().toEpochDay();
      for (SettlementGroup g = sorted.next(); g != null; g = sorted.next()) {
        for (int i = 0; i < g.size(); i++) {
          if (g.epochDay(i) < firstDay || g.epochDay(i) > lastDay) {
            continue;
          }
          long[] s = sums.computeIfAbsent(new Pair(g.text(i, PackedEntry.INSURER_ID),
              g.text(i, PackedEntry.HOSPITAL_ID)), k -> new long[3]);
          s[g.reversed(i) ? 1 : 0]++;
          s[2] = Math.addExact(s[2], g.amount(i, 3));
        }
      }
      if (!sorted.errors().isEmpty()) {
        throw new InputException(sorted.errors());
      }
    }
    List<Difference> differences = detail == null ? List.of() : readDifferences(detail, detailLabel, month);
    for (Difference x : differences) {
      sums.computeIfAbsent(new Pair(x.insurerId(), x.hospitalId()), k -> new long[3]);
    }
    List<Total> totals = new ArrayList<>();
    sums.forEach((k, s) -> totals.add(new Total(k.insurerId(), k.hospitalId(), s[0], s[1], s[2])));
    List<Difference> ordered = new ArrayList<>(differences);
    ordered.sort(Comparator.comparing(Difference::insurerId).thenComparing(Difference::hospitalId)
        .thenComparing(Difference::settlementId));
    return new Result(month, totals, ordered, detail != null);
  }

  /** The rows of a reconciliation detail file that are not MATCHED and are dated in {@code month}. */
  static List<Difference> readDifferences(Path detail, String label, YearMonth month)
      throws IOException, InputException {
    List<String> header = cellsOf(Reconciliation.DETAIL_HEADER.strip(), label, 1);
    List<Difference> out = new ArrayList<>();
    List<InputError> errors = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(detail, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = in.readLine()) != null && errors.size() < SettlementFile.MAX_ERRORS) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        List<String> cells;
        try {
          cells = cellsOf(text, label, line);
        } catch (InputException e) {
          errors.addAll(e.errors());
          continue;
        }
        if (line == 1) {
          if (!cells.equals(header)) {
            errors.add(new InputError(label, 1, "", "not a reconciliation detail file: the header must be "
                + String.join(",", header)));
            break;
          }
          continue;
        }
        try {
          Difference d = difference(cells, header, month);
          if (d != null) {
            out.add(d);
          }
        } catch (InvalidRecordException e) {
          errors.add(new InputError(label, line, e.field(), e.reason()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return out;
  }

  private static Difference difference(List<String> cells, List<String> header, YearMonth month) {
    if (cells.size() != header.size()) {
      throw new InvalidRecordException("", cells.size() + " columns, the header has " + header.size());
    }
    MatchClass c;
    try {
      c = MatchClass.valueOf(cells.get(1));
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("class", "\"" + cells.get(1) + "\" is not a reconciliation class");
    }
    if (c == MatchClass.MATCHED) {
      return null;
    }
    LocalDate date = LocalDate.ofEpochDay(RecordParser.date(cells.get(2)));
    if (!YearMonth.from(date).equals(month)) {
      return null;
    }
    return new Difference(cells.get(4), cells.get(3), cells.get(0), c,
        payout(cells.get(9), "platform_payout"), payout(cells.get(10), "counterparty_payout"));
  }

  private static Long payout(String text, String field) {
    if (text.isEmpty()) {
      return null;
    }
    return RecordParser.money(text, field);
  }

  private static List<String> cellsOf(String text, String label, int line) throws IOException, InputException {
    List<Csv.Row> rows;
    try {
      rows = Csv.read(new StringReader(text), label);
    } catch (InputException e) {
      throw new InputException(new InputError(label, line, "", e.errors().get(0).message()));
    }
    if (rows.size() != 1) {
      throw new InputException(new InputError(label, line, "", "a detail row must be one line"));
    }
    return rows.get(0).cells();
  }
}
