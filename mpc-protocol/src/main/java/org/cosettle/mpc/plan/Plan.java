package org.cosettle.mpc.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Party;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.StateFamilies;

/**
 * Where every operation of a policy runs in handshake mode, and what the secure part costs in
 * operations: the planner's answer ({@link Planner#plan}), which the secure evaluator follows and
 * {@link #render()} shows an actuary.
 *
 * <p>Each op's site is an {@link Label}: {@code PUBLIC} ops run at both parties, {@code
 * DATA_HOLDER} ops at the platform alone and {@code INSURER} ops at the insurer alone, all in
 * plaintext; {@code JOINT} ops run on secret shares. Sites follow the checker's labels, with one
 * difference: a state whose update is not the insurer's alone is {@code JOINT} from the first
 * claim on (its value after a claim is a secret-shared value, so its value before every claim is
 * kept as shares too), and everything computed from it is shared with it.
 */
public final class Plan {
  /**
   * The kinds of shared op by what they cost: {@code LOCAL} ops (additions, negation, products
   * with a public constant, moving between claim and item level) need no interaction; the others
   * are one protocol call each, per claim of a layer.
   */
  public enum Cost {
    LOCAL("local (additions, public constants)"),
    MULTIPLY_PRIVATE("products of a shared value and one party's plaintext"),
    MULTIPLY_SHARED("products of two shared values"),
    COMPARE("comparisons (<, <=, ==, !=, min, max)"),
    SELECT("selections (if, match) on a shared condition or shared branches"),
    LOGIC("and / or / set membership on shared bits"),
    ROUND("exact divisions with rounding (ratio products, division by a constant)"),
    LOOKUP("lookups of the claim's code in the insurer's private tables and code sets");

    private final String text;

    Cost(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** A value one party computes in plaintext and brings into the secure part as its share. */
  public record Input(int op, Party owner) {}

  /** A shared op that needs interaction: its kind and the bits its operands span (from the range analysis). */
  public record Step(int op, Cost cost, int bits) {}

  private final Ir.Program program;
  private final Label[] sites;
  private final boolean[] sharedStates;
  private final List<Input> inputs;
  private final List<Step> steps;
  private final int depth;
  private final List<Refusal> refusals;
  private final List<StateFamilies.Family> prefixStages;
  private final List<PrivateLookup> lookups;

  Plan(Ir.Program program, Label[] sites, boolean[] sharedStates, List<Input> inputs, List<Step> steps, int depth,
      List<Refusal> refusals, List<StateFamilies.Family> prefixStages, List<PrivateLookup> lookups) {
    this.lookups = List.copyOf(lookups);
    this.prefixStages = prefixStages == null ? null : List.copyOf(prefixStages);
    this.program = program;
    this.sites = sites;
    this.sharedStates = sharedStates;
    this.inputs = List.copyOf(inputs);
    this.steps = List.copyOf(steps);
    this.depth = depth;
    this.refusals = List.copyOf(refusals);
  }

  public Ir.Program program() {
    return program;
  }

  /** Where op {@code id} runs. */
  public Label site(int id) {
    return sites[id];
  }

  /** Whether state number {@code index} is kept as shares between claims. */
  public boolean stateShared(int index) {
    return sharedStates[index];
  }

  /** The plaintext values that enter the secure part, in op order. */
  public List<Input> inputs() {
    return inputs;
  }

  /** The shared ops that need interaction, in op order. */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The longest chain of interactive steps, each depending on the one before: the number of
   * protocol calls one claim of a layer waits for one after the other (the rounds are this times
   * the rounds of each call).
   */
  public int depth() {
    return depth;
  }

  /**
   * The states kept on shares in the order they are resolved as prefixes over each insured
   * person's claims (every one's update proven to belong to a {@link StateFamilies.Kind}, each
   * step reading only states before it), so a batch needs no layers: empty when no state is on
   * shares, absent when one of them must run claim after claim.
   */
  public java.util.Optional<List<StateFamilies.Family>> prefixStages() {
    return java.util.Optional.ofNullable(prefixStages);
  }

  /**
   * The private tables and code sets looked up at claim level, one each (in the order of their
   * first lookup): what the HE lookup's setup holds and each claim probes.
   */
  public List<PrivateLookup> lookups() {
    return lookups;
  }

  /** The lookup of private table or code set number {@code table}. */
  public PrivateLookup lookup(int table) {
    return lookups.stream().filter(l -> l.table() == table).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no lookup of table " + table + " in the plan"));
  }

  /** What handshake mode cannot run in this policy; empty when it can run it all. */
  public List<Refusal> refusals() {
    return refusals;
  }

  /** The number of interactive steps per claim by kind (kinds with none left out). */
  public Map<Cost, Integer> stepCounts() {
    Map<Cost, Integer> counts = new EnumMap<>(Cost.class);
    for (Step s : steps) {
      counts.merge(s.cost(), 1, Integer::sum);
    }
    return Collections.unmodifiableMap(counts);
  }

  /** The plan as text for an actuary: what runs where, what it costs, what is refused. */
  public String render() {
    StringBuilder sb = new StringBuilder("handshake plan:\n");
    if (!refusals.isEmpty()) {
      sb.append("  handshake mode cannot run this policy:\n");
      for (Refusal r : refusals) {
        sb.append("    ").append(r).append('\n');
      }
    }
    int[] bySite = new int[Label.values().length];
    for (Label s : sites) {
      bySite[s.ordinal()]++;
    }
    sb.append("  operations: ").append(sites.length).append(" (public ").append(bySite[0]).append(", data_holder alone ")
        .append(bySite[1]).append(", insurer alone ").append(bySite[2]).append(", on shares ").append(bySite[3])
        .append(")\n");
    List<String> states = new ArrayList<>();
    for (Ir.StateUpdate u : program.updates()) {
      states.add(u.name() + (sharedStates[u.stateIndex()] ? " on shares" : " at the insurer"));
    }
    if (!states.isEmpty()) {
      sb.append("  states between claims: ").append(String.join(", ", states)).append('\n');
    }
    if (prefixStages != null && !prefixStages.isEmpty()) {
      sb.append("  states on shares run as prefixes over each person's claims (no layers), in this order:\n");
      for (StateFamilies.Family f : prefixStages) {
        sb.append("    ").append(program.updates().stream().filter(u -> u.stateIndex() == f.state()).findFirst()
            .orElseThrow().name()).append(": ").append(f.kind().name().toLowerCase(java.util.Locale.ROOT))
            .append(", ").append(f.kind().form()).append('\n');
      }
    } else if (prefixStages == null) {
      sb.append("  states on shares run claim after claim (one layer per claim of the busiest person):"
          + " an update is not a running total of a known family\n");
    }
    long fromDataHolder = inputs.stream().filter(i -> i.owner() == Party.DATA_HOLDER).count();
    sb.append("  values entering the secure part per claim: ").append(fromDataHolder).append(" from the data holder, ")
        .append(inputs.size() - fromDataHolder).append(" from the insurer\n");
    if (steps.isEmpty()) {
      sb.append("  interactive steps per claim: none (no secure computation needed)\n");
    } else {
      sb.append("  interactive steps per claim: ").append(steps.size()).append(", at most ").append(depth)
          .append(" one after the other\n");
      for (Map.Entry<Cost, Integer> e : stepCounts().entrySet()) {
        int widest = steps.stream().filter(s -> s.cost() == e.getKey()).mapToInt(Step::bits).max().orElse(0);
        sb.append("    ").append(e.getValue()).append(" × ").append(e.getKey().text()).append(", up to ").append(widest)
            .append(" bits\n");
      }
    }
    if (!lookups.isEmpty()) {
      sb.append("  private tables and code sets looked up by the claim's code (cuckoo bins of 64-bit fingerprints,"
          + " one HE setup per session, a reply per 8,192 lookups):\n");
      for (PrivateLookup l : lookups) {
        sb.append("    ").append(l.render()).append('\n');
      }
    }
    return sb.toString();
  }
}
