package org.cosettle.policy.ir;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cosettle.core.Bounds;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.InputField;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Level;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;

/**
 * Emits {@link Ir} operations. Identical operations are emitted once (the IR
 * is pure, so sharing them changes no value). Every operation gets its ownership label and its
 * interval as it is emitted: the range analysis of spec §3 runs here, reporting at the
 * expression's position a value or exact product that could leave 64 bits.
 */
public final class IrBuilder {
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final String EXPRESSION = "this expression";

  /** An operation while the policy is compiled; its interval may still be widened. */
  private static final class Draft {
    Opcode code;
    Type type;
    Level level;
    Label label;
    int[] args;
    long imm;
    CodeSet codes;
    long min;
    long max;
    Position position;
    String note;
  }

  private record Key(Opcode code, Type type, Level level, List<Integer> args, long imm, CodeSet codes) {}

  /** Where an operation that could leave 64 bits is reported. */
  private final Consumer<Diagnostic> report;
  private final List<Draft> ops = new ArrayList<>();
  private final Map<Key, Integer> emitted = new HashMap<>();
  private boolean reported;

  public IrBuilder(Consumer<Diagnostic> report) {
    this.report = report;
  }

  /** Starts a declaration: at most one overflow is reported per declaration. */
  public void beginDeclaration() {
    reported = false;
  }

  /** Whether this declaration reported an overflow (later uses then see its type's bound). */
  public boolean reportedOverflow() {
    return reported;
  }

  /** After an overflow in a declaration, later uses of its value see the bound of its type. */
  public void widenToType(int op) {
    Draft d = ops.get(op);
    long[] bound = typeBound(d.type);
    d.min = bound[0];
    d.max = bound[1];
  }

  public int constant(Type type, long value, Position at) {
    return emit(Opcode.CONST, type, Level.CLAIM, Label.PUBLIC, new int[0], value, null, value, value, at, null);
  }

  public int input(InputField f, Position at) {
    return emit(Opcode.INPUT, f.type(), level(f), Label.of(f.owner()), new int[0], f.ordinal(), null, f.min(), f.max(), at, null);
  }

  public int privateParam(int index, Type type, Position at) {
    long[] b = typeBound(type);
    return emit(Opcode.PRIVATE_PARAM, type, Level.CLAIM, Label.INSURER, new int[0], index, null, b[0], b[1], at, null);
  }

  /**
   * The entry of private table {@code table} for the code field {@code f} (a private code set's
   * membership as 0/1), within {@code [min, max]}: the insurer's values with the data holder's
   * code, so joint.
   */
  public int privateLookup(int table, InputField f, Type type, long min, long max, Position at) {
    return emit(Opcode.PRIVATE_LOOKUP, type, level(f), Label.of(f.owner()).join(Label.INSURER), new int[0], table, null,
        min, max, at, null);
  }

  /** State {@code index} of {@code type}: money within the money bound, int within the int bound, bool 0/1. */
  public int state(int index, Type type, Position at) {
    long[] b = Ir.stateBound(type);
    return emit(Opcode.STATE, type, Level.CLAIM, Label.INSURER, new int[0], index, null, b[0], b[1], at, null);
  }

  /**
   * State {@code index}, kept per item code, for each line item's code: the insurer's values at
   * the data holder's codes, so joint.
   */
  public int keyedState(int index, Type type, Position at) {
    long[] b = Ir.stateBound(type);
    return emit(Opcode.KEYED_STATE, type, Level.ITEM, Label.INSURER.join(Label.DATA_HOLDER), new int[0], index, null,
        b[0], b[1], at, null);
  }

  /**
   * State {@code index}, kept per item code and declared {@code per policy_year}, as {@link
   * #keyedState(int, Type, Position)} reads it, carrying the claim's restart flag {@code restart}
   * (a claim-level bool) as its argument: the plaintext evaluator restarts the values per code
   * itself, handshake mode restarts them on shares with that flag ({@link Ir#restartOf}).
   */
  public int keyedState(int index, Type type, Position at, int restart) {
    long[] b = Ir.stateBound(type);
    return emit(Opcode.KEYED_STATE, type, Level.ITEM, Label.INSURER.join(Label.DATA_HOLDER), new int[] {restart}, index,
        null, b[0], b[1], at, null);
  }

  /** Declared insured field {@code index} of {@code type} within {@code [min, max]}: the insurer's. */
  public int insured(int index, Type type, long min, long max, Position at) {
    return emit(Opcode.INSURED, type, Level.CLAIM, Label.INSURER, new int[0], index, null, min, max, at, null);
  }

  /**
   * Whether the code field {@code f} is in code set field {@code field} of size bound {@code size}:
   * the OR over every pair of the code's fingerprints and the set's slots of their equality.
   */
  public int codeInInsured(InputField f, int field, int size, Position at) {
    int[] code = new int[CodeFingerprints.CODE_SLOTS];
    for (int k = 0; k < code.length; k++) {
      code[k] = emit(Opcode.CODE_FINGERPRINT, Type.INT, level(f), Label.of(f.owner()), new int[0], k, null,
          CodeFingerprints.NO_PREFIX, CodeFingerprints.MAX, at, "a fingerprint of " + f.displayName());
    }
    List<Integer> equal = new ArrayList<>();
    for (int j = 0; j < size; j++) {
      int element = emit(Opcode.INSURED_CODE, Type.INT, Level.CLAIM, Label.INSURER, new int[0],
          (long) field * org.cosettle.policy.check.InsuredFields.MAX_CODES + j, null, CodeFingerprints.PADDING,
          CodeFingerprints.MAX, at, "a fingerprint of an insured person's code");
      for (int c : code) {
        equal.add(op(Opcode.EQ, Type.BOOL, at, "a fingerprint equality", 0, c, element));
      }
    }
    // a balanced tree of ORs: its depth, not the number of tests, sets the rounds on shares
    while (equal.size() > 1) {
      List<Integer> next = new ArrayList<>();
      for (int i = 0; i + 1 < equal.size(); i += 2) {
        next.add(op(Opcode.OR, Type.BOOL, at, equal.get(i), equal.get(i + 1)));
      }
      if (equal.size() % 2 == 1) {
        next.add(equal.get(equal.size() - 1));
      }
      equal = next;
    }
    return equal.get(0);
  }

  public int codeIn(InputField f, CodeSet set, Position at) {
    return emit(Opcode.CODE_IN, Type.BOOL, level(f), Label.of(f.owner()), new int[0], f.ordinal(), set, 0, 1, at, null);
  }

  private static Level level(InputField f) {
    return f.perItem() ? Level.ITEM : Level.CLAIM;
  }

  public int op(Opcode code, Type type, Position at, int... args) {
    return op(code, type, at, null, 0, args);
  }

  public int opImm(Opcode code, Type type, Position at, long imm, int... args) {
    return op(code, type, at, null, imm, args);
  }

  /** An operation whose overflow message names {@code note} instead of "this expression". */
  public int op(Opcode code, Type type, Position at, String note, long imm, int... args) {
    Level level = Level.CLAIM;
    for (int a : args) {
      if (ops.get(a).level == Level.ITEM) {
        level = Level.ITEM;
      }
    }
    if (code == Opcode.SUM_ITEMS) {
      level = Level.ITEM;
    }
    int[] operands = args.clone();
    if (level == Level.ITEM) {
      for (int i = 0; i < operands.length; i++) {
        Draft d = ops.get(operands[i]);
        if (d.level == Level.CLAIM && d.code != Opcode.CONST) {
          operands[i] = emit(Opcode.TO_ITEMS, d.type, Level.ITEM, d.label.join(Label.DATA_HOLDER),
              new int[] {operands[i]}, 0, null, d.min, d.max, d.position, null);
        }
      }
    }
    Label label = Label.PUBLIC;
    for (int a : operands) {
      label = label.join(ops.get(a).label);
    }
    if (level == Level.ITEM) {
      label = label.join(Label.DATA_HOLDER);
    }
    if (code == Opcode.SUM_ITEMS) {
      level = Level.CLAIM;
    }
    BigInteger[] range = range(code, imm, operands);
    long lo;
    long hi;
    if (range[0].compareTo(MIN) < 0 || range[1].compareTo(MAX) > 0) {
      if (!reported) {
        report.accept(new Diagnostic(at, (note != null ? note : EXPRESSION)
            + " could exceed 64 bits for inputs within their bounds (it may reach "
            + (range[1].compareTo(MAX) > 0 ? range[1] : range[0]) + " in the smallest unit); split or bound it with min/max"));
        reported = true;
      }
      lo = range[0].max(MIN).longValue();
      hi = range[1].min(MAX).longValue();
    } else {
      lo = range[0].longValue();
      hi = range[1].longValue();
    }
    return emit(code, type, level, label, operands, imm, null, lo, hi, at, note);
  }

  private int emit(Opcode code, Type type, Level level, Label label, int[] args, long imm, CodeSet codes,
      long min, long max, Position at, String note) {
    Key key = new Key(code, type, level, Arrays.stream(args).boxed().toList(), imm, codes);
    Integer known = emitted.get(key);
    if (known != null) {
      return known;
    }
    Draft d = new Draft();
    d.code = code;
    d.type = type;
    d.level = level;
    d.label = label;
    d.args = args;
    d.imm = imm;
    d.codes = codes;
    d.min = min;
    d.max = max;
    d.position = at;
    d.note = note;
    ops.add(d);
    emitted.put(key, ops.size() - 1);
    return ops.size() - 1;
  }

  private BigInteger lo(int op) {
    return BigInteger.valueOf(ops.get(op).min);
  }

  private BigInteger hi(int op) {
    return BigInteger.valueOf(ops.get(op).max);
  }

  private BigInteger[] range(Opcode code, long imm, int[] a) {
    switch (code) {
      case ADD:
        return new BigInteger[] {lo(a[0]).add(lo(a[1])), hi(a[0]).add(hi(a[1]))};
      case SUB:
        return new BigInteger[] {lo(a[0]).subtract(hi(a[1])), hi(a[0]).subtract(lo(a[1]))};
      case NEG:
        return new BigInteger[] {hi(a[0]).negate(), lo(a[0]).negate()};
      case MUL: {
        BigInteger[] p = {lo(a[0]).multiply(lo(a[1])), lo(a[0]).multiply(hi(a[1])),
            hi(a[0]).multiply(lo(a[1])), hi(a[0]).multiply(hi(a[1]))};
        BigInteger min = p[0];
        BigInteger max = p[0];
        for (BigInteger x : p) {
          min = min.min(x);
          max = max.max(x);
        }
        return new BigInteger[] {min, max};
      }
      case ROUND4:
        // rounding is monotonic, so the ends of the interval round to the ends of the result
        return new BigInteger[] {BigInteger.valueOf(Arith.round4(ops.get(a[0]).min)),
            BigInteger.valueOf(Arith.round4(ops.get(a[0]).max))};
      case DIV_ROUND: {
        long x = Arith.divRound(ops.get(a[0]).min, imm);
        long y = Arith.divRound(ops.get(a[0]).max, imm);
        return new BigInteger[] {BigInteger.valueOf(Math.min(x, y)), BigInteger.valueOf(Math.max(x, y))};
      }
      case SELECT:
        return new BigInteger[] {lo(a[1]).min(lo(a[2])), hi(a[1]).max(hi(a[2]))};
      case MIN:
        return new BigInteger[] {lo(a[0]).min(lo(a[1])), hi(a[0]).min(hi(a[1]))};
      case MAX:
        return new BigInteger[] {lo(a[0]).max(lo(a[1])), hi(a[0]).max(hi(a[1]))};
      case TO_ITEMS:
        return new BigInteger[] {lo(a[0]), hi(a[0])};
      case SUM_ITEMS: {
        BigInteger n = BigInteger.valueOf(Bounds.MAX_ITEMS);
        return new BigInteger[] {lo(a[0]).multiply(n).min(BigInteger.ZERO), hi(a[0]).multiply(n).max(BigInteger.ZERO)};
      }
      default:
        // comparisons, logic and membership
        return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
    }
  }

  /** The bound of an input or private param of {@code type} (spec §3). */
  public static long[] typeBound(Type type) {
    return type.inputBound();
  }

  /** The operations so far, numbered as emitted. */
  public List<Op> build() {
    List<Op> out = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      Draft d = ops.get(i);
      out.add(new Op(i, d.code, d.type, d.level, d.label, d.args, d.imm, d.codes, d.min, d.max, d.position, d.note));
    }
    return out;
  }
}
