package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A checked, compiled policy, ready to evaluate batches: its {@link Ir.Program} (typed,
 * labelled operations with their value ranges) and what it declares. Obtain one with {@link
 * Policies#compile}.
 */
public final class CompiledPolicy {
  /** A declared output: name, type, the op computing it, and recipients. */
  public record Output(String name, Type type, int op, List<String> recipients) {}

  /** A private param: name, type and index in the private values array. */
  public record PrivateParam(String name, Type type, int slot) {}

  private final String name;
  private final long version;
  private final Ir.Program program;
  private final List<String> stateNames;
  private final List<Output> outputs;
  private final List<PrivateParam> privateParams;
  private final List<String> fieldsRead;
  private final List<String> stateReveals;
  private final Map<String, String> aggregateTexts;

  CompiledPolicy(String name, long version, Ir.Program program, List<String> stateNames,
      List<Output> outputs, List<PrivateParam> privateParams, List<String> fieldsRead,
      List<String> stateReveals, Map<String, String> aggregateTexts) {
    this.stateReveals = List.copyOf(stateReveals);
    this.aggregateTexts = Map.copyOf(aggregateTexts);
    this.name = name;
    this.version = version;
    this.program = program;
    this.stateNames = List.copyOf(stateNames);
    this.outputs = List.copyOf(outputs);
    this.privateParams = List.copyOf(privateParams);
    this.fieldsRead = List.copyOf(fieldsRead);
  }

  /** Per state, in declaration order: what its value after a batch reveals to the insurer. */
  public List<String> stateReveals() {
    return stateReveals;
  }

  /** Per aggregate name, what it computes, as CPL ({@code sum(payout) by claim.hospital_id}). */
  public Map<String, String> aggregateTexts() {
    return aggregateTexts;
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
   * Each let, output, update and aggregate with its ownership label ({@code public}, {@code data_holder},
   * {@code insurer}, {@code joint}), as {@code "let NAME: LABEL"}, in declaration order.
   */
  public List<String> labels() {
    record Labelled(int line, String text) {}
    List<Labelled> all = new ArrayList<>();
    for (Ir.Binding b : program.bindings()) {
      all.add(new Labelled(b.line(), b.kind() + " " + b.name() + ": " + program.ops().get(b.op()).label().display()));
    }
    for (Ir.StateUpdate u : program.updates()) {
      if (u.op() >= 0) {
        all.add(new Labelled(u.line(), "update " + u.name() + ": " + program.ops().get(u.op()).label().display()));
      }
    }
    for (Ir.AggregateStep a : program.aggregates()) {
      Ir.Label label = a.keyKind() == Ir.KeyKind.HOSPITAL ? Ir.Label.DATA_HOLDER : Ir.Label.PUBLIC;
      for (int op : new int[] {a.value(), a.where(), a.key()}) {
        if (op >= 0) {
          label = label.join(program.ops().get(op).label());
        }
      }
      all.add(new Labelled(a.line(), "aggregate " + a.name() + ": " + label.display()));
    }
    all.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return all.stream().map(Labelled::text).toList();
  }

  /** Input fields read, as {@code claim.x}, {@code patient.x}, {@code item.x}, {@code insured.x}. */
  public List<String> fieldsRead() {
    return fieldsRead;
  }

  public String name() {
    return name;
  }

  public long version() {
    return version;
  }

  public List<Output> outputs() {
    return outputs;
  }

  public List<String> stateNames() {
    return stateNames;
  }

  public List<PrivateParam> privateParams() {
    return privateParams;
  }

  public List<Ir.AggregateStep> aggregates() {
    return program.aggregates();
  }
}
