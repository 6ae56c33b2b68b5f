package org.cosettle.mpc.plan;

import java.util.Locale;

/**
 * One private table or private code set a plan looks up at claim level in handshake mode, with
 * the public layout both parties derive from the policy alone: the cuckoo bins it is hashed into,
 * the keys the data holder looks up per claim (its code; for a code set also the code's
 * prefixes), the bins it probes per claim and the words each bin holds. The HE route is the one
 * the engine runs; {@link #render} sets it beside a 1-out-of-N OT lookup by the cost model of
 * docs/protocol.md, "Private tables".
 *
 * <pre>{@code
 * PrivateLookup cap = PrivateLookup.table(7, 1, "diagnosis_cap", 5000, 5_000_000);
 * int probes = cap.probesPerClaim();   // 3: one per hash function
 * }</pre>
 */
public record PrivateLookup(int op, int table, String name, boolean codeSet, long declaredSize, long defaultValue) {
  /** Hash functions of the cuckoo table: three, so a load of one half leaves placement failures below 2^−38. */
  public static final int HASHES = 3;
  /** Fewest bins: 4,096 (at a load of at most one half, the failure bound holds from here on). */
  public static final int MIN_BINS = 4096;
  /**
   * Elements a private code set may hold in handshake mode, after its redundant elements are
   * dropped: the policy declares no size for a code set, so the bins are this public constant's.
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
  /** Measured data-holder CPU per HE lookup, milliseconds (one key switch). */
  public static final double HE_HOLDER_MS = 4.5;

  /** A private table {@code name} (number {@code table}) of the declared size and default. */
  public static PrivateLookup table(int op, int table, String name, long declaredSize, long defaultValue) {
    return new PrivateLookup(op, table, name, false, declaredSize, defaultValue);
  }

  /** A private code set {@code name} (number {@code table}). */
  public static PrivateLookup codeSet(int op, int table, String name) {
    return new PrivateLookup(op, table, name, true, CODE_SET_CAPACITY, 0);
  }

  /** Keys one party places: the declared size of a table, {@link #CODE_SET_CAPACITY} for a code set. */
  public long capacity() {
    return codeSet ? CODE_SET_CAPACITY : declaredSize;
  }

  /** The cuckoo bins: twice the capacity (a load of at most one half), at least {@link #MIN_BINS}. */
  public long bins() {
    return Math.max(MIN_BINS, 2 * capacity());
  }

  /** Keys looked up per claim: the code; for a code set also its prefixes of 0..{@link #PREFIX_LIMIT} characters. */
  public int keysPerClaim() {
    return codeSet ? 2 + PREFIX_LIMIT : 1;
  }

  /** Bins probed per claim: each key's {@link #HASHES} candidate bins. */
  public int probesPerClaim() {
    return HASHES * keysPerClaim();
  }

  /** Words per bin: the key's fingerprint, and for a table the value. */
  public int wordsPerBin() {
    return codeSet ? 1 : 2;
  }

  /** Words of the HE table: {@code bins × words per bin}. */
  public long words() {
    return bins() * wordsPerBin();
  }

  /** HE lookups (words) per claim. */
  public long heLookupsPerClaim() {
    return (long) probesPerClaim() * wordsPerBin();
  }

  /** Bytes per claim of a 1-out-of-N OT lookup: every bin's words masked, 8 bytes each, per probe. */
  public long otBytesPerClaim() {
    return (long) probesPerClaim() * words() * Long.BYTES;
  }

  /** The HE table ciphertexts of this lookup: ⌈words / 8192⌉. */
  public long heCiphertexts() {
    return (words() + 8191) / 8192;
  }

  /** The lookup, its layout and the HE and OT costs, for {@code check --plan}. */
  public String render() {
    double heBytes = heLookupsPerClaim() * HE_REPLY_BYTES;
    long heSetup = heCiphertexts() * HE_CIPHERTEXT_BYTES;
    long ot = otBytesPerClaim();
    double breakEven = (HE_KEY_BYTES + heSetup) / (ot - heBytes);
    return String.format(Locale.ROOT, "%s (%s): %d bins (3 hash functions), %d key%s and %d bins probed per claim;"
        + " HE lookup (run): %d words per claim, about %.0f bytes and %.0f ms of data-holder CPU per claim, setup %d"
        + " table ciphertext%s (%,d bytes) besides the keys (%,d bytes, once per session); 1-out-of-N OT (not built):"
        + " %,d bytes per claim; HE takes fewer bytes from %.0f claims on", name,
        codeSet ? "code set, up to " + CODE_SET_CAPACITY + " elements, prefixes up to " + PREFIX_LIMIT + " characters"
            : "table, size " + declaredSize, bins(), keysPerClaim(), keysPerClaim() == 1 ? "" : "s", probesPerClaim(),
        heLookupsPerClaim(), heBytes, heLookupsPerClaim() * HE_HOLDER_MS, heCiphertexts(), heCiphertexts() == 1 ? ""
            : "s", heSetup, HE_KEY_BYTES, ot, Math.ceil(breakEven));
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
