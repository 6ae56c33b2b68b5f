package org.cosettle.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.Party;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.syntax.Ast;
import org.cosettle.policy.syntax.AstPrinter;

/**
 * The data-use manifest of a policy (printed by {@code cosettle check}): per party, the input
 * fields it reads and what it receives; the private params and states, with what each state's
 * value after a batch reveals to the insurer; and which computations are {@code joint}, that
 * is, need secure computation in handshake mode. In handshake mode nothing else leaks beyond
 * the public metadata of spec §1, the batch's item bound when item-level values need both
 * parties' data, and which claim a reversal takes back.
 */
public final class Manifest {
  private Manifest() {}

  /** What a state's value after a batch reveals, derived from its {@code update}. */
  static String reveals(String state, Ast.Expr update) {
    return reveals(state, update, false, false, null);
  }

  /**
   * What a state's value after a batch reveals; {@code yearly} for a state declared {@code per
   * policy_year}, {@code year} for the state holding their policy year; {@code sharedBy} names
   * the id insured field whose holders share it (null: per insured person).
   */
  static String reveals(String state, Ast.Expr update, boolean yearly, boolean year, String sharedBy) {
    if (year && sharedBy != null) {
      return "per " + sharedBy + " (shared by insured." + sharedBy + "), the policy year of its members' latest claim"
          + " in the batch (no earlier than the year read), which the " + sharedBy + "'s per policy_year states belong to";
    }
    if (year) {
      return "per insured person, the policy year of their latest claim in the batch (no earlier than the year"
          + " read), which the per policy_year states belong to";
    }
    String within = yearly ? ", counted from the start of the policy year of " + (sharedBy == null ? "their" : "its members'")
        + " latest claim" : "";
    if (update == null && yearly) {
      return "nothing new but whether a claim of the person fell in a later policy year (it restarts there)";
    }
    return revealsUpdated(state, update, sharedBy) + within;
  }

  private static String revealsUpdated(String state, Ast.Expr update, String sharedBy) {
    if (update == null || update instanceof Ast.Name n && n.name().equals(state)) {
      return "nothing new: it is never updated";
    }
    String per = sharedBy == null ? "per insured person" : "per " + sharedBy + " (shared by insured." + sharedBy + ")";
    String whose = sharedBy == null ? "their" : "its members'";
    if (update instanceof Ast.Binary b && b.op().equals("+")) {
      Ast.Expr other = b.left() instanceof Ast.Name n && n.name().equals(state) ? b.right()
          : b.right() instanceof Ast.Name n2 && n2.name().equals(state) ? b.left() : null;
      if (other != null) {
        return per + ", the sum over " + whose + " claims in the batch of " + AstPrinter.print(other);
      }
    }
    return per + ", the value of " + AstPrinter.print(update) + " at " + whose + " last claim in the batch";
  }

  /** The codes per insured person a state kept per item code may hold before a handshake batch (docs/protocol.md). */
  public static final int ITEM_CODE_SLOTS = 16;

  /**
   * The slots per insured person of the kept shares that carry a state kept per item code from one
   * handshake batch to the next: the most codes a person's kept shares hold (docs/protocol.md).
   */
  public static final int KEPT_CODE_SLOTS = 16;

  /** What a state kept per item code reveals after a batch, from its per-item {@code update}. */
  static String revealsByCode(String state, Ast.Expr update, boolean yearly) {
    if (update == null) {
      return yearly ? "per insured person, whether a claim in a later policy year restarted it (its codes then go)"
          : "nothing new: it is never updated";
    }
    return "per insured person and line item code (the codes of their items that updated it), the value of "
        + AstPrinter.print(update) + " after their last such item in the batch"
        + (yearly ? ", the codes of earlier policy years gone when a claim of a later one restarted it" : "")
        + "; in handshake mode nothing per code (the values stay on shares: the insurer learns the item bound K"
        + " and the bound M = " + ITEM_CODE_SLOTS + " on a person's recorded codes; the batch's increments are carried"
        + " to the next batch in each party's kept shares, " + KEPT_CODE_SLOTS + " slots per person whatever its"
        + " codes, and its states file keeps the recorded values)";
  }

  /** The manifest as text, one fact per line. */
  public static String render(CompiledPolicy p) {
    StringBuilder sb = new StringBuilder();
    sb.append("policy \"").append(p.name()).append("\" version ").append(p.version()).append(": ok\n");
    sb.append("\nreads:\n");
    sb.append("  data_holder: ").append(fields(p, Party.DATA_HOLDER)).append('\n');
    sb.append("  insurer:     ").append(fields(p, Party.INSURER)).append('\n');
    if (!p.privateParams().isEmpty()) {
      List<String> params = new ArrayList<>();
      for (CompiledPolicy.PrivateParam pp : p.privateParams()) {
        params.add(pp.name() + " (" + pp.type() + ")");
      }
      sb.append("  private params (insurer's, supplied at run time): ").append(String.join(", ", params)).append('\n');
    }
    if (!p.privateTables().isEmpty()) {
      List<String> tables = new ArrayList<>();
      for (CompiledPolicy.PrivateTable t : p.privateTables()) {
        tables.add(t.name() + " (" + t.describe() + ")");
      }
      sb.append("  private tables (insurer's, supplied at run time): ").append(String.join(", ", tables)).append('\n');
    }
    if (!p.insuredFields().isEmpty()) {
      List<String> fields = new ArrayList<>();
      for (InsuredColumn c : p.insuredFields()) {
        fields.add(c.name() + " (" + describe(c) + ")");
      }
      sb.append("  insured fields (insurer's, columns of the insured file): ").append(String.join(", ", fields)).append('\n');
    }
    if (p.stateTypes().stream().anyMatch(t -> t != Type.MONEY)) {
      List<String> states = new ArrayList<>();
      for (int s = 0; s < p.stateNames().size(); s++) {
        states.add(p.stateNames().get(s) + " (" + p.stateTypes().get(s) + ")");
      }
      sb.append("  state types: ").append(String.join(", ", states)).append('\n');
    }
    for (Party party : Party.values()) {
      sb.append("\n").append(party.cplName()).append(" learns:\n");
      int before = sb.length();
      for (CompiledPolicy.Output o : p.outputs()) {
        if (o.isFor(party)) {
          sb.append("  output ").append(o.name()).append(" (").append(o.type()).append(") for every claim\n");
        }
      }
      for (Ir.AggregateStep a : p.aggregates()) {
        if (a.isFor(party)) {
          sb.append("  aggregate ").append(a.name()).append(": ").append(p.aggregateTexts().get(a.name()))
              .append(a.cohort() > 1 ? " (groups of 1.." + (a.cohort() - 1) + " claims withheld)" : "")
              .append(a.keyKind() == Ir.KeyKind.HOSPITAL ? "; this also tells the set of hospital ids in the batch" : "")
              .append('\n');
        }
      }
      if (party == Party.INSURER) {
        for (int s = 0; s < p.stateNames().size(); s++) {
          sb.append("  state ").append(p.stateNames().get(s)).append(" after the batch: ")
              .append(p.stateReveals().get(s)).append('\n');
        }
      }
      if (sb.length() == before) {
        sb.append("  nothing\n");
      }
    }
    sb.append("\nboth parties know: the policy text, the number of claims in a batch, each claim's id and insured_id\n");
    sb.append("the insurer also learns, in handshake mode, which claim of the batch reverses which (a reversal's"
        + " \"reverses\", of this batch or an earlier one)\n");
    if (p.program().ops().stream().anyMatch(op -> op.level() == Ir.Level.ITEM && op.label() == Ir.Label.JOINT)) {
      sb.append("the insurer also learns, in handshake mode, the batch's item bound: its largest number of line items per"
          + " claim rounded up to a power of two (every claim's items are padded to it for the item-level values on"
          + " shares; no claim's own number of items)\n");
    }
    if (p.program().updates().stream().anyMatch(u -> u.byItemCode() && u.op() >= 0)
        && p.program().updates().stream().anyMatch(u -> u.shared() && u.op() >= 0
            && p.program().ops().get(u.op()).label() == Ir.Label.JOINT)) {
      sb.append("the insurer also learns, in handshake mode, when an update per item code reads a state the family chain"
          + " carries (check --plan says so), the batch's code layers: the largest number of a claim's lines of one code"
          + " up to one an update per code can change, rounded up to a power of two (the rows then run in that many"
          + " passes; no claim's own)\n");
    }
    Set<CodeUniverse> lists = new LinkedHashSet<>();
    for (CompiledPolicy.PrivateTable t : p.privateTables()) {
      if (t.universe() != null) {
        if (lists.add(t.universe())) {
          sb.append("both parties hold the public code list ").append(t.universe().name()).append(" (")
              .append(t.universe().file()).append(", ").append(t.universe().size()).append(" codes, SHA-256 ")
              .append(t.universe().sha256()).append("), bound by the policy text\n");
        }
        sb.append("the data holder learns nothing of private table ").append(t.name()).append(" but the public code list"
            + " it is indexed by, ").append(t.universe().name()).append(", in handshake mode; the insurer learns"
            + " nothing new of the codes looked up\n");
        continue;
      }
      sb.append(t.codeSet()
          ? "the data holder learns nothing of private code set " + t.name() + " in handshake mode (its members stay the insurer's)\n"
          : "the data holder learns nothing of private table " + t.name() + " but its declared size (" + t.size()
              + ") in handshake mode\n");
    }
    for (Ir.StateUpdate u : p.program().updates()) {
      if (u.shared() && u.op() >= 0) {
        sb.append("state ").append(u.name()).append(" is shared by insured.").append(p.insuredFields().get(u.sharedBy()).name())
            .append(": in handshake mode the batch runs as one chain in the insurer's family order, permuted on"
                + " shares; the data holder learns the number of claims and the bound of 10 insured persons"
                + " with claims per family, not who is family; the insurer learns nothing new\n");
      }
    }
    for (InsuredColumn c : p.insuredFields()) {
      if (c.kind() == InsuredColumn.Kind.CODES && p.fieldsRead().contains("insured." + c.name())) {
        sb.append("the data holder learns nothing of insured.").append(c.name()).append(" (not even a set's size: each is "
            + "padded to ").append(c.sizeBound()).append(") and the insurer nothing of the code tested against it, in "
            + "handshake mode\n");
      }
    }
    sb.append("\nwho computes what (joint: secure computation in handshake mode):\n");
    for (CompiledPolicy.Labelled l : p.labels()) {
      sb.append("  ").append(l).append('\n');
    }
    return sb.toString();
  }

  /** An insured field's type as declared: {@code money}, {@code enum {BASIC, CARE}}, {@code codes size 8}. */
  private static String describe(InsuredColumn c) {
    switch (c.kind()) {
      case ENUM: return "enum {" + String.join(", ", c.enumValues()) + "}";
      case CODES: return "codes size " + c.sizeBound();
      default: return c.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String fields(CompiledPolicy p, Party party) {
    List<String> all = new ArrayList<>(p.fieldsReadBy(party));
    if (party == Party.INSURER && !p.stateNames().isEmpty()) {
      all.add("states " + String.join(", ", p.stateNames()));
    }
    return all.isEmpty() ? "(nothing)" : String.join(", ", all);
  }
}
