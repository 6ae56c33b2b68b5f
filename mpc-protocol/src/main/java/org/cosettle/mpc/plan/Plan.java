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
   * The most insured persons with claims in a batch one family may have when a state shared by a
   * family runs on shares (the family chain's member slots): public, a batch beyond it is refused.
   */
  public static final int FAMILY_MEMBER_SLOTS = 10;

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
    SELECT("selections (if, match) on a shared condition"),
    LOGIC("and / or / set membership on shared bits"),
    ROUND("exact divisions with rounding (ratio products, division by a constant)"),
    LOOKUP("lookups of the claim's or line item's code in the insurer's private tables and code sets");

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

  /**
   * A shared op that needs interaction: its kind, the bits its operands span (from the range
   * analysis), and whether it runs once per line item of every claim padded to the batch's item
   * bound K (an item-level op, or the sum of one whose padding rows are masked) rather than once
   * per claim.
   */
  public record Step(int op, Cost cost, int bits, boolean perItem) {}

  private final Ir.Program program;
  private final Label[] sites;
  private final boolean[] sharedStates;
  private final List<Input> inputs;
  private final List<Step> steps;
  private final int depth;
  private final List<Refusal> refusals;
  private final List<StateFamilies.Family> prefixStages;
  /** Per aggregate, how it is summed into groups in this batch; null before {@link #forBatch}. */
  private final AggregateCosts.Construction[] constructions;
  /** Per op, whether its per-claim sum over item rows masks the padding rows first. */
  private final boolean[] maskedSums;
  /** The private tables and code sets looked up by the claim's or the line items' codes, once each per level. */
  private final List<PrivateLookup> lookups;
  /** The OKVS stores the lookups are encoded in ({@link LookupStore#of}). */
  private final List<LookupStore> stores;

  Plan(Ir.Program program, Label[] sites, boolean[] sharedStates, List<Input> inputs, List<Step> steps, int depth,
      List<Refusal> refusals, List<StateFamilies.Family> prefixStages, boolean[] maskedSums,
      List<PrivateLookup> lookups) {
    this.maskedSums = maskedSums;
    this.lookups = List.copyOf(lookups);
    this.stores = LookupStore.of(this.lookups);
    this.prefixStages = prefixStages == null ? null : List.copyOf(prefixStages);
    this.program = program;
    this.sites = sites;
    this.sharedStates = sharedStates;
    this.inputs = List.copyOf(inputs);
    this.steps = List.copyOf(steps);
    this.depth = depth;
    this.refusals = List.copyOf(refusals);
    this.constructions = null;
    this.codeLayers = 0;
  }

  private Plan(Plan plan, AggregateCosts.Construction[] constructions) {
    this(plan, constructions, plan.codeLayers);
  }

  private Plan(Plan plan, AggregateCosts.Construction[] constructions, int codeLayers) {
    this.program = plan.program;
    this.sites = plan.sites;
    this.sharedStates = plan.sharedStates;
    this.inputs = plan.inputs;
    this.steps = plan.steps;
    this.depth = plan.depth;
    this.refusals = plan.refusals;
    this.prefixStages = plan.prefixStages;
    this.maskedSums = plan.maskedSums;
    this.lookups = plan.lookups;
    this.stores = plan.stores;
    this.constructions = constructions;
    this.codeLayers = codeLayers;
  }

  /**
   * The batch's code layers when the values per item code run in the family chain ({@link
   * #codesInChain}): the rows of a step run in L passes over all K rows, pass ℓ changing the rows
   * whose rank among the earlier lines of their code that can change a state per code is ℓ
   * (docs/protocol.md, "Values per item code in the chain"); 0: the rows run one after the other.
   */
  private final int codeLayers;

  /** {@link #codeLayers} of this batch (0 before {@link #withCodeLayers}: row by row). */
  public int codeLayers() {
    return codeLayers;
  }

  /** This plan for a batch whose values per code in the chain run in {@code layers} layers ({@link #codeLayers}). */
  public Plan withCodeLayers(int layers) {
    return layers == codeLayers ? this : new Plan(this, constructions, layers);
  }

  /**
   * Whether a state shared by a family is on shares: the batch then runs as one chain in the
   * insurer's family order (docs/protocol.md "States shared by a family").
   */
  public boolean familyChain() {
    return program.updates().stream().anyMatch(u -> u.shared() && u.op() >= 0 && sharedStates[u.stateIndex()]);
  }

  /**
   * Per op, whether it runs in the family chain's steps ({@link #familyChain}): a shared read of a
   * per-person or family state reaches it, the person's policy year beside states kept per item
   * code apart ({@link #layeredYear}).
   */
  public synchronized boolean[] chainedOps() {
    if (chainedOps == null) {
      chainedOps = codesInChain() ? Planner.chainedWithCodes(program, sites)
          : Planner.chainedOps(program, sites, layeredStates());
    }
    return chainedOps.clone();
  }

  /**
   * Whether the values per item code run in the family chain's steps, row by row (an update per
   * item code reads a chained state), rather than in layers before it; docs/protocol.md "States
   * shared by a family".
   */
  public synchronized boolean codesInChain() {
    if (codesInChain == null) {
      codesInChain = familyChain() && Planner.codesInChain(program, sites);
    }
    return codesInChain;
  }

  /** {@link #codesInChain}, once computed. */
  private Boolean codesInChain;

  /** {@link #chainedOps}, once computed. */
  private boolean[] chainedOps;

  /**
   * Per state, whether it runs in the layers of the persons' claims before a family chain (a
   * per-person state no family state reaches, beside states kept per item code), not in the chain.
   */
  public synchronized boolean[] layeredStates() {
    if (layeredStates == null) {
      boolean[] layered = Planner.layeredStates(program, sites);
      // with the values per code in the chain, every per-person state runs there too
      layeredStates = codesInChain() ? new boolean[layered.length] : layered;
    }
    return layeredStates.clone();
  }

  /** {@link #layeredStates}, once computed. */
  private boolean[] layeredStates;

  /**
   * The state the layers before a family chain carry as well: the person's policy year when the
   * policy keeps states per item code; −1 otherwise.
   */
  public int layeredYear() {
    return Planner.layeredYear(program);
  }

  /** {@link FamilyPrefixStages#of} of this plan, once computed. */
  private java.util.Optional<List<StateFamilies.Family>> familyPrefixStages;

  /**
   * With a state shared by a family on shares, the states on shares in the order a batch resolves
   * them as prefixes instead of the family chain (the family states as segmented prefixes in the
   * insurer's family order, {@link FamilyPrefixStages}); empty when every batch runs the chain.
   */
  public synchronized java.util.Optional<List<StateFamilies.Family>> familyPrefixStages() {
    if (familyPrefixStages == null) {
      // values per item code run in layers before a family chain, not beside family prefixes
      familyPrefixStages = familyChain() && !Ir.hasItemCodeStates(program) ? FamilyPrefixStages.of(program, sharedStates)
          : java.util.Optional.empty();
    }
    return familyPrefixStages;
  }

  /** The name of state {@code s}, as its update declares it. */
  private String stateName(int s) {
    return program.updates().stream().filter(u -> u.stateIndex() == s).findFirst().orElseThrow().name();
  }

  /**
   * With {@link #familyPrefixStages}, the person states resolved in two stages with a family state
   * ({@link org.cosettle.policy.ir.CoupledStates}): their values before each claim in a prefix run are
   * the person's prefix without the family's limit, their values after the batch the start plus the
   * sum of the amounts; empty otherwise.
   */
  public synchronized List<org.cosettle.policy.ir.CoupledStates.Coupling> familyCouplings() {
    if (familyCouplings == null) {
      familyCouplings = familyPrefixStages().isPresent() ? FamilyPrefixStages.couplings(program, sharedStates)
          : List.of();
    }
    return familyCouplings;
  }

  /** {@link #familyCouplings}, once computed. */
  private List<org.cosettle.policy.ir.CoupledStates.Coupling> familyCouplings;

  /** The batch's reference size for {@link #render}: claims, and hospitals for a hospital key. */
  public static final int REFERENCE_CLAIMS = 2_000;
  public static final int REFERENCE_HOSPITALS = 26;

  /**
   * This plan for a batch of {@code claims} claims and {@code hospitals} hospitals: each aggregate
   * on shares takes the construction the cost model picks over {@code link} ({@link
   * AggregateCosts#choose}), or {@code forced} where it fits (tests). Both parties derive the same
   * answer from the batch's public metadata.
   */
  public Plan forBatch(int claims, int hospitals, AggregateCosts.LinkKind link, AggregateCosts.Construction forced) {
    return forBatch(claims, hospitals, link, forced, AggregateCosts.Keys.FRESH, AggregateCosts.Keys.FRESH);
  }

  /**
   * As {@link #forBatch(int, int, AggregateCosts.LinkKind, AggregateCosts.Construction)}, with each
   * party's HE keys as the session's key round found them: the insurer's serve the aggregates
   * grouped by the data holder's plaintext key (the insurer encrypts), the data holder's those
   * grouped by the insurer's.
   */
  public Plan forBatch(int claims, int hospitals, AggregateCosts.LinkKind link, AggregateCosts.Construction forced,
      AggregateCosts.Keys insurerKeys, AggregateCosts.Keys dataHolderKeys) {
    List<Ir.AggregateStep> aggregates = program.aggregates();
    AggregateCosts.Construction[] chosen = new AggregateCosts.Construction[aggregates.size()];
    for (int a = 0; a < chosen.length; a++) {
      Ir.AggregateStep step = aggregates.get(a);
      int k = groups(step, hospitals);
      if (forced == null) {
        chosen[a] = AggregateCosts.choose(this, step, claims, k, link, keysOf(step, insurerKeys, dataHolderKeys));
      } else {
        chosen[a] = forced == AggregateCosts.Construction.BEAVER || !AggregateCosts.heEligible(this, step, k)
            ? AggregateCosts.Construction.BEAVER : forced;
      }
    }
    return new Plan(this, chosen);
  }

  /** The keys the HE construction of {@code step} uses: those of the party that encrypts (not the key's owner). */
  private AggregateCosts.Keys keysOf(Ir.AggregateStep step, AggregateCosts.Keys insurerKeys,
      AggregateCosts.Keys dataHolderKeys) {
    if (step.keyKind() == Ir.KeyKind.NONE) {
      return AggregateCosts.Keys.FRESH;
    }
    Label key = step.keyLabel(this::site);
    return key == Label.DATA_HOLDER ? insurerKeys : key == Label.INSURER ? dataHolderKeys : AggregateCosts.Keys.FRESH;
  }

  /** How aggregate number {@code a} is summed into groups: {@link #forBatch}'s choice, Beaver before it. */
  public AggregateCosts.Construction construction(int a) {
    return constructions == null ? AggregateCosts.Construction.BEAVER : constructions[a];
  }

  /** The groups of an aggregate's rows: one without a key, the batch's hospitals, or its declared groups. */
  public static int groups(Ir.AggregateStep a, int hospitals) {
    return a.keyKind() == Ir.KeyKind.NONE ? 1 : a.keyKind() == Ir.KeyKind.HOSPITAL ? hospitals : a.groups().size();
  }

  /**
   * Who can compute an aggregate alone: the site of its value, filter and key (a hospital key is
   * the data holder's: only it knows each claim's hospital), {@code PUBLIC} when none is
   * private, null when they are not all one party's (the aggregate runs on shares).
   */
  public Label aggregateOwner(Ir.AggregateStep a) {
    java.util.Set<Label> owners = java.util.EnumSet.noneOf(Label.class);
    for (int part : new int[] {a.value(), a.where()}) {
      if (part >= 0 && site(part) != Label.PUBLIC) {
        owners.add(site(part));
      }
    }
    if (a.keyLabel(this::site) != Label.PUBLIC) {
      owners.add(a.keyLabel(this::site));
    }
    if (owners.contains(Label.JOINT) || owners.size() > 1) {
      return null;
    }
    return owners.isEmpty() ? Label.PUBLIC : owners.iterator().next();
  }

  public Ir.Program program() {
    return program;
  }

  /** Where op {@code id} runs. */
  public Label site(int id) {
    return sites[id];
  }

  /**
   * Whether the plan runs item-level values on shares: then every claim's line items are padded
   * to the batch's item bound K, which the data holder tells the insurer with the metadata. A
   * state kept per item code that is read or updated chains on those rows (its values are on
   * shares) even when every value its update sets is one party's claim-level value.
   */
  public boolean itemRows() {
    for (Ir.Op op : program.ops()) {
      if (op.level() == Ir.Level.ITEM && sites[op.id()] == Label.JOINT) {
        return true;
      }
    }
    return program.updates().stream().anyMatch(u -> u.byItemCode() && Ir.itemCodeStateUsed(program, u));
  }

  /**
   * Whether the per-claim sum {@code op} (a {@code SUM_ITEMS} on shares) multiplies each row by
   * the data holder's 0/1 flag of real rows before adding a claim's rows: its operand is not 0 on
   * a padding row by itself.
   */
  public boolean masksPadding(int op) {
    return maskedSums[op];
  }

  /**
   * What the data holder brings in for an item-level value of its own on a padding row: 0, or
   * the end of the value's range nearest 0 when 0 is outside it (so every share computation sees
   * values within the ranges it is sized by).
   */
  public long itemPadding(int op) {
    return padding(program.ops().get(op));
  }

  static long padding(Ir.Op op) {
    return Math.max(op.min(), Math.min(op.max(), 0));
  }

  /**
   * The public bound M on the codes an insured person's state kept per item code may hold before a
   * batch in handshake mode: the insurer's (code, value) slots per person and state are padded to
   * it, and a person with more is refused ({@code STATE_BY_ITEM_CODE}).
   */
  public static final int ITEM_CODE_SLOTS = org.cosettle.policy.Manifest.ITEM_CODE_SLOTS;
  /** The slots per insured person of the kept shares of the states per item code ({@code KeptShares}). */
  public static final int KEPT_CODE_SLOTS = org.cosettle.policy.Manifest.KEPT_CODE_SLOTS;

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
   * The private tables and code sets looked up, one each per level (claim or item; in the order
   * of their first lookup): what the HE lookup's setup holds and each claim or item row decodes.
   */
  public List<PrivateLookup> lookups() {
    return lookups;
  }

  /** The OKVS stores of {@link #lookups}: a code set alone, the tables of one level together where they fit. */
  public List<LookupStore> stores() {
    return stores;
  }

  /** The store holding {@code lookup}. */
  public LookupStore store(PrivateLookup lookup) {
    return stores.stream().filter(s -> s.members().contains(lookup)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no store of " + lookup.name() + " in the plan"));
  }

  /** The lookup of private table or code set number {@code table}, per item row or per claim. */
  public PrivateLookup lookup(int table, boolean perItem) {
    return lookups.stream().filter(l -> l.table() == table && l.perItem() == perItem).findFirst()
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
      states.add(u.name() + (u.byItemCode() ? " per item code on shares" : sharedStates[u.stateIndex()] ? " on shares"
          : " at the insurer"));
    }
    if (!states.isEmpty()) {
      sb.append("  states between claims: ").append(String.join(", ", states)).append('\n');
    }
    if (prefixStages != null && !prefixStages.isEmpty()) {
      sb.append("  states on shares run as prefixes over each person's claims (no layers), in this order:\n");
      for (StateFamilies.Family f : prefixStages) {
        sb.append("    ").append(program.updates().stream().filter(u -> u.stateIndex() == f.state()).findFirst()
            .orElseThrow().name()).append(": ").append(f.kind().name().toLowerCase(java.util.Locale.ROOT))
            .append(", ").append(f.kind().form()).append(f.restarts() ? ", restarting on a flag on shares" : "")
            .append('\n');
      }
      if (prefixStages.stream().anyMatch(StateFamilies.Family::restarts)) {
        sb.append("  per policy_year states restart at each person's anniversary, a flag on shares: a segmented prefix")
            .append(" (the year before each claim a running maximum, by a scan of ⌈log₂(m − 1)⌉ comparisons for a")
            .append(" busiest person of m claims; each restarting state a scan of as many products over (restart, step)")
            .append(" pairs, a clamp's also two comparisons a step); a slice where layers wait for fewer protocol")
            .append(" calls runs in layers\n");
      }
    } else if (prefixStages == null && familyPrefixStages().isPresent()) {
      sb.append("  states on shares run as prefixes (no chain), in this order:\n");
      List<org.cosettle.policy.ir.CoupledStates.Coupling> couplings = familyCouplings();
      for (StateFamilies.Family f : familyPrefixStages().get()) {
        Ir.StateUpdate u = program.updates().stream().filter(x -> x.stateIndex() == f.state()).findFirst().orElseThrow();
        sb.append("    ").append(u.name()).append(": ").append(f.kind().name().toLowerCase(java.util.Locale.ROOT))
            .append(", ").append(f.kind().form()).append(u.shared() ? ", per family: a segmented prefix in the"
                + " insurer's family order" : ", over each person's claims")
            .append(f.restarts() ? ", restarting on a flag on shares" : "");
        for (org.cosettle.policy.ir.CoupledStates.Coupling c : couplings) {
          if (c.person() == f.state()) {
            sb.append(", stage 1 of 2: as if ").append(stateName(c.family())).append(" had no limit (its step")
                .append(" reads these values); the amount then follows from both, and the state after the batch")
                .append(" is its start plus the person's amounts");
          } else if (c.family() == f.state()) {
            sb.append(", stage 2 of 2: its step what ").append(stateName(c.person())).append("'s stage 1 leaves");
          }
        }
        sb.append('\n');
      }
      sb.append("  a state shared by a family: each claim's step permuted on shares into the insurer's family order")
          .append(" (a Beneš network it programs), summed there in ⌈log₂ n⌉ rounds of products with its 1-bit")
          .append(" family-start flags, and the values before each claim and each family's last value permuted back;")
          .append(" a family's per policy_year state restarts there on its flag on shares (a segmented sum whose segments")
          .append(" start at the family's start or its anniversary), the family's year a max-scan over its claims;")
          .append(" the data holder learns the number of claims, not who is family; a batch holding a reversal, or")
          .append(" one where the chain waits for fewer protocol calls, runs the chain\n");
    } else if (prefixStages == null && familyChain()) {
      sb.append("  states on shares run as one chain in the insurer's family order (a state shared by a family): the")
          .append(" claims permuted on shares by a Beneš network the insurer programs, then one step per claim, one")
          .append(" after the other, carrying the family's states and ").append(FAMILY_MEMBER_SLOTS)
          .append(" member slots of each per-person state, then permuted back; the data holder learns the number of")
          .append(" claims and that bound, not who is family; a family with more persons with claims is refused\n");
      if (codesInChain()) {
        sb.append("  the states per item code run in the chain's steps, row by row (").append(Planner.codesInChainReason(
            program, sites)).append("): each row's value before the batch and the data holder's one-hot flags of")
            .append(" its code's kept slot cross the network as K and K·").append(KEPT_CODE_SLOTS).append(" words per")
            .append(" claim, and the chain carries ").append(KEPT_CODE_SLOTS).append(" member registers per updated")
            .append(" state of what the member's rows added to each slot (two products per register and row, on")
            .append(" shares); every per-person state runs in the chain too; a step's rows run in L passes, the")
            .append(" batch's code layers (its largest number of a claim's lines of one code up to one that can change")
            .append(" a state per code, rounded up to a power of two, which the insurer learns; the data holder's")
            .append(" flags of each row's rank cross the network too, L·K words per claim), or one after the other")
            .append(" when L reaches K\n");
      } else if (Ir.hasItemCodeStates(program)) {
        sb.append("  the states per item code run before the chain, in layers of each person's claims (the")
            .append(layeredYear() >= 0 ? " person's policy year with them" : " values per code row by row")
            .append(")");
        boolean[] layered = layeredStates();
        List<String> names = program.updates().stream().filter(u -> layered[u.stateIndex()] && stateShared(u.stateIndex()))
            .map(Ir.StateUpdate::name).toList();
        if (!names.isEmpty()) {
          sb.append(", with the per-person states no family state reaches: ").append(String.join(", ", names));
        }
        sb.append(", and the chain reads what they computed\n");
      }
      boolean[] chained = chainedOps();
      if (program.ops().stream().anyMatch(op -> chained[op.id()] && op.level() == Ir.Level.ITEM)) {
        sb.append("  line-item values that read a chained state run in their claim's step, on its K rows: each")
            .append(" line-item value they read crosses the network as K words per claim")
            .append(program.ops().stream().anyMatch(op -> op.code() == Ir.Opcode.SUM_ITEMS && chained[op.id()]
                && masksPadding(op.id())) ? ", and so do the data holder's flags of real rows (a sum masks the padding)"
                : "").append("\n");
      }
    } else if (prefixStages == null) {
      boolean yearly = program.restartsPerPolicyYear();
      sb.append("  states on shares run claim after claim (one layer per claim of the busiest person):").append(yearly
          ? " per policy_year states restart at each person's anniversary, a flag on shares (no segmented prefix: an"
              + " update is not a running total of a known family)\n"
          : " an update is not a running total of a known family\n");
    }
    if (Ir.hasItemCodeStates(program)) {
      sb.append("  states per item code: each person's recorded codes padded to M = ").append(ITEM_CODE_SLOTS)
          .append(" slots (the insurer's fingerprints and values on shares), each item row's code compared with them:")
          .append(" K·M equalities and K·M selections per claim and state; a row's earlier rows of the same person in the")
          .append(" batch (r of them) add r products with the data holder's 1-bit same-code flags; the insurer learns K")
          .append(" and M, the data holder M; the new values per code stay on shares and are not opened\n");
      if (!program.updates().stream().filter(Ir.StateUpdate::byItemCode).allMatch(u -> u.op() < 0)) {
        sb.append("  kept shares: each party keeps, per person, ").append(KEPT_CODE_SLOTS).append(" slots of shares of the")
            .append(" batch's increments per code for the next batch (the data holder knows each slot's code, the")
            .append(" insurer only the public count); per row and updated state ").append(2 * KEPT_CODE_SLOTS)
            .append(" products with the data holder's 1-bit slot flags, to read the code's kept value and to add the")
            .append(" row's increment into its slot\n");
      }
      if (program.updates().stream().anyMatch(u -> u.byItemCode() && u.perPolicyYear())) {
        sb.append("  states per item code per policy_year: each claim's restart flag (its year later than the recorded")
            .append(" one), on shares, selects to 0 before its first row what its person's reads would add (the recorded")
            .append(" and kept values of the rows still to run, the earlier rows' increments) and the person's kept")
            .append(" slots: m·K + ").append(KEPT_CODE_SLOTS).append(" selections per claim and state for a person of")
            .append(" m claims; nothing is opened; after the batch the insurer drops the recorded values per code of")
            .append(" each person whose policy_year moved on\n");
      }
    }
    long fromDataHolder = inputs.stream().filter(i -> i.owner() == Party.DATA_HOLDER).count();
    sb.append("  values entering the secure part per claim: ").append(fromDataHolder).append(" from the data holder, ")
        .append(inputs.size() - fromDataHolder).append(" from the insurer\n");
    if (itemRows()) {
      sb.append("  item-level values on shares: every claim's line items padded to the batch's item bound K (its largest")
          .append(" number of items per claim rounded up to a power of two), which the insurer learns; padding rows add 0\n");
    }
    if (steps.isEmpty()) {
      sb.append("  interactive steps per claim: none (no secure computation needed)\n");
    } else {
      sb.append("  interactive steps per claim: ").append(steps.size()).append(", at most ").append(depth)
          .append(" one after the other\n");
      for (boolean perItem : new boolean[] {false, true}) {
        for (Cost cost : Cost.values()) {
          List<Step> of = steps.stream().filter(s -> s.cost() == cost && s.perItem() == perItem).toList();
          if (!of.isEmpty()) {
            sb.append("    ").append(of.size()).append(" × ").append(cost.text()).append(", up to ")
                .append(of.stream().mapToInt(Step::bits).max().orElse(0)).append(" bits")
                .append(perItem ? ", per line item (K times per claim)" : "").append('\n');
          }
        }
      }
    }
    if (!lookups.isEmpty()) {
      sb.append("  private tables and code sets looked up by the claim's or each line item's code (a linear OKVS of"
          + " 64-bit fingerprints and values, or a table's word at the code's index in its public code list; one HE"
          + " setup per session, a reply per 16,384 lookups; the insurer learns K and the number of lookups, the data"
          + " holder each table's declared size or code list):\n");
      for (PrivateLookup l : lookups) {
        sb.append("    ").append(l.render(store(l).members().size() > 1)).append('\n');
      }
      for (LookupStore s : stores) {
        if (s.members().size() > 1) {
          sb.append("    ").append(LookupStore.renderSharing(s.members())).append('\n');
        }
      }
    }
    renderAggregates(sb);
    return sb.toString();
  }

  /** The key states {@code check --plan} shows for {@code step}: fresh and cached by the peer where HE applies. */
  private List<AggregateCosts.Keys> rendered(Ir.AggregateStep step, int groups) {
    return AggregateCosts.heEligible(this, step, groups) ? List.of(AggregateCosts.Keys.FRESH, AggregateCosts.Keys.CACHED)
        : List.of(AggregateCosts.Keys.FRESH);
  }

  /**
   * Each aggregate on shares: its constructions' estimates at the reference batch over each link
   * kind, and the one the cost model picks there.
   */
  private void renderAggregates(StringBuilder sb) {
    for (Ir.AggregateStep step : program.aggregates()) {
      if (aggregateOwner(step) != null) {
        continue;
      }
      int k = groups(step, REFERENCE_HOSPITALS);
      sb.append("  aggregate ").append(step.name()).append(" on shares (estimates for ").append(REFERENCE_CLAIMS)
          .append(" claims in ").append(k).append(k == 1 ? " group" : " groups").append("):\n");
      for (AggregateCosts.Construction c : AggregateCosts.Construction.values()) {
        if (c == AggregateCosts.Construction.HE_INNER_PRODUCTS && !AggregateCosts.heEligible(this, step, k)) {
          sb.append("    ").append(c.text()).append(": not applicable (the key is not one party's plaintext)\n");
          continue;
        }
        List<AggregateCosts.Keys> keyStates = c == AggregateCosts.Construction.BEAVER ? List.of(AggregateCosts.Keys.FRESH)
            : rendered(step, k);
        for (AggregateCosts.Keys keys : keyStates) {
          AggregateCosts.Estimate e = AggregateCosts.estimate(c, step, REFERENCE_CLAIMS, k, keys);
          sb.append("    ").append(c.text()).append(keyStates.size() > 1 ? ", " + keys.text() : "").append(": ")
              .append(e.bytes() / REFERENCE_CLAIMS).append(" bytes per claim, ").append(e.flights())
              .append(" flights, ").append(String.format(java.util.Locale.ROOT, "%.2f", e.cpuSeconds())).append(" s CPU;");
          for (AggregateCosts.LinkKind link : AggregateCosts.LinkKind.values()) {
            sb.append(' ').append(link.label()).append(String.format(java.util.Locale.ROOT, " %.2f s", e.seconds(link)));
          }
          sb.append('\n');
        }
      }
      for (AggregateCosts.Keys keys : rendered(step, k)) {
        sb.append("    chosen").append(rendered(step, k).size() > 1 ? ", " + keys.text() : "").append(':');
        for (AggregateCosts.LinkKind link : AggregateCosts.LinkKind.values()) {
          sb.append(' ').append(link.label()).append(' ').append(
              AggregateCosts.choose(this, step, REFERENCE_CLAIMS, k, link, keys) == AggregateCosts.Construction.BEAVER
                  ? "Beaver" : "HE");
        }
        sb.append(" (handshake mode plans each batch for the wide-area link)\n");
      }
    }
  }
}
