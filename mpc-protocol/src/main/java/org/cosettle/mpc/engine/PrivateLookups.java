package org.cosettle.mpc.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.he.lookup.HeLookupIndexHolder;
import org.cosettle.crypto.he.lookup.HeLookupOwner;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.PrivateLookup;
import org.cosettle.policy.PrivateValues;

/**
 * The claim-level private lookups of a batch (docs/protocol.md, "Private tables"), run once before
 * its slices. The insurer draws a hash key per table or code set, places its keys in cuckoo bins
 * ({@link CuckooBins}), fills the empty bins with random fingerprints, and sends the hash keys and
 * one HE lookup setup ({@link HeLookupOwner}) holding every bin's fingerprint (and a table's
 * value); the data holder looks up, for every claim, every candidate bin of every key of its code,
 * in replies of {@link #REPLY_LOOKUPS} lookups each ({@link HeLookupIndexHolder}). Both then hold
 * Z(2^64) shares of each probed bin's fingerprint and value, and the data holder knows the
 * fingerprint it looks for: the secure evaluator tests them for equality on shares and sums the
 * matches ({@link SecureEvaluator}).
 *
 * <p>The data holder learns the bin counts, which the policy fixes, and nothing else (the setup
 * is encrypted under the insurer's key); the insurer learns the number of lookups, which the
 * batch size and the policy fix, and nothing of the codes (the reply is re-randomised and
 * noise-flooded).
 */
final class PrivateLookups {
  /**
   * Lookups per reply message: one packed ciphertext of them, so a reply costs what one batch
   * would (18.9 bytes per lookup) and the insurer hears from the data holder after each.
   */
  static final int REPLY_LOOKUPS = 8192;
  /**
   * How long the insurer waits for a reply: the data holder packs it for about 4.5 ms per lookup
   * (far longer on a busy machine), more than a channel's usual wait for its peer.
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

  private final Plan plan;
  /** Per lookup (plan order), per claim (file order) × probe: shares of the probed bins' fingerprints. */
  private final long[][] fingerprints;
  /** The same for the bins' values (null for a code set). */
  private final long[][] values;
  /** The data holder's fingerprints looked for (its share; zeros at the insurer). */
  private final long[][] queries;

  private PrivateLookups(Plan plan, long[][] fingerprints, long[][] values, long[][] queries) {
    this.plan = plan;
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
    String[] keys = new String[lookup.keysPerClaim()];
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
    int n = plan.lookups().size();
    long[][] empty = new long[n][0];
    return new PrivateLookups(plan, empty, empty, empty);
  }

  /** The insurer's side for a batch of {@code claims}. */
  static PrivateLookups insurer(Plan plan, Channel channel, PrivateValues values, int claims, Prg prg,
      HeLookupParameters parameters, SessionHeKeys heKeys) {
    List<PrivateLookup> lookups = plan.lookups();
    if (lookups.isEmpty() || claims == 0) {
      return none(plan);
    }
    byte[] hashKeys = new byte[lookups.size() * CuckooBins.KEY_BYTES];
    long total = lookups.stream().mapToLong(PrivateLookup::words).sum();
    long[] words = new long[Math.toIntExact(total)];
    int base = 0;
    for (int l = 0; l < lookups.size(); l++) {
      PrivateLookup lookup = lookups.get(l);
      List<String> keys = insurerKeys(lookup, values);
      int[] owner = null;
      byte[] key = null;
      while (owner == null) { // a new hash key after a failed placement (probability below 2^−38)
        key = prg.nextBytes(CuckooBins.KEY_BYTES);
        owner = new CuckooBins(key, lookup.bins()).place(keys, prg);
      }
      System.arraycopy(key, 0, hashKeys, l * CuckooBins.KEY_BYTES, CuckooBins.KEY_BYTES);
      CuckooBins bins = new CuckooBins(key, lookup.bins());
      int n = (int) lookup.bins();
      Map<String, Long> entries = values.tableEntries(lookup.table());
      for (int b = 0; b < n; b++) {
        if (owner[b] < 0) {
          words[base + b] = prg.nextLong(); // a random key's fingerprint; its value the default
          if (!lookup.codeSet()) {
            words[base + n + b] = lookup.defaultValue();
          }
        } else {
          String k = keys.get(owner[b]);
          words[base + b] = bins.hash(k)[0];
          if (!lookup.codeSet()) {
            words[base + n + b] = entries.get(k.substring(1));
          }
        }
      }
      base += (int) lookup.words();
    }
    channel.send(hashKeys);
    // kept keys: the table alone (the keys went once, or the peer has them cached); else fresh keys with it
    HeLookupOwner owner = heKeys.kept(Party.INSURER)
        ? HeLookupOwner.open(parameters, channel, words, heKeys.ownKeys(), prg)
        : HeLookupOwner.open(parameters, channel, words, prg);
    long[] shares = new long[Math.toIntExact(lookupCount(lookups, claims))];
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
      long[] masks = org.cosettle.crypto.channel.LongArrayCodec.INSTANCE.decode(channel.receive());
      for (int i = 0; i < shares.length; i++) {
        shares[i] += masks[i];
      }
    }
    return split(plan, shares, claims, new long[lookups.size()][]);
  }

  /** The data holder's side, with its claims' codes in file order. */
  static PrivateLookups dataHolder(Plan plan, Channel channel, List<String> codes, Prg prg,
      HeLookupParameters parameters, SessionHeKeys heKeys) {
    List<PrivateLookup> lookups = plan.lookups();
    int claims = codes.size();
    if (lookups.isEmpty() || claims == 0) {
      return none(plan);
    }
    byte[] hashKeys = channel.receive(MAX_KEYS_BYTES);
    if (hashKeys.length != lookups.size() * CuckooBins.KEY_BYTES) {
      throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "expected " + lookups.size()
          + " hash keys, got " + hashKeys.length + " bytes");
    }
    HeLookupIndexHolder holder = heKeys.kept(Party.INSURER)
        ? HeLookupIndexHolder.open(parameters, channel, heKeys.peerKeys())
        : HeLookupIndexHolder.open(parameters, channel);
    long expected = lookups.stream().mapToLong(PrivateLookup::words).sum();
    if (holder.entries() != expected) {
      throw new ProtocolAbortException(SettlementMessages.Step.LOOKUPS, "the insurer's lookup table holds "
          + holder.entries() + " words, the plan " + expected);
    }
    int[] indices = new int[Math.toIntExact(lookupCount(lookups, claims))];
    long[][] queries = new long[lookups.size()][];
    int at = 0;
    int base = 0;
    for (int l = 0; l < lookups.size(); l++) {
      PrivateLookup lookup = lookups.get(l);
      CuckooBins bins = new CuckooBins(java.util.Arrays.copyOfRange(hashKeys, l * CuckooBins.KEY_BYTES,
          (l + 1) * CuckooBins.KEY_BYTES), lookup.bins());
      int probes = lookup.probesPerClaim();
      long[] q = new long[claims * probes];
      int[] bin = new int[claims * probes];
      for (int c = 0; c < claims; c++) {
        String[] keys = holderKeys(lookup, codes.get(c));
        for (int k = 0; k < keys.length; k++) {
          long[] h = keys[k] == null ? null : bins.hash(keys[k]);
          for (int i = 0; i < PrivateLookup.HASHES; i++) {
            int p = c * probes + k * PrivateLookup.HASHES + i;
            boolean repeat = false;
            for (int j = 1; h != null && j <= i; j++) {
              repeat |= h[j] == h[1 + i];
            }
            // no key, or a bin this key probes already: a fingerprint that matches nothing (but by 2^−64)
            q[p] = h == null || repeat ? prg.nextLong() : h[0];
            bin[p] = h == null ? 0 : (int) h[1 + i];
          }
        }
      }
      queries[l] = q;
      for (int p = 0; p < bin.length; p++) {
        indices[at++] = base + bin[p];
      }
      if (!lookup.codeSet()) {
        for (int p = 0; p < bin.length; p++) {
          indices[at++] = base + (int) lookup.bins() + bin[p];
        }
      }
      base += (int) lookup.words();
    }
    long[] shares = new long[indices.length];
    for (int from = 0; from < indices.length; from += REPLY_LOOKUPS) {
      int[] part = java.util.Arrays.copyOfRange(indices, from, Math.min(indices.length, from + REPLY_LOOKUPS));
      System.arraycopy(holder.lookUp(part, prg), 0, shares, from, part.length);
    }
    if (plantedUnmaskedReply) {
      channel.send(org.cosettle.crypto.channel.LongArrayCodec.INSTANCE.encode(shares));
    }
    return split(plan, shares, claims, queries);
  }

  /** HE lookups of a batch: per lookup, claims × probes × words per bin. */
  static long lookupCount(List<PrivateLookup> lookups, int claims) {
    return lookups.stream().mapToLong(l -> l.heLookupsPerClaim() * claims).sum();
  }

  private static PrivateLookups split(Plan plan, long[] shares, int claims, long[][] queries) {
    List<PrivateLookup> lookups = plan.lookups();
    long[][] fingerprints = new long[lookups.size()][];
    long[][] values = new long[lookups.size()][];
    int at = 0;
    for (int l = 0; l < lookups.size(); l++) {
      int count = claims * lookups.get(l).probesPerClaim();
      fingerprints[l] = java.util.Arrays.copyOfRange(shares, at, at + count);
      at += count;
      if (!lookups.get(l).codeSet()) {
        values[l] = java.util.Arrays.copyOfRange(shares, at, at + count);
        at += count;
      }
      if (queries[l] == null) {
        queries[l] = new long[count];
      }
    }
    return new PrivateLookups(plan, fingerprints, values, queries);
  }

  /** The lookup of table {@code table}'s index in the plan's list. */
  private int index(int table) {
    List<PrivateLookup> lookups = plan.lookups();
    for (int l = 0; l < lookups.size(); l++) {
      if (lookups.get(l).table() == table) {
        return l;
      }
    }
    throw new IllegalArgumentException("no lookup of table " + table);
  }

  /** Per claim of {@code claims} (file indexes) × probe: shares of the probed bins' fingerprints. */
  long[] fingerprints(int table, int[] claims) {
    return gather(fingerprints[index(table)], claims, plan.lookup(table).probesPerClaim());
  }

  /** The same for the bins' values (a table only). */
  long[] values(int table, int[] claims) {
    return gather(values[index(table)], claims, plan.lookup(table).probesPerClaim());
  }

  /** The same for the fingerprints looked for: the data holder's, 0 at the insurer. */
  long[] queries(int table, int[] claims) {
    return gather(queries[index(table)], claims, plan.lookup(table).probesPerClaim());
  }

  private static long[] gather(long[] all, int[] claims, int probes) {
    long[] out = new long[claims.length * probes];
    for (int j = 0; j < claims.length; j++) {
      System.arraycopy(all, claims[j] * probes, out, j * probes, probes);
    }
    return out;
  }
}
