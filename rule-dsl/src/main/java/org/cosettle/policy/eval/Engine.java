package org.cosettle.policy.eval;

import java.util.Arrays;
import org.cosettle.core.Party;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.InputField;
import org.cosettle.policy.check.InsuredFields;
import org.cosettle.policy.ir.CodeFingerprints;
import org.cosettle.policy.ir.CodeSet;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * Runs an {@link Ir.Program} over a columnar batch, a chunk of claims at a time: every operation
 * is one tight loop over the chunk (or over the chunk's line items), so there is no per-claim
 * dispatch, no boxing and no tree walking. A chunk never holds two claims of one insured
 * person, so each claim sees the states its insured's earlier claims left (spec §8).
 *
 * <p>Arithmetic is exact ({@code Math.*Exact}); an overflow or a state leaving the money bound
 * raises {@link Failure}, and the caller then locates the first failing claim in file order.
 *
 * <p>Just above the usual 400 lines: the chunk loop, the states' stores with their bounds and the
 * aggregates' accumulation share the chunk's registers and offsets; the per-opcode kernels are
 * already apart in {@code Kernels}.
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
  /** {@code states[s][record]}: state values, updated as claims are evaluated. */
  final long[][] states;
  /** {@code results[o][claim]}: the outputs. */
  final long[][] results;
  /** {@code increments[s][claim]}: how much each claim changed each state (new value less old). */
  final long[][] increments;
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
    // the outputs in declaration order, as CompiledPolicy.outputs() lists them
    outputOps = program.bindings().stream().filter(b -> b.kind().equals("output")).mapToInt(Ir.Binding::op).toArray();
    results = new long[outputOps.length][cols.claimCount];
    increments = new long[states.length][cols.claimCount];
    int aggregates = program.aggregates().size();
    aggregateValues = new long[aggregates][cols.claimCount];
    aggregateGroups = new int[aggregates][cols.claimCount];
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
      } else if (op.code() == Ir.Opcode.PRIVATE_LOOKUP || op.code() == Ir.Opcode.CODE_FINGERPRINT) {
        read[(op.level() == Ir.Level.ITEM ? InputField.ITEM_CODE : InputField.CLAIM_DIAGNOSIS).ordinal()] = true;
      }
    }
    return read;
  }

  /** Per-thread registers: one vector per operation. */
  final class Worker {
    final long[][] reg = new long[ops.length][];
    private int claimCapacity;
    private int itemCapacity;
    /** Items of chunk claim {@code j} are at {@code seg[j] .. seg[j + 1] - 1} of the item vectors. */
    private int[] seg = new int[CHUNK + 1];

    private void ensureCapacity(int claims, int items) {
      if (claims <= claimCapacity && items <= itemCapacity) {
        return;
      }
      claimCapacity = Math.max(claimCapacity, claims);
      itemCapacity = Math.max(itemCapacity, Math.max(items, 16));
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
      store(from, n);
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
          int[] who = cols.insured;
          for (int j = 0; j < n; j++) {
            out[j] = st[who[from + j]];
          }
          return;
        }
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
        long[] v = reg[u.op()];
        long[] bound = Ir.stateBound(ops[u.op()].type());
        for (int j = 0; j < n; j++) {
          if ((v[j] < bound[0] || v[j] > bound[1]) && !reverses(from + j)) {
            throw new Failure(ops[u.op()], u.stateIndex());
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
      for (Ir.StateUpdate u : program.updates()) {
        if (computes(u.op())) {
          long[] v = reg[u.op()];
          long[] st = states[u.stateIndex()];
          long[] inc = increments[u.stateIndex()];
          for (int j = 0; j < n; j++) {
            int who = cols.insured[from + j];
            inc[order[from + j]] = v[j] - st[who];
            st[who] = v[j];
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
     * the claims in between added stays; a bool state left alone. It takes part in no aggregate.
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
        int s = u.stateIndex();
        long[] st = states[s];
        // the generic store above wrote what the policy computed; the value before is st - that increment
        long before = st[who] - increments[s][c];
        long taken = ops[u.op()].type() == Type.BOOL ? 0
            : target >= 0 ? increments[s][target] : earlier.increments()[s];
        long after = before - taken;
        long[] bound = Ir.stateBound(ops[u.op()].type());
        if (after < bound[0] || after > bound[1]) {
          reg[u.op()][j] = after;
          throw new Failure(ops[u.op()], s);
        }
        increments[s][c] = -taken;
        st[who] = after;
      }
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
