package org.cosettle.mpc.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One linear OKVS of a batch's private lookups and the HE words it decodes per row: a code set
 * alone, a private table alone, or every private table a plan looks up at one level (per claim,
 * per line item) in one <em>shared store</em>, keyed by the codes of all of them, with one
 * fingerprint column and one value column per table. A row then decodes one fingerprint for all
 * the tables instead of one each (3 words per row for two tables instead of 4), a code absent from
 * one table but present in another holding that table's default. The shared store holds the
 * tables' declared sizes together, so its setup (once per session) is larger, which a batch's
 * replies repay from a few thousand rows on ({@link #renderSharing}); one equality test per row and
 * key serves all the tables (docs/protocol.md, "Private tables").
 *
 * <pre>{@code
 * List<LookupStore> stores = plan.stores();
 * long words = stores.get(0).heLookupsPerRow();   // 3 for drug_ratio and drug_cap by item.code
 * }</pre>
 */
public record LookupStore(List<PrivateLookup> members) {
  /** A store of {@code members}: one code set, or tables of one level. */
  public LookupStore {
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a store holds at least one table or code set");
    }
    PrivateLookup first = members.get(0);
    if (members.size() > 1 && members.stream().anyMatch(m -> m.codeSet() || m.perItem() != first.perItem()
        || m.universe() != first.universe())) {
      throw new IllegalArgumentException("only private tables of one level and one public code list (or none) share"
          + " a store: " + members);
    }
  }

  /**
   * The stores of a plan's lookups: per level, its tables in one shared store when the HE table
   * still holds every store ({@link PrivateLookup#MAX_WORDS}, which the planner checks with one
   * store each), else one store each; every code set alone. In the order of the lookups' first
   * member. The plan alone fixes them, so both parties lay the stores out alike and {@code check
   * --plan} shows them.
   */
  public static List<LookupStore> of(List<PrivateLookup> lookups) {
    List<LookupStore> stores = new ArrayList<>();
    long words = lookups.stream().mapToLong(PrivateLookup::words).sum();
    for (PrivateLookup l : lookups) {
      if (l.codeSet()) {
        stores.add(new LookupStore(List.of(l)));
        continue;
      }
      if (stores.stream().anyMatch(s -> s.members().contains(l))) {
        continue;
      }
      List<PrivateLookup> tables = lookups.stream()
          .filter(m -> !m.codeSet() && m.perItem() == l.perItem() && m.universe() == l.universe()).toList();
      long extraWords = tables.size() < 2 ? 0
          : new LookupStore(tables).words() - tables.stream().mapToLong(PrivateLookup::words).sum();
      if (tables.size() > 1 && words + extraWords <= PrivateLookup.MAX_WORDS) {
        words += extraWords;
        stores.add(new LookupStore(tables));
      } else {
        stores.add(new LookupStore(List.of(l)));
      }
    }
    return List.copyOf(stores);
  }

  /** The lookup of one member, the first. */
  public PrivateLookup first() {
    return members.get(0);
  }

  /** A code set's store (one member). */
  public boolean codeSet() {
    return first().codeSet();
  }

  /** Looked up per line item row. */
  public boolean perItem() {
    return first().perItem();
  }

  /** Keys the insurer may place: the members' capacities together (their codes may all differ). */
  public long capacity() {
    return members.stream().mapToLong(PrivateLookup::capacity).sum();
  }

  /**
   * The OKVS's sparse positions: {@link PrivateLookup#EXPANSION} per key plus 32, rounded up to a
   * multiple of 3; indexed by a public code list, one per code and one for the default.
   */
  public long positions() {
    return indexed() ? first().positions() : PrivateLookup.positions(capacity());
  }

  /** Indexed by a public code list: a word per code and column, looked up directly, no fingerprint. */
  public boolean indexed() {
    return first().indexed();
  }

  /** Keys looked up per row (the members'). */
  public int keysPerRow() {
    return first().keysPerRow();
  }

  /** Words per position: the fingerprint, then one value per table; indexed, the values alone. */
  public int columns() {
    return codeSet() ? 1 : (indexed() ? 0 : 1) + members.size();
  }

  /** The value column of table {@code lookup}. */
  public int column(PrivateLookup lookup) {
    int i = members.indexOf(lookup);
    if (i < 0 || codeSet()) {
      throw new IllegalArgumentException("no value column of " + lookup.name() + " in this store");
    }
    return (indexed() ? 0 : 1) + i;
  }

  /** Words of the HE table: {@code (positions + DENSE) × columns} (indexed: {@code positions × columns}). */
  public long words() {
    return (positions() + (indexed() ? 0 : PrivateLookup.DENSE)) * columns();
  }

  /** HE lookups (packed words) per row: one per key and column. */
  public long heLookupsPerRow() {
    return (long) keysPerRow() * columns();
  }

  /** The HE table ciphertexts: ⌈words / 8192⌉. */
  public long heCiphertexts() {
    return (words() + 8191) / 8192;
  }

  /** Member names joined by " and ", for messages. */
  public String names() {
    return String.join(" and ", members.stream().map(PrivateLookup::name).toList());
  }

  /**
   * For {@code check --plan}: the shared store of {@code tables} (two or more of one level) beside
   * separate ones, and the rows from which it takes fewer bytes.
   */
  public static String renderSharing(List<PrivateLookup> tables) {
    LookupStore shared = new LookupStore(tables);
    if (shared.indexed()) {
      return String.format(Locale.ROOT, "%s share one store over the public code list %s: %d words per %s (one per"
          + " table, no fingerprint, no equality test), setup %d table ciphertexts", shared.names(),
          shared.first().universe().name(), shared.heLookupsPerRow(), shared.perItem() ? "line item slot" : "claim",
          shared.heCiphertexts());
    }
    double setupExtra = (shared.heCiphertexts()
        - tables.stream().mapToLong(t -> new LookupStore(List.of(t)).heCiphertexts()).sum())
        * (double) PrivateLookup.HE_CIPHERTEXT_BYTES;
    long separateWords = tables.stream().mapToLong(t -> new LookupStore(List.of(t)).heLookupsPerRow()).sum();
    double savedPerRow = (separateWords - shared.heLookupsPerRow()) * PrivateLookup.HE_REPLY_BYTES;
    String row = shared.perItem() ? "line item slot" : "claim";
    return String.format(Locale.ROOT, "%s share one store: one fingerprint and one equality test for all, %d words"
        + " per %s instead of %d, setup %d table ciphertexts instead of %d; fewer bytes in all from %,.0f %ss on",
        shared.names(), shared.heLookupsPerRow(), row, separateWords, shared.heCiphertexts(),
        tables.stream().mapToLong(t -> new LookupStore(List.of(t)).heCiphertexts()).sum(),
        Math.max(1, Math.floor(setupExtra / savedPerRow) + 1), row);
  }
}
