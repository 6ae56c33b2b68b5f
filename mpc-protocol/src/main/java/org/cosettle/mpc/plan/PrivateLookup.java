package org.cosettle.mpc.plan;

import java.util.Locale;
import org.cosettle.policy.CodeUniverse;

/**
 * One private table or private code set a plan looks up in handshake mode, at claim level (by
 * {@code claim.diagnosis}) or per line item (by {@code item.code}, in the batch's item rows: K per
 * claim), with the public layout both parties derive from the policy alone: the linear OKVS it
 * is encoded in (sparse positions and dense part), the keys the data holder looks up per row (its
 * code; for a code set also the code's prefixes) and the words (columns) each position holds.
 * A table over a public code list ({@link #indexed}) has no OKVS: a word per code of the list and
 * one for the default, looked up at the code's index. The HE route is the one the engine runs;
 * {@link #render} sets it beside a 1-out-of-N OT lookup by the cost model of docs/protocol.md,
 * "Private tables".
 *
 * <pre>{@code
 * PrivateLookup cap = PrivateLookup.table(7, 1, "diagnosis_cap", 5000, 5_000_000, false);
 * long words = cap.words();   // 2 × (6,534 sparse + 64 dense positions): fingerprint and value
 * }</pre>
 */
public record PrivateLookup(int op, int table, String name, boolean codeSet, long declaredSize, long defaultValue,
    boolean perItem, CodeUniverse universe) {
  /** Sparse positions of the OKVS per key it holds: 1.3, above the 3-hypergraph's peeling threshold of 1.222. */
  public static final double EXPANSION = 1.3;
  /** Sparse positions one key's value sums (one in each third of the positions). */
  public static final int TERMS = 3;
  /** Dense positions of the OKVS: the bits of a key's dense vector. */
  public static final int DENSE = 64;
  /**
   * Elements a private code set may hold in handshake mode, after its redundant elements are
   * dropped: the policy declares no size for a code set, so the store is this public constant's.
   */
  public static final int CODE_SET_CAPACITY = 4096;
  /**
   * Longest prefix element ({@code "Z51.1*"} is 5) a code set may hold in handshake mode: the data
   * holder looks up every prefix of its code of 0 to this many characters, a fixed number whatever
   * its code or the insurer's set. The same limit as a per-person code set's ({@link
   * org.cosettle.core.InsuredColumn#MAX_PREFIX}): one prefix rule for every code set of handshake mode.
   */
  public static final int PREFIX_LIMIT = org.cosettle.core.InsuredColumn.MAX_PREFIX;
  /** Words the HE lookup's table holds in all ({@code HeLookupParameters.MAX_ENTRIES}). */
  public static final int MAX_WORDS = 1 << 18;
  /** Measured bytes of the HE setup besides the table: public key and Galois keys (docs/benchmarks.md). */
  public static final long HE_KEY_BYTES = 8_602_140;
  /** Measured bytes of one table ciphertext of 8,192 words. */
  public static final long HE_CIPHERTEXT_BYTES = 153_652;
  /** Measured reply bytes per HE lookup in a full reply. */
  public static final double HE_REPLY_BYTES = 18.9;
  /** Measured data-holder CPU per HE lookup, milliseconds (one key switch, single-threaded). */
  public static final double HE_HOLDER_MS = 4.5;

  /** A lookup in a linear OKVS: a table with a size bound or a code set (no public code list). */
  public PrivateLookup(int op, int table, String name, boolean codeSet, long declaredSize, long defaultValue,
      boolean perItem) {
    this(op, table, name, codeSet, declaredSize, defaultValue, perItem, null);
  }

  /** A private table {@code name} (number {@code table}) of the declared size and default, looked up per claim or per item. */
  public static PrivateLookup table(int op, int table, String name, long declaredSize, long defaultValue,
      boolean perItem) {
    return new PrivateLookup(op, table, name, false, declaredSize, defaultValue, perItem);
  }

  /**
   * A private table indexed by the public code list {@code universe}: looked up directly at its
   * code's index, the reply word the value itself (docs/protocol.md, "Tables over a public code list").
   */
  public static PrivateLookup indexedTable(int op, int table, String name, CodeUniverse universe, long defaultValue,
      boolean perItem) {
    return new PrivateLookup(op, table, name, false, universe.size(), defaultValue, perItem, universe);
  }

  /** A private code set {@code name} (number {@code table}), looked up per claim or per item. */
  public static PrivateLookup codeSet(int op, int table, String name, boolean perItem) {
    return new PrivateLookup(op, table, name, true, CODE_SET_CAPACITY, 0, perItem);
  }

  /** Indexed by a public code list: no OKVS, no fingerprint, no equality test. */
  public boolean indexed() {
    return universe != null;
  }

  /** Keys one party places: the declared size of a table, {@link #CODE_SET_CAPACITY} for a code set. */
  public long capacity() {
    return codeSet ? CODE_SET_CAPACITY : declaredSize;
  }

  /** The OKVS's sparse positions: {@link #EXPANSION} per key plus 32, rounded up to a multiple of {@link #TERMS}. */
  public long positions() {
    return indexed() ? universe.size() + 1L : positions(capacity());
  }

  /** Sparse positions of an OKVS of {@code capacity} keys: {@link #EXPANSION} per key plus 32, rounded up to a multiple of {@link #TERMS}. */
  static long positions(long capacity) {
    return TERMS * (long) Math.ceil((EXPANSION * capacity + 32) / TERMS);
  }

  /** Keys looked up per row: the code; for a code set also its prefixes of 0..{@link #PREFIX_LIMIT} characters. */
  public int keysPerRow() {
    return codeSet ? 2 + PREFIX_LIMIT : 1;
  }

  /** Words per position (columns): the key's fingerprint, and for a table the value. */
  public int columns() {
    return codeSet || indexed() ? 1 : 2;
  }

  /** Words of the HE table: {@code (positions + DENSE) × columns}; indexed, a word per code and one for the default. */
  public long words() {
    return (positions() + (indexed() ? 0 : DENSE)) * columns();
  }

  /** HE lookups (packed words, each a sum of {@link #TERMS} entries) per row: one per key and column. */
  public long heLookupsPerRow() {
    return (long) keysPerRow() * columns();
  }

  /** HE lookups of a batch's dense part (once per batch, not per row): one per dense position and column. */
  public long denseLookups() {
    return indexed() ? 0 : (long) DENSE * columns();
  }

  /**
   * Bytes per row of a 1-out-of-N OT lookup: per key and term, every position's words masked, 8
   * bytes each; indexed, 1-out-of-(U + 1) of the value words.
   */
  public long otBytesPerRow() {
    return (long) keysPerRow() * (indexed() ? 1 : TERMS) * positions() * columns() * Long.BYTES;
  }

  /** The HE table ciphertexts of this lookup: ⌈words / 8192⌉. */
  public long heCiphertexts() {
    return (words() + 8191) / 8192;
  }

  /** The lookup, its layout and the HE and OT costs, for {@code check --plan}. */
  public String render() {
    return render(false);
  }

  /**
   * The same; {@code shared}: the lookup runs in a store shared with other tables ({@link
   * LookupStore}), so its own layout is shown for comparison, not run.
   */
  public String render(boolean shared) {
    double heBytes = heLookupsPerRow() * HE_REPLY_BYTES;
    long heSetup = heCiphertexts() * HE_CIPHERTEXT_BYTES;
    long ot = otBytesPerRow();
    double breakEven = (HE_KEY_BYTES + heSetup) / (ot - heBytes);
    String row = perItem ? "line item slot (one per item and 1/16 to as many more, public; at most K per claim)"
        : "claim";
    if (indexed()) {
      return String.format(Locale.ROOT, "%s (table indexed by the public code list %s, by %s): direct HE lookup at"
          + " the code's index (%d words: one per code, one for the default), %s: %d word per %s, about %.0f bytes and"
          + " %.1f ms of data-holder CPU per %s, no equality test, setup %d table ciphertext%s (%,d bytes) besides the"
          + " keys (%,d bytes, once per session); 1-out-of-%d OT (not built): %,d bytes per %s; HE takes fewer bytes"
          + " from %.0f rows on", name, universe.describe(), perItem ? "item.code" : "claim.diagnosis", positions(),
          shared ? "alone; the shared store below runs" : "run", heLookupsPerRow(), row, heBytes,
          heLookupsPerRow() * HE_HOLDER_MS, row, heCiphertexts(), heCiphertexts() == 1 ? "" : "s", heSetup,
          HE_KEY_BYTES, positions(), ot, row, Math.ceil(breakEven));
    }
    return String.format(Locale.ROOT, "%s (%s, by %s): linear OKVS of %d sparse positions (3 per key) and %d dense,"
        + " %d key%s per %s; HE lookup (%s): %d words per %s, about %.0f bytes and %.1f ms of data-holder CPU per %s,"
        + " setup %d table ciphertext%s (%,d bytes) besides the keys (%,d bytes, once per session); 1-out-of-N OT"
        + " (not built): %,d bytes per %s; HE takes fewer bytes from %.0f rows on", name,
        codeSet ? "code set, up to " + CODE_SET_CAPACITY + " elements, prefixes up to " + PREFIX_LIMIT + " characters"
            : "table, size " + declaredSize, perItem ? "item.code" : "claim.diagnosis", positions(), DENSE,
        keysPerRow(), keysPerRow() == 1 ? "" : "s", row, shared ? "alone; the shared store below runs" : "run",
        heLookupsPerRow(), row, heBytes,
        heLookupsPerRow() * HE_HOLDER_MS, row, heCiphertexts(), heCiphertexts() == 1 ? "" : "s", heSetup, HE_KEY_BYTES,
        ot, row, Math.ceil(breakEven));
  }

  @Override
  public String toString() {
    return render();
  }

  /** Lower-case name of the kind, for messages. */
  String kind() {
    return (codeSet ? "code set" : "table").toLowerCase(Locale.ROOT);
  }
}
