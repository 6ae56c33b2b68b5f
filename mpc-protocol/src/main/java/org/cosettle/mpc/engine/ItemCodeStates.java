package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.internal.ItemCodeKeys;
import org.cosettle.policy.ir.Ir;

/**
 * States kept per insured person and line item code ({@code state drug_paid: money by
 * item.code}) on shares, within one batch. The codes are the data holder's, the values per code
 * the insurer's; neither is opened. The value an item row reads for state s is
 *
 * <pre>
 *   recorded(person, code) + Σ over the person's earlier rows r' in the batch: same(r, r') · δ(r')
 * </pre>
 *
 * <ul>
 *   <li>{@code recorded}: the insurer's (code, value) slots of the person, padded to M = {@link
 *       Plan#ITEM_CODE_SLOTS} with a fingerprint no code has, compared with the row's code
 *       fingerprint ({@link ItemCodeKeys}) by M equalities on shares; the value is Σ eq·value, each
 *       term a selection by the equality's XOR shares ({@link ArithmeticSession#select}). A padding
 *       row's query matches no slot, so it reads 0.
 *   <li>{@code same(r, r')}: the data holder's 1-bit flag that rows r and r' are real and carry the
 *       same code, a plaintext factor of a product with δ(r') on shares (a random OT per pair).
 *       Which earlier rows are paired is public (every earlier row of the person: the claims'
 *       insured ids and K are metadata), so the flags shape no message the insurer sees.
 *   <li>{@code δ(r')}: the row's increment, real · where · (new − before), kept on shares for the
 *       person's later rows.
 * </ul>
 *
 * The rows of a layer (one claim per person) run one after another (row k of every claim of the
 * layer together), so two items of one code in one claim chain as the plaintext evaluator chains
 * them. Both parties call the same session operations in the same order.
 *
 * <p>Between batches the values per code live in the parties' kept shares ({@link KeptShares}):
 * each row's recorded part adds the kept value of its code's slot (a product per slot with the
 * data holder's flag that the row's code holds it), and each slice's rows add their increments
 * into their slots the same way. A state declared per policy year restarts before a claim's first
 * row on the claim's restart flag ({@link #restart}); a reversal's rows carry its target's codes
 * and increments negated ({@link #reversalCodes}, {@link #targetIncrement}). One class above 400
 * lines: the kept slots, the restarts and the reversals read and write the same per-row increments
 * and codes as the chain within the batch.
 */
final class ItemCodeStates {
  private final ArithmeticSession session;
  private final Party me;
  private final int itemBound;
  /** The states kept per item code, in update order, and their updates ({@code op} -1: only read). */
  private final Ir.StateUpdate[] states;
  /** {@code person[c]}: claim c's person by first appearance. */
  private final int[] person;
  /** At the data holder, each claim's item codes (file index); null at the insurer. */
  private String[][] codes;
  /**
   * At the data holder, per claim and row, whether the row can change an updated state ({@link
   * KeptRows}): only such rows' codes take a kept slot; null at the insurer.
   */
  private boolean[][] slotted;
  /** At the insurer, per state (by position in {@link #states}) and person, the recorded values per code. */
  private List<List<Map<String, Long>>> recorded;
  /** Per state and person, the shares of δ of the person's rows so far in the batch. */
  private final long[][][] deltas;
  /**
   * Per state and person, the shares of what each of {@link #deltas} still adds to later reads: δ,
   * or 0 once a later claim of the person restarted a state declared per policy year.
   */
  private final long[][][] live;
  /** Per state, the index in its person's {@link #deltas} of each claim's (file index) first row; −1 before it ran. */
  private final int[][] firstRow;
  private final int[][] deltaCount;
  /** At the data holder, per person, the code of each of its rows so far (null: padding). */
  private final String[][] rowCodes;
  private final int[] rowCodeCount;
  /** Per state, the shares of {@code recorded} per row of the slice being run (row j·K + k of slice position j). */
  private long[][] recordedRows;
  /** Per person, the slice positions of its claims not yet run (in slice order), for the restarts per policy year. */
  private Map<Integer, List<Integer>> waiting;
  /** Per state (null for one only read) and person, this party's kept shares per slot ({@link KeptShares}). */
  private final long[][][] kept;
  /** Per state (by position), whether it is one of {@link #takenBack}: its row increments go into the ledger of shares. */
  private final boolean[] recordsRows;
  /** At the data holder, per person, the code each kept slot holds (null: free); null at the insurer. */
  private String[][] slotCodes;

  ItemCodeStates(Plan plan, ArithmeticSession session, Party me, int[] person, int persons, int itemBound) {
    this.session = session;
    this.me = me;
    this.person = person;
    this.itemBound = itemBound;
    this.states = keyed(plan.program());
    List<Ir.StateUpdate> back = takenBack(plan.program());
    recordsRows = new boolean[states.length];
    for (int s = 0; s < states.length; s++) {
      recordsRows[s] = back.contains(states[s]);
    }
    deltas = new long[states.length][persons][];
    live = new long[states.length][persons][];
    firstRow = new int[states.length][person.length];
    for (int[] rows : firstRow) {
      Arrays.fill(rows, -1);
    }
    deltaCount = new int[states.length][persons];
    rowCodes = new String[persons][];
    rowCodeCount = new int[persons];
    kept = new long[states.length][][];
    for (int s = 0; s < states.length; s++) {
      kept[s] = states[s].op() >= 0 ? new long[persons][KeptShares.SLOTS] : null;
    }
  }

  /**
   * The states of {@code program} kept per item code, in update order, less those nothing reads or
   * updates (their values per code stay as the insured file gives them, off shares).
   */
  static Ir.StateUpdate[] keyed(Ir.Program program) {
    return program.updates().stream().filter(u -> u.byItemCode() && Ir.itemCodeStateUsed(program, u))
        .toArray(Ir.StateUpdate[]::new);
  }

  /**
   * The data holder's claims (file order): their items' codes, on rows 0, 1, … of each claim, and
   * per item whether it can change an updated state ({@code changing}, per claim and item; null:
   * every item can, {@link KeptRows#changing}).
   */
  void codes(List<Claim> claims, boolean[][] changing) {
    codes = new String[claims.size()][];
    slotted = new boolean[claims.size()][];
    for (int c = 0; c < codes.length; c++) {
      codes[c] = new String[itemBound];
      slotted[c] = new boolean[itemBound];
      for (int i = 0; i < claims.get(c).items().size(); i++) {
        codes[c][i] = claims.get(c).itemCode(i);
        slotted[c][i] = changing == null || changing[c][i];
      }
    }
  }

  /**
   * Moves each claim's codes to the rows the private lookups' placement gives its items ({@link
   * ItemSlots#place}: increasing, so two items of one code still chain in file order).
   */
  void place(int[][] placement) {
    for (int c = 0; c < codes.length; c++) {
      String[] moved = new String[itemBound];
      boolean[] movedSlotted = new boolean[itemBound];
      for (int i = 0; i < placement[c].length; i++) {
        moved[placement[c][i]] = codes[c][i];
        movedSlotted[placement[c][i]] = slotted[c][i];
      }
      codes[c] = moved;
      slotted[c] = movedSlotted;
    }
  }

  /** The insurer's recorded values per code, per state of {@link #keyed} (by position) and person. */
  void recorded(List<List<Map<String, Long>>> valuesByPerson) {
    recorded = valuesByPerson;
  }

  Ir.StateUpdate[] states() {
    return states;
  }

  /**
   * This party's kept shares of earlier batches, for the persons {@code personIds} (by index); at
   * the data holder, after {@link #codes}, each code of the batch's rows that can change an updated
   * state ({@link #slotted}) that its person's kept slots do not hold yet takes the next free slot
   * (a person with more such codes than slots is refused before anything moves: {@link
   * KeptShares#tooManyCodes}). The other rows add 0 to their code: none takes a slot, and each
   * still reads its code's slot when one holds it.
   */
  void kept(KeptShares in, String[] personIds) {
    for (int s = 0, u = 0; s < states.length; s++) {
      if (kept[s] != null) {
        for (int p = 0; p < personIds.length; p++) {
          kept[s][p] = in.shares(u, personIds[p]);
        }
        u++;
      }
    }
    if (me != Party.DATA_HOLDER) {
      return;
    }
    slotCodes = new String[personIds.length][];
    for (int p = 0; p < personIds.length; p++) {
      slotCodes[p] = in.codes(personIds[p]);
    }
    for (int c = 0; c < codes.length; c++) {
      String[] slots = slotCodes[person[c]];
      for (int r = 0; r < itemBound; r++) {
        String code = codes[c][r];
        if (code == null || !slotted[c][r]) {
          continue; // a row without an item, or one that adds 0 to its code
        }
        int free = -1;
        boolean held = false;
        for (int slot = slots.length - 1; slot >= 0; slot--) {
          held |= code.equals(slots[slot]);
          free = slots[slot] == null ? slot : free;
        }
        if (!held && free < 0) {
          throw new IllegalStateException("a person's codes outnumber the kept slots; refused before the batch");
        }
        if (!held) {
          slots[free] = code;
        }
      }
    }
  }

  /** Whether the policy updates a state kept per item code (so the batch reads and keeps kept shares). */
  private boolean keeps() {
    for (long[][] k : kept) {
      if (k != null) {
        return true;
      }
    }
    return false;
  }

  /** The data holder's 0/1 flag of whether a row of person {@code p} with code {@code code} (null: padding) is slot {@code slot}'s. */
  private long inSlot(int p, String code, int slot) {
    return code != null && code.equals(slotCodes[p][slot]) ? 1 : 0;
  }

  /**
   * The recorded part for every row of a slice's claims ({@code claims}: file indexes, in slice
   * order): for all states at once, one input of the data holder's fingerprints per row, one of the
   * insurer's fingerprints and values per claim and slot, one equality call and one selection call.
   */
  void startSlice(int[] claims) {
    int n = claims.length;
    int k = itemBound;
    int m = Plan.ITEM_CODE_SLOTS;
    int t = states.length;
    long[] query;
    if (me == Party.DATA_HOLDER) {
      long[] mine = new long[n * k];
      for (int j = 0; j < n; j++) {
        String[] items = codes[claims[j]];
        for (int r = 0; r < k; r++) {
          mine[j * k + r] = items[r] != null ? ItemCodeKeys.of(items[r]) : ItemCodeKeys.NO_ITEM;
        }
      }
      query = session.shareInput(mine);
    } else {
      query = session.peerInput(n * k);
    }
    long[] slots;
    long[] values;
    if (me == Party.INSURER) {
      long[] fingerprints = new long[t * n * m];
      long[] v = new long[t * n * m];
      for (int s = 0; s < t; s++) {
        for (int j = 0; j < n; j++) {
          List<Map.Entry<String, Long>> held = held(recorded.get(s).get(person[claims[j]]));
          for (int slot = 0; slot < m; slot++) {
            int at = (s * n + j) * m + slot;
            fingerprints[at] = slot < held.size() ? ItemCodeKeys.of(held.get(slot).getKey()) : ItemCodeKeys.NO_CODE;
            v[at] = slot < held.size() ? held.get(slot).getValue() : 0;
          }
        }
      }
      slots = session.shareInput(fingerprints);
      values = session.shareInput(v);
    } else {
      slots = session.peerInput(t * n * m);
      values = session.peerInput(t * n * m);
    }
    int cells = t * n * k * m;
    long[] x = new long[cells];
    long[] y = new long[cells];
    long[] w = new long[cells];
    for (int s = 0; s < t; s++) {
      for (int j = 0; j < n; j++) {
        for (int r = 0; r < k; r++) {
          for (int slot = 0; slot < m; slot++) {
            int at = ((s * n + j) * k + r) * m + slot;
            x[at] = query[j * k + r];
            y[at] = slots[(s * n + j) * m + slot];
            w[at] = values[(s * n + j) * m + slot];
          }
        }
      }
    }
    // eq ? value : 0 straight from the equality's XOR shares: a random OT each way, no conversion or triple
    long[] terms = cells == 0 ? new long[0]
        : session.select(session.equal(x, y, SecureEvaluator.LOOKUP_EQUALITY_BITS), w, new long[cells]);
    waiting = new java.util.HashMap<>();
    for (int j = 0; j < n; j++) {
      waiting.computeIfAbsent(person[claims[j]], p -> new ArrayList<>()).add(j);
    }
    recordedRows = new long[t][n * k];
    for (int s = 0; s < t; s++) {
      for (int row = 0; row < n * k; row++) {
        long sum = 0;
        for (int slot = 0; slot < m; slot++) {
          sum += terms[(s * n * k + row) * m + slot];
        }
        recordedRows[s][row] = sum;
      }
    }
    addKept(claims);
  }

  /**
   * Adds to each row's recorded part of an updated state the kept share of its code's slot: per
   * row and slot, the slot's kept value times the data holder's flag that the row's code holds the
   * slot (a random OT per product), all states and rows in one call.
   */
  private void addKept(int[] claims) {
    if (!keeps()) {
      return;
    }
    int n = claims.length;
    int k = itemBound;
    int m = KeptShares.SLOTS;
    int cells = 0;
    for (long[][] state : kept) {
      cells += state == null ? 0 : n * k * m;
    }
    if (cells == 0) {
      return;
    }
    FlagProducts products = new FlagProducts(cells);
    for (int s = 0; s < states.length; s++) {
      if (kept[s] == null) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        int p = person[claims[j]];
        for (int r = 0; r < k; r++) {
          String code = me == Party.DATA_HOLDER ? codes[claims[j]][r] : null;
          for (int slot = 0; slot < m; slot++) {
            products.add(kept[s][p][slot], p, code, slot, recordedRows[s], j * k + r);
          }
        }
      }
    }
    products.run();
  }

  /**
   * Products of shares with the data holder's flags that a row's code holds a kept slot, each
   * added into one cell of an array of shares: collected, then one call, a random OT per product.
   */
  private final class FlagProducts {
    private final long[] x;
    private final long[] flags;
    private final long[][] into;
    private final int[] index;
    private int at;

    FlagProducts(int cells) {
      x = new long[cells];
      flags = me == Party.DATA_HOLDER ? new long[cells] : null;
      into = new long[cells][];
      index = new int[cells];
    }

    /**
     * Adds {@code share} times the flag that {@code code} (the data holder's; null at the insurer)
     * holds person p's {@code slot}, into {@code target[cell]}.
     */
    void add(long share, int p, String code, int slot, long[] target, int cell) {
      x[at] = share;
      if (flags != null) {
        flags[at] = inSlot(p, code, slot);
      }
      into[at] = target;
      index[at++] = cell;
    }

    void run() {
      long[] products = session.multiplyPlaintext(x, flags, ShareHolders.of(Party.DATA_HOLDER), 0, 1);
      for (int i = 0; i < products.length; i++) {
        into[i][index[i]] += products[i];
      }
    }
  }

  /**
   * Adds the increments of the slice's persons ({@code claims}: the slice's claims, whole persons)
   * into their kept slots: per row of the batch and slot, the row's increment times the data
   * holder's flag that the row's code holds the slot, summed per slot, all states in one call.
   */
  void endSlice(int[] claims) {
    if (!keeps()) {
      return;
    }
    int m = KeptShares.SLOTS;
    int[] persons = java.util.Arrays.stream(claims).map(c -> person[c]).distinct().toArray();
    int cells = 0;
    for (int s = 0; s < states.length; s++) {
      for (int p : persons) {
        cells += kept[s] == null ? 0 : deltaCount[s][p] * m;
      }
    }
    if (cells == 0) {
      return;
    }
    FlagProducts products = new FlagProducts(cells);
    for (int s = 0; s < states.length; s++) {
      if (kept[s] == null) {
        continue;
      }
      for (int p : persons) {
        for (int e = 0; e < deltaCount[s][p]; e++) {
          String code = me == Party.DATA_HOLDER ? rowCodes[p][e] : null;
          for (int slot = 0; slot < m; slot++) {
            products.add(live[s][p][e], p, code, slot, kept[s][p], slot);
          }
        }
      }
    }
    products.run();
  }

  /**
   * Per row of a claim ({@code codes}, null: padding; {@code slotted}: whether the row can change an
   * updated state), its rank: how many earlier rows of the claim carry its code and can change a
   * state. Rows of one rank read and change distinct codes, so a chain's step runs them together,
   * rank after rank ({@link #codeLayers}).
   */
  static int[] ranks(String[] codes, boolean[] slotted) {
    int[] rank = new int[codes.length];
    Map<String, Integer> seen = new java.util.HashMap<>();
    for (int r = 0; r < codes.length; r++) {
      if (codes[r] == null) {
        continue;
      }
      rank[r] = seen.getOrDefault(codes[r], 0);
      if (slotted[r]) {
        seen.put(codes[r], rank[r] + 1);
      }
    }
    return rank;
  }

  /**
   * The code layers of a batch whose claims' rows carry {@code codes} ({@link #ranks}): one more
   * than the largest rank, rounded up to a power of two (a public bound, as the item bound is); 0
   * when that reaches {@code itemBound}: the rows then run one after the other.
   */
  static int codeLayers(List<String[]> codes, List<boolean[]> slotted, int itemBound) {
    int most = 1;
    for (int c = 0; c < codes.size(); c++) {
      for (int rank : ranks(codes.get(c), slotted.get(c))) {
        most = Math.max(most, rank + 1);
      }
    }
    int layers = Integer.highestOneBit(most) == most ? most : Integer.highestOneBit(most) << 1;
    return layers >= itemBound ? 0 : layers;
  }

  /**
   * At the data holder, per layer ℓ and row r (word ℓ·K + r), the 0/1 flags that row r of each of
   * the claims {@code files} is a real row of rank ℓ ({@link #ranks}) and no reversal's ({@code
   * reversal}: taken), or, with {@code reversal}, a reversal's row of rank ℓ; null at the insurer.
   */
  long[][] rankFlags(int[] files, int layers, boolean[] isReversal, boolean reversal) {
    if (me != Party.DATA_HOLDER) {
      return null;
    }
    long[][] flags = new long[layers * itemBound][files.length];
    for (int c = 0; c < files.length; c++) {
      int[] rank = ranks(codes[files[c]], slotted[files[c]]);
      for (int r = 0; r < itemBound; r++) {
        if (codes[files[c]][r] == null || isReversal[c] != reversal) {
          continue;
        }
        if (rank[r] >= layers) {
          throw new IllegalStateException("a row's rank beyond the batch's code layers");
        }
        flags[rank[r] * itemBound + r][c] = 1;
      }
    }
    return flags;
  }

  /**
   * The shares of state {@code s}'s (by position) value before the batch of every row of the
   * slice's claims (row j·K + r of slice position j): the recorded and kept parts, 0 from a
   * person's restart on ({@link #restart}).
   */
  long[] recordedRows(int s) {
    return recordedRows[s];
  }

  /**
   * At the data holder, per kept slot j and row r (word j·K + r), the 0/1 flags that row r of each
   * of the claims {@code files} carries the code slot j of its person holds; null at the insurer.
   */
  long[][] slotFlags(int[] files) {
    if (me != Party.DATA_HOLDER) {
      return null;
    }
    long[][] flags = new long[KeptShares.SLOTS * itemBound][files.length];
    for (int c = 0; c < files.length; c++) {
      int p = person[files[c]];
      for (int r = 0; r < itemBound; r++) {
        for (int slot = 0; slot < KeptShares.SLOTS; slot++) {
          flags[slot * itemBound + r][c] = inSlot(p, codes[files[c]][r], slot);
        }
      }
    }
    return flags;
  }

  /**
   * After a family chain that ran the values per code: keeps claim {@code file}'s K rows'
   * increments {@code delta} of state {@code s} (by position) for the ledger of shares, in file
   * order, as the layers keep them.
   */
  void keepClaim(int s, int file, long[] delta) {
    for (int r = 0; r < itemBound; r++) {
      keep(s, new int[] {file}, r, new long[] {delta[r]});
    }
  }

  /**
   * After a family chain that ran the values per code: adds to person {@code p}'s kept slots of
   * state {@code s} (by position) what its rows of the batch added to each since its last restart
   * ({@code registers}, per slot: the chain's registers after the person's last claim).
   */
  void addToKept(int s, int p, long[] registers) {
    for (int slot = 0; slot < KeptShares.SLOTS; slot++) {
      kept[s][p][slot] += registers[slot];
    }
  }

  /**
   * This party's kept shares after the batch: {@code in}'s, with every person of the batch ({@code
   * personIds}, by index) holding its slots after the batch, named by settlement {@code batch}.
   */
  KeptShares keptAfter(KeptShares in, String[] personIds, String batch) {
    Map<String, KeptShares.Person> after = new java.util.LinkedHashMap<>();
    for (int p = 0; p < personIds.length; p++) {
      int updated = 0;
      for (long[][] state : kept) {
        updated += state == null ? 0 : 1;
      }
      long[][] shares = new long[updated][];
      for (int s = 0, u = 0; s < states.length; s++) {
        if (kept[s] != null) {
          shares[u++] = kept[s][p].clone();
        }
      }
      after.put(personIds[p], new KeptShares.Person(slotCodes == null ? null : slotCodes[p].clone(), shares));
    }
    return in.after(batch, after);
  }

  /** A person's recorded codes with a value other than 0, in code order (the slots). */
  private static List<Map.Entry<String, Long>> held(Map<String, Long> values) {
    List<Map.Entry<String, Long>> held = new ArrayList<>();
    for (Map.Entry<String, Long> e : new TreeMap<>(values).entrySet()) {
      if (e.getValue() != 0) {
        held.add(e);
      }
    }
    return held;
  }

  /**
   * Shares of state {@code s}'s value (by position in {@link #states}) before row {@code k} of the
   * claims at slice positions {@code at} ({@code files}: their file indexes): the recorded part,
   * plus the same-code products with the person's earlier rows' increments.
   */
  long[] before(int s, int[] at, int[] files, int k) {
    int n = at.length;
    long[] out = new long[n];
    for (int j = 0; j < n; j++) {
      out[j] = recordedRows[s][at[j] * itemBound + k];
    }
    if (states[s].op() < 0) {
      return out;
    }
    int pairs = 0;
    for (int j = 0; j < n; j++) {
      pairs += deltaCount[s][person[files[j]]];
    }
    if (pairs == 0) {
      return out;
    }
    long[] x = new long[pairs];
    long[] same = me == Party.DATA_HOLDER ? new long[pairs] : null;
    int i = 0;
    for (int j = 0; j < n; j++) {
      int p = person[files[j]];
      String code = same == null ? null : codes[files[j]][k];
      for (int e = 0; e < deltaCount[s][p]; e++, i++) {
        x[i] = live[s][p][e];
        if (same != null) {
          same[i] = code != null && code.equals(rowCodes[p][e]) ? 1 : 0;
        }
      }
    }
    long[] products = session.multiplyPlaintext(x, same, ShareHolders.of(Party.DATA_HOLDER), 0, 1);
    i = 0;
    for (int j = 0; j < n; j++) {
      for (int e = 0, end = deltaCount[s][person[files[j]]]; e < end; e++, i++) {
        out[j] += products[i];
      }
    }
    return out;
  }

  /**
   * Restarts the states declared per policy year for the claims at slice positions {@code at}
   * ({@code files}: their file indexes) of one layer, before their first row: with each claim's
   * restart flag {@code restart} on shares (arithmetic 0/1, whose low bits are XOR shares of the
   * flag), everything of its person that reads would add is selected to 0 when the flag is set —
   * the recorded part of the rows of this claim and of the person's later claims in the slice
   * (the insurer's recorded values and the kept values), what the person's earlier rows in the
   * batch add, and the person's kept slots, which leave the batch holding only the new year's
   * increments. All states in one call, a random OT each way per value: per claim of a person
   * with m claims in the slice, m·K + S values per state (K rows, S kept slots when updated).
   */
  void restart(int[] at, int[] files, long[] restart) {
    List<long[]> arrays = new ArrayList<>();
    List<Integer> cells = new ArrayList<>();
    List<Integer> claimOf = new ArrayList<>();
    for (int s = 0; s < states.length; s++) {
      if (!states[s].perPolicyYear()) {
        continue;
      }
      for (int j = 0; j < at.length; j++) {
        int p = person[files[j]];
        for (int position : waiting.get(p)) {
          for (int r = 0; r < itemBound; r++) {
            arrays.add(recordedRows[s]);
            cells.add(position * itemBound + r);
            claimOf.add(j);
          }
        }
        for (int e = 0; e < deltaCount[s][p]; e++) {
          arrays.add(live[s][p]);
          cells.add(e);
          claimOf.add(j);
        }
        for (int slot = 0; kept[s] != null && slot < KeptShares.SLOTS; slot++) {
          arrays.add(kept[s][p]);
          cells.add(slot);
          claimOf.add(j);
        }
      }
    }
    for (int j = 0; j < at.length; j++) {
      waiting.get(person[files[j]]).remove(Integer.valueOf(at[j]));
    }
    int n = cells.size();
    if (n == 0) {
      return;
    }
    long[] bits = new long[(n + 63) / 64];
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      bits[i >>> 6] |= (restart[claimOf.get(i)] & 1) << i;
      values[i] = arrays.get(i)[cells.get(i)];
    }
    long[] chosen = session.select(bits, new long[n], values);
    for (int i = 0; i < n; i++) {
      arrays.get(i)[cells.get(i)] = chosen[i];
    }
  }

  /** Whether some state kept per item code is declared per policy year (its reads restart on a flag on shares). */
  boolean restarts() {
    return Arrays.stream(states).anyMatch(Ir.StateUpdate::perPolicyYear);
  }

  /**
   * At the data holder, gives reversal {@code reversal} (file index) the item codes of the claim it
   * takes back, {@code target}, row for row: its rows then carry the target's increments negated
   * ({@link #targetIncrement}) to the same codes, so later reads and the kept slots see each code
   * lowered by what the target added to it, as rules-come-in mode takes a reversal back code by code.
   */
  void reversalCodes(int reversal, int target) {
    if (codes != null) {
      codes[reversal] = codes[target].clone();
      slotted[reversal] = slotted[target].clone();
    }
  }

  /**
   * At the data holder, gives reversal {@code reversal} (file index) of an earlier batch's claim the
   * codes its ledger of shares records for that claim's rows ({@code targetCodes}, null: padding),
   * padded to this batch's item bound, which holds them ({@link BatchReversals#targetRows}).
   */
  void reversalCodes(int reversal, String[] targetCodes) {
    if (codes != null) {
      codes[reversal] = Arrays.copyOf(targetCodes, itemBound);
      // which of the target's rows changed a state is not recorded: each of its codes takes a slot
      slotted[reversal] = new boolean[itemBound];
      Arrays.fill(slotted[reversal], true);
    }
  }

  /** Shares of the increment row {@code k} of claim {@code target} (file index, already run) made to state {@code s}. */
  long targetIncrement(int s, int target, int k) {
    return deltas[s][person[target]][firstRow[s][target] + k];
  }

  /**
   * The money or int states of {@code program} kept per item code that it updates: those a
   * reversal takes back code by code, and whose increments per item row a ledger of shares keeps.
   */
  static List<Ir.StateUpdate> takenBack(Ir.Program program) {
    return Arrays.stream(keyed(program)).filter(u -> u.op() >= 0
        && program.ops().get(u.op()).type() != org.cosettle.policy.Type.BOOL).toList();
  }

  /**
   * Claim {@code c}'s (file index, after the batch) shares of its K rows' increments to each state of
   * {@link #takenBack}, by state number among {@code stateCount}; null when the policy has none.
   */
  long[][] claimRows(int c, int stateCount) {
    long[][] rows = new long[stateCount][];
    boolean any = false;
    for (int s = 0; s < states.length; s++) {
      if (recordsRows[s]) {
        int from = firstRow[s][c];
        rows[states[s].stateIndex()] = Arrays.copyOfRange(deltas[s][person[c]], from, from + itemBound);
        any = true;
      }
    }
    return any ? rows : null;
  }

  /** At the data holder, claim {@code c}'s (file index) code on each of its K rows (null: padding); null at the insurer. */
  String[] claimCodes(int c) {
    return codes == null ? null : codes[c].clone();
  }

  /**
   * The data holder's 0/1 flags of row {@code k} of the claims {@code files} (reversals: their
   * target's codes) being a real item whose code no later row of the same claim carries, the row
   * that leaves the code's value after the claim; null at the insurer.
   */
  long[] lastOfCode(int[] files, int k) {
    if (me != Party.DATA_HOLDER) {
      return null;
    }
    long[] flags = new long[files.length];
    for (int j = 0; j < files.length; j++) {
      String code = codes[files[j]][k];
      boolean last = code != null;
      for (int later = k + 1; later < itemBound && last; later++) {
        last = !code.equals(codes[files[j]][later]);
      }
      flags[j] = last ? 1 : 0;
    }
    return flags;
  }

  /**
   * The data holder's 0/1 flags of row {@code k} of the claims {@code files} (1: a real item),
   * times its own plaintext filter {@code where} when given; null at the insurer.
   */
  long[] realRows(int[] files, int k, long[] where) {
    if (me != Party.DATA_HOLDER) {
      return null;
    }
    long[] flags = new long[files.length];
    for (int j = 0; j < files.length; j++) {
      flags[j] = codes[files[j]][k] != null && (where == null || where[j] != 0) ? 1 : 0;
    }
    return flags;
  }

  /**
   * Keeps row {@code k}'s increments of state {@code s} for the claims {@code files}: {@code
   * delta} on shares, and at the data holder each row's code (for the state read first).
   */
  void keep(int s, int[] files, int k, long[] delta) {
    for (int j = 0; j < files.length; j++) {
      int p = person[files[j]];
      if (k == 0) {
        firstRow[s][files[j]] = deltaCount[s][p];
      }
      long[] d = deltas[s][p];
      if (d == null || deltaCount[s][p] == d.length) {
        deltas[s][p] = d = Arrays.copyOf(d == null ? new long[0] : d, Math.max(8, 2 * deltaCount[s][p]));
        live[s][p] = Arrays.copyOf(live[s][p] == null ? new long[0] : live[s][p], d.length);
      }
      live[s][p][deltaCount[s][p]] = delta[j];
      d[deltaCount[s][p]++] = delta[j];
    }
  }

  /** At the data holder, notes row {@code k}'s codes of the claims {@code files} once all states kept the row. */
  void rowDone(int[] files, int k) {
    if (me != Party.DATA_HOLDER) {
      return;
    }
    for (int file : files) {
      int p = person[file];
      String[] c = rowCodes[p];
      if (c == null || rowCodeCount[p] == c.length) {
        rowCodes[p] = c = Arrays.copyOf(c == null ? new String[0] : c, Math.max(8, 2 * rowCodeCount[p]));
      }
      c[rowCodeCount[p]++] = codes[file][k];
    }
  }

  /** This party's kept shares of updated state number {@code state}, person by person and slot. */
  long[] keptSlots(int state) {
    int s = 0;
    while (states[s].stateIndex() != state) {
      s++;
    }
    long[] all = new long[kept[s].length * KeptShares.SLOTS];
    for (int p = 0; p < kept[s].length; p++) {
      System.arraycopy(kept[s][p], 0, all, p * KeptShares.SLOTS, KeptShares.SLOTS);
    }
    return all;
  }

  /** The shares of state number {@code state}'s increments of every item row so far, person by person. */
  long[] rowIncrements(int state) {
    int s = 0;
    while (states[s].stateIndex() != state) {
      s++;
    }
    int total = 0;
    for (int count : deltaCount[s]) {
      total += count;
    }
    long[] all = new long[total];
    int at = 0;
    for (int p = 0; p < deltaCount[s].length; p++) {
      System.arraycopy(deltas[s][p], 0, all, at, deltaCount[s][p]);
      at += deltaCount[s][p];
    }
    return all;
  }

  /**
   * Adds to {@code need} (in the order of {@link SecureCosts#requirement}) what {@code reversals}
   * reversals of claims of the same batch take under {@code plan}'s states per item code at item
   * bound {@code itemBound}: per reversal and updated money or int state, per row the product of the
   * row's new value with the data holder's last-of-its-code flag and its two comparisons with the
   * state bound at the reversal width; under a state declared per policy year, one equality of the
   * recorded year with the target's and a selection per row.
   */
  static void addReversalCosts(Plan plan, long[] need, long reversals, int itemBound) {
    boolean yearly = false;
    for (Ir.StateUpdate u : keyed(plan.program())) {
      if (u.op() < 0 || plan.program().ops().get(u.op()).type() == org.cosettle.policy.Type.BOOL) {
        continue;
      }
      long rows = reversals * itemBound;
      need[4] += rows;
      SecureCosts.comparison(need, 2 * rows, false, StateBoundCheck.REVERSAL_WIDTH, true);
      if (u.perPolicyYear() && !plan.codesInChain()) {
        need[3] += rows;
        need[4] += rows;
        yearly = true;
      }
    }
    if (yearly) { // in a chain that runs the values per code: ChainedCodeReversals#addCosts
      SecureCosts.comparison(need, reversals, true, YearlyReversals.of(plan).width(), false);
    }
  }

  /**
   * The insurer's refusal of a batch in which an insured person holds more than M codes with a
   * value in a state kept per item code (named by the person's first claim, public metadata); null
   * when every person fits. Also the insurer's refusal of a person who holds values per code in a
   * state declared per policy year with no {@code policy_year} recorded: rules-come-in mode counts
   * them in the year of the person's first claim, which handshake mode could only tell the insurer
   * by opening whether a later claim restarted them (the insurer drops the recorded values of a
   * person whose recorded year moved on, {@link KeptShares#recordedAfter}).
   */
  static Refusal tooManyCodes(Ir.Program program, InsuredFile insured, List<String> claimIds, List<String> insuredIds) {
    int year = program.updates().size() - 1;
    for (Ir.StateUpdate u : keyed(program)) {
      for (int c = 0; c < claimIds.size(); c++) {
        int record = insured.indexOf(insuredIds.get(c));
        if (record >= 0 && u.perPolicyYear() && insured.records().get(record).state(year) == 0
            && !held(insured.records().get(record).valuesByCode(u.stateIndex())).isEmpty()) {
          return new Refusal(Refusal.Kind.STATE_BY_ITEM_CODE, null, "the insured person of claim " + claimIds.get(c)
              + " holds values per code in state " + u.name() + ", declared per policy_year, with no policy_year"
              + " recorded: handshake mode keeps values per code only of a recorded year; record the year they belong"
              + " to in the insured file, or settle the batch in rules-come-in mode", List.of(claimIds.get(c)));
        }
        if (record >= 0 && held(insured.records().get(record).valuesByCode(u.stateIndex())).size()
            > Plan.ITEM_CODE_SLOTS) {
          return new Refusal(Refusal.Kind.STATE_BY_ITEM_CODE, null, "the insured person of claim " + claimIds.get(c)
              + " holds more than " + Plan.ITEM_CODE_SLOTS + " codes in state " + u.name() + ", the most handshake mode"
              + " compares per person; settle the batch in rules-come-in mode", List.of(claimIds.get(c)));
        }
      }
    }
    return null;
  }
}
