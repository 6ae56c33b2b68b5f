package org.cosettle.mpc.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.arith.BenesNetwork;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.StateFamilies;

/**
 * States shared by a family as segmented prefixes instead of the family chain ({@link
 * Plan#familyPrefixStages}): the batch runs as a prefix run in claims-file order ({@link
 * PrefixSchedule}), and each state shared by a family takes its values before every claim from
 * the insurer's family order. The claims' steps go through the Beneš network the insurer programs
 * ({@link FamilyChainRun}); there each state's value after every claim follows from a scan over the
 * family's claims ⌈log₂ n⌉ rounds deep:
 * <ul>
 *   <li>a running total that does not restart: the segmented sum of the steps, its segments started
 *       by the insurer's plaintext bits (1-bit products), plus the family's start s₀, then the
 *       family's closed form in one comparison ({@code min(y, max(s₀, K))}, {@code min(y, K)},
 *       {@code max(y, K)});
 *   <li>a running maximum (the family's recorded policy year): a max-scan whose earlier operand is
 *       kept by the insurer's 1-bit "same family";
 *   <li>a running total restarting on a flag r on shares (a family's per-year state): a segmented
 *       sum whose segments start where the family starts or r is set ({@link
 *       SegmentedScans#inclusiveSums}, one selection by the flags per round), s₀ added at a
 *       family's start that does not restart, then the closed form.
 * </ul>
 * The value before each claim is the previous claim's after when it is of the same family, the
 * family's s₀ at its first (one more 1-bit product); each family's value after its last claim is
 * copied back over its claims, and both go back through the inverse network. The data holder's
 * view depends on the number of claims only.
 */
public final class FamilyPrefix {
  private final ArithmeticSession session;
  private final boolean insurer;
  private final FamilyChain.Schedule schedule;
  private final FamilyChainRun chain;
  private final LocalValues local;
  private final int[] sliceClaims;
  private final List<Integer> families;
  /** The person states coupled with a family state ({@link Plan#familyCouplings}). */
  private final List<Integer> coupled;
  /**
   * Planted flaw for the property's positive control: the restart flags are taken as 0 in family
   * order, so a family's per-year state runs on over its anniversaries.
   */
  private static volatile boolean plantedDroppedRestart;

  /** Plants (or removes) the flaw above; for the tests' positive control only. */
  public static void plantDroppedRestart(boolean planted) {
    plantedDroppedRestart = planted;
  }

  /** Per state shared by a family, once resolved: per claim (slice position), its family's value after the batch. */
  private final Map<Integer, long[]> last = new HashMap<>();

  /** One party's run over the slice {@code sliceClaims} (the whole batch); the insurer gives its schedule. */
  FamilyPrefix(Plan plan, ArithmeticSession session, Party me, FamilyChain.Schedule schedule, LocalValues local,
      int[] sliceClaims) {
    this.session = session;
    this.insurer = me == Party.INSURER;
    this.schedule = schedule;
    this.chain = new FamilyChainRun(session, me, schedule, sliceClaims.length, 0, 0);
    this.local = local;
    this.sliceClaims = sliceClaims;
    this.families = FamilyChain.familyStates(plan);
    this.coupled = plan.familyCouplings().stream().map(c -> c.person()).toList();
  }

  /**
   * The prefix schedule a batch of {@code claims} claims (the busiest person with {@code
   * maxClaimsPerPerson}, {@code reversals} of them reversals) runs instead of the family chain;
   * empty: the chain runs (a reversal, a policy whose states do not qualify, a prefix beyond 63
   * bits, or a batch where the chain waits for fewer protocol calls one after the other).
   */
  static Optional<PrefixSchedule> of(Plan plan, int claims, int maxClaimsPerPerson, int reversals) {
    if (reversals > 0 || claims == 0 || !FamilyChain.applies(plan)) {
      return Optional.empty();
    }
    Optional<PrefixSchedule> schedule = PrefixSchedule.forFamilies(plan, claims, maxClaimsPerPerson);
    if (schedule.isEmpty() || calls(plan, schedule.get(), claims) >= chainCalls(plan, claims)) {
      return Optional.empty();
    }
    return schedule;
  }

  /** Whether a batch of one slice, {@code slices}, runs as family prefixes rather than the chain. */
  static boolean runs(Plan plan, BatchSlices slices) {
    return of(plan, slices.person().length, slices.maxClaimsPerPerson(), slices.hasReversals() ? 1 : 0).isPresent();
  }

  /** The protocol calls the prefix run waits for one after the other: its passes and stages, and per family state two networks, the sum and the copy. */
  static long calls(Plan plan, PrefixSchedule schedule, int claims) {
    List<Integer> families = FamilyChain.familyStates(plan);
    long networks = 2L * BenesNetwork.layers(BenesNetwork.paddedSize(claims));
    int rounds = rounds(claims);
    long calls = schedule.calls(plan, families);
    for (PrefixSchedule.Stage stage : schedule.stages()) {
      StateFamilies.Family f = stage.family();
      if (!families.contains(f.state())) {
        continue;
      }
      // the two networks and the copy back
      calls += networks + rounds;
      if (f.kind() == StateFamilies.Kind.RUNNING_MAX) {
        calls += 1 + 2L * rounds + 1; // the max with the start, a product and a max per round, the shift
      } else if (f.restarts()) {
        // the flags' selection, the scan, the closed form, the shift
        calls += 1 + stage.scanSteps() + closedFormCalls(f.kind()) + 1;
      } else {
        // the sum, the closed form, the shift
        calls += rounds + (f.kind() == StateFamilies.Kind.ADDITIVE ? 0 : 1) + 1;
      }
    }
    return calls;
  }

  /** A restarting state's closed form after each claim: none (additive), one comparison (and a saturating state's limit's selection). */
  private static int closedFormCalls(StateFamilies.Kind kind) {
    return switch (kind) {
      case ADDITIVE -> 0;
      case SATURATING -> 2;
      default -> 1;
    };
  }

  /** The protocol calls the family chain waits for one after the other: two networks, a step per claim, the copy. */
  static long chainCalls(Plan plan, int claims) {
    return PrefixSchedule.layerCalls(plan, claims) + claims + 2L * BenesNetwork.layers(BenesNetwork.paddedSize(claims))
        + rounds(claims);
  }

  /** ⌈log₂ n⌉: the rounds of a segmented sum or copy over n claims. */
  private static int rounds(int n) {
    int r = 0;
    for (long d = 1; d < n; d <<= 1) {
      r++;
    }
    return r;
  }

  /**
   * Adds to {@code need} (in {@link SecureCosts#requirement}'s order) what the family states take
   * beyond the terms {@link PrefixSchedule#requirement} counts: per state the networks (one word in
   * per permuted column, two back), and then
   * <ul>
   *   <li>a state that does not restart: the segmented sum and copy (products with the insurer's
   *       bits: random OTs from the data holder), the closed form over n values, and the shift to
   *       the value before (one more product per claim);
   *   <li>a running maximum: the max with the family's start, per round a product and a max per
   *       claim with a claim that far back, the shift to the value before (n products) and the copy;
   *   <li>a state that restarts: the selection of (flag, value) per claim (and, for a saturating
   *       state, the restart bit), the scan's selections over as many values per claim and step, the
   *       closed form (one comparison per claim, a saturating state's limit selected first), the
   *       shift and the copy.
   * </ul>
   */
  static void addCosts(Plan plan, PrefixSchedule schedule, int claims, long[] need) {
    long switches = BenesNetwork.switches(BenesNetwork.paddedSize(claims));
    long scans = 0;
    for (long d = 1; d < claims; d <<= 1) {
      scans += claims - d;
    }
    List<Integer> families = FamilyChain.familyStates(plan);
    for (PrefixSchedule.Stage stage : schedule.stages()) {
      StateFamilies.Family f = stage.family();
      StateFamilies.Kind kind = f.kind();
      if (!families.contains(f.state())) {
        continue;
      }
      boolean limited = kind == StateFamilies.Kind.CAPPED || kind == StateFamilies.Kind.FLOORED;
      if (kind == StateFamilies.Kind.RUNNING_MAX) {
        need[3] += 3 * switches + 2 * scans + claims;
        SecureCosts.minOrMax(need, claims + scans, stage.width());
      } else if (f.restarts()) {
        // the step, the flag (and the limit) in; the values before and the family's last back
        need[3] += (limited ? 5 : 4) * switches + scans + claims;
        // (g, v[, c]) per claim, the scan over as many columns, a saturating state's limit by c
        long columns = kind == StateFamilies.Kind.SATURATING ? 3 : 2;
        long selections = columns * claims * (1L + stage.scanSteps()) + (columns - 2) * claims;
        need[3] += selections;
        need[4] += selections;
        if (kind != StateFamilies.Kind.ADDITIVE) {
          SecureCosts.minOrMax(need, claims, stage.width());
        }
      } else {
        // the step (and a capped or floored state's limit) in, the values before and the family's last back
        need[3] += (limited ? 4 : 3) * switches + 2 * scans + claims;
        if (kind != StateFamilies.Kind.ADDITIVE) {
          SecureCosts.minOrMax(need, claims, stage.width());
        }
      }
    }
  }

  /**
   * Whether person state {@code s} is coupled with a family state ({@link Plan#familyCouplings}):
   * its values before each claim are its stage 1, its values after the batch its start plus its amounts.
   */
  boolean coupled(int s) {
    return coupled.contains(s);
  }

  /** Whether state {@code s} is shared by a family: its values come from {@link #before}. */
  boolean covers(int s) {
    return families.contains(s);
  }

  /**
   * The values of {@code stage}'s family state before every claim of the slice, from its steps
   * {@code step} and, for a capped or floored state, its limit {@code limit} (null for the others;
   * slice order); keeps each family's value after the batch ({@link #last}).
   */
  long[] before(PrefixSchedule.Stage stage, long[] step, long[] limit, long[] flag) {
    StateFamilies.Family f = stage.family();
    if (f.kind() == StateFamilies.Kind.RUNNING_MAX) {
      return back(f, runningMax(stage, chain.toFamilyOrder(new long[][] {step})[0]));
    }
    if (f.restarts()) {
      return back(f, restarted(stage, chain.toFamilyOrder(limit == null ? new long[][] {step, flag}
          : new long[][] {step, flag, limit})));
    }
    return back(f, running(stage, chain.toFamilyOrder(limit == null ? new long[][] {step}
        : new long[][] {step, limit})));
  }

  /**
   * A running total that does not restart, after each claim (family order) of the columns {@code
   * in} = {step x, limit K for a capped or floored state}: y = s₀ + the family's steps up to the
   * claim, a segmented sum whose segments start at the insurer's start bits ({@link
   * FamilyChainRun#familySums}), then the closed form in one comparison: {@code min(y, max(s₀, K))}
   * for a saturating state (y ≥ s₀; the insurer brings max(s₀, K) in), {@code min(y, K)} or
   * {@code max(y, K)} for a capped or floored one.
   */
  private long[] running(PrefixSchedule.Stage stage, long[][] in) {
    StateFamilies.Family f = stage.family();
    int n = in[0].length;
    long[] y = chain.familySums(in[0]);
    long[] start = insurer ? familyStart(f.state()) : new long[n];
    for (int i = 0; insurer && i < n; i++) {
      y[i] += start[i];
    }
    return switch (f.kind()) {
      case ADDITIVE -> y;
      case SATURATING -> session.min(y, insurer ? session.shareInput(limits(f, start)) : session.peerInput(n),
          stage.width());
      case CAPPED -> session.min(y, in[1], stage.width());
      case FLOORED -> session.max(y, in[1], stage.width());
      default -> throw new IllegalStateException(f.kind().toString());
    };
  }

  /**
   * A running maximum after each claim (family order) of the steps {@code x}: the max of each
   * claim's step with its family's start Y₀, then a Hillis–Steele max-scan over the family's claims
   * whose earlier operand, d claims back, is kept by the insurer's 1-bit "same family" (a product,
   * the scan's identity where it is 0) and compared with one max per round.
   */
  private long[] runningMax(PrefixSchedule.Stage stage, long[] x) {
    int n = x.length;
    int w = stage.width();
    long identity = stage.floorSentinel();
    long[] m = session.max(x, insurer ? familyStart(stage.family().state()) : new long[n], w);
    int[] first = insurer ? chain.familyFirst() : null;
    for (int d = 1; d < n; d <<= 1) {
      int k = n - d;
      long[] factors = insurer ? new long[k] : null;
      for (int i = 0; insurer && i < k; i++) {
        factors[i] = i >= first[i + d] ? 1 : 0;
      }
      long[] kept = session.multiplyPlaintext(session.addPublic(java.util.Arrays.copyOf(m, k), -identity), factors,
          ShareHolders.of(Party.INSURER), 0, 1);
      long[] later = session.max(java.util.Arrays.copyOfRange(m, d, n), session.addPublic(kept, identity), w);
      System.arraycopy(later, 0, m, d, k);
    }
    return m;
  }

  /**
   * A state that restarts on a flag r on shares, after each claim (family order) of the columns
   * {@code in} = {step x, flag r, limit K for a capped or floored state}: a segment starts where the
   * family starts (the insurer's bit) or where r is set. One selection by r gives each claim's
   * (g, v) = r ? (1, x) : (f, x + f·s₀) for the insurer's start bit f and its family's start s₀
   * (both added to its own shares), so the segmented sum {@link SegmentedScans#inclusiveSums} over
   * the whole batch in family order — the d-back claim of another family composes with a segment
   * that has started — gives s₀ + Σx since the family's start, or Σx since its last restart; a
   * saturating state also sums c = r, 1 over a segment that started at a restart (the only one in
   * it), which selects its limit: max(0, K) then, max(s₀, K) otherwise (the insurer's values).
   */
  private long[] restarted(PrefixSchedule.Stage stage, long[][] in) {
    StateFamilies.Family f = stage.family();
    int n = in[0].length;
    int w = stage.width();
    long[] startBit = new long[n];
    long[] startValue = new long[n];
    if (insurer) {
      long[] s0 = familyStart(f.state());
      for (int i = 0; i < n; i++) {
        startBit[i] = schedule.start()[i] ? 1 : 0;
        startValue[i] = schedule.start()[i] ? s0[i] : 0;
      }
    }
    SegmentedScans scans = new SegmentedScans(session, new int[n], 1, stage.scanSteps());
    boolean saturating = f.kind() == StateFamilies.Kind.SATURATING;
    long[] one = session.addPublic(new long[n], 1);
    long[] x = in[0];
    long[] atStart = session.add(x, startValue);
    // (g, v) and, for a saturating state, c = r: its sum over a segment is 1 when the segment started at a restart
    long[][] gvc = scans.choose(plantedDroppedRestart ? new long[n] : in[1],
        saturating ? new long[][] {one, x, one} : new long[][] {one, x},
        saturating ? new long[][] {startBit, atStart, new long[n]} : new long[][] {startBit, atStart});
    long[][] sums = scans.inclusiveSums(gvc[0], java.util.Arrays.copyOfRange(gvc, 1, gvc.length));
    long[] v = sums[1];
    return switch (f.kind()) {
      case ADDITIVE -> v;
      case CAPPED -> session.min(v, in[2], w);
      case FLOORED -> session.max(v, in[2], w);
      // min(base + Σx, max(base, K)): max(base, K) is B = max(0, K) after a restart, A = max(s₀, K) otherwise
      case SATURATING -> {
        long[][] limits = insurer ? new long[][] {limits(f, new long[n]), limits(f, familyStart(f.state()))}
            : new long[][] {new long[n], new long[n]};
        yield session.min(v, scans.choose(sums[2], new long[][] {limits[0]}, new long[][] {limits[1]})[0], w);
      }
      default -> throw new IllegalStateException(f.kind().toString());
    };
  }

  /**
   * The values before each claim from those after ({@code after}, family order): the previous
   * claim's when it is of the same family, (1 − f)·after_{i−1} with the insurer's start bit f, and
   * the family's start s₀ added at its first; each family's last value copied back over its claims;
   * both back in file order. Returns the values before, keeps the last ({@link #last}).
   */
  private long[] back(StateFamilies.Family f, long[] after) {
    int n = after.length;
    long[] previous = new long[n];
    System.arraycopy(after, 0, previous, 1, n - 1);
    long[] start = insurer ? familyStart(f.state()) : null;
    long[] factors = insurer ? new long[n] : null;
    for (int i = 0; insurer && i < n; i++) {
      factors[i] = schedule.start()[i] ? 0 : 1;
    }
    long[] before = session.multiplyPlaintext(previous, factors, ShareHolders.of(Party.INSURER), 0, 1);
    for (int i = 0; insurer && i < n; i++) {
      before[i] += schedule.start()[i] ? start[i] : 0;
    }
    long[][] out = chain.toFileOrder(new long[][] {before, chain.familyLast(after)});
    last.put(f.state(), out[1]);
    return out[0];
  }

  /** Per claim (slice position), the value of family state {@code s} after its family's last claim of the batch. */
  long[] last(int s) {
    return last.get(s);
  }

  /** At the insurer: per claim in family order, its family's start value of state {@code s}. */
  private long[] familyStart(int s) {
    int k = families.indexOf(s);
    int n = sliceClaims.length;
    long[] start = new long[n];
    for (int i = 0; i < n; i++) {
      start[i] = schedule.start()[i] ? schedule.familyInit()[i][k] : start[i - 1];
    }
    return start;
  }

  /** At the insurer: per claim in family order, max(s₀, K) of its family for saturating state {@code f}. */
  private long[] limits(StateFamilies.Family f, long[] start) {
    long[] out = new long[start.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(start[i], f.limit().evaluate(local::column, sliceClaims[schedule.order()[i]]));
    }
    return out;
  }
}
