package org.cosettle.policy;

import java.util.List;

/**
 * A checked, compiled policy, ready to evaluate batches. Obtain one with {@link Policies#compile}.
 */
public final class CompiledPolicy {
  /** A declared output: name, type, slot and recipients. */
  public record Output(String name, Type type, int slot, List<String> recipients) {}

  /** A declared state with the node computing its new value (null: keeps its value). */
  record StateDecl(String name, int slot, Node update, int line) {}

  /** A let or output, computed in declaration order into its slot. */
  record Step(String kind, String name, int slot, Node node, Type type, int line) {}

  /** A private param: name, type and slot in the private values array. */
  public record PrivateParam(String name, Type type, int slot) {}

  final String name;
  final long version;
  final List<StateDecl> states;
  final List<Step> steps;
  final List<Output> outputs;
  final List<PrivateParam> privateParams;
  final List<AggregateDecl> aggregates;
  final int slotCount;
  final List<String> fieldsRead;
  final List<String> labels;

  CompiledPolicy(String name, long version, List<StateDecl> states, List<Step> steps,
      List<Output> outputs, List<PrivateParam> privateParams, List<AggregateDecl> aggregates, int slotCount,
      List<String> fieldsRead, List<String> labels) {
    this.name = name;
    this.version = version;
    this.states = List.copyOf(states);
    this.steps = List.copyOf(steps);
    this.outputs = List.copyOf(outputs);
    this.privateParams = List.copyOf(privateParams);
    this.aggregates = List.copyOf(aggregates);
    this.slotCount = slotCount;
    this.fieldsRead = List.copyOf(fieldsRead);
    this.labels = List.copyOf(labels);
  }

  /**
   * Each let, output and update with its ownership label ({@code public}, {@code data_holder},
   * {@code insurer}, {@code joint}), as {@code "let NAME: LABEL"}, in declaration order.
   */
  public List<String> labels() {
    return labels;
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
    return states.stream().map(StateDecl::name).toList();
  }

  public List<PrivateParam> privateParams() {
    return privateParams;
  }

  public List<AggregateDecl> aggregates() {
    return aggregates;
  }
}
