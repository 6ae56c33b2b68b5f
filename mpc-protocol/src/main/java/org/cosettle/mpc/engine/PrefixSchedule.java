package org.cosettle.mpc.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.ir.FamilyTerm;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.StateFamilies.Family;
import org.cosettle.policy.ir.StateFamilies;

/**
 * How a batch resolves its shared states as prefixes instead of layers (see {@link
 * StateFamilies}): per state, in the plan's order, the step of every claim on shares, its
 * exclusive prefix sum over each insured person's earlier claims (local: additions of shares),
 * and the state before each claim from the family's closed form — one vectorised comparison for
 * the whole batch. A saturating state's {@code max(s₀, min(y, K))} needs no second comparison:
 * since y ≥ s₀ it equals {@code min(y, max(s₀, K))} (both are s₀ when s₀ ≥ K and {@code min(y, K)}
 * otherwise), and the insurer, who knows each person's start s₀ and limit K, brings {@code max(s₀,
 * K)} in as its input. The bit widths of those comparisons depend on the batch (the prefix of
 * the busiest person's steps), so both parties derive the same schedule from the plan and the
 * batch's metadata; a batch whose prefixes could exceed 63 bits runs in layers.
 *
 * <p>A CLAMPED state, {@code C(s + x; L, H) = min(max(s + x, L), H)} with steps of either sign,
 * has no closed form over a sum: its prefixes come from a Hillis–Steele scan of the triples (Σx,
 * L, H) over each person's claims, composed by {@code (X₁, L₁, H₁) then (X₂, L₂, H₂) = (X₁ + X₂,
 * C(L₁ + X₂; L₂, H₂), C(H₁ + X₂; L₂, H₂))}: ⌈log₂(m − 1)⌉ steps for a busiest person of m claims,
 * each one {@code max} and one {@code min} over 2 × claims values, then one clamp of s₀ + X per
 * claim. An absent floor or ceiling, and the scan's identity, are public sentinels beyond every
 * value the batch can reach (by more than any sum of its steps), so {@code max(v, L)} with the
 * floor sentinel is v exactly where −∞ would give v.
 */
final class PrefixSchedule {
  /**
   * One state: its family, and the width of the closed form's comparisons (0: none); for a
   * CLAMPED state also the scan's steps and the sentinels standing for an absent floor (−∞) and
   * ceiling (+∞); for a state that restarts the segmented scan's steps; for a RUNNING_MAX state
   * the scan's steps and its identity, the step's least value, in {@code floorSentinel}.
   */
  record Stage(Family family, int width, int scanSteps, long floorSentinel, long ceilingSentinel) {
    Stage(Family family, int width) {
      this(family, width, 0, 0, 0);
    }
  }

  private final List<Stage> stages;

  private PrefixSchedule(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  List<Stage> stages() {
    return stages;
  }

  /**
   * The schedule for a batch whose busiest insured person has {@code maxClaimsPerPerson} claims;
   * empty: run layers. A schedule with a segmented stage ({@link #segmented}) is taken only when
   * it waits for fewer protocol calls one after the other than layers would ({@link #calls}).
   */
  static Optional<PrefixSchedule> of(Plan plan, int maxClaimsPerPerson) {
    Optional<PrefixSchedule> schedule = unchosen(plan, maxClaimsPerPerson);
    if (schedule.isPresent() && schedule.get().stages.stream().anyMatch(PrefixSchedule::segmented)
        && schedule.get().calls(plan) >= layerCalls(plan, maxClaimsPerPerson)) {
      return Optional.empty();
    }
    return schedule;
  }

  /**
   * Whether a stage runs a scan of {@link SegmentedScans}: a state that restarts (a segmented
   * prefix), or a running maximum.
   */
  static boolean segmented(Stage stage) {
    return stage.family().restarts() || stage.family().kind() == StateFamilies.Kind.RUNNING_MAX;
  }

  /** The schedule as {@link #of} sizes it, before it is compared with layers. */
  static Optional<PrefixSchedule> unchosen(Plan plan, int maxClaimsPerPerson) {
    Optional<List<Family>> families = plan.prefixStages();
    if (families.isEmpty() || families.get().isEmpty()) {
      return Optional.empty();
    }
    return sized(plan, families.get(), state -> maxClaimsPerPerson);
  }

  /**
   * The schedule of a plan's {@link Plan#familyPrefixStages} for a batch of {@code claims} claims,
   * the busiest person with {@code maxClaimsPerPerson}: a state shared by a family is sized for a
   * family of every claim (its values after its family's last claim too), since the families are
   * the insurer's; empty when the plan has none or a prefix could exceed 63 bits.
   */
  static Optional<PrefixSchedule> forFamilies(Plan plan, int claims, int maxClaimsPerPerson) {
    Optional<List<Family>> families = plan.familyPrefixStages();
    if (families.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> shared = FamilyChain.familyStates(plan);
    return sized(plan, families.get(), state -> shared.contains(state) ? claims + 1 : maxClaimsPerPerson);
  }

  /** The stages of {@code families}, state s sized for a busiest sequence of {@code claimsOf(s)} claims. */
  private static Optional<PrefixSchedule> sized(Plan plan, List<Family> families,
      java.util.function.IntUnaryOperator claimsOf) {
    List<Stage> stages = new ArrayList<>();
    for (Family f : families) {
      int maxClaimsPerPerson = claimsOf.applyAsInt(f.state());
      BigInteger earlier = BigInteger.valueOf(Math.max(0, maxClaimsPerPerson - 1));
      if (!termWidthsFit(f.step()) || (f.limit() != null && !termWidthsFit(f.limit()))
          || (f.ceiling() != null && !termWidthsFit(f.ceiling()))) {
        return Optional.empty();
      }
      long[] s = stateRange(plan, f.state());
      if (f.restarts()) {
        // after a restart the prefix starts from the state's zero value
        s = new long[] {Math.min(s[0], 0), Math.max(s[1], 0)};
      }
      if (f.kind() == StateFamilies.Kind.RUNNING_MAX) {
        Optional<Stage> max = runningMax(f, s, maxClaimsPerPerson);
        if (max.isEmpty()) {
          return Optional.empty();
        }
        stages.add(max.get());
        continue;
      }
      if (f.kind() == StateFamilies.Kind.CLAMPED) {
        Optional<Stage> clamped = clamped(f, s, maxClaimsPerPerson);
        if (clamped.isEmpty()) {
          return Optional.empty();
        }
        stages.add(clamped.get());
        continue;
      }
      // s0 + (the sum of at most m − 1 steps)
      BigInteger low = BigInteger.valueOf(s[0]).add(earlier.multiply(BigInteger.valueOf(Math.min(0, f.step().min()))));
      BigInteger high = BigInteger.valueOf(s[1]).add(earlier.multiply(BigInteger.valueOf(Math.max(0, f.step().max()))));
      if (low.bitLength() > 62 || high.bitLength() > 62) {
        return Optional.empty();
      }
      int width = 0;
      if (f.kind() != StateFamilies.Kind.ADDITIVE) {
        FamilyTerm k = f.limit();
        // a saturating state compares with max(s0, K), the others with K
        long kMin = f.kind() == StateFamilies.Kind.SATURATING ? Math.max(s[0], k.min()) : k.min();
        long kMax = f.kind() == StateFamilies.Kind.SATURATING ? Math.max(s[1], k.max()) : k.max();
        width = SecureEvaluator.span(low.longValue(), high.longValue(), kMin, kMax);
      }
      if (width > 63) {
        return Optional.empty();
      }
      stages.add(new Stage(f, width, f.restarts() ? SegmentedScans.stepsFor(maxClaimsPerPerson) : 0, 0, 0));
    }
    return Optional.of(new PrefixSchedule(stages));
  }

  /**
   * A RUNNING_MAX stage: the scan's steps, its comparisons' width and, in {@code floorSentinel},
   * the public identity of the scan (the step's least value); empty beyond 62 bits.
   */
  private static Optional<Stage> runningMax(Family f, long[] s, int m) {
    long low = Math.min(s[0], f.step().min());
    long high = Math.max(s[1], f.step().max());
    if (BigInteger.valueOf(high).subtract(BigInteger.valueOf(low)).bitLength() > 62) {
      return Optional.empty();
    }
    return Optional.of(new Stage(f, SecureEvaluator.span(low, high, low, high), SegmentedScans.stepsFor(m),
        f.step().min(), 0));
  }

  /**
   * The protocol calls a prefix run of this schedule waits for one after the other: every
   * interactive call of its passes ({@link PassSchedule}), each family term's {@code min}, {@code
   * max} and {@code select}, and each stage's closed form and scan.
   */
  long calls(Plan plan) {
    return calls(plan, List.of());
  }

  /**
   * As {@link #calls(Plan)}, the stages of the states {@code byFamily} counted for their terms only
   * (their sums, scans and closed forms run in the insurer's family order: {@link FamilyPrefix#calls}).
   */
  long calls(Plan plan, java.util.Collection<Integer> byFamily) {
    long calls = 0;
    List<Ir.Op> ops = plan.program().ops();
    for (List<PassSchedule.Step> pass : PassSchedule.of(plan, stages.stream().map(Stage::family).toList()).passes()) {
      for (PassSchedule.Step step : pass) {
        if (step.kind() != PassSchedule.Kind.SINGLE || PassSchedule.interactive(plan, ops.get(step.ops()[0]))) {
          calls++;
        }
      }
    }
    for (Stage st : stages) {
      Family f = st.family();
      for (FamilyTerm t : new FamilyTerm[] {f.step(), f.kind() == StateFamilies.Kind.SATURATING ? null : f.limit(),
          f.ceiling()}) {
        calls += t == null ? 0 : termCalls(t);
      }
      if (byFamily.contains(f.state())) {
        continue;
      }
      int k = st.scanSteps();
      calls += switch (f.kind()) {
        case ADDITIVE -> f.restarts() ? k + 1 : 0;
        case SATURATING, CAPPED, FLOORED -> (f.restarts() ? k + 1 : 0) + 1;
        case CLAMPED -> f.restarts() ? 3L * k + 3 : 2L * k + 2;
        case RUNNING_MAX -> k + 1;
      };
    }
    return calls;
  }

  /**
   * The protocol calls a run in layers waits for one after the other, for a busiest person of
   * {@code m} claims: the interactive shared ops no shared state reaches once, the others once per
   * layer.
   */
  static long layerCalls(Plan plan, int m) {
    boolean[] layered = FamilyChain.layered(plan);
    long once = 0;
    long perLayer = 0;
    for (Ir.Op op : plan.program().ops()) {
      if (plan.site(op.id()) == Ir.Label.JOINT && PassSchedule.interactive(plan, op)) {
        if (layered[op.id()]) {
          perLayer++;
        } else {
          once++;
        }
      }
    }
    return once + (long) m * perLayer;
  }

  private static long termCalls(FamilyTerm t) {
    long own = t.kind() == FamilyTerm.TermKind.MIN || t.kind() == FamilyTerm.TermKind.MAX
        || t.kind() == FamilyTerm.TermKind.SELECT ? 1 : 0;
    return own + (t.a() == null ? 0 : termCalls(t.a())) + (t.b() == null ? 0 : termCalls(t.b()));
  }

  /** A CLAMPED stage's sentinels, scan steps and comparison width; empty when it would exceed 62 bits. */
  private static Optional<Stage> clamped(Family f, long[] s, int m) {
    BigInteger e = BigInteger.valueOf(Math.max(1, m));
    // every sum of at most m steps lies in [sumLow, sumHigh]
    BigInteger sumLow = e.multiply(BigInteger.valueOf(Math.min(0, f.step().min())));
    BigInteger sumHigh = e.multiply(BigInteger.valueOf(Math.max(0, f.step().max())));
    // every value the state, its floor and its ceiling take lies in [low, high]
    BigInteger low = BigInteger.valueOf(s[0]).add(sumLow);
    BigInteger high = BigInteger.valueOf(s[1]).add(sumHigh);
    for (FamilyTerm t : new FamilyTerm[] {f.limit(), f.ceiling()}) {
      if (t != null) {
        low = low.min(BigInteger.valueOf(t.min()));
        high = high.max(BigInteger.valueOf(t.max()));
      }
    }
    // −∞ plus any sum stays below low, +∞ plus any sum above high
    BigInteger floorSentinel = low.subtract(sumHigh).subtract(BigInteger.ONE);
    BigInteger ceilingSentinel = high.subtract(sumLow).add(BigInteger.ONE);
    // every value compared: a floor or ceiling (within the sentinels) plus a sum of steps
    BigInteger compareLow = floorSentinel.add(sumLow);
    BigInteger compareHigh = ceilingSentinel.add(sumHigh);
    if (compareLow.bitLength() > 62 || compareHigh.bitLength() > 62
        || compareHigh.subtract(compareLow).bitLength() > 62) {
      return Optional.empty();
    }
    int steps = m <= 2 ? 0 : ceilLog2(m - 1);
    int width = SecureEvaluator.span(compareLow.longValue(), compareHigh.longValue(), compareLow.longValue(),
        compareHigh.longValue());
    return Optional.of(new Stage(f, width, steps, floorSentinel.longValue(), ceilingSentinel.longValue()));
  }

  /** ⌈log₂ k⌉ for k ≥ 1. */
  private static int ceilLog2(int k) {
    return 32 - Integer.numberOfLeadingZeros(k - 1);
  }

  /** The range of state {@code s}'s values before a claim, as the IR gives it. */
  static long[] stateRange(Plan plan, int s) {
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (Ir.Op op : plan.program().ops()) {
      if (op.code() == Ir.Opcode.STATE && op.imm() == s) {
        low = Math.min(low, op.min());
        high = Math.max(high, op.max());
      }
    }
    return new long[] {low, high};
  }

  private static boolean termWidthsFit(FamilyTerm t) {
    if (!t.bounded()) {
      return false;
    }
    if (t.kind() == FamilyTerm.TermKind.MIN || t.kind() == FamilyTerm.TermKind.MAX) {
      if (width(t) > 63) {
        return false;
      }
    }
    return (t.a() == null || termWidthsFit(t.a())) && (t.b() == null || termWidthsFit(t.b()));
  }

  /** The width of a {@code MIN}/{@code MAX} term's comparison. */
  static int width(FamilyTerm t) {
    return SecureEvaluator.span(t.a().min(), t.a().max(), t.b().min(), t.b().max());
  }

  /** {multiplication triples, AND triples, daBits, random OTs from the data holder, from the insurer} the stages take for a batch of {@code claims}, beyond the ops'. */
  long[] requirement(int claims) {
    return requirement(claims, List.of());
  }

  /**
   * As {@link #requirement(int)}, the stages of the states {@code byFamily} counted for their terms
   * only (the rest: {@link FamilyPrefix#addCosts}).
   */
  long[] requirement(int claims, java.util.Collection<Integer> byFamily) {
    long[] need = new long[5];
    for (Stage st : stages) {
      term(st.family().step(), claims, need);
      if (st.family().limit() != null && st.family().kind() != StateFamilies.Kind.SATURATING) {
        term(st.family().limit(), claims, need);
      }
      if (st.family().ceiling() != null) {
        term(st.family().ceiling(), claims, need);
      }
      Family f = st.family();
      if (byFamily.contains(f.state())) {
        continue;
      }
      if (f.kind() == StateFamilies.Kind.RUNNING_MAX) {
        // per scan step a max per claim, then the max with the start
        SecureCosts.minOrMax(need, (long) claims * (st.scanSteps() + 1), st.width());
        continue;
      }
      if (f.restarts()) {
        // the scan's selections by the restart flags, then the start's (and a saturating state's
        // limit's) by the flag before the claim: one random OT each way per value
        long selections = SegmentedScans.selections(f.kind() == StateFamilies.Kind.CLAMPED, claims, st.scanSteps())
            + (long) claims * (f.kind() == StateFamilies.Kind.SATURATING ? 2 : 1);
        need[3] += selections;
        need[4] += selections;
      }
      if (f.kind() == StateFamilies.Kind.CLAMPED) {
        // per scan step a max and a min over 2 × claims values, then a max and a min per claim
        SecureCosts.minOrMax(need, (long) claims * (4L * st.scanSteps() + 2), st.width());
      } else if (st.width() > 0) {
        SecureCosts.minOrMax(need, claims, st.width()); // the closed form's min
      }
    }
    return need;
  }

  private static void term(FamilyTerm t, int claims, long[] need) {
    switch (t.kind()) {
      case MIN, MAX -> SecureCosts.minOrMax(need, claims, width(t));
      case SELECT -> need[0] += claims;
      default -> { }
    }
    if (t.a() != null) {
      term(t.a(), claims, need);
    }
    if (t.b() != null) {
      term(t.b(), claims, need);
    }
  }
}
