package org.cosettle.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cosettle.core.Decimals;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * Reconciliation (对账) of the platform's settlement records with a counterparty's (an insurer's
 * or a hospital's): records are matched by settlement id, a reversal is netted into the
 * settlement it reverses, and every settlement whose records fall in the date window gets one
 * {@link MatchClass}. The detail comes out in ascending settlement id order, so the same inputs
 * always give the same bytes, whatever the memory budget.
 *
 * <pre>{@code
 * Reconciliation.Options o = new Reconciliation.Options(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31),
 *     Reconciliation.DEFAULT_MEMORY_BUDGET, tempDir);
 * try (Writer detail = ...) {
 *   Reconciliation.Summary s = Reconciliation.reconcile(platformFile, "platform.jsonl", insurerFile, "insurer.jsonl", o, detail);
 *   s.count(MatchClass.ONLY_PLATFORM);
 * }
 * }</pre>
 *
 * <p>One class, above the usual 400 lines, because the options, the summary and the
 * classification rules are one public entry point: the summary counts exactly the classes the
 * rules assign, and the netting ({@code Netted}) and date texts are private to that one pass.
 */
public final class Reconciliation {
  /** 256 MiB for both sides together. */
  public static final long DEFAULT_MEMORY_BUDGET = 256L << 20;

  public static final String DETAIL_HEADER = "settlement_id,class,settlement_date,hospital_id,insurer_id,"
      + "platform_status,counterparty_status,platform_records,counterparty_records,"
      + "platform_payout,counterparty_payout,differences\n";

  /**
   * The window {@code [from, to]} (both inclusive), how many bytes of records may be held in
   * memory (estimated, both sides together; beyond it they spill), and where spill files go.
   */
  public record Options(LocalDate from, LocalDate to, long memoryBudget, Path tempDir) {
    public Options {
      if (from == null || to == null) {
        throw new IllegalArgumentException("the window needs both a from and a to date");
      }
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
      }
      if (memoryBudget < 1) {
        throw new IllegalArgumentException("memory budget must be positive");
      }
      if (tempDir == null) {
        throw new IllegalArgumentException("temporary directory must not be null");
      }
    }

  }

  /** Counts and amounts per class. */
  public static final class Summary {
    private final long[] settlements = new long[MatchClass.values().length];
    private final long[] platformRecords = new long[MatchClass.values().length];
    private final long[] counterpartyRecords = new long[MatchClass.values().length];
    private final long[] platformPayout = new long[MatchClass.values().length];
    private final long[] counterpartyPayout = new long[MatchClass.values().length];

    private void add(MatchClass c, Netted p, Netted q) {
      int i = c.ordinal();
      settlements[i]++;
      if (p != null) {
        platformRecords[i] += p.records;
        platformPayout[i] = Math.addExact(platformPayout[i], p.amounts[3]);
      }
      if (q != null) {
        counterpartyRecords[i] += q.records;
        counterpartyPayout[i] = Math.addExact(counterpartyPayout[i], q.amounts[3]);
      }
    }

    /** The number of settlements (after netting) in class {@code c}. */
    public long count(MatchClass c) {
      return settlements[c.ordinal()];
    }

    /** The commercial payout, in fen, that the platform's records of class {@code c} add up to. */
    public long platformPayout(MatchClass c) {
      return platformPayout[c.ordinal()];
    }

    /** The commercial payout, in fen, that the counterparty's records of class {@code c} add up to. */
    public long counterpartyPayout(MatchClass c) {
      return counterpartyPayout[c.ordinal()];
    }

    /** Records read from the platform's file in the window, over all classes. */
    public long platformRecords() {
      return sum(platformRecords);
    }

    /** Records read from the counterparty's file in the window, over all classes. */
    public long counterpartyRecords() {
      return sum(counterpartyRecords);
    }

    /**
     * The summary CSV: {@code class,settlements,platform_records,counterparty_records,
     * platform_payout,counterparty_payout,payout_difference}, one row per class in a fixed
     * order, then {@code TOTAL}.
     */
    public String csv() {
      StringBuilder sb = new StringBuilder("class,settlements,platform_records,counterparty_records,"
          + "platform_payout,counterparty_payout,payout_difference\n");
      for (MatchClass c : MatchClass.values()) {
        int i = c.ordinal();
        row(sb, c.name(), settlements[i], platformRecords[i], counterpartyRecords[i], platformPayout[i],
            counterpartyPayout[i]);
      }
      row(sb, "TOTAL", sum(settlements), sum(platformRecords), sum(counterpartyRecords), sum(platformPayout),
          sum(counterpartyPayout));
      return sb.toString();
    }

    private static void row(StringBuilder sb, String name, long n, long pr, long cr, long pp, long cp) {
      sb.append(name).append(',').append(n).append(',').append(pr).append(',').append(cr).append(',')
          .append(Decimals.formatMoney(pp)).append(',').append(Decimals.formatMoney(cp)).append(',')
          .append(Decimals.formatMoney(Math.subtractExact(cp, pp))).append('\n');
    }

    private static long sum(long[] values) {
      long s = 0;
      for (long v : values) {
        s = Math.addExact(s, v);
      }
      return s;
    }
  }

  private Reconciliation() {}

  /**
   * Reconciles two settlement files, writing one detail row per settlement (CSV with {@link
   * #DETAIL_HEADER}) to {@code detail}. The detail is complete only when this returns normally;
   * on an exception the caller must discard what was written.
   *
   * @throws InputException with located errors of both files (bad lines, duplicate settlement
   *     ids, unknown reversal targets)
   */
  public static Summary reconcile(Path platform, String platformLabel, Path counterparty, String counterpartyLabel,
      Options options, Appendable detail) throws IOException, InputException {
    return reconcile(platform, platformLabel, counterparty, counterpartyLabel, options,
        (bytes, length) -> detail.append(new String(bytes, 0, length, StandardCharsets.UTF_8)));
  }

  /**
   * As {@link #reconcile(Path, String, Path, String, Options, Appendable)}, writing the detail as
   * UTF-8 bytes (the fast way for a file: no text is built). The stream is not closed.
   */
  public static Summary reconcile(Path platform, String platformLabel, Path counterparty, String counterpartyLabel,
      Options options, OutputStream detail) throws IOException, InputException {
    return reconcile(platform, platformLabel, counterparty, counterpartyLabel, options,
        (bytes, length) -> detail.write(bytes, 0, length));
  }

  private static Summary reconcile(Path platform, String platformLabel, Path counterparty, String counterpartyLabel,
      Options options, BackgroundWriter.Target detail) throws IOException, InputException {
    SortedSettlements[] sides = sortBoth(platform, platformLabel, counterparty, counterpartyLabel, options);
    try (SortedSettlements p = sides[0]; SortedSettlements q = sides[1]; BackgroundWriter out = new BackgroundWriter(detail)) {
      Summary summary = new Summary();
      out.rows().text(DETAIL_HEADER);
      SettlementGroup a = p.next();
      SettlementGroup b = q.next();
      DateTexts dates = new DateTexts();
      int fromDay = (int) options.from().toEpochDay();
      int toDay = (int) options.to().toEpochDay();
      Netted mine = new Netted();
      Netted theirs = new Netted();
      while (a != null || b != null) {
        int order = a == null ? 1 : b == null ? -1 : a.compareId(b);
        Netted pn = order <= 0 && mine.load(a, fromDay, toDay) ? mine : null;
        Netted qn = order >= 0 && theirs.load(b, fromDay, toDay) ? theirs : null;
        if (pn != null || qn != null) {
          classify(order <= 0 ? a : b, pn, qn, summary, out.rows(), dates);
          out.rowEnded();
        }
        if (order <= 0) {
          a = p.next();
        }
        if (order >= 0) {
          b = q.next();
        }
      }
      List<InputError> errors = new ArrayList<>(p.errors());
      errors.addAll(q.errors());
      if (!errors.isEmpty()) {
        throw new InputException(errors);
      }
      out.finish();
      return summary;
    }
  }

  /** Sorts both files, the counterparty's on a second thread; on any failure neither is kept. */
  private static SortedSettlements[] sortBoth(Path platform, String platformLabel, Path counterparty,
      String counterpartyLabel, Options options) throws IOException, InputException {
    long half = Math.max(1, options.memoryBudget() / 2);
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "reconcile-sort");
      t.setDaemon(true);
      return t;
    });
    SortedSettlements mine = null;
    SortedSettlements theirs = null;
    Throwable mineFailed = null;
    Throwable theirsFailed = null;
    try {
      Future<SortedSettlements> future =
          pool.submit(() -> SortedSettlements.sort(counterparty, counterpartyLabel, true, half, options.tempDir()));
      try {
        mine = SortedSettlements.sort(platform, platformLabel, true, half, options.tempDir());
      } catch (IOException | InputException | RuntimeException e) {
        mineFailed = e;
      }
      try {
        theirs = future.get();
      } catch (ExecutionException e) {
        theirsFailed = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        theirsFailed = new IOException("interrupted while sorting " + counterpartyLabel, e);
      }
    } finally {
      pool.shutdownNow();
    }
    if (mineFailed == null && theirsFailed == null) {
      return new SortedSettlements[] {mine, theirs};
    }
    for (SortedSettlements s : new SortedSettlements[] {mine, theirs}) {
      if (s != null) {
        s.close();
      }
    }
    if (mineFailed instanceof InputException a && theirsFailed instanceof InputException b) {
      List<InputError> all = new ArrayList<>(a.errors());
      all.addAll(b.errors());
      throw new InputException(all);
    }
    Throwable failure = mineFailed != null ? mineFailed : theirsFailed;
    if (failure instanceof UncheckedIOException u) {
      failure = u.getCause();
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof InputException ie) {
      throw ie;
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    throw new IllegalStateException("sorting " + counterpartyLabel + " failed", failure);
  }

  private static final String[] AMOUNT_FIELDS = {
    "total", "basic_insurance", "personal_account", "commercial_payout", "patient_cash", "payout_excess"
  };

  private static final byte[][] CLASS_NAMES = new byte[MatchClass.values().length][];
  private static final byte[][] STATUS_NAMES = new byte[SettlementStatus.values().length][];

  static {
    for (MatchClass c : MatchClass.values()) {
      CLASS_NAMES[c.ordinal()] = c.name().getBytes(StandardCharsets.US_ASCII);
    }
    for (SettlementStatus s : SettlementStatus.values()) {
      STATUS_NAMES[s.ordinal()] = s.name().getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static void classify(SettlementGroup id, Netted p, Netted q, Summary summary, ByteRows row, DateTexts dates) {
    MatchClass c;
    StringBuilder differences = null;
    if (q == null) {
      c = MatchClass.ONLY_PLATFORM;
    } else if (p == null) {
      c = MatchClass.ONLY_INSURER;
    } else if (p.status != q.status) {
      c = MatchClass.STATUS_DIFF;
    } else {
      differences = differences(p, q);
      c = differences == null ? MatchClass.MATCHED : MatchClass.AMOUNT_DIFF;
    }
    summary.add(c, p, q);
    Netted first = p != null ? p : q;
    id.appendId(row);
    row.ascii(',');
    row.raw(CLASS_NAMES[c.ordinal()], 0, CLASS_NAMES[c.ordinal()].length).ascii(',');
    dates.append(row, first.group.epochDay(first.first));
    row.ascii(',');
    first.group.appendText(row, first.first, PackedEntry.HOSPITAL_ID);
    row.ascii(',');
    first.group.appendText(row, first.first, PackedEntry.INSURER_ID);
    row.ascii(',');
    status(row, p);
    row.ascii(',');
    status(row, q);
    row.ascii(',');
    if (p != null) {
      row.number(p.records);
    }
    row.ascii(',');
    if (q != null) {
      row.number(q.records);
    }
    row.ascii(',');
    if (p != null) {
      row.money(p.amounts[3]);
    }
    row.ascii(',');
    if (q != null) {
      row.money(q.amounts[3]);
    }
    row.ascii(',');
    if (differences != null) {
      row.text(differences.toString());
    }
    row.ascii('\n');
  }

  private static void status(ByteRows row, Netted n) {
    if (n != null) {
      byte[] name = STATUS_NAMES[n.status.ordinal()];
      row.raw(name, 0, name.length);
    }
  }

  /** The index of {@code commercial_payout} among the amounts. */
  private static final int COMMERCIAL_PAYOUT = 3;
  /** The index of {@code payout_excess} among the amounts. */
  private static final int PAYOUT_EXCESS = 5;
  /** The parties compared, the hospital first (a payout record has none). */
  private static final String[] PARTY_FIELDS = {"hospital_id", "insurer_id", "insured_id", "claim_id"};
  private static final int[] PARTY_TEXTS = {
    PackedEntry.HOSPITAL_ID, PackedEntry.INSURER_ID, PackedEntry.INSURED_ID,
    PackedEntry.CLAIM_ID
  };

  /**
   * The names of the fields that differ, or null when none does. A payout record (either side's)
   * has only the policy's payout and the insurer, insured and claim ids to compare: its payout is
   * compared with {@code commercial_payout + payout_excess} of a full record (what the policy asked,
   * before the split capped it; a payout record has no excess), named {@code commercial_payout}.
   */
  private static StringBuilder differences(Netted p, Netted q) {
    StringBuilder sb = null;
    boolean payoutOnly = p.payoutOnly || q.payoutOnly;
    if (payoutOnly && Math.addExact(p.amounts[COMMERCIAL_PAYOUT], p.amounts[PAYOUT_EXCESS])
        != Math.addExact(q.amounts[COMMERCIAL_PAYOUT], q.amounts[PAYOUT_EXCESS])) {
      sb = appendName(sb, AMOUNT_FIELDS[COMMERCIAL_PAYOUT]);
    }
    for (int i = 0; i < AMOUNT_FIELDS.length && !payoutOnly; i++) {
      if (p.amounts[i] != q.amounts[i]) {
        sb = appendName(sb, AMOUNT_FIELDS[i]);
      }
    }
    for (int i = payoutOnly ? 1 : 0; i < PARTY_FIELDS.length; i++) {
      if (!p.group.sameText(p.first, PARTY_TEXTS[i], q.group, q.first)) {
        sb = appendName(sb, PARTY_FIELDS[i]);
      }
    }
    return sb;
  }

  private static StringBuilder appendName(StringBuilder sb, String name) {
    if (sb == null) {
      return new StringBuilder(name);
    }
    return sb.append(' ').append(name);
  }

  /**
   * One side's view of a settlement after netting the records dated inside the window: REVERSED
   * when any reversal is among them, amounts summed, parties from the first of them in file order.
   * One instance per side is reloaded for every group.
   */
  private static final class Netted {
    SettlementGroup group;
    int first;
    SettlementStatus status;
    int records;
    /** Whether a payout record is among them (so only the payout and some ids can be compared). */
    boolean payoutOnly;
    final long[] amounts = new long[AMOUNT_FIELDS.length];

    /** Nets {@code g}'s records in the window; false when none is. */
    boolean load(SettlementGroup g, int fromDay, int toDay) {
      group = g;
      first = -1;
      status = SettlementStatus.SETTLED;
      records = 0;
      payoutOnly = false;
      Arrays.fill(amounts, 0);
      for (int i = 0; i < g.size(); i++) {
        int day = g.epochDay(i);
        if (day < fromDay || day > toDay) {
          continue;
        }
        if (first < 0) {
          first = i;
        }
        records++;
        if (g.reversed(i)) {
          status = SettlementStatus.REVERSED;
        }
        payoutOnly |= g.payoutOnly(i);
        for (int k = 0; k < amounts.length; k++) {
          amounts[k] = Math.addExact(amounts[k], g.amount(i, k));
        }
      }
      return first >= 0;
    }
  }

  /** Day texts, kept because a file's records cluster on few days. */
  private static final class DateTexts {
    private int day = Integer.MIN_VALUE;
    private byte[] text;

    void append(ByteRows row, int epochDay) {
      if (epochDay != day) {
        day = epochDay;
        text = LocalDate.ofEpochDay(epochDay).toString().getBytes(StandardCharsets.US_ASCII);
      }
      row.raw(text, 0, text.length);
    }
  }
}
