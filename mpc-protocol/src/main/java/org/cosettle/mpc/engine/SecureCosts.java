package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * What the {@link SecureEvaluator} needs and cannot do, known from the plan and the batch's
 * metadata alone (so both parties agree on them before anything secret moves): the correlated
 * randomness a batch takes, the refusals of the evaluator, who can compute an aggregate alone.
 */
final class SecureCosts {
  /** The data holder's share-holder role: it sends the random OTs counted as "from the data holder". */
  private static final org.cosettle.crypto.sharing.Party P0 = ShareHolders.of(Party.DATA_HOLDER);
  private static final org.cosettle.crypto.sharing.Party P1 = ShareHolders.of(Party.INSURER);

  private SecureCosts() {}

  /**
   * What this evaluator needs of the pool for a batch settled in one slice: {multiplication
   * triples, AND triples, daBits, random OTs the data holder sends, random OTs the insurer sends},
   * from the per-value costs {@link ArithmeticSession} states. It is {@link #sliceRequirement} of
   * the whole batch plus {@link #batchRequirement}. (No operation takes AND triples today:
   * comparisons run on random OTs alone.)
   */
  static long[] requirement(Plan plan, int claims, int hospitals, int maxClaimsPerPerson, int itemBound) {
    return requirement(plan, claims, hospitals, maxClaimsPerPerson, itemBound, 0);
  }

  /** As {@link #requirement(Plan, int, int, int, int)} for a batch holding {@code reversals} reversals. */
  static long[] requirement(Plan plan, int claims, int hospitals, int maxClaimsPerPerson, int itemBound,
      int reversals) {
    long[] need = sliceRequirement(plan, claims, hospitals, maxClaimsPerPerson, itemBound, reversals);
    long[] once = batchRequirement(plan, claims, hospitals, reversals);
    for (int k = 0; k < need.length; k++) {
      need[k] += once[k];
    }
    return need;
  }

  /**
   * What the batch needs once, after its slices, in the order of {@link #requirement}: the
   * state-bound check's test of the violations' sum, and each aggregate on shares' minimum-cohort
   * rule and the masking of its counts and totals (over a batch of {@code claims}).
   */
  static long[] batchRequirement(Plan plan, int claims, int hospitals) {
    return batchRequirement(plan, claims, hospitals, 0);
  }

  /** As {@link #batchRequirement(Plan, int, int)} for a batch holding {@code reversals} reversals. */
  static long[] batchRequirement(Plan plan, int claims, int hospitals, int reversals) {
    long[] need = new long[5];
    int countBits = StateBoundCheck.violationCountBits(plan, claims, reversals);
    if (countBits > 0) {
      comparison(need, 1, true, countBits, true);
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      if (aggregateOwner(plan, a) != null) {
        continue;
      }
      int k = groups(a, hospitals);
      if (a.cohort() > 1) {
        // the two comparisons per group, then one select (a random OT each way) per flag, count and total
        comparison(need, 2L * k, false, SecureEvaluator.span(0, claims, 0, a.cohort()), false);
        need[3] += 3L * k;
        need[4] += 3L * k;
      }
    }
    return need;
  }

  private static int groups(Ir.AggregateStep a, int hospitals) {
    return Plan.groups(a, hospitals);
  }

  /**
   * What one slice of {@code claims} claims (whole insured persons, the busiest with {@code
   * maxClaimsPerPerson}) needs of the pool, in the order of {@link #requirement}: its states'
   * prefixes, its shared operations, its state-bound comparisons and its share of each aggregate
   * on shares (membership, filter and value products summed into the groups). An item-level op
   * runs {@code itemBound} times per claim (every claim's items padded to that many rows), and so
   * does the masking product of a per-claim sum of one ({@link Plan#masksPadding}).
   */
  static long[] sliceRequirement(Plan plan, int claims, int hospitals, int maxClaimsPerPerson, int itemBound) {
    return sliceRequirement(plan, claims, hospitals, maxClaimsPerPerson, itemBound, 0);
  }

  /**
   * As {@link #sliceRequirement(Plan, int, int, int, int)} for a slice holding {@code reversals}
   * reversals: such a slice runs in layers (no prefix), its reversals take part in no aggregate, and
   * under per-year states each tests its year ({@link YearlyReversals#addCosts}).
   */
  static long[] sliceRequirement(Plan plan, int claims, int hospitals, int maxClaimsPerPerson, int itemBound,
      int reversals) {
    java.util.Optional<PrefixSchedule> families = FamilyPrefix.of(plan, claims, maxClaimsPerPerson, reversals);
    return sliceRequirement(plan, claims, hospitals, itemBound, reversals, families.isPresent() ? families
        : reversals > 0 ? java.util.Optional.empty() : PrefixSchedule.of(plan, maxClaimsPerPerson));
  }

  /** As above, run as {@code prefix} says (empty: in layers). */
  private static long[] sliceRequirement(Plan plan, int claims, int hospitals, int itemBound, int reversals,
      java.util.Optional<PrefixSchedule> prefix) {
    long[] need = new long[5];
    int aggregated = claims - reversals;
    // a prefix run merges roundings into calls over a covering range: count them as it runs them
    Map<Integer, long[]> covers = prefix.isEmpty() ? Map.of() : PassSchedule.of(plan,
        prefix.get().stages().stream().map(PrefixSchedule.Stage::family).toList()).divisionCovers();
    if (prefix.isPresent()) {
      long[] stages = prefix.get().requirement(claims, FamilyChain.applies(plan) ? FamilyChain.familyStates(plan)
          : List.of());
      for (int i = 0; i < need.length; i++) {
        need[i] += stages[i];
      }
    }
    List<Op> ops = plan.program().ops();
    boolean familyPrefix = FamilyChain.applies(plan) && prefix.isPresent();
    if (familyPrefix) {
      // the states shared by a family: their networks, segmented sums and copies
      FamilyPrefix.addCosts(plan, prefix.get(), claims, need);
    }
    boolean chain = FamilyChain.applies(plan) && !familyPrefix;
    boolean[] layered = chain ? FamilyChain.chained(plan) : new boolean[ops.size()];
    if (chain) {
      // the family chain's permutations, registers and copies: products with the insurer's bits
      need[3] += FamilyChain.randomOts(plan, claims, reversals, itemBound);
      FamilyReversals.addCosts(plan, need, claims, reversals);
      ChainedCodeReversals.addCosts(plan, need, claims, reversals, itemBound);
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && StateBoundCheck.needsBoundCheck(ops.get(u.op()))) {
        Op update = ops.get(u.op());
        int sides = StateBoundCheck.sides(update);
        comparison(need, (long) sides * claims, false, StateBoundCheck.boundCheckWidth(update), true);
      }
    }
    // a reversal's new state values, checked on both sides of the bound at the widest width
    comparison(need, (long) StateBoundCheck.reversalChecks(plan) * reversals, false, StateBoundCheck.REVERSAL_WIDTH,
        true);
    // a reversal's test of the recorded year against its target's, and its selections of per-year increments
    YearlyReversals.addCosts(plan, need, reversals);
    ItemCodeStates.addReversalCosts(plan, need, reversals, itemBound);
    List<Ir.AggregateStep> aggregates = plan.program().aggregates();
    for (int index = 0; index < aggregates.size(); index++) {
      Ir.AggregateStep a = aggregates.get(index);
      if (aggregateOwner(plan, a) != null) {
        continue;
      }
      int k = groups(a, hospitals);
      if (plan.construction(index) == AggregateCosts.Construction.HE_INNER_PRODUCTS) {
        // the filter times the value, per claim; the grouped sums take no triples
        need[0] += a.where() >= 0 && a.value() >= 0 ? aggregated : 0;
        continue;
      }
      need[0] += (long) k * aggregated * ((a.where() >= 0 ? 1 : 0) + (a.value() >= 0 ? 1 : 0));
      if (a.key() >= 0 && plan.site(a.key()) == Label.JOINT) {
        Op key = ops.get(a.key());
        if (a.keyKind() == Ir.KeyKind.ENUM) {
          for (int g = 0; g < k; g++) {
            comparison(need, aggregated, true, SecureEvaluator.span(key.min(), key.max(), g, g), true);
          }
        } else if (a.keyKind() == Ir.KeyKind.BAND) {
          for (long bound : a.bandBounds()) {
            comparison(need, aggregated, false, SecureEvaluator.span(key.min(), key.max(), bound, bound), true);
          }
        }
      }
    }
    long rows = (long) claims * itemBound;
    java.util.Set<org.cosettle.mpc.plan.LookupStore> tested = new java.util.HashSet<>();
    // in a chain's code layers, the ops on the rows run once per layer
    boolean[] passes = chain && plan.codeLayers() > 0 ? SecureEvaluator.rowChainOps(plan) : new boolean[ops.size()];
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT) {
        continue;
      }
      long times = (op.level() == Ir.Level.ITEM ? rows : claims) * (passes[op.id()] ? plan.codeLayers() : 1);
      switch (op.code()) {
        case SUM_ITEMS:
          if (plan.masksPadding(op.id()) && layered[op.id()]) {
            need[0] += rows; // in the family chain, a product with the flags of real rows on shares
          } else if (plan.masksPadding(op.id())) {
            need[4] += rows; // a product with the data holder's 1-bit flag of real rows
          }
          break;
        case MUL: {
          if (plan.site(op.a()) == Label.PUBLIC || plan.site(op.b()) == Label.PUBLIC) {
            break;
          }
          int plain = SecureEvaluator.plaintextFactor(plan, op);
          if (plain >= 0 && layered[op.id()] && plan.site(plain) == Label.DATA_HOLDER) {
            plain = -1; // in the family chain the data holder's factor enters permuted, on shares
          }
          if (plain < 0) {
            need[0] += times;
          } else if (SecureEvaluator.constantFactor(plan, op)) {
            // one vector OT per bit of the batch's one factor, once per slice
            need[plan.site(plain) == Label.INSURER ? 3 : 4] +=
                times > 0 ? ArithmeticSession.randomOtsForMultiplyConstant(SecureEvaluator.factorBits(ops.get(plain))) : 0;
          } else {
            need[plan.site(plain) == Label.INSURER ? 3 : 4] += times * SecureEvaluator.factorBits(ops.get(plain));
          }
          break;
        }
        case SELECT:
          if (plan.site(op.a()) == Label.INSURER || plan.site(op.a()) == Label.DATA_HOLDER && !layered[op.id()]) {
            need[plan.site(op.a()) == Label.INSURER ? 3 : 4] += times; // a 1-bit plaintext factor
          } else {
            need[0] += times;
          }
          break;
        case AND:
        case OR:
          need[0] += times;
          break;
        case LT:
        case LE:
          comparison(need, times, false, SecureEvaluator.width(op, ops), true);
          break;
        case EQ:
        case NE:
          comparison(need, times, true, SecureEvaluator.width(op, ops), true);
          break;
        case IN_MASK: {
          Op arg = ops.get(op.a());
          for (long k = Math.max(0, arg.min()); k <= Math.min(63, arg.max()); k++) {
            if (((op.imm() >>> k) & 1) != 0) {
              comparison(need, times, true, SecureEvaluator.span(arg.min(), arg.max(), k, k), true);
            }
          }
          break;
        }
        case MIN:
        case MAX:
          minOrMax(need, times, SecureEvaluator.width(op, ops));
          break;
        case PRIVATE_LOOKUP: {
          org.cosettle.mpc.plan.PrivateLookup lookup = plan.lookup((int) op.imm(), op.level() == Ir.Level.ITEM);
          if (lookup.indexed()) { // the reply's shares are the value: no equality, no product
            break;
          }
          long probes = times * lookup.keysPerRow();
          if (tested.add(plan.store(lookup))) { // the tables of a store share the equality tests
            comparison(need, probes, true, SecureEvaluator.LOOKUP_EQUALITY_BITS, true);
          }
          need[0] += lookup.codeSet() ? 0 : probes;
          break;
        }
        case ROUND4:
        case DIV_ROUND: {
          Op x = ops.get(op.a());
          long d = op.code() == Ir.Opcode.ROUND4 ? 10_000 : op.imm();
          if (SecureEvaluator.signFactor(plan, op) >= 0) {
            int bits = SecureEvaluator.divisionBits(x);
            need[2] += times * ArithmeticSession.daBitsForDivideRoundedOwnSign(d, x.min(), bits);
            need[3] += times * ArithmeticSession.randomOtsForDivideRoundedOwnSign(d, x.min(), bits, P0);
            need[4] += times * ArithmeticSession.randomOtsForDivideRoundedOwnSign(d, x.min(), bits, P1);
            break;
          }
          long[] cover = covers.getOrDefault(op.id(), new long[] {x.min(), SecureEvaluator.divisionBits(x)});
          need[2] += times * ArithmeticSession.daBitsForDivideRounded(d, cover[0], (int) cover[1]);
          need[3] += times * ArithmeticSession.randomOtsForDivideRounded(d, cover[0], (int) cover[1], P0);
          need[4] += times * ArithmeticSession.randomOtsForDivideRounded(d, cover[0], (int) cover[1], P1);
          break;
        }
        default:
          break;
      }
    }
    return need;
  }

  /**
   * What the states kept per item code ({@link ItemCodeStates}) need for claims whose ranks among
   * their persons' claims in the batch are {@code ranks} (0: a person's first claim), each padded
   * to {@code itemBound} rows, in the order of {@link #requirement}: per row and state, M
   * equalities of 64-bit fingerprints and M selections by their bits; per row and updated state, a same-code
   * product with each of the person's earlier rows (rank · K + row of them), the increment's
   * product with the real-row flag (and with the filter when it is on shares), the state-bound
   * comparisons, and the kept shares ({@link KeptShares}): a product per kept slot to read the
   * row's code's kept value and one to add the row's increment into its slot.
   */
  static long[] itemCodeStates(Plan plan, int[] ranks, int itemBound) {
    long[] need = new long[5];
    Ir.StateUpdate[] states = ItemCodeStates.keyed(plan.program());
    if (states.length == 0) {
      return need;
    }
    List<Op> ops = plan.program().ops();
    long k = itemBound;
    long rows = ranks.length * k;
    long cells = rows * Plan.ITEM_CODE_SLOTS * states.length;
    // the equalities, each selecting its slot's value by its XOR shares (a random OT each way)
    comparison(need, cells, true, SecureEvaluator.LOOKUP_EQUALITY_BITS, false);
    need[3] += cells;
    need[4] += cells;
    if (plan.codesInChain()) {
      chainedCodeStates(plan, ranks, itemBound, need);
      return need;
    }
    long earlier = 0;
    for (int rank : ranks) {
      earlier += rank * k * k + k * (k - 1) / 2;
    }
    for (Ir.StateUpdate u : states) {
      if (u.perPolicyYear()) {
        // the restart: per claim of a person of m claims, its m·K recorded rows still to run and its
        // earlier rows' increments (m·K in all; Σ m over the claims is Σ (2·rank + 1)) and the kept slots
        long restarts = 0;
        for (int rank : ranks) {
          restarts += (2L * rank + 1) * k + (u.op() >= 0 ? KeptShares.SLOTS : 0);
        }
        need[3] += restarts;
        need[4] += restarts;
      }
      if (u.op() < 0) {
        continue;
      }
      // the same-code products, and the real-row flag's product with the change (or with the filter on shares)
      need[4] += earlier + rows;
      // the kept slots: read per row, then the row's increment added into them
      need[4] += 2 * rows * KeptShares.SLOTS;
      if (u.where() >= 0 && (plan.site(u.where()) == Label.JOINT || plan.site(u.where()) == Label.INSURER)) {
        need[0] += rows; // the flagged filter times the change
      }
      Op update = ops.get(u.op());
      if (StateBoundCheck.needsBoundCheck(update)) {
        comparison(need, StateBoundCheck.sides(update) * rows, false, StateBoundCheck.boundCheckWidth(update), true);
      }
    }
    return need;
  }

  /**
   * The rest of {@link #itemCodeStates} when the values per code run in the family chain ({@link
   * ChainedCodes}): before it, per claim of rank r and state per policy year, the restart of the
   * (r + 1)·K recorded rows still to run and of the kept slots, and per row and updated state the
   * kept slots' read; in it, per row and updated state, the read and the write of the {@link
   * KeptShares#SLOTS} registers, the real-row flag's product with the change (and with the filter),
   * and per claim the restart of the registers: triples, all of them; the state-bound comparisons
   * as in layers.
   */
  private static void chainedCodeStates(Plan plan, int[] ranks, int itemBound, long[] need) {
    long k = itemBound;
    // in code layers every pass reads, changes and checks all K rows
    long passes = plan.codeLayers() > 0 ? plan.codeLayers() : 1;
    long rows = ranks.length * k * passes;
    if (plan.codeLayers() > 1) {
      // each op on the rows keeps its row's pass: a product per row and pass after the first
      long rowOps = 0;
      for (boolean on : SecureEvaluator.rowChainOps(plan)) {
        rowOps += on ? 1 : 0;
      }
      need[0] += ranks.length * k * (passes - 1) * rowOps;
    }
    for (Ir.StateUpdate u : ItemCodeStates.keyed(plan.program())) {
      if (u.perPolicyYear()) {
        long restarts = 0;
        for (int rank : ranks) {
          restarts += (rank + 1L) * k + (u.op() >= 0 ? KeptShares.SLOTS : 0);
        }
        need[3] += restarts;
        need[4] += restarts;
      }
      if (u.op() < 0) {
        continue;
      }
      need[4] += ranks.length * k * KeptShares.SLOTS;
      need[0] += rows * (2L * KeptShares.SLOTS + 1 + (u.where() >= 0 ? 1 : 0))
          + (u.perPolicyYear() ? (long) ranks.length * KeptShares.SLOTS : 0);
      Op update = plan.program().ops().get(u.op());
      if (StateBoundCheck.needsBoundCheck(update)) {
        comparison(need, StateBoundCheck.sides(update) * rows, false, StateBoundCheck.boundCheckWidth(update), true);
      }
    }
  }

  /**
   * Adds {@code times} comparisons ({@code lessThan}, or {@code equal} when {@code equality}) on
   * {@code width} bits to {@code need}, each with its B2A (a daBit) when {@code converted}.
   */
  static void comparison(long[] need, long times, boolean equality, int width, boolean converted) {
    need[2] += converted ? times : 0;
    need[3] += times * (equality ? ArithmeticSession.randomOtsForEqual(width, P0)
        : ArithmeticSession.randomOtsForLessThan(width, P0));
    need[4] += times * (equality ? ArithmeticSession.randomOtsForEqual(width, P1)
        : ArithmeticSession.randomOtsForLessThan(width, P1));
  }

  /** Adds {@code times} mins or maxes on {@code width} bits: a comparison, then a select (a random OT each way). */
  static void minOrMax(long[] need, long times, int width) {
    comparison(need, times, false, width, false);
    need[3] += times;
    need[4] += times;
  }

  /**
   * For {@code check --plan}, when the plan's prefix has a segmented stage ({@link
   * PrefixSchedule#segmented}): per busiest person of m claims, the protocol calls a slice of {@link
   * Plan#REFERENCE_CLAIMS} claims waits for one after the other and the correlated values it takes
   * (triples, daBits, random OTs), on the segmented prefix and in layers, and which the run takes;
   * empty when there is no such stage.
   */
  static List<String> segmentedComparison(Plan plan) {
    List<String> lines = new java.util.ArrayList<>();
    java.util.Optional<PrefixSchedule> any = PrefixSchedule.unchosen(plan, 2);
    if (any.isEmpty() || any.get().stages().stream().noneMatch(PrefixSchedule::segmented)) {
      return lines;
    }
    int claims = Plan.REFERENCE_CLAIMS;
    for (int m : new int[] {1, 2, 10, 80}) {
      java.util.Optional<PrefixSchedule> segmented = PrefixSchedule.unchosen(plan, m);
      if (segmented.isEmpty()) {
        continue;
      }
      long[] prefixNeed = sliceRequirement(plan, claims, 1, 1, 0, segmented);
      long[] layerNeed = sliceRequirement(plan, claims, 1, 1, 0, java.util.Optional.empty());
      boolean chosen = PrefixSchedule.of(plan, m).isPresent();
      lines.add(String.format(java.util.Locale.ROOT, "busiest person of %d claim%s: segmented prefix %d calls one after"
          + " the other (%s); layers %d calls (%s); runs %s", m, m == 1 ? "" : "s", segmented.get().calls(plan),
          correlations(prefixNeed), PrefixSchedule.layerCalls(plan, m), correlations(layerNeed),
          chosen ? "the segmented prefix" : "in layers"));
    }
    return lines;
  }

  /** A requirement in words: its triples, daBits and random OTs (both ways). */
  private static String correlations(long[] need) {
    return String.format(java.util.Locale.ROOT, "%,d triples, %,d daBits, %,d random OTs", need[0] + need[1], need[2],
        need[3] + need[4]);
  }

  /** The number of claims of the insured person with the most in a batch (its layers). */
  static int maxClaimsPerPerson(List<String> insuredIds) {
    Map<String, Integer> counts = new HashMap<>();
    int max = 0;
    for (String id : insuredIds) {
      max = Math.max(max, counts.merge(id, 1, Integer::sum));
    }
    return max;
  }

  /** Why this evaluator cannot run a plan on a batch of {@code claims}: the planner's refusals, then its own. */
  static List<Refusal> unsupported(Plan plan, int claims) {
    List<Refusal> why = new ArrayList<>(plan.refusals());
    List<Op> ops = plan.program().ops();
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT) {
        continue;
      }
      if ((op.code() == Ir.Opcode.ROUND4 || op.code() == Ir.Opcode.DIV_ROUND)
          && SecureEvaluator.divisionBits(ops.get(op.a())) > ArithmeticSession.MAX_DIVIDEND_BITS) {
        why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "a rounding of a value spanning "
            + SecureEvaluator.divisionBits(ops.get(op.a())) + " bits; handshake mode rounds values of up to "
            + ArithmeticSession.MAX_DIVIDEND_BITS + " bits"));
      }
      if (op.code() == Ir.Opcode.DIV_ROUND && Math.abs(op.imm()) > ArithmeticSession.MAX_DIVISOR) {
        why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "a division by more than 2^40"));
      }
      switch (op.code()) {
        case LT, LE, EQ, NE, MIN, MAX -> {
          if (SecureEvaluator.width(op, ops) > 63) {
            why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "a comparison of values spanning more than 63 bits"));
          }
        }
        default -> { }
      }
      if (op.code() == Ir.Opcode.IN_MASK && ops.get(op.a()).max() > 63) {
        why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "set membership of a value above 63"));
      }
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && StateBoundCheck.needsBoundCheck(ops.get(u.op()))
          && StateBoundCheck.boundCheckWidth(ops.get(u.op())) > 63) {
        why.add(Refusal.atLine(Refusal.Kind.TOO_WIDE, u.line(), "the update of " + u.name()
            + " spans more than 63 bits, too wide to check the state bound on shares"));
      }
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      if (aggregateOwner(plan, a) != null) {
        continue;
      }
      if (a.keyKind() == Ir.KeyKind.HOSPITAL && !a.isFor(Party.INSURER)) {
        why.add(Refusal.atLine(Refusal.Kind.HOSPITAL_GROUPING, a.line(), "aggregate " + a.name()
            + " groups the insurer's values by hospital for the data holder alone: the insurer would learn how many"
            + " hospitals the batch has"));
      }
      if (a.value() >= 0) {
        Op v = ops.get(a.value());
        java.math.BigInteger widest = java.math.BigInteger.valueOf(Math.max(Math.abs(v.min()), Math.abs(v.max())))
            .multiply(java.math.BigInteger.valueOf(claims));
        if (widest.bitLength() > 62) {
          why.add(Refusal.atLine(Refusal.Kind.AGGREGATE_TOO_LARGE, a.line(), "aggregate " + a.name()
              + " could total more than 2^62 over " + claims + " claims, which shares cannot check; split the batch"));
        }
      }
    }
    return why;
  }

  /** Who can compute an aggregate alone ({@link Plan#aggregateOwner}); null when it runs on shares. */
  static Label aggregateOwner(Plan plan, Ir.AggregateStep a) {
    return plan.aggregateOwner(a);
  }

  static boolean[] mask(Plan plan, Label own) {
    boolean[] m = new boolean[plan.program().ops().size()];
    for (Op op : plan.program().ops()) {
      Label s = plan.site(op.id());
      m[op.id()] = s == Label.PUBLIC || s == own;
    }
    return m;
  }

}
