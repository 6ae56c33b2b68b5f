package org.cosettle.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.io.IOException;
import java.nio.file.Path;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.policy.ir.Ir;

/**
 * A checked, compiled policy, ready to evaluate batches: its {@link Ir.Program} (typed,
 * labelled operations with their value ranges) and what it declares. Obtain one with {@link
 * Policies#compile}.
 */
public final class CompiledPolicy {
  /** A declared output: name, type, the op computing it, and recipients. */
  public record Output(String name, Type type, int op, Set<Party> recipients) {
    public Output {
      recipients = Collections.unmodifiableSet(EnumSet.copyOf(recipients));
    }

    /** Whether {@code party} receives this output. */
    public boolean isFor(Party party) {
      return recipients.contains(party);
    }
  }

  /** A private param: name, type and index in the private values array. */
  public record PrivateParam(String name, Type type, int slot) {}

  /**
   * A private table ({@code private table NAME: TYPE by code size N default V}) or, with {@code
   * codeSet}, a private {@code set<code>} param: its name, value type (bool for a code set), the
   * declared public size bound (0 for a code set: none), its default in the units of its type
   * (0 for a code set), and its number in {@link PrivateValues#tables()}; {@code universe} the
   * public code list a table is indexed by ({@code by code in drug_codes}, its size the bound),
   * null for none.
   */
  public record PrivateTable(String name, Type valueType, boolean codeSet, long size, long defaultValue, int index,
      CodeUniverse universe) {
    /** A table with a size bound, or a code set: no public code list. */
    public PrivateTable(String name, Type valueType, boolean codeSet, long size, long defaultValue, int index) {
      this(name, valueType, codeSet, size, defaultValue, index, null);
    }

    /**
     * {@code money table by code, size <= 20000, default 0.00}, {@code ratio table by code in
     * drug_codes (20,000 codes, SHA-256 …), default 0%} or {@code set<code>}, as the manifest writes it.
     */
    public String describe() {
      return codeSet ? "set<code>" : valueType + " table by code" + (universe == null ? ", size <= " + size
          : " in the public code list " + universe.describe()) + ", default " + valueType.text(defaultValue);
    }
  }

  private final String name;
  private final long version;
  private final Ir.Program program;
  private final List<String> stateNames;
  private final List<Output> outputs;
  private final List<PrivateParam> privateParams;
  private final List<PrivateTable> privateTables;
  private final List<String> fieldsRead;
  private final List<String> stateReveals;
  private final Map<String, String> aggregateTexts;
  private final Map<Integer, Integer> declarationLines;
  private final List<InsuredColumn> insuredFields;
  private final List<InsuredColumn> stateColumns;
  private final List<Type> stateTypes;

  CompiledPolicy(String name, long version, Ir.Program program, List<String> stateNames,
      List<Output> outputs, List<PrivateParam> privateParams, List<PrivateTable> privateTables, List<String> fieldsRead,
      List<String> stateReveals, Map<String, String> aggregateTexts, Map<Integer, Integer> declarationLines,
      List<InsuredColumn> insuredFields, List<Type> stateTypes) {
    this.declarationLines = Map.copyOf(declarationLines);
    this.stateReveals = List.copyOf(stateReveals);
    this.aggregateTexts = Map.copyOf(aggregateTexts);
    this.name = name;
    this.version = version;
    this.program = program;
    this.stateNames = List.copyOf(stateNames);
    this.outputs = List.copyOf(outputs);
    this.privateParams = List.copyOf(privateParams);
    this.privateTables = List.copyOf(privateTables);
    this.fieldsRead = List.copyOf(fieldsRead);
    this.insuredFields = List.copyOf(insuredFields);
    this.stateTypes = List.copyOf(stateTypes);
    List<InsuredColumn> columns = new ArrayList<>();
    for (int s = 0; s < stateNames.size(); s++) {
      Type t = stateTypes.get(s);
      if (program.updates().get(s).byItemCode()) {
        columns.add(InsuredColumn.byCode(stateNames.get(s), t == Type.MONEY));
        continue;
      }
      columns.add(InsuredColumn.of(stateNames.get(s), t == Type.INT ? InsuredColumn.Kind.INT
          : t == Type.BOOL ? InsuredColumn.Kind.BOOL : InsuredColumn.Kind.MONEY));
    }
    this.stateColumns = List.copyOf(columns);
  }

  /** The insured fields the policy declares, in declaration order: columns its insured file must carry. */
  public List<InsuredColumn> insuredFields() {
    return insuredFields;
  }

  /** The states as insured file columns (money, int or bool), in declaration order. */
  public List<InsuredColumn> stateColumns() {
    return stateColumns;
  }

  /** The states' types (money, int or bool), in declaration order. */
  public List<Type> stateTypes() {
    return stateTypes;
  }

  /** Reads the insured file this policy needs: its declared fields and states (docs/files.md). */
  public InsuredFile readInsured(Path path, String label, int maxErrors) throws IOException, InputException {
    return InsuredFile.read(path, label, insuredFields, stateColumns, maxErrors);
  }

  /** Per state, in declaration order: what its value after a batch reveals to the insurer. */
  public List<String> stateReveals() {
    return stateReveals;
  }

  /** Per aggregate name, what it computes, as CPL ({@code sum(payout) by claim.hospital_id}). */
  public Map<String, String> aggregateTexts() {
    return aggregateTexts;
  }

  /**
   * Where each declaration stands in the policy text: its first line mapped to its last, since a
   * rule may continue over several lines (spec §5). The lines of an {@link Explanation.Entry} or
   * an {@link Ir.Binding} are first lines.
   */
  public Map<Integer, Integer> declarationLines() {
    return declarationLines;
  }

  /** The data-use manifest ({@link Manifest}). */
  public String manifest() {
    return Manifest.render(this);
  }

  /** The intermediate form both evaluators run. */
  public Ir.Program program() {
    return program;
  }

  /**
   * A declaration ({@code let}, {@code output}, {@code update} or {@code aggregate}) with its
   * ownership label; {@link #toString()} is {@code "let NAME: LABEL"}.
   */
  public record Labelled(String kind, String name, Ir.Label label, int line) {
    @Override
    public String toString() {
      return kind + " " + name + ": " + label.display();
    }
  }

  /** Each let, output, update and aggregate with its ownership label, in declaration order. */
  public List<Labelled> labels() {
    List<Labelled> all = new ArrayList<>();
    List<Ir.Op> ops = program.ops();
    for (Ir.Binding b : program.bindings()) {
      all.add(new Labelled(b.kind(), b.name(), ops.get(b.op()).label(), b.line()));
    }
    for (Ir.StateUpdate u : program.updates()) {
      if (u.op() >= 0) {
        all.add(new Labelled("update", u.name(), ops.get(u.op()).label(), u.line()));
      }
    }
    for (Ir.AggregateStep a : program.aggregates()) {
      Ir.Label label = a.keyLabel(i -> ops.get(i).label());
      for (int op : new int[] {a.value(), a.where()}) {
        if (op >= 0) {
          label = label.join(ops.get(op).label());
        }
      }
      all.add(new Labelled("aggregate", a.name(), label, a.line()));
    }
    all.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return List.copyOf(all);
  }

  /** Input fields read, as {@code claim.x}, {@code patient.x}, {@code item.x}, {@code insured.x}. */
  public List<String> fieldsRead() {
    return fieldsRead;
  }

  /**
   * The input fields read from {@code party}'s data, sorted: the insurer's are its insured
   * records' ({@code insured.x}), the data holder's the rest (states are {@link #stateNames()}).
   */
  public List<String> fieldsReadBy(Party party) {
    return fieldsRead.stream().filter(f -> f.startsWith("insured.") == (party == Party.INSURER)).sorted().toList();
  }

  /** The name in the policy's header. */
  public String name() {
    return name;
  }

  /** The version in the policy's header. */
  public long version() {
    return version;
  }

  /** The outputs in declaration order: the columns of the results file, and {@link BatchResult#output}'s index. */
  public List<Output> outputs() {
    return outputs;
  }

  /** The states in declaration order: the state columns an insured file must carry. */
  public List<String> stateNames() {
    return stateNames;
  }

  /** The private params in slot order: the values {@link PrivateParams#read} returns. */
  public List<PrivateParam> privateParams() {
    return privateParams;
  }

  /**
   * The private tables and private code sets in table order: the tables {@link
   * PrivateParams#readValues} returns.
   */
  public List<PrivateTable> privateTables() {
    return privateTables;
  }

  /** The aggregates in declaration order, as the program computes them. */
  public List<Ir.AggregateStep> aggregates() {
    return program.aggregates();
  }
}
