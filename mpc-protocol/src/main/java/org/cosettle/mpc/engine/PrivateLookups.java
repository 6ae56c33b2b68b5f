package org.cosettle.mpc.engine;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.LongArrayCodec;
import org.cosettle.crypto.he.lookup.HeLookupIndexHolder;
import org.cosettle.crypto.he.lookup.HeLookupOwner;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.LookupStore;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.PrivateLookup;
import org.cosettle.policy.CodeUniverse;
import org.cosettle.policy.PrivateValues;

/**
 * The private lookups of a batch (docs/protocol.md, "Private tables"), run once before its
 * slices: per claim for a lookup by {@code claim.diagnosis}, per item row (K per claim, the
 * padding rows looking up nothing) for one by {@code item.code}. The insurer draws a hash key per
 * store ({@link LookupStore}: a code set, a table, or the tables of one level together), encodes
 * its keys' fingerprints (and the tables' values) in a linear OKVS ({@link Okvs}), and sends the
 * hash keys and one HE lookup setup ({@link HeLookupOwner}) holding every OKVS; the data holder
 * decodes, for every row, every key of its code under encryption — per column the sum of the
 * key's three sparse positions and its dense ones, one packed word ({@link
 * HeLookupIndexHolder#lookUpSums}) — in replies of {@link #REPLY_LOOKUPS} lookups each. Both then
 * hold Z(2^64) shares of each decoded fingerprint and value, and the data holder knows the
 * fingerprint it looks for: the secure evaluator tests them for equality on shares (one test per
 * key, row and store) and selects each table's value or its default ({@link SecureEvaluator}).
 *
 * <p>A store of tables over a public code list ({@link LookupStore#indexed}) needs no OKVS: per
 * table a column of the values at the codes' indexes and the default, each row's word extracted at
 * its code's index, the shares the value itself (no fingerprint, no equality test).
 *
 * <p>The data holder learns the OKVS sizes, which the policy fixes, and nothing else (the setup
 * is encrypted under the insurer's key); the insurer learns the number of lookups, which the
 * batch size, the item bound K and the policy fix, and nothing of the codes (the reply is
 * re-randomised and noise-flooded).
 *
 * <p>It is a little longer than the project's usual 400 lines because it holds both parties' sides
 * of one exchange, whose layouts (stores, columns, rows and keys in reply order) must agree word
 * for word.
 */
final class PrivateLookups {
  /**
   * Lookups per reply message: two packed ciphertexts of them, packed on two cores at once, so a
   * reply costs what one batch would (18.9 bytes per lookup) and the insurer hears from the data
   * holder after each.
   */
  static final int REPLY_LOOKUPS = 2 * 8192;
  /**
   * How long the insurer waits for a reply: the data holder packs it for about 4.5 ms per lookup
   * and core (far longer on a busy machine), more than a channel's usual wait for its peer.
   */
  private static final long REPLY_WAIT_MILLIS = 60_000;
  private static final long REPLY_WAIT_MILLIS_PER_LOOKUP = 50;
  /** Bytes of the message of hash keys: one per lookup. */
  private static final long MAX_KEYS_BYTES = 1L << 16;
  /** Planted flaw for the view tests' positive control: the data holder hands its masks over, unmasking the reply. */
  private static volatile boolean plantedUnmaskedReply;

  static void plantUnmaskedReply(boolean planted) {
    plantedUnmaskedReply = planted;
  }

  /**
   * Planted flaw for the view tests' positive control: the data holder keeps each claim's items on
   * rows 0, 1, … and grows the slot count until those rows' slots are distinct, so the count
   * depends on which rows are real.
   */
  private static volatile boolean plantedIndexPlacement;

  static void plantIndexPlacement(boolean planted) {
    plantedIndexPlacement = planted;
  }

  private final List<LookupStore> stores;
  private final int itemBound;
  /** The slot count of the lookups per line item (0 without them or without items). */
  private final int slots;
  /** HE lookups of the batch's reply. */
  private final long replyWords;
  /** At the data holder, per claim (file order) the rows of its items ({@link ItemSlots#place}); null at the insurer. */
  private final int[][] placement;
  /** Per store, per row (file order) × key: shares of the decoded fingerprints. */
  private final long[][] fingerprints;
  /** The same for the decoded values, per store and table (none for a code set). */
  private final long[][][] values;
  /** The data holder's fingerprints looked for (its share; zeros at the insurer). */
  private final long[][] queries;

  private PrivateLookups(List<LookupStore> stores, int itemBound, int slots, long replyWords, int[][] placement,
      long[][] fingerprints, long[][][] values, long[][] queries) {
    this.stores = stores;
    this.itemBound = itemBound;
    this.slots = slots;
    this.replyWords = replyWords;
    this.placement = placement;
    this.fingerprints = fingerprints;
    this.values = values;
    this.queries = queries;
  }

  /**
   * The keys the insurer places for {@code lookup} from its values: {@code "=" + code} per table
   * entry; per code-set element {@code "=" + code} or {@code "*" + prefix}, leaving out each
   * element another one already covers, so at most one key matches any code.
   *
   * @throws IllegalArgumentException when a code set does not fit handshake mode (more elements
   *     than {@link PrivateLookup#CODE_SET_CAPACITY}, a prefix longer than {@link
   *     PrivateLookup#PREFIX_LIMIT}) or a table holds more entries than declared
   */
  static List<String> insurerKeys(PrivateLookup lookup, PrivateValues values) {
    int t = lookup.table();
    if (t >= values.tableCount() || values.isCodeSet(t) != lookup.codeSet()) {
      throw new IllegalArgumentException("no values for private " + (lookup.codeSet() ? "code set " : "table ")
          + lookup.name());
    }
    List<String> keys = new ArrayList<>();
    if (!lookup.codeSet()) {
      for (String code : values.tableEntries(t).keySet()) {
        if (lookup.indexed() && lookup.universe().indexOf(code) < 0) {
          throw new IllegalArgumentException("private table " + lookup.name() + " holds the code \"" + code
              + "\", which is not in the public code list " + lookup.universe().name() + " it is indexed by");
        }
        keys.add("=" + code);
      }
    } else {
      List<String> prefixes = new ArrayList<>();
      Set<String> exact = new LinkedHashSet<>();
      for (String element : values.codeSetElements(t)) {
        if (element.endsWith("*")) {
          prefixes.add(element.substring(0, element.length() - 1));
        } else {
          exact.add(element);
        }
      }
      prefixes.sort(Comparator.comparingInt(String::length));
      List<String> kept = new ArrayList<>();
      for (String p : prefixes) {
        if (p.length() > PrivateLookup.PREFIX_LIMIT) {
          throw new IllegalArgumentException("private code set " + lookup.name() + " has a prefix element of "
              + p.length() + " characters; handshake mode takes prefixes of up to " + PrivateLookup.PREFIX_LIMIT);
        }
        if (kept.stream().noneMatch(p::startsWith)) {
          kept.add(p);
          keys.add("*" + p);
        }
      }
      for (String e : exact) {
        if (kept.stream().noneMatch(e::startsWith)) {
          keys.add("=" + e);
        }
      }
    }
    if (keys.size() > lookup.capacity()) {
      throw new IllegalArgumentException("private " + (lookup.codeSet() ? "code set " : "table ") + lookup.name()
          + " has " + keys.size() + (lookup.codeSet() ? " elements (after those another covers are left out);"
              + " handshake mode takes up to " : " entries, more than its declared size ") + lookup.capacity());
    }
    return keys;
  }

  /** The keys the data holder looks up for {@code code}: the code, then its prefixes of 0..limit characters (null: none). */
  static String[] holderKeys(PrivateLookup lookup, String code) {
    String[] keys = new String[lookup.keysPerRow()];
    keys[0] = code == null ? null : "=" + code;
    for (int k = 0; k + 1 < keys.length; k++) {
      keys[k + 1] = code != null && k <= code.length() ? "*" + code.substring(0, k) : null;
    }
    return keys;
  }

  /** Checks, before the session, that the insurer's {@code values} fit the plan's lookups (see {@link #insurerKeys}). */
  static void check(Plan plan, PrivateValues values) {
    for (PrivateLookup l : plan.lookups()) {
      insurerKeys(l, values);
    }
  }

  /** No lookups: a plan without private tables, or an empty batch (no shares for any of its lookups). */
  static PrivateLookups none(Plan plan) {
    List<LookupStore> stores = plan.stores();
    int n = stores.size();
    long[][] empty = new long[n][0];
    long[][][] values = new long[n][][];
    for (int s = 0; s < n; s++) {
      values[s] = new long[stores.get(s).columns() - 1][0];
    }
    return new PrivateLookups(stores, 0, 0, 0, null, empty, values, empty);
  }

  /** Rows of {@code store} in a batch of {@code claims} with item bound {@code itemBound}. */
  static long rows(LookupStore store, int claims, int itemBound) {
    return store.perItem() ? (long) claims * itemBound : claims;
  }

  /** Rows of {@code store} the reply holds: one per claim, or one per slot ({@code slots}) for a lookup per item. */
  private static int replyRows(LookupStore store, int claims, int slots) {
    return store.perItem() ? slots : claims;
  }

  /** Whether the plan looks up a store per line item, so the data holder sends a slot count. */
  private static boolean perItem(List<LookupStore> stores) {
    return stores.stream().anyMatch(LookupStore::perItem);
  }

  /**
   * The keys the insurer places in {@code store}: its members' ({@link #insurerKeys}), each once;
   * a table's capacity is checked against its own keys.
   */
  static List<String> storeKeys(LookupStore store, PrivateValues values) {
    Set<String> keys = new LinkedHashSet<>();
    for (PrivateLookup member : store.members()) {
      keys.addAll(insurerKeys(member, values));
    }
    return List.copyOf(keys);
  }

  /** The insurer's side for a batch of {@code claims} with item bound {@code itemBound}. */
  static PrivateLookups insurer(Plan plan, Channel channel, PrivateValues values, int claims, int itemBound, Prg prg,
      HeLookupParameters parameters, SessionHeKeys heKeys) {
    if (plan.lookups().isEmpty() || claims == 0) {
      return none(plan);
    }
    List<LookupStore> lookups = plan.stores();
    byte[] digests = universeDigests(lookups);
    // per store a hash key (drawn also for a store indexed by a public code list: it seeds the slot
    // function), then the SHA-256 of each public code list, which the data holder checks against its own
    byte[] hashKeys = new byte[lookups.size() * Okvs.KEY_BYTES + digests.length];
    System.arraycopy(digests, 0, hashKeys, lookups.size() * Okvs.KEY_BYTES, digests.length);
    long total = lookups.stream().mapToLong(LookupStore::words).sum();
    long[] words = new long[Math.toIntExact(total)];
    int base = 0;
    for (int l = 0; l < lookups.size(); l++) {
      LookupStore lookup = lookups.get(l);
      if (lookup.indexed()) {
        System.arraycopy(prg.nextBytes(Okvs.KEY_BYTES), 0, hashKeys, l * Okvs.KEY_BYTES, Okvs.KEY_BYTES);
        base = indexedWords(lookup, values, words, base);
        continue;
      }
      List<String> keys = storeKeys(lookup, values);
      long[][] columns = new long[lookup.columns()][keys.size()];
      for (int c = 1; c < lookup.columns(); c++) {
        PrivateLookup table = lookup.members().get(c - 1);
        Map<String, Long> entries = values.tableEntries(table.table());
        for (int k = 0; k < keys.size(); k++) {
          // a code of another table of the store: this table's default
          columns[c][k] = entries.getOrDefault(keys.get(k).substring(1), table.defaultValue());
        }
      }
      long[][] store = null;
      byte[] key = null;
      while (store == null) { // a new hash key after a failed encoding (probability below 2^−40)
        key = prg.nextBytes(Okvs.KEY_BYTES);
        Okvs okvs = Okvs.of(key, lookup.positions());
        for (int k = 0; k < keys.size(); k++) {
          columns[0][k] = okvs.hash(keys.get(k))[0];
        }
        store = okvs.encode(keys, columns, prg);
      }
      System.arraycopy(key, 0, hashKeys, l * Okvs.KEY_BYTES, Okvs.KEY_BYTES);
      for (long[] column : store) {
        System.arraycopy(column, 0, words, base, column.length);
        base += column.length;
      }
    }
    channel.send(hashKeys);
    // kept keys: the table alone (the keys went once, or the peer has them cached); else fresh keys with it
    HeLookupOwner owner = heKeys.kept(Party.INSURER)
        ? HeLookupOwner.open(parameters, channel, words, heKeys.ownKeys(), prg)
        : HeLookupOwner.open(parameters, channel, words, prg);
    int slots = 0;
    int[][] slotsOf = null;
    if (perItem(lookups)) {
      long[] count = LongArrayCodec.INSTANCE.decode(channel.receive(Long.BYTES + 16L));
      long full = (long) claims * itemBound;
      if (count.length != 1 || count[0] < 0 || count[0] > full || count[0] > 0 && count[0] < itemBound) {
        throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "the data holder sent a slot count outside"
            + " [" + itemBound + ", " + full + "]");
      }
      slots = (int) count[0];
      slotsOf = slots == 0 ? null : ItemSlots.slotsOf(ItemSlots.seed(hashKeys), claims, itemBound, slots);
    }
    long[] shares = new long[Math.toIntExact(replyCount(lookups, claims, slots))];
    for (int from = 0; from < shares.length; from += REPLY_LOOKUPS) {
      int count = Math.min(REPLY_LOOKUPS, shares.length - from);
      long[] part = owner.receiveBatch(Duration.ofMillis(REPLY_WAIT_MILLIS + REPLY_WAIT_MILLIS_PER_LOOKUP * count));
      if (part.length != count) {
        throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "a lookup reply holds " + part.length
            + " words for " + count);
      }
      System.arraycopy(part, 0, shares, from, count);
    }
    if (plantedUnmaskedReply) {
      long[] masks = LongArrayCodec.INSTANCE.decode(channel.receive());
      for (int i = 0; i < shares.length; i++) {
        shares[i] += masks[i];
      }
    }
    return split(lookups, itemBound, slots, slotsOf, null, shares, claims, new long[lookups.size()][], prg);
  }

  /**
   * The data holder's side, with its claims in file order and the batch's item bound: a claim's
   * code for a lookup per claim, its items' codes (then K − items padding rows) for one per item.
   */
  static PrivateLookups dataHolder(Plan plan, Channel channel, List<Claim> claims, int itemBound, Prg prg,
      HeLookupParameters parameters, SessionHeKeys heKeys) {
    int claimCount = claims.size();
    if (plan.lookups().isEmpty() || claimCount == 0) {
      return none(plan);
    }
    List<LookupStore> lookups = plan.stores();
    byte[] hashKeys = channel.receive(MAX_KEYS_BYTES);
    byte[] digests = universeDigests(lookups);
    if (hashKeys.length != lookups.size() * Okvs.KEY_BYTES + digests.length) {
      throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "expected " + lookups.size()
          + " hash keys and " + digests.length / 32 + " code list digests, got " + hashKeys.length + " bytes");
    }
    checkUniverses(lookups, Arrays.copyOfRange(hashKeys, lookups.size() * Okvs.KEY_BYTES, hashKeys.length));
    HeLookupIndexHolder holder = heKeys.kept(Party.INSURER)
        ? HeLookupIndexHolder.open(parameters, channel, heKeys.peerKeys())
        : HeLookupIndexHolder.open(parameters, channel);
    long expected = lookups.stream().mapToLong(LookupStore::words).sum();
    if (holder.entries() != expected) {
      throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "the insurer's lookup table holds "
          + holder.entries() + " words, the plan " + expected);
    }
    int slots = 0;
    int[][] slotsOf = null;
    int[][] placement = null;
    // per slot of the lookups per item: the code its item looks up (null: a slot no item takes)
    String[] slotCodes = new String[0];
    if (perItem(lookups)) {
      int[] items = new int[claimCount];
      for (int c = 0; c < claimCount; c++) {
        items[c] = claims.get(c).items().size();
      }
      // chosen from the item counts alone, before the slot function (drawn from the hash keys) is used
      slots = plantedIndexPlacement ? indexSlots(items, itemBound, ItemSlots.seed(hashKeys))
          : ItemSlots.count(items, itemBound);
      channel.send(LongArrayCodec.INSTANCE.encode(new long[] {slots}));
      if (slots > 0) {
        slotsOf = ItemSlots.slotsOf(ItemSlots.seed(hashKeys), claimCount, itemBound, slots);
        placement = plantedIndexPlacement ? indexRows(items) : ItemSlots.place(slotsOf, items, slots);
      } else {
        placement = new int[claimCount][0];
      }
      slotCodes = new String[slots];
      for (int c = 0; c < claimCount; c++) {
        for (int i = 0; i < placement[c].length; i++) {
          slotCodes[slotsOf[c][placement[c][i]]] = claims.get(c).itemCode(i);
        }
      }
    }
    int count = Math.toIntExact(replyCount(lookups, claimCount, slots));
    // per HE word, in reply order (lookup, column, row, key): where its column starts and its key's hash
    int[] columnStart = new int[count];
    long[][] wordHash = new long[count][];
    int at = 0;
    long[][] queries = new long[lookups.size()][];
    int base = 0;
    for (int l = 0; l < lookups.size(); l++) {
      LookupStore lookup = lookups.get(l);
      if (lookup.indexed()) {
        String[] itemCodes = slotCodes;
        at = indexedWords(lookup, replyRows(lookup, claimCount, slots), r -> lookup.perItem() ? itemCodes[r]
            : claims.get(r).diagnosis(), base, columnStart, at);
        base += (int) lookup.words();
        continue;
      }
      Okvs okvs = Okvs.of(Arrays.copyOfRange(hashKeys, l * Okvs.KEY_BYTES, (l + 1) * Okvs.KEY_BYTES),
          lookup.positions());
      int keysPerRow = lookup.keysPerRow();
      int rows = replyRows(lookup, claimCount, slots);
      long[] q = new long[rows * keysPerRow];
      long[][] hashes = new long[q.length][];
      for (int r = 0; r < rows; r++) {
        String[] keys = holderKeys(lookup.first(), lookup.perItem() ? slotCodes[r] : claims.get(r).diagnosis());
        for (int k = 0; k < keysPerRow; k++) {
          // no key (a padding row, no code, a prefix longer than the code): a random key's positions
          // and a fingerprint that matches nothing (but by 2^−64)
          hashes[r * keysPerRow + k] = okvs.hash(keys[k] == null ? "?" + prg.nextLong() : keys[k]);
          q[r * keysPerRow + k] = keys[k] == null ? prg.nextLong() : hashes[r * keysPerRow + k][0];
        }
      }
      queries[l] = q;
      int stride = (int) (lookup.positions() + Okvs.DENSE);
      for (int c = 0; c < lookup.columns(); c++) {
        for (long[] h : hashes) {
          columnStart[at] = base + c * stride;
          wordHash[at++] = h;
        }
      }
      base += (int) lookup.words();
    }
    long[] shares = new long[count];
    for (int from = 0; from < count; from += REPLY_LOOKUPS) {
      int end = Math.min(count, from + REPLY_LOOKUPS);
      System.arraycopy(replyOf(holder, lookups, columnStart, wordHash, from, end, prg), 0, shares, from, end - from);
    }
    if (plantedUnmaskedReply) {
      channel.send(LongArrayCodec.INSTANCE.encode(shares));
    }
    return split(lookups, itemBound, slots, slotsOf, placement, shares, claimCount, queries, prg);
  }

  /**
   * The insurer's HE words of {@code store}, indexed by a public code list, from word {@code base}
   * of {@code words}: per table (column) its value at each code's index, then the default at
   * index U for a code outside the list. Returns the next free word.
   */
  private static int indexedWords(LookupStore store, PrivateValues values, long[] words, int base) {
    List<String> codes = store.first().universe().codes();
    for (PrivateLookup table : store.members()) {
      insurerKeys(table, values); // every entry's code in the list, at most its size
      Map<String, Long> entries = values.tableEntries(table.table());
      for (int i = 0; i < codes.size(); i++) {
        words[base + i] = entries.getOrDefault(codes.get(i), table.defaultValue());
      }
      words[base + codes.size()] = table.defaultValue();
      base += codes.size() + 1;
    }
    return base;
  }

  /**
   * The data holder's HE words of {@code store}, indexed by a public code list, in reply order
   * (column, row) from word {@code at}: each row's word is the one at its code's index in the
   * column, or at the default position U for a code outside the list, a slot no item takes or a
   * claim without a code. Returns the next word.
   */
  private static int indexedWords(LookupStore store, int rows, IntFunction<String> codeOfRow,
      int base, int[] columnStart, int at) {
    CodeUniverse universe = store.first().universe();
    int[] index = new int[rows];
    for (int r = 0; r < rows; r++) {
      int i = universe.indexOf(codeOfRow.apply(r));
      index[r] = i < 0 ? universe.size() : i;
    }
    int stride = universe.size() + 1;
    for (int c = 0; c < store.columns(); c++) {
      for (int r = 0; r < rows; r++) {
        columnStart[at++] = base + c * stride + index[r];
      }
    }
    return at;
  }

  /** The SHA-256 of the public code list of each store indexed by one, in store order (32 bytes each). */
  private static byte[] universeDigests(List<LookupStore> stores) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (LookupStore store : stores) {
      if (store.indexed()) {
        out.writeBytes(HexFormat.of().parseHex(store.first().universe().sha256()));
      }
    }
    return out.toByteArray();
  }

  /**
   * At the data holder, before any lookup: the insurer's code lists must be the ones this party's
   * policy binds (the policy digest agreed on covers them; this names the list that differs).
   */
  private static void checkUniverses(List<LookupStore> stores, byte[] received) {
    int at = 0;
    for (LookupStore store : stores) {
      if (store.indexed()) {
        String theirs = HexFormat.of().formatHex(received, at, at + 32);
        String ours = store.first().universe().sha256();
        if (!theirs.equals(ours)) {
          throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "the insurer's public code list "
              + store.first().universe().name() + " has SHA-256 " + theirs + ", this party's " + ours
              + ": the parties hold different lists");
        }
        at += 32;
      }
    }
  }

  /** The planted flaw's slot count: the least from N up at which rows 0, 1, … of every claim have distinct slots. */
  private static int indexSlots(int[] items, int itemBound, byte[] seed) {
    int total = Arrays.stream(items).sum();
    int full = items.length * itemBound;
    for (int slots = Math.max(total, itemBound); total > 0 && slots < full; slots++) {
      int[][] slotsOf = ItemSlots.slotsOf(seed, items.length, itemBound, slots);
      Set<Integer> taken = new java.util.HashSet<>();
      boolean distinct = true;
      for (int c = 0; c < items.length && distinct; c++) {
        for (int i = 0; i < items[c] && distinct; i++) {
          distinct = taken.add(slotsOf[c][i]);
        }
      }
      if (distinct) {
        return slots;
      }
    }
    return total == 0 ? 0 : full;
  }

  private static int[][] indexRows(int[] items) {
    int[][] rows = new int[items.length][];
    for (int c = 0; c < items.length; c++) {
      rows[c] = java.util.stream.IntStream.range(0, items[c]).toArray();
    }
    return rows;
  }

  /**
   * Looks up HE words {@code from} to {@code end} (one reply): per word the sum of its key's three
   * sparse entries and the dense entries its dense vector picks, in its column.
   */
  private static long[] replyOf(HeLookupIndexHolder holder, List<LookupStore> lookups, int[] columnStart,
      long[][] wordHash, int from, int end, Prg prg) {
    int[] starts = new int[end - from + 1];
    for (int j = from; j < end; j++) {
      starts[j - from + 1] = starts[j - from]
          + (wordHash[j] == null ? 1 : Okvs.TERMS + Long.bitCount(wordHash[j][1 + Okvs.TERMS]));
    }
    int[] indices = new int[starts[end - from]];
    int terms = 0;
    for (int j = from; j < end; j++) {
      long[] h = wordHash[j];
      if (h == null) { // a store indexed by a public code list: the word at the code's index itself
        indices[terms++] = columnStart[j];
        continue;
      }
      for (int i = 1; i <= Okvs.TERMS; i++) {
        indices[terms++] = columnStart[j] + (int) h[i];
      }
      int dense = columnStart[j] + sparsePositions(lookups, columnStart[j]);
      for (int d = 0; d < Okvs.DENSE; d++) {
        if (((h[1 + Okvs.TERMS] >>> d) & 1) != 0) {
          indices[terms++] = dense + d;
        }
      }
    }
    return holder.lookUpSums(indices, starts, prg);
  }

  /** The sparse positions of the lookup whose column starts at HE word {@code columnStart}. */
  private static int sparsePositions(List<LookupStore> lookups, int columnStart) {
    int base = 0;
    for (LookupStore lookup : lookups) {
      if (columnStart < base + lookup.words()) {
        return (int) lookup.positions();
      }
      base += (int) lookup.words();
    }
    throw new IllegalArgumentException("no lookup holds word " + columnStart);
  }

  /**
   * HE lookups of a batch of {@code claims} with item bound {@code itemBound} on padded rows: per
   * store, rows × keys per row × columns; the most a batch's reply holds (its slot count for the
   * lookups per item is at most K per claim).
   */
  static long lookupCount(Plan plan, int claims, int itemBound) {
    return plan.stores().stream().mapToLong(l -> l.heLookupsPerRow() * rows(l, claims, itemBound)).sum();
  }

  /** HE lookups of the reply: per store, its reply rows (claims, or slots) × keys per row × columns. */
  private static long replyCount(List<LookupStore> stores, int claims, int slots) {
    return stores.stream().mapToLong(l -> l.heLookupsPerRow() * replyRows(l, claims, slots)).sum();
  }

  /** The HE lookups this batch's reply held. */
  long heLookups() {
    return replyWords;
  }

  /** The slot count of the lookups per line item: the reply's rows for them (0: none). */
  int slots() {
    return slots;
  }

  /** At the data holder, per claim (file order) the rows of its items in increasing order; null when they lie on rows 0, 1, … */
  int[][] placement() {
    return placement;
  }

  /**
   * Cuts the reply's shares into stores and columns; a lookup per item's, one per slot, go to the
   * padded rows: the insurer's share of row k of claim j is its slot's ({@code slotsOf[j][k]}), the
   * data holder's the same on a row its placement puts an item on and a random word on every other
   * row (so a padding row decodes a random fingerprint, which matches nothing but by 2^−64).
   */
  private static PrivateLookups split(List<LookupStore> lookups, int itemBound, int slots, int[][] slotsOf,
      int[][] placement, long[] shares, int claims, long[][] queries, Prg prg) {
    long[][] fingerprints = new long[lookups.size()][];
    long[][][] values = new long[lookups.size()][][];
    boolean[] real = null;
    if (placement != null) {
      real = new boolean[claims * itemBound];
      for (int j = 0; j < claims; j++) {
        for (int row : placement[j]) {
          real[j * itemBound + row] = true;
        }
      }
    }
    boolean holder = placement != null || queries[0] != null;
    int at = 0;
    for (int l = 0; l < lookups.size(); l++) {
      LookupStore lookup = lookups.get(l);
      int keys = lookup.keysPerRow();
      int count = replyRows(lookup, claims, slots) * keys;
      long[][] columns = new long[lookup.columns()][];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = Arrays.copyOfRange(shares, at, at + count);
        at += count;
      }
      long[] q = queries[l];
      if (lookup.perItem()) {
        for (int c = 0; c < columns.length; c++) {
          // indexed: every row takes its slot's word at both parties, so a padding row holds the value
          // some item or the default position decodes, in the table's range (a sum masks it)
          columns[c] = toRows(columns[c], keys, claims, itemBound, slotsOf, real,
              holder && !lookup.indexed() ? prg : null);
        }
        q = q == null ? null : toRows(q, keys, claims, itemBound, slotsOf, real, prg);
      }
      int fingerprintColumns = lookup.indexed() ? 0 : 1;
      fingerprints[l] = lookup.indexed() ? new long[0] : columns[0];
      values[l] = Arrays.copyOfRange(columns, fingerprintColumns, columns.length);
      queries[l] = q == null ? new long[fingerprints[l].length] : q;
    }
    return new PrivateLookups(lookups, itemBound, slots, shares.length, placement, fingerprints, values, queries);
  }

  /**
   * A lookup per item's words per slot × key laid out per padded row × key: the slot's words on a
   * row of the placement ({@code real}; every row at the insurer, {@code prg} null there), random
   * words elsewhere.
   */
  private static long[] toRows(long[] perSlot, int keys, int claims, int itemBound, int[][] slotsOf, boolean[] real,
      Prg prg) {
    long[] out = new long[claims * itemBound * keys];
    for (int row = 0; row < claims * itemBound; row++) {
      boolean taken = slotsOf != null && (prg == null || real[row]);
      for (int k = 0; k < keys; k++) {
        out[row * keys + k] = taken ? perSlot[slotsOf[row / itemBound][row % itemBound] * keys + k]
            : prg == null ? 0 : prg.nextLong();
      }
    }
    return out;
  }

  /** The index of the store holding table or code set {@code lookup}. */
  private int index(PrivateLookup lookup) {
    for (int l = 0; l < stores.size(); l++) {
      if (stores.get(l).members().contains(lookup)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no lookup of " + lookup.name());
  }

  /** Per row of {@code claims} (file indexes; K rows each for a lookup per item) × key: shares of the decoded fingerprints. */
  long[] fingerprints(PrivateLookup lookup, int[] claims) {
    return gather(fingerprints[index(lookup)], claims, lookup);
  }

  /** The same for the decoded values (a table only). */
  long[] values(PrivateLookup lookup, int[] claims) {
    int s = index(lookup);
    return gather(values[s][stores.get(s).members().indexOf(lookup)], claims, lookup);
  }

  /** The same for the fingerprints looked for: the data holder's, 0 at the insurer. */
  long[] queries(PrivateLookup lookup, int[] claims) {
    return gather(queries[index(lookup)], claims, lookup);
  }

  private long[] gather(long[] all, int[] claims, PrivateLookup lookup) {
    int perClaim = lookup.keysPerRow() * (lookup.perItem() ? itemBound : 1);
    long[] out = new long[claims.length * perClaim];
    for (int j = 0; j < claims.length; j++) {
      System.arraycopy(all, claims[j] * perClaim, out, j * perClaim, perClaim);
    }
    return out;
  }
}
