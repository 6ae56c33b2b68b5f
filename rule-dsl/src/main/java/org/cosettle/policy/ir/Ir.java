package org.cosettle.policy.ir;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.InputField;

/**
 * The intermediate form both evaluators consume: a flat list of typed, labelled operations,
 * each computing one value per claim (or per line item), in an order where every operand comes
 * before its use. There is no control flow: {@code if}, {@code match}, {@code min}, {@code
 * clamp} and {@code tiered} are lowered to {@link Opcode#SELECT}, {@link Opcode#MIN}, {@link
 * Opcode#MAX} and plain arithmetic, so that a vectorised or secure evaluator runs the list once
 * for a whole batch. Rounding is an operation of its own ({@link Opcode#ROUND4}, {@link
 * Opcode#DIV_ROUND}), never hidden inside a multiplication.
 *
 * <p>Values are 64-bit integers in the units of their {@link Type}: money in fen, ratio in
 * 1/10000, bool 0/1, an enum its ordinal, a date its epoch day. A {@link Opcode#MUL} with a
 * ratio operand yields the exact product in 1/10000 of the result's unit; the {@link
 * Opcode#ROUND4} that follows brings it back.
 */
public final class Ir {
  private Ir() {}

  /** Who can compute a value alone (spec §1): {@code public ⊔ X = X}, {@code data_holder ⊔ insurer = joint}. */
  public enum Label {
    PUBLIC, DATA_HOLDER, INSURER, JOINT;

    public Label join(Label o) {
      if (this == o || o == PUBLIC) {
        return this;
      }
      if (this == PUBLIC) {
        return o;
      }
      return JOINT;
    }

    /** The label of what {@code party} alone computes. */
    public static Label of(Party party) {
      return party == Party.DATA_HOLDER ? DATA_HOLDER : INSURER;
    }

    /** The party that alone computes a value of this label; empty for {@code PUBLIC} and {@code JOINT}. */
    public java.util.Optional<Party> party() {
      return this == DATA_HOLDER ? java.util.Optional.of(Party.DATA_HOLDER)
          : this == INSURER ? java.util.Optional.of(Party.INSURER) : java.util.Optional.empty();
    }

    /** {@code public}, {@code data_holder}, {@code insurer} or {@code joint}. */
    public String display() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The bound a state of {@code type} stays within (spec §3): money ±1,000,000,000.00, int
   * ±1,000,000, bool 0..1; a new value outside it stops the batch in either mode.
   */
  public static long[] stateBound(Type type) {
    return type == Type.MONEY ? new long[] {-org.cosettle.core.Bounds.CLAIM_MONEY, org.cosettle.core.Bounds.CLAIM_MONEY}
        : type.inputBound();
  }

  /** Whether an operation has one value per claim or one per line item of the claim. */
  public enum Level { CLAIM, ITEM }

  /** The operations. {@code a}, {@code b}, {@code c} are the operands in order. */
  public enum Opcode {
    /** {@code imm}. */
    CONST,
    /** The input field {@code InputField.values()[imm]} (its level is the field's). */
    INPUT,
    /** Private param number {@code imm}. */
    PRIVATE_PARAM,
    /** State number {@code imm}, its value before the current claim. */
    STATE,
    /**
     * State number {@code imm}, kept per item code: per line item, its value for the item's code
     * before that item (after the claim's earlier items of the same code).
     */
    KEYED_STATE,
    /** Declared insured field number {@code imm} of the claim's insured person (not a code set field). */
    INSURED,
    /**
     * Value {@code imm} of {@link CodeFingerprints#code} for the code of this op's level ({@code
     * claim.diagnosis} for a claim-level op, {@code item.code} for an item-level one).
     */
    CODE_FINGERPRINT,
    /**
     * Slot {@code imm % InsuredFields.MAX_CODES} of {@link CodeFingerprints#element} for code set
     * field number {@code imm / InsuredFields.MAX_CODES} of the claim's insured person.
     */
    INSURED_CODE,
    /** {@code a + b}, exact. */
    ADD,
    /** {@code a - b}, exact. */
    SUB,
    /** {@code -a}, exact. */
    NEG,
    /** {@code a * b}, exact (see the class comment for ratio operands). */
    MUL,
    /** {@code sign(a) * floor((|a| + 5000) / 10000)}: half away from zero, spec §4. */
    ROUND4,
    /** {@code a / imm} rounded half away from zero; {@code imm} a nonzero public constant. */
    DIV_ROUND,
    /** {@code a < b} as 0/1. */
    LT,
    /** {@code a <= b} as 0/1. */
    LE,
    /** {@code a == b} as 0/1. */
    EQ,
    /** {@code a != b} as 0/1. */
    NE,
    /** {@code a & b} on 0/1. */
    AND,
    /** {@code a | b} on 0/1. */
    OR,
    /** {@code 1 - a} on 0/1. */
    NOT,
    /** Bit {@code a} of the enum-set mask {@code imm}, as 0/1. */
    IN_MASK,
    /** Whether the code field {@code InputField.values()[imm]} is in {@link Op#codes()}, as 0/1. */
    CODE_IN,
    /**
     * The insurer's private table number {@code imm} at the code of this op's level ({@code
     * claim.diagnosis} for a claim-level op, {@code item.code} for an item-level one): the
     * table's entry for the code or its default; for a private code set, membership as 0/1.
     */
    PRIVATE_LOOKUP,
    /** {@code a != 0 ? b : c}. */
    SELECT,
    /** {@code min(a, b)}. */
    MIN,
    /** {@code max(a, b)}. */
    MAX,
    /** A claim-level value {@code a} repeated for every line item of the claim. */
    TO_ITEMS,
    /** The exact sum over the claim's line items of the item-level value {@code a}; 0 with no items. */
    SUM_ITEMS
  }

  /**
   * One operation. {@code min}/{@code max} bound its value for inputs within spec §3 (the range
   * analysis; a secure evaluator sizes its bit widths from them). {@code position} is where in
   * the policy it comes from; {@code note} says what it is when it is not an expression the
   * actuary wrote (a product before rounding, a band of {@code tiered}).
   */
  public record Op(int id, Opcode code, Type type, Level level, Label label, int[] args, long imm,
      CodeSet codes, long min, long max, Position position, String note) {
    public int a() {
      return args[0];
    }

    public int b() {
      return args[1];
    }

    public int c() {
      return args[2];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("%").append(id).append(" = ").append(code.name().toLowerCase(java.util.Locale.ROOT));
      for (int arg : args) {
        sb.append(" %").append(arg);
      }
      if (code == Opcode.CONST || code == Opcode.DIV_ROUND || code == Opcode.IN_MASK
          || code == Opcode.PRIVATE_PARAM || code == Opcode.PRIVATE_LOOKUP || code == Opcode.STATE
          || code == Opcode.INSURED || code == Opcode.CODE_FINGERPRINT || code == Opcode.INSURED_CODE) {
        sb.append(' ').append(imm);
      } else if (code == Opcode.INPUT || code == Opcode.CODE_IN) {
        sb.append(' ').append(InputField.values()[(int) imm].displayName());
      }
      return sb.append(" : ").append(type).append(' ').append(level.name().toLowerCase(java.util.Locale.ROOT))
          .append(' ').append(label.display()).append(" [").append(min).append(", ").append(max).append(']').toString();
    }
  }

  /** A named value: a {@code let} or an {@code output} ({@code kind}), computed by op {@code op}. */
  public record Binding(String kind, String name, Type type, int op, int line) {}

  /**
   * A state and the op computing its value after the claim ({@code -1}: it keeps its value);
   * {@code sharedBy} is the number of the id insured field whose holders share one value ({@code
   * state family_deductible: money by insured.family}), {@link #BY_ITEM_CODE} for a state kept per
   * insured person and line item code, -1 for a per-person state. For a state kept per item code,
   * {@code op} gives each line item's new value for its code and {@code where} (-1: every item)
   * which items update it. {@code perPolicyYear} when the state is declared {@code per
   * policy_year}: a per-person state's restart is in its ops; a state kept per item code restarts
   * all its codes' values when the claim's policy year is later than the recorded one.
   */
  public record StateUpdate(String name, int stateIndex, int op, int line, int sharedBy, int where,
      boolean perPolicyYear) {
    public StateUpdate(String name, int stateIndex, int op, int line) {
      this(name, stateIndex, op, line, -1, -1, false);
    }

    public StateUpdate(String name, int stateIndex, int op, int line, int sharedBy, int where) {
      this(name, stateIndex, op, line, sharedBy, where, false);
    }

    /** This update of a state with key {@code key}: an id field's number, {@link #BY_ITEM_CODE} or -1. */
    public StateUpdate sharedBy(int key) {
      return new StateUpdate(name, stateIndex, op, line, key, where, perPolicyYear);
    }

    /** This update of a state declared {@code per policy_year} ({@code yearly}) or not. */
    public StateUpdate perPolicyYear(boolean yearly) {
      return new StateUpdate(name, stateIndex, op, line, sharedBy, where, yearly);
    }

    /** Whether the state is shared by the holders of an id field rather than kept per person. */
    public boolean shared() {
      return sharedBy >= 0;
    }

    /** Whether the state is kept per insured person and line item code. */
    public boolean byItemCode() {
      return sharedBy == BY_ITEM_CODE;
    }
  }

  /** The key of a state kept per insured person and line item code ({@code state drug_paid: money by item.code}). */
  public static final int BY_ITEM_CODE = org.cosettle.policy.check.CheckedPolicy.BY_ITEM_CODE;

  /**
   * The op holding the restart flag of state {@code state}, kept per item code and declared {@code
   * per policy_year}: 1 when the claim's policy year is later than the recorded one (a claim-level
   * bool, the argument of the state's read that the lowering emits for it); -1 for another state.
   */
  public static int restartOf(Program program, int state) {
    for (Op op : program.ops()) {
      if (op.code() == Opcode.KEYED_STATE && op.imm() == state && op.args().length == 1) {
        return op.a();
      }
    }
    return -1;
  }

  /** Whether some state of {@code program} kept per item code is read or updated ({@link #itemCodeStateUsed}). */
  public static boolean hasItemCodeStates(Program program) {
    return program.updates().stream().anyMatch(u -> u.byItemCode() && itemCodeStateUsed(program, u));
  }

  /**
   * Whether state {@code u}, kept per item code, is updated or read by an op of {@code program}: one
   * that is neither keeps the values per code the insured file gives, with nothing to evaluate.
   */
  public static boolean itemCodeStateUsed(Program program, StateUpdate u) {
    return u.op() >= 0 || program.ops().stream()
        .anyMatch(op -> op.code() == Opcode.KEYED_STATE && op.imm() == u.stateIndex());
  }

  /**
   * Whether {@code program} updates a state shared by the holders of an id insured field: its
   * claims then chain per family, not only per person.
   */
  public static boolean updatesSharedStates(Program program) {
    return program.updates().stream().anyMatch(u -> u.shared() && u.op() >= 0);
  }

  /** How an aggregate splits the claims into groups. */
  public enum KeyKind { NONE, BOOL, ENUM, HOSPITAL, BAND }

  /**
   * The aggregate step of one {@code aggregate}: per claim, the value of op {@code value} ({@code
   * -1} for {@code count()}: 1), kept when op {@code where} is true ({@code -1}: always), in the
   * group given by op {@code key}; then totals per group with the minimum-cohort rule.
   */
  public record AggregateStep(String name, Type valueType, int value, int where, KeyKind keyKind,
      int key, List<String> groups, long[] bandBounds, int cohort, Set<Party> recipients, int line) {
    public AggregateStep {
      recipients = Collections.unmodifiableSet(EnumSet.copyOf(recipients));
    }

    /** Whether {@code party} receives this aggregate. */
    public boolean isFor(Party party) {
      return recipients.contains(party);
    }

    /**
     * Who the grouping itself belongs to: a claim's hospital id is the data holder's (spec §1),
     * every other key is labelled as {@code labelOf} labels the op computing it (the checker's
     * label, or the handshake planner's site).
     */
    public Label keyLabel(java.util.function.IntFunction<Label> labelOf) {
      return keyKind == KeyKind.HOSPITAL ? Label.DATA_HOLDER : key >= 0 ? labelOf.apply(key) : Label.PUBLIC;
    }
  }

  /** A whole policy: the ops, then what is named, output, updated and aggregated. */
  public record Program(List<Op> ops, List<Binding> bindings, List<StateUpdate> updates,
      List<AggregateStep> aggregates) {
    public Program {
      ops = List.copyOf(ops);
      bindings = List.copyOf(bindings);
      updates = List.copyOf(updates);
      aggregates = List.copyOf(aggregates);
    }

    /** Whether it restarts states per policy year (it computes the claims' policy years; see {@code PolicyYears}). */
    public boolean restartsPerPolicyYear() {
      return ops.stream().anyMatch(o -> o.code() == Opcode.INPUT && o.imm() == InputField.CLAIM_ADMISSION_YMD.ordinal());
    }

    /** One op per line, {@code %id = code args : type level label [min, max]}. */
    public String dump() {
      StringBuilder sb = new StringBuilder();
      for (Op op : ops) {
        sb.append(op).append('\n');
      }
      for (Binding b : bindings) {
        sb.append(b.kind()).append(' ').append(b.name()).append(" = %").append(b.op()).append('\n');
      }
      for (StateUpdate u : updates) {
        sb.append("update ").append(u.name()).append(" = %").append(u.op()).append('\n');
      }
      return sb.toString();
    }
  }
}
