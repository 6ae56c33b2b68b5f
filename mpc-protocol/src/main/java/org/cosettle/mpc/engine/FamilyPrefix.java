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
 * ({@link FamilyChainRun}); there, each claim's sum of its family's steps up to it is a segmented
 * Hillis–Steele sum whose segment starts are the insurer's plaintext bits (⌈log₂ n⌉ rounds of
 * 1-bit products), the insurer adds the family's start value to its shares, and the family's
 * closed form (a saturating state's {@code min(y, max(s₀, K))}, the insurer bringing {@code
 * max(s₀, K)} in; a capped or floored state's {@code min(y, K)} or {@code max(y, K)}, its limit
 * permuted with the steps, then s₀ at a family's first claim by one more 1-bit product) gives the
 * values before and after each claim in one comparison; the values after
 * are copied back from each family's last claim, and the values before and the family's last go
 * back through the inverse network. The data holder's view depends on the number of claims only.
 */
final class FamilyPrefix {
  private final ArithmeticSession session;
  private final boolean insurer;
  private final FamilyChain.Schedule schedule;
  private final FamilyChainRun chain;
  private final LocalValues local;
  private final int[] sliceClaims;
  private final List<Integer> families;
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
    long perFamilyState = 2L * BenesNetwork.layers(BenesNetwork.paddedSize(claims)) + 2L * rounds(claims);
    long calls = schedule.calls(plan) + perFamilyState * FamilyChain.familyStates(plan).size();
    for (PrefixSchedule.Stage stage : schedule.stages()) {
      if (FamilyChain.familyStates(plan).contains(stage.family().state()) && !stage.family().kind().identityAtZero()) {
        calls++; // the start at a family's first claim
      }
    }
    return calls;
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
   * beyond {@link PrefixSchedule#requirement}: per state the networks (one word in, two back; a
   * capped or floored state's limit in too), the segmented sum and copy (products with the
   * insurer's bits: random OTs from the data holder), the closed form's second n values, and a
   * capped or floored state's start at a family's first claim (one more product per claim).
   */
  static void addCosts(Plan plan, PrefixSchedule schedule, int claims, long[] need) {
    long switches = BenesNetwork.switches(BenesNetwork.paddedSize(claims));
    long scans = 0;
    for (long d = 1; d < claims; d <<= 1) {
      scans += claims - d;
    }
    List<Integer> families = FamilyChain.familyStates(plan);
    for (PrefixSchedule.Stage stage : schedule.stages()) {
      StateFamilies.Kind kind = stage.family().kind();
      if (families.contains(stage.family().state())) {
        boolean limited = kind == StateFamilies.Kind.CAPPED || kind == StateFamilies.Kind.FLOORED;
        // the step (and a capped or floored state's limit) in, the values before and the family's last back
        need[3] += (limited ? 4 : 3) * switches + 2 * scans + (limited ? claims : 0);
        if (kind != StateFamilies.Kind.ADDITIVE) {
          SecureCosts.minOrMax(need, claims, stage.width());
        }
      }
    }
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
  long[] before(PrefixSchedule.Stage stage, long[] step, long[] limit) {
    StateFamilies.Family f = stage.family();
    int n = step.length;
    long[][] in = chain.toFamilyOrder(limit == null ? new long[][] {step} : new long[][] {step, limit});
    long[] x = in[0];
    long[] inclusive = chain.familySums(x);
    long[] start = insurer ? familyStart(f.state()) : new long[n];
    long[] both = new long[2 * n];
    for (int i = 0; i < n; i++) {
      both[i] = inclusive[i] - x[i] + start[i];
      both[n + i] = inclusive[i] + start[i];
    }
    if (f.kind() == StateFamilies.Kind.SATURATING) {
      // max(s0, min(y, K)) = min(y, max(s0, K)) as y >= s0: the insurer knows its family's s0 and K
      long[] limits = insurer ? session.shareInput(limits(f, start)) : session.peerInput(n);
      both = session.min(both, SecureEvaluator.concat(limits, limits), stage.width());
    } else if (f.kind() == StateFamilies.Kind.CAPPED) {
      both = session.min(both, SecureEvaluator.concat(in[1], in[1]), stage.width());
    } else if (f.kind() == StateFamilies.Kind.FLOORED) {
      both = session.max(both, SecureEvaluator.concat(in[1], in[1]), stage.width());
    }
    if (!f.kind().identityAtZero()) {
      // the closed form holds after a claim: at a family's first claim the value before is s0,
      // (1 − f)·closed + f·s0 with the insurer's start bit f
      long[] factors = insurer ? new long[n] : null;
      for (int i = 0; insurer && i < n; i++) {
        factors[i] = schedule.start()[i] ? 0 : 1;
      }
      long[] kept = session.multiplyPlaintext(java.util.Arrays.copyOf(both, n), factors,
          ShareHolders.of(Party.INSURER), 0, 1);
      for (int i = 0; i < n; i++) {
        both[i] = kept[i] + (insurer && schedule.start()[i] ? start[i] : 0);
      }
    }
    long[] after = chain.familyLast(java.util.Arrays.copyOfRange(both, n, 2 * n));
    long[][] back = chain.toFileOrder(new long[][] {java.util.Arrays.copyOf(both, n), after});
    last.put(f.state(), back[1]);
    return back[0];
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
