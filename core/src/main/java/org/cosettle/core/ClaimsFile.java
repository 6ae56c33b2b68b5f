package org.cosettle.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads a claims file (JSON Lines, spec §8) line by line and validates every claim: syntax,
 * fields, bounds and the settlement invariants. Blank lines are skipped. Claims that pass are
 * returned in file order; every failing line is returned with its located errors.
 *
 * <pre>{@code
 * ClaimsFile.Result r = ClaimsFile.read(Path.of("claims.jsonl"), "claims.jsonl");
 * r.rejected().forEach(line -> line.errors().forEach(System.err::println));
 * }</pre>
 *
 * <p>Large files are parsed on all cores; the result is the same as reading one line after the
 * other.
 */
public final class ClaimsFile {
  /** A line that failed validation: its number, its text and what is wrong with it. */
  public record Rejected(int line, String text, List<InputError> errors) {
    /**
     * Rejected lines as JSON Lines, one object per line with its {@code line} number and its
     * {@code errors} as text: the file {@code --rejects} writes (docs/files.md).
     */
    public static String jsonl(List<Rejected> rejected) {
      com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
      StringBuilder sb = new StringBuilder();
      for (Rejected r : rejected) {
        com.fasterxml.jackson.databind.node.ObjectNode o = m.createObjectNode();
        o.put("line", r.line());
        com.fasterxml.jackson.databind.node.ArrayNode reasons = o.putArray("errors");
        for (InputError e : r.errors()) {
          reasons.add(e.toString());
        }
        sb.append(o).append('\n');
      }
      return sb.toString();
    }

    /**
     * {@code read}'s rejected lines with the claims {@code resolve} found no insured record for,
     * in line order: every line a batch leaves out, for one report.
     */
    public static List<Rejected> withUnknownInsured(List<Rejected> read, List<Claim> withoutInsuredRecord,
        String claimsName, String insuredName) {
      List<Rejected> all = new java.util.ArrayList<>(read);
      for (Claim c : withoutInsuredRecord) {
        all.add(new Rejected(c.line(), null, List.of(new InputError(claimsName, c.line(), "insured_id",
            "no insured record for \"" + c.insuredId() + "\" in " + insuredName))));
      }
      all.sort((a, b) -> Integer.compare(a.line(), b.line()));
      return all;
    }
  }

  /** The outcome of reading a file: good claims in order, and rejected lines in order. */
  public record Result(List<Claim> claims, List<Rejected> rejected) {}

  /** The claim fields other than amounts, in the order of spec §6. */
  static final List<String> OTHER_FIELDS = List.of("id", "insured_id", "hospital_id", "visit_type",
      "hospital_level", "admission_date", "discharge_date", "diagnosis", "patient", "items");

  /**
   * The optional claim fields that say how the claim was settled and who else paid, with their
   * defaults: {@code settlement_route} (LOCAL), {@code threshold_applied} (false) and {@code
   * other_insurer_paid} (0.00); and {@code diagnosis_date}, the day of the main diagnosis (the
   * admission date).
   */
  static final List<String> OPTIONAL_FIELDS = List.of("settlement_route", "threshold_applied", "other_insurer_paid",
      "diagnosis_date", "reverses");

  /** The index of {@code in_scope} in {@link #AMOUNTS}, and of {@code pre_self_pay}. */
  static final int IN_SCOPE = 4;
  static final int PRE_SELF_PAY = 3;

  /**
   * Line item amount fields in the order of {@link LineItem}, with their national names (the
   * fee detail of the national settlement interface, 费用明细).
   */
  static final String[][] ITEM_AMOUNTS = {
    {"amount", "det_item_fee_sumamt"},
    {"full_self_pay", "fulamt_ownpay_amt"},
    {"over_limit", "overlmt_amt"},
    {"pre_self_pay", "preselfpay_amt"},
    {"in_scope", "inscp_scp_amt"},
  };

  /** Claim amount fields in the order of spec §6, with their national aliases. */
  static final String[][] AMOUNTS = {
    {"total", "medfee_sumamt"},
    {"full_self_pay", "fulamt_ownpay_amt"},
    {"over_limit", "overlmt_selfpay"},
    {"pre_self_pay", "preselfpay_amt"},
    {"in_scope", "inscp_scp_amt"},
    {"fund_paid", "hifp_pay"},
    {"critical_paid", "hifmi_pay"},
    {"assistance_paid", "maf_pay"},
    {"account_paid", "acct_pay"},
    {"cash_paid", "psn_cash_pay"},
  };

  private ClaimsFile() {}

  /**
   * Reads and validates every line. Duplicate claim ids (against earlier good or bad lines) are
   * reported on the later line. {@code label} is the file name used in messages.
   */
  public static Result read(Path path, String label) throws IOException {
    return read(path, label, n -> {});
  }

  /**
   * As {@link #read(Path, String)}, reporting progress: {@code bytesRead} is called from time to
   * time, on the calling thread, with the number of bytes of the file consumed so far (for a
   * progress bar).
   */
  public static Result read(Path path, String label, LongConsumer bytesRead) throws IOException {
    return read(path, label, bytesRead, ClaimsFileReader.DEFAULT_CHUNK_BYTES,
        Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #read(Path, String, LongConsumer)} with a chosen chunk size and thread count. */
  static Result read(Path path, String label, LongConsumer bytesRead, int chunkBytes, int threads)
      throws IOException {
    try {
      return new ClaimsFileReader(label, chunkBytes, threads).read(path, bytesRead);
    } catch (IOException e) {
      throw ReadFailures.named(path, e);
    }
  }

  /**
   * Parses and validates one claim given as a JSON object on its own (for callers that hold
   * claims one at a time, such as an actuary's test cases). {@code line} is used in messages.
   *
   * @throws InputException with every error found on the line
   */
  public static Claim parseLine(String text, String label, int line) throws InputException {
    Claim c = new ClaimStreamParser().parse(text, line);
    if (c != null) {
      return c;
    }
    ClaimTreeParser p = new ClaimTreeParser(label, line);
    c = p.parse(text);
    if (c == null) {
      throw new InputException(p.errors());
    }
    return c;
  }

  /** Parses {@code YYYY-MM-DD} strictly into days since 1970-01-01; null when invalid. */
  public static Integer parseDate(String s) {
    int d = Dates.epochDay(s.toCharArray(), 0, s.length());
    return d == Dates.INVALID ? null : d;
  }
}
