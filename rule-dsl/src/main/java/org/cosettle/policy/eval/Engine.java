package org.cosettle.policy.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Party;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.InputField;
import org.cosettle.policy.check.InsuredFields;
import org.cosettle.policy.check.PolicyYears;
import org.cosettle.policy.ir.CodeFingerprints;
import org.cosettle.policy.ir.CodeSet;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * Runs an {@link Ir.Program} over a columnar batch, a chunk of claims at a time: every operation
 * is one tight loop over the chunk (or over the chunk's line items), so there is no per-claim
 * dispatch, no boxing and no tree walking. A chunk never holds two claims of one insured
 * person (nor of one family, for a state shared by a family), so each claim sees the states its
 * insured's earlier claims left (spec §8).
 *
 * <p>Arithmetic is exact ({@code Math.*Exact}); an overflow or a state leaving the money bound
 * raises {@link Failure}, and the caller then locates the first failing claim in file order.
 *
 * <p>States kept per item code are read per line item as their claim's earlier items of the same
 * code left them: a chunk runs once per occurrence of its most repeated code in one claim, each
 * pass making the next occurrences exact.
 *
 * <p>Above the usual 400 lines: the chunk loop, the states' stores with their bounds (also per
 * item code) and the aggregates' accumulation share the chunk's registers and offsets; the
 * per-opcode kernels are already apart in {@code Kernels}.
 */
final class Engine {
  /** Claims per chunk: large enough to amortise dispatch, small enough to stay in cache. */
  static final int CHUNK = 1024;
  private static final InputField[] FIELDS = InputField.values();

  /** Evaluation stopped: arithmetic left 64 bits or a state left its type's bound. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Op op;
    final int stateIndex;

    Failure(Op op, int stateIndex) {
      super(null, null, false, false);
      this.op = op;
      this.stateIndex = stateIndex;
    }
  }

  private final Ir.Program program;
  private final Op[] ops;
  private final ClaimBatch cols;
  /** The columns of the input fields the program reads, by {@link InputField} ordinal. */
  private final long[][] columns = new long[InputField.values().length][];
  private final String[] diagnosis;
  private final String[] itemCode;
  private final long[] privateParams;
  /** The private tables and code sets by table number. */
  private final CodeTable[] tables;
  /**
   * {@code states[s][record]}: state values, updated as claims are evaluated; a shared state's
   * value is kept at {@code stateSlots[s][record]}, the first record of the record's family.
   */
  final long[][] states;
  /** Per shared state, each record's slot in {@link #states} (null for a per-person state). */
  private final int[][] stateSlots;
  /**
   * Per state kept per item code, each record's values per code, updated as claims are
   * evaluated (null for the other states); a code absent from a map has the value 0.
   */
  final List<List<Map<String, Long>>> byCode;
  /** The updates of states kept per item code. */
  private final Ir.StateUpdate[] itemCodeUpdates;
  /** The state holding the policy year of the per policy_year states (-1: the policy has none). */
  private final int yearState;
  /**
   * Per state, the state holding the policy year it belongs to ({@link #yearState}, or the
   * family's year for a state shared by a family), -1 when not declared per policy_year.
   */
  private final int[] yearStateOf;
  /** Per state, whether it holds a policy year (the person's or a family's). */
  private final boolean[] holdsYear;
  /** {@code results[o][claim]}: the outputs. */
  final long[][] results;
  /**
   * {@code increments[s][claim]}: how much each claim changed each state (new value less old; for
   * a per policy_year state, less its zero value when the claim started a new year), and for the
   * states holding a policy year (the person's, a family's), the year those increments belong to
   * (its value after the claim).
   */
  final long[][] increments;
  /**
   * Per state kept per item code, {@code incrementsByCode.get(s).get(claim)}: how much each claim
   * changed each code's value (a code it left as it was is absent; a reversal's, the reversed
   * claim's negated); null for the other states.
   */
  final List<List<Map<String, Long>>> incrementsByCode;
  /** {@code aggregateValues[a][claim]} and {@code aggregateGroups[a][claim]} (-1: filtered out). */
  final long[][] aggregateValues;
  final int[][] aggregateGroups;
  private final int[] outputOps;
  /** The ops to compute: all of them, or one party's share of a handshake (see {@code org.cosettle.policy.internal.LocalValues}). */
  private final boolean[] compute;
  /**
   * {@code captured[op][claim]} in file order, for the ops asked for (an item-level op's per item,
   * the items in file order as {@link ClaimBatch#itemOffsets} lays them out); null for the others.
   */
  final long[][] captured;

  Engine(Ir.Program program, ClaimBatch cols, long[][] initialStates, long[] privateParams, CodeTable[] tables) {
    this(program, cols, initialStates, privateParams, tables, null, null);
  }

  /**
   * An engine that computes only the ops marked in {@code compute} (null: all) and keeps, for
   * the whole batch, the values of those marked in {@code capture} (null: none). Outputs, state
   * updates and aggregates whose op is not computed are left alone.
   */
  Engine(Ir.Program program, ClaimBatch cols, long[][] initialStates, long[] privateParams, CodeTable[] tables,
      boolean[] compute, boolean[] capture) {
    this.program = program;
    this.ops = program.ops().toArray(new Op[0]);
    this.cols = cols;
    this.compute = compute;
    this.captured = new long[ops.length][];
    if (capture != null) {
      for (int o = 0; o < ops.length; o++) {
        if (capture[o] && computes(o)) {
          captured[o] = new long[ops[o].level() == Ir.Level.ITEM ? cols.fileItemStart[cols.claimCount] : cols.claimCount];
        }
      }
    }
    int declared = cols.insured().fields().size();
    for (Op op : ops) {
      long field = op.code() == Ir.Opcode.INSURED ? op.imm()
          : op.code() == Ir.Opcode.INSURED_CODE ? op.imm() / InsuredFields.MAX_CODES : -1;
      if (field >= declared && computes(op.id())) {
        throw new IllegalArgumentException("the insured records carry " + declared + " declared insured fields, the"
            + " policy reads field number " + (field + 1) + ": read the insured file with the policy's fields");
      }
    }
    boolean[] read = fieldsRead(program, compute);
    cols.prepare(read);
    for (InputField f : InputField.values()) {
      if (read[f.ordinal()] && f.type() != Type.CODE && f != InputField.CLAIM_ITEM_COUNT) {
        columns[f.ordinal()] = cols.column(f);
      }
    }
    diagnosis = cols.diagnosis();
    itemCode = cols.itemCode();
    this.privateParams = privateParams.clone();
    this.tables = tables.clone();
    this.states = new long[initialStates.length][];
    for (int s = 0; s < states.length; s++) {
      states[s] = initialStates[s].clone();
    }
    this.stateSlots = stateSlots(program, cols.insured());
    this.byCode = new ArrayList<>();
    List<Ir.StateUpdate> keyed = new ArrayList<>();
    for (Ir.StateUpdate u : program.updates()) {
      List<Map<String, Long>> perRecord = null;
      if (u.byItemCode() && keyedComputed(program, u, compute)) {
        keyed.add(u);
        perRecord = new ArrayList<>();
        for (org.cosettle.core.InsuredRecord r : cols.insured().records()) {
          perRecord.add(new HashMap<>(r.valuesByCode(u.stateIndex())));
        }
      }
      byCode.add(perRecord);
    }
    this.itemCodeUpdates = keyed.toArray(new Ir.StateUpdate[0]);
    // the policy year is the last state when there are per-year states (see PolicyYears)
    this.yearState = program.updates().stream().anyMatch(Ir.StateUpdate::perPolicyYear) ? states.length - 1 : -1;
    this.yearStateOf = yearStates(program, yearState);
    this.holdsYear = new boolean[states.length];
    if (yearState >= 0) {
      holdsYear[yearState] = true;
    }
    for (int y : yearStateOf) {
      if (y >= 0) {
        holdsYear[y] = true;
      }
    }
    // the outputs in declaration order, as CompiledPolicy.outputs() lists them
    outputOps = program.bindings().stream().filter(b -> b.kind().equals("output")).mapToInt(Ir.Binding::op).toArray();
    results = new long[outputOps.length][cols.claimCount];
    increments = new long[states.length][cols.claimCount];
    incrementsByCode = new ArrayList<>();
    for (List<Map<String, Long>> perRecord : byCode) {
      incrementsByCode.add(perRecord == null ? null : new ArrayList<>(java.util.Collections.nCopies(cols.claimCount,
          Map.<String, Long>of())));
    }
    int aggregates = program.aggregates().size();
    aggregateValues = new long[aggregates][cols.claimCount];
    aggregateGroups = new int[aggregates][cols.claimCount];
  }

  /**
   * Per state, each record's slot in the states' arrays: for a state shared by an id field, the
   * field's value (the first record with the same id); null for a per-person state, and for
   * every state when the records carry no declared fields (the data holder's view).
   */
  static int[][] stateSlots(Ir.Program program, org.cosettle.core.InsuredFile insured) {
    int[][] slots = new int[program.updates().size()][];
    java.util.List<org.cosettle.core.InsuredRecord> records = insured.records();
    for (Ir.StateUpdate u : program.updates()) {
      // a party's view without the insurer's fields (the data holder's) never reads the state
      if (u.shared() && u.sharedBy() < insured.fields().size()) {
        int[] slot = new int[records.size()];
        for (int r = 0; r < slot.length; r++) {
          slot[r] = (int) records.get(r).field(u.sharedBy());
        }
        slots[u.stateIndex()] = slot;
      }
    }
    return slots;
  }

  /**
   * Per state, the state holding the policy year it belongs to (-1: not per policy_year): the
   * person's ({@code yearState}, the last), or for a state shared by a family the family's, which
   * the checker declares after every declared state: the last state shared by the same id field.
   */
  private static int[] yearStates(Ir.Program program, int yearState) {
    List<Ir.StateUpdate> updates = program.updates();
    int[] of = new int[updates.size()];
    for (Ir.StateUpdate u : updates) {
      of[u.stateIndex()] = -1;
      if (u.perPolicyYear()) {
        of[u.stateIndex()] = yearState;
        for (Ir.StateUpdate v : updates) {
          if (u.shared() && v.sharedBy() == u.sharedBy()) {
            of[u.stateIndex()] = Math.max(u.stateIndex(), v.stateIndex());
          }
        }
      }
    }
    return of;
  }

  /** State {@code s}'s value for the insured person at record {@code record}. */
  long stateValue(int s, int record) {
    return states[s][stateSlots[s] == null ? record : stateSlots[s][record]];
  }

  private boolean computes(int op) {
    return op >= 0 && (compute == null || compute[op]);
  }

  /** Which input fields {@code program} reads, by {@link InputField} ordinal. */
  static boolean[] fieldsRead(Ir.Program program) {
    return fieldsRead(program, null);
  }

  /** Which input fields the ops marked in {@code compute} (null: all) read. */
  static boolean[] fieldsRead(Ir.Program program, boolean[] compute) {
    boolean[] read = new boolean[InputField.values().length];
    for (Op op : program.ops()) {
      if (compute != null && !compute[op.id()]) {
        continue;
      }
      if (op.code() == Ir.Opcode.INPUT || op.code() == Ir.Opcode.CODE_IN) {
        read[(int) op.imm()] = true;
      } else if (op.code() == Ir.Opcode.PRIVATE_LOOKUP || op.code() == Ir.Opcode.CODE_FINGERPRINT
          || op.code() == Ir.Opcode.KEYED_STATE) {
        read[(op.level() == Ir.Level.ITEM ? InputField.ITEM_CODE : InputField.CLAIM_DIAGNOSIS).ordinal()] = true;
      }
    }
    // a state kept per item code is read and stored at each item's code
    if (program.updates().stream().anyMatch(u -> u.byItemCode() && keyedComputed(program, u, compute))) {
      read[InputField.ITEM_CODE.ordinal()] = true;
    }
    // ... and restarts with the policy year, which the evaluator compares claim by claim
    if (yearlyByCode(program, compute)) {
      read[InputField.CLAIM_ADMISSION_YMD.ordinal()] = true;
      read[InputField.INSURED_POLICY_START_YMD.ordinal()] = true;
    }
    return read;
  }

  /**
   * Whether a state kept per item code is declared {@code per policy_year} and computed by the ops
   * {@code compute} flags (null: all): a party's share of a handshake restarts it on shares.
   */
  private static boolean yearlyByCode(Ir.Program program, boolean[] compute) {
    return program.updates().stream().anyMatch(u -> u.byItemCode() && u.perPolicyYear()
        && keyedComputed(program, u, compute));
  }

  /**
   * Whether state {@code u}, kept per item code, is read or updated by the ops {@code compute}
   * flags (null: all): a party's share of a handshake (a mask that leaves some op out) computes
   * neither, the values per code being on shares.
   */
  static boolean keyedComputed(Ir.Program program, Ir.StateUpdate u, boolean[] compute) {
    if (compute == null) {
      return true;
    }
    for (boolean computed : compute) {
      if (!computed) {
        // a party's share: even an update whose value it computes alone (the insurer's own state,
        // say) is stored at the data holder's item codes, on shares
        return false;
      }
    }
    if (u.op() >= 0) {
      return true;
    }
    return program.ops().stream().anyMatch(op -> op.code() == Ir.Opcode.KEYED_STATE && op.imm() == u.stateIndex()
        && compute[op.id()]);
  }

  /** Per-thread registers: one vector per operation. */
  final class Worker {
    final long[][] reg = new long[ops.length][];
    private int claimCapacity;
    private int itemCapacity;
    /** Items of chunk claim {@code j} are at {@code seg[j] .. seg[j + 1] - 1} of the item vectors. */
    private int[] seg = new int[CHUNK + 1];
    /** Per state kept per item code, each item's value for its code before the item (null for the others). */
    private final long[][] before = new long[states.length][];
    /** Each item's occurrence of its code among its claim's earlier items (0: the first). */
    private int[] rank = new int[0];

    private void ensureCapacity(int claims, int items) {
      if (claims <= claimCapacity && items <= itemCapacity) {
        return;
      }
      claimCapacity = Math.max(claimCapacity, claims);
      itemCapacity = Math.max(itemCapacity, Math.max(items, 16));
      for (Ir.StateUpdate u : itemCodeUpdates) {
        before[u.stateIndex()] = new long[itemCapacity];
      }
      rank = new int[itemCapacity];
      if (seg.length < claimCapacity + 1) {
        seg = new int[claimCapacity + 1];
      }
      for (Op op : ops) {
        boolean constant = op.code() == Ir.Opcode.CONST || op.code() == Ir.Opcode.PRIVATE_PARAM;
        int size = constant ? Math.max(claimCapacity, itemCapacity)
            : op.level() == Ir.Level.ITEM ? itemCapacity : claimCapacity;
        if (reg[op.id()] == null || reg[op.id()].length < size) {
          reg[op.id()] = new long[size];
          if (op.code() == Ir.Opcode.CONST) {
            Arrays.fill(reg[op.id()], op.imm());
          } else if (op.code() == Ir.Opcode.PRIVATE_PARAM && computes(op.id())) {
            Arrays.fill(reg[op.id()], privateParams[(int) op.imm()]);
          }
        }
      }
    }

    /**
     * Evaluates the claims at evaluation positions {@code from .. to - 1} (no two of one
     * insured person), then stores their outputs, aggregate contributions and new states.
     */
    void run(int from, int to) throws Failure {
      int n = to - from;
      int firstItem = cols.itemStart[from];
      int items = cols.itemStart[to] - firstItem;
      ensureCapacity(n, items);
      for (int j = 0; j <= n; j++) {
        seg[j] = cols.itemStart[from + j] - firstItem;
      }
      if (itemCodeUpdates.length == 0) {
        computeAll(from, n, firstItem, items);
      } else {
        // an item sees the values its claim's earlier items of the same code left: pass r makes
        // the items of rank r exact (their predecessors' values are exact from pass r - 1)
        int passes = ranks(n, firstItem) + 1;
        seedBefore(from, n, firstItem);
        for (int pass = 0; ; pass++) {
          computeAll(from, n, firstItem, items);
          if (pass + 1 >= passes || !advanceBefore(from, n, firstItem)) {
            break;
          }
        }
      }
      store(from, n);
    }

    private void computeAll(int from, int n, int firstItem, int items) throws Failure {
      for (Op op : ops) {
        if (compute != null && !compute[op.id()]) {
          continue;
        }
        try {
          compute(op, from, n, firstItem, items);
        } catch (ArithmeticException e) {
          throw new Failure(op, -1);
        }
      }
    }

    /** Fills {@link #rank} for the chunk's items; returns the largest rank. */
    private int ranks(int n, int firstItem) {
      int most = 0;
      Map<String, Integer> seen = new HashMap<>();
      for (int j = 0; j < n; j++) {
        seen.clear();
        for (int i = seg[j]; i < seg[j + 1]; i++) {
          int r = seen.merge(itemCode[firstItem + i], 1, Integer::sum) - 1;
          rank[i] = r;
          most = Math.max(most, r);
        }
      }
      return most;
    }

    /** Each item's value for its code as the claim found it. */
    private void seedBefore(int from, int n, int firstItem) {
      for (Ir.StateUpdate u : itemCodeUpdates) {
        long[] b = before[u.stateIndex()];
        List<Map<String, Long>> store = byCode.get(u.stateIndex());
        for (int j = 0; j < n; j++) {
          Map<String, Long> values = recorded(u, store, from + j);
          for (int i = seg[j]; i < seg[j + 1]; i++) {
            b[i] = values.getOrDefault(itemCode[firstItem + i], 0L);
          }
        }
      }
    }

    /**
     * Each item's value for its code after the claim's earlier items of the same code, as the
     * last pass computed their updates; false when no value changed.
     */
    private boolean advanceBefore(int from, int n, int firstItem) {
      boolean changed = false;
      Map<String, Long> current = new HashMap<>();
      for (Ir.StateUpdate u : itemCodeUpdates) {
        if (u.op() < 0) {
          continue;
        }
        long[] b = before[u.stateIndex()];
        List<Map<String, Long>> store = byCode.get(u.stateIndex());
        for (int j = 0; j < n; j++) {
          Map<String, Long> values = recorded(u, store, from + j);
          current.clear();
          for (int i = seg[j]; i < seg[j + 1]; i++) {
            String code = itemCode[firstItem + i];
            Long c = current.get(code);
            long value = c != null ? c : values.getOrDefault(code, 0L);
            changed |= b[i] != value;
            b[i] = value;
            if (updates(u, j, i)) {
              current.put(code, itemValue(u.op(), j, i));
            }
          }
        }
      }
      return changed;
    }

    /**
     * The values per code of state {@code u} that the claim at evaluation position {@code position}
     * finds recorded for its person: none when the state is per policy year and the claim's year
     * is later than the recorded one.
     */
    private Map<String, Long> recorded(Ir.StateUpdate u, List<Map<String, Long>> store, int position) {
      return u.perPolicyYear() && startsNewYear(position) ? Map.of() : store.get(cols.insured[position]);
    }

    /**
     * Whether the claim at evaluation position {@code position} falls in a later policy year than
     * the one its person's states are recorded for (none recorded: no), as {@code PolicyYears} and
     * Lowering's restart compute it for the other per-year states.
     */
    private boolean startsNewYear(int position) {
      return startsNewYear(position, yearState);
    }

    /** As {@link #startsNewYear(int)}, against the year held by state {@code year} (a family's too). */
    private boolean startsNewYear(int position, int year) {
      int who = cols.insured[position];
      long recordedYear = stateValue(year, who);
      long admitted = columns[InputField.CLAIM_ADMISSION_YMD.ordinal()][position];
      long start = columns[InputField.INSURED_POLICY_START_YMD.ordinal()][who];
      return recordedYear > 0 && PolicyYears.yearOfYearMonthDay(start, admitted) > recordedYear;
    }

    /** Whether item {@code i} (of chunk claim {@code j}) updates the state kept per code {@code u}. */
    private boolean updates(Ir.StateUpdate u, int j, int i) {
      return u.where() < 0 || itemValue(u.where(), j, i) != 0;
    }

    /** Op {@code op}'s value at item {@code i} of chunk claim {@code j} (its claim's value for a claim-level op). */
    private long itemValue(int op, int j, int i) {
      return reg[op][ops[op].level() == Ir.Level.ITEM ? i : j];
    }

    private void compute(Op op, int from, int n, int firstItem, int m) {
      long[] out = reg[op.id()];
      int len = op.level() == Ir.Level.ITEM ? m : n;
      int[] args = op.args();
      long[] a = args.length > 0 ? reg[args[0]] : null;
      long[] b = args.length > 1 ? reg[args[1]] : null;
      switch (op.code()) {
        case CONST:
        case PRIVATE_PARAM:
          return;
        case INPUT:
          input(FIELDS[(int) op.imm()], out, from, n, firstItem, m);
          return;
        case STATE: {
          long[] st = states[(int) op.imm()];
          int[] slot = stateSlots[(int) op.imm()];
          int[] who = cols.insured;
          for (int j = 0; j < n; j++) {
            out[j] = st[slot == null ? who[from + j] : slot[who[from + j]]];
          }
          return;
        }
        case KEYED_STATE:
          System.arraycopy(before[(int) op.imm()], 0, out, 0, m);
          return;
        case INSURED: {
          java.util.List<org.cosettle.core.InsuredRecord> records = cols.insured().records();
          int field = (int) op.imm();
          int[] who = cols.insured;
          for (int j = 0; j < n; j++) {
            out[j] = records.get(who[from + j]).field(field);
          }
          return;
        }
        case INSURED_CODE: {
          java.util.List<org.cosettle.core.InsuredRecord> records = cols.insured().records();
          int field = (int) (op.imm() / InsuredFields.MAX_CODES);
          int slot = (int) (op.imm() % InsuredFields.MAX_CODES);
          int[] who = cols.insured;
          for (int j = 0; j < n; j++) {
            out[j] = CodeFingerprints.element(records.get(who[from + j]).codes(field), slot);
          }
          return;
        }
        case CODE_FINGERPRINT: {
          int slot = (int) op.imm();
          if (op.level() == Ir.Level.ITEM) {
            for (int j = 0; j < m; j++) {
              out[j] = CodeFingerprints.code(itemCode[firstItem + j], slot);
            }
          } else {
            for (int j = 0; j < n; j++) {
              out[j] = CodeFingerprints.code(diagnosis[from + j], slot);
            }
          }
          return;
        }
        case CODE_IN: {
          CodeSet set = op.codes();
          if (op.level() == Ir.Level.ITEM) {
            for (int j = 0; j < m; j++) {
              out[j] = set.contains(itemCode[firstItem + j]) ? 1 : 0;
            }
          } else {
            for (int j = 0; j < n; j++) {
              out[j] = set.contains(diagnosis[from + j]) ? 1 : 0;
            }
          }
          return;
        }
        case PRIVATE_LOOKUP: {
          CodeTable table = tables[(int) op.imm()];
          if (op.level() == Ir.Level.ITEM) {
            for (int j = 0; j < m; j++) {
              out[j] = table.get(itemCode[firstItem + j]);
            }
          } else {
            for (int j = 0; j < n; j++) {
              out[j] = table.get(diagnosis[from + j]);
            }
          }
          return;
        }
        case TO_ITEMS:
          for (int j = 0; j < n; j++) {
            Arrays.fill(out, seg[j], seg[j + 1], a[j]);
          }
          return;
        case SUM_ITEMS:
          for (int j = 0; j < n; j++) {
            long total = 0;
            for (int i = seg[j], end = seg[j + 1]; i < end; i++) {
              total = Math.addExact(total, a[i]);
            }
            out[j] = total;
          }
          return;
        default:
          Kernels.elementwise(op, out, a, b, args.length > 2 ? reg[args[2]] : null, len);
      }
    }

    private void input(InputField f, long[] out, int from, int n, int firstItem, int m) {
      if (f == InputField.CLAIM_ITEM_COUNT) {
        for (int j = 0; j < n; j++) {
          out[j] = seg[j + 1] - seg[j];
        }
        return;
      }
      long[] col = columns[f.ordinal()];
      if (f.perItem()) {
        System.arraycopy(col, firstItem, out, 0, m);
      } else if (f.owner() == Party.INSURER) {
        int[] who = cols.insured;
        for (int j = 0; j < n; j++) {
          out[j] = col[who[from + j]];
        }
      } else {
        System.arraycopy(col, from, out, 0, n);
      }
    }

    private void store(int from, int n) throws Failure {
      int[] order = cols.order;
      for (int o = 0; o < captured.length; o++) {
        if (captured[o] == null) {
          continue;
        }
        long[] v = reg[o];
        long[] dst = captured[o];
        if (ops[o].level() == Ir.Level.CLAIM) {
          for (int j = 0; j < n; j++) {
            dst[order[from + j]] = v[j];
          }
        } else {
          for (int j = 0; j < n; j++) {
            System.arraycopy(v, seg[j], dst, cols.fileItemStart[order[from + j]], seg[j + 1] - seg[j]);
          }
        }
      }
      for (Ir.StateUpdate u : program.updates()) {
        if (!computes(u.op())) {
          continue;
        }
        long[] bound = Ir.stateBound(ops[u.op()].type());
        for (int j = 0; j < n; j++) {
          if (reverses(from + j)) {
            continue; // the policy's value for a reversal is not used: reverse() settles it
          }
          for (int i = u.byItemCode() ? seg[j] : j, end = u.byItemCode() ? seg[j + 1] : j + 1; i < end; i++) {
            long v = u.byItemCode() ? itemValue(u.op(), j, i) : reg[u.op()][j];
            if ((!u.byItemCode() || updates(u, j, i)) && (v < bound[0] || v > bound[1])) {
              throw new Failure(ops[u.op()], u.stateIndex());
            }
          }
        }
      }
      for (int o = 0; o < outputOps.length; o++) {
        if (!computes(outputOps[o])) {
          continue;
        }
        long[] v = reg[outputOps[o]];
        long[] dst = results[o];
        for (int j = 0; j < n; j++) {
          dst[order[from + j]] = v[j];
        }
      }
      for (int a = 0; a < aggregateValues.length; a++) {
        Ir.AggregateStep step = program.aggregates().get(a);
        if ((step.value() < 0 || computes(step.value())) && (step.where() < 0 || computes(step.where()))
            && (step.key() < 0 || computes(step.key()))) {
          aggregate(step, aggregateValues[a], aggregateGroups[a], from, n);
        }
      }
      if (yearState >= 0) {
        // a new policy year restarts every code's value (before the year state below moves on)
        for (Ir.StateUpdate u : itemCodeUpdates) {
          if (u.perPolicyYear() && (u.op() < 0 || computes(u.op()))) {
            for (int j = 0; j < n; j++) {
              if (!reverses(from + j) && startsNewYear(from + j)) {
                byCode.get(u.stateIndex()).get(cols.insured[from + j]).clear();
              }
            }
          }
        }
      }
      for (Ir.StateUpdate u : itemCodeUpdates) {
        if (computes(u.op())) {
          List<Map<String, Long>> store = byCode.get(u.stateIndex());
          for (int j = 0; j < n; j++) {
            if (reverses(from + j)) {
              continue;
            }
            Map<String, Long> values = store.get(cols.insured[from + j]);
            // each code's value before the claim (a new policy year has cleared them above), then its increment
            Map<String, Long> inc = new java.util.TreeMap<>();
            for (int i = seg[j]; i < seg[j + 1]; i++) {
              if (updates(u, j, i)) {
                String code = itemCode[cols.itemStart[from] + i];
                inc.putIfAbsent(code, values.getOrDefault(code, 0L));
                values.put(code, itemValue(u.op(), j, i));
              }
            }
            for (Map.Entry<String, Long> e : inc.entrySet()) {
              e.setValue(values.get(e.getKey()) - e.getValue());
            }
            inc.values().removeIf(v -> v == 0);
            incrementsByCode.get(u.stateIndex()).set(cols.order[from + j], inc);
          }
        }
      }
      for (Ir.StateUpdate u : program.updates()) {
        if (computes(u.op()) && !u.byItemCode()) {
          long[] v = reg[u.op()];
          long[] st = states[u.stateIndex()];
          int[] slot = stateSlots[u.stateIndex()];
          long[] inc = increments[u.stateIndex()];
          boolean year = holdsYear[u.stateIndex()];
          for (int j = 0; j < n; j++) {
            if (reverses(from + j)) {
              continue; // settled below, from what the claim it takes back recorded
            }
            int who = cols.insured[from + j];
            int at = slot == null ? who : slot[who];
            // the year state is last, so the claim's restart is still decided against the recorded
            // year; a party's share of a handshake (compute set) knows only one of the two dates:
            // handshake mode keeps every per-year money or int state on shares and counts its
            // increments there
            long was = year || u.perPolicyYear() && compute == null && startsNewYear(from + j, yearStateOf[u.stateIndex()])
                ? 0 : st[at];
            inc[order[from + j]] = v[j] - was;
            st[at] = v[j];
          }
        }
      }
      if (cols.reversals.any) {
        for (int j = 0; j < n; j++) {
          if (reverses(from + j)) {
            reverse(from + j, j);
          }
        }
      }
    }

    private boolean reverses(int position) {
      return cols.reversals.any && cols.reversals.target[cols.order[position]] != Reversals.NONE;
    }

    /**
     * Settles the reversal at evaluation position {@code position} (chunk index {@code j}) in
     * place of what the policy computed for it: each output the reversed claim's, negated (a
     * bool repeated); each money or int state lowered by the reversed claim's increment, so what
     * the claims in between added stays, a state kept per item code code by code; a bool state
     * left alone. It takes part in no aggregate.
     */
    private void reverse(int position, int j) throws Failure {
      int c = cols.order[position];
      int target = cols.reversals.target[c];
      SettledClaim earlier = cols.reversals.earlier[c];
      for (int o = 0; o < outputOps.length; o++) {
        if (computes(outputOps[o])) {
          long was = target >= 0 ? results[o][target] : earlier.outputs()[o];
          results[o][c] = ops[outputOps[o]].type() == Type.BOOL ? was : -was;
        }
      }
      for (int[] groups : aggregateGroups) {
        groups[c] = -1;
      }
      int who = cols.insured[position];
      for (Ir.StateUpdate u : program.updates()) {
        if (!computes(u.op())) {
          continue;
        }
        if (u.byItemCode()) {
          if (byCode.get(u.stateIndex()) != null) {
            reverseByCode(u, c, target, earlier, who, j);
          }
          continue;
        }
        int s = u.stateIndex();
        long[] st = states[s];
        int[] slot = stateSlots[s];
        int at = slot == null ? who : slot[who];
        long before = st[at];
        if (holdsYear[s]) {
          increments[s][c] = before;
          continue;
        }
        boolean closedYear = closedYear(u, target, earlier, who);
        long taken = ops[u.op()].type() == Type.BOOL || closedYear ? 0
            : target >= 0 ? increments[s][target] : earlier.increments()[s];
        long after = before - taken;
        long[] bound = Ir.stateBound(ops[u.op()].type());
        if (after < bound[0] || after > bound[1]) {
          reg[u.op()][j] = after;
          throw new Failure(ops[u.op()], s);
        }
        increments[s][c] = -taken;
        st[at] = after;
      }
    }

    /**
     * Whether the per-year increments of the claim taken back ({@code target} in this batch, else
     * {@code earlier}) to state {@code u} are closed: they went into the year recorded (the
     * person's or the family's) after that claim, and are taken back only while it is still the
     * recorded year (the year itself stays as it is).
     */
    private boolean closedYear(Ir.StateUpdate u, int target, SettledClaim earlier, int who) {
      int y = yearStateOf[u.stateIndex()];
      return u.perPolicyYear() && (target >= 0 ? increments[y][target] : earlier.increments()[y]) != stateValue(y, who);
    }

    /**
     * Takes back, for the reversal of file index {@code c} (chunk index {@code j}), the increment
     * per code the claim it reverses made to state {@code u}, kept per item code, of person
     * {@code who}; none once that claim's policy year is closed. A code back at 0 is dropped.
     */
    private void reverseByCode(Ir.StateUpdate u, int c, int target, SettledClaim earlier, int who, int j)
        throws Failure {
      int s = u.stateIndex();
      Map<String, Long> taken = ops[u.op()].type() == Type.BOOL || closedYear(u, target, earlier, who) ? Map.of()
          : target >= 0 ? incrementsByCode.get(s).get(target) : earlier.incrementsByCode(s);
      Map<String, Long> values = byCode.get(s).get(who);
      long[] bound = Ir.stateBound(ops[u.op()].type());
      Map<String, Long> undone = new java.util.TreeMap<>();
      for (Map.Entry<String, Long> e : taken.entrySet()) {
        long after = values.getOrDefault(e.getKey(), 0L) - e.getValue();
        if (after < bound[0] || after > bound[1]) {
          if (j < reg[u.op()].length) {
            reg[u.op()][j] = after; // as Failures reads it, the claim run alone at 0
          }
          throw new Failure(ops[u.op()], s);
        }
        undone.put(e.getKey(), -e.getValue());
      }
      for (Map.Entry<String, Long> e : undone.entrySet()) {
        long after = values.getOrDefault(e.getKey(), 0L) + e.getValue();
        if (after == 0) {
          values.remove(e.getKey());
        } else {
          values.put(e.getKey(), after);
        }
      }
      incrementsByCode.get(s).set(c, undone);
    }

    private void aggregate(Ir.AggregateStep step, long[] values, int[] groups, int from, int n) {
      long[] where = step.where() >= 0 ? reg[step.where()] : null;
      long[] value = step.value() >= 0 ? reg[step.value()] : null;
      long[] key = step.key() >= 0 ? reg[step.key()] : null;
      long[] bounds = step.bandBounds();
      for (int j = 0; j < n; j++) {
        int c = cols.order[from + j];
        values[c] = value == null ? 1 : value[j];
        int group;
        if (where != null && where[j] == 0) {
          group = -1;
        } else if (step.keyKind() == Ir.KeyKind.BAND) {
          group = 0;
          while (group < bounds.length && key[j] >= bounds[group]) {
            group++;
          }
        } else if (key != null) {
          group = (int) key[j];
        } else {
          group = 0;
        }
        groups[c] = group;
      }
    }
  }
}
