package org.cosettle.mpc.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.ir.Ir;

/**
 * A batch cut into slices of whole insured persons, so that its offline material is made and
 * consumed a slice at a time: the persons in the order their first claims appear, each slice as
 * many of them as fit its budget, every claim of a person in the person's slice (so each person's
 * states run as in one piece). Both parties cut the same slices from public facts alone: the
 * insured id of each claim (spec §1), the plan's needs per claim and the limits agreed in the
 * hello. A batch that fits one slice is one slice of every claim.
 *
 * <pre>{@code
 * BatchSlices slices = BatchSlices.cut(plan, insuredIds, hospitals, limits, 0);
 * for (int s = 0; s < slices.count(); s++) {
 *   int[] claims = slices.slice(s).claims();   // file indexes, ascending
 * }
 * }</pre>
 */
final class BatchSlices {
  /**
   * The correlated values a slice is cut to need at most, by default: a quarter of the default
   * per-slice limit, so a busy person's slice fits the limit too. About 15,000 city-inclusive claims.
   */
  static final long CORRELATION_BUDGET = 1L << 24;
  /**
   * The memory a slice's correlated values and shares are cut to take at most, by {@link
   * #bytesPerClaim}: half the transport's largest message, which no message of a slice can then
   * reach (an online message carries no more bytes than the correlated values it consumes take here).
   */
  static final long MEMORY_BUDGET = 128L << 20;

  /**
   * One slice: the persons numbered {@code [firstPerson, endPerson)} and their {@code claims}
   * (file indexes, ascending), the busiest of them with {@code maxClaimsPerPerson}.
   */
  record Slice(int firstPerson, int endPerson, int[] claims, int maxClaimsPerPerson) {}

  /** {@code person[c]}: the number of claim c's insured person, by first appearance. */
  private final int[] person;
  private final int persons;
  /** {@code rank[c]}: how many claims of its person come before claim c (its layer). */
  private final int[] rank;
  private final int maxClaimsPerPerson;
  /** The item bound K every claim's line items are padded to ({@link ItemRows}); 0 when the plan has no item rows. */
  private final int itemBound;
  private final List<Slice> slices;
  /**
   * {@code reversed[c]}: the file index of the claim of the batch that claim c reverses, {@link
   * #EARLIER} for a claim of an earlier batch, or {@link #NONE} (public metadata); null when the
   * batch holds no reversal.
   */
  private final int[] reversed;
  /** {@link #reversed} of a claim that is no reversal. */
  static final int NONE = -1;
  /** {@link #reversed} of a reversal of a claim of an earlier batch. */
  static final int EARLIER = -2;

  private BatchSlices(int[] person, int persons, int[] rank, int maxClaimsPerPerson, int itemBound,
      List<Slice> slices, int[] reversed) {
    this.itemBound = itemBound;
    this.person = person;
    this.persons = persons;
    this.rank = rank;
    this.maxClaimsPerPerson = maxClaimsPerPerson;
    this.slices = List.copyOf(slices);
    this.reversed = reversed;
  }

  /**
   * These slices with the batch's reversals: {@code reversed[c]} the file index of the claim that
   * claim c reverses, {@link #EARLIER} or {@link #NONE} (null or all NONE: none). A reversal's
   * target in the batch is an earlier claim of its own person, so in its slice. A slice holding a
   * reversal runs in layers ({@link SecureEvaluator}) and its reversals take part in no aggregate.
   */
  BatchSlices withReversals(int[] reversed) {
    boolean any = reversed != null && Arrays.stream(reversed).anyMatch(t -> t != NONE);
    return new BatchSlices(person, persons, rank, maxClaimsPerPerson, itemBound, slices, any ? reversed.clone() : null);
  }

  /** Whether some claim of the batch is a reversal. */
  boolean hasReversals() {
    return reversed != null;
  }

  /** The file index of the claim that claim {@code c} reverses, {@link #EARLIER} or {@link #NONE}. */
  int reversed(int c) {
    return reversed == null ? NONE : reversed[c];
  }

  /** The number of reversals in the batch. */
  int reversalCount() {
    return reversed == null ? 0 : (int) Arrays.stream(reversed).filter(t -> t != NONE).count();
  }

  /** The number of reversals among {@code slice}'s claims. */
  int reversals(Slice slice) {
    int k = 0;
    for (int c : slice.claims()) {
      k += reversed(c) != NONE ? 1 : 0;
    }
    return k;
  }

  /** The claims of {@code slice} that are no reversal (file indexes, ascending): those an aggregate counts. */
  int[] aggregated(Slice slice) {
    return reversed == null ? slice.claims() : Arrays.stream(slice.claims()).filter(c -> reversed[c] == NONE).toArray();
  }

  /**
   * The slices of a batch whose claims belong to {@code insuredIds} (in file order): as many
   * persons in each as {@link #claimsPerSlice} allows, a person with more claims than that in a
   * slice alone, each claim's line items padded to {@code itemBound} rows (0: the plan has no item
   * rows). {@code correlationBudget} replaces the budget the limits give when above 0 (tests).
   */
  static BatchSlices cut(Plan plan, List<String> insuredIds, int hospitals, int itemBound, SettlementLimits limits,
      long correlationBudget) {
    Map<String, Integer> index = new HashMap<>();
    int n = insuredIds.size();
    int[] person = new int[n];
    int[] rank = new int[n];
    int[] claimsOf = new int[16];
    int busiest = 0;
    for (int c = 0; c < n; c++) {
      int p = index.computeIfAbsent(insuredIds.get(c), k -> index.size());
      person[c] = p;
      if (p == claimsOf.length) {
        claimsOf = Arrays.copyOf(claimsOf, 2 * p);
      }
      rank[c] = claimsOf[p]++;
      busiest = Math.max(busiest, rank[c] + 1);
    }
    long budget = correlationBudget > 0 ? correlationBudget
        : Math.min(CORRELATION_BUDGET, Math.max(1, limits.maxCorrelations() / 4));
    // a family chain runs the batch in one piece: slices of whole persons would split families
    long perSlice = FamilyChain.applies(plan) ? Long.MAX_VALUE : claimsPerSlice(plan, hospitals, busiest, itemBound, budget);
    int persons = index.size();
    // persons in order into slices: the next one joins unless it would take the slice past its size
    int[] sliceOf = new int[persons];
    List<int[]> bounds = new ArrayList<>(); // {first person, end person, claims, busiest}
    int[] open = null;
    for (int p = 0; p < persons; p++) {
      int k = claimsOf[p];
      if (open == null || (long) open[2] + k > perSlice) {
        open = new int[] {p, p, 0, 0};
        bounds.add(open);
      }
      open[1] = p + 1;
      open[2] += k;
      open[3] = Math.max(open[3], k);
      sliceOf[p] = bounds.size() - 1;
    }
    if (bounds.isEmpty()) {
      bounds.add(new int[] {0, 0, 0, 0}); // an empty batch is one empty slice, as it always ran
    }
    int[][] claims = new int[bounds.size()][];
    for (int s = 0; s < claims.length; s++) {
      claims[s] = new int[bounds.get(s)[2]];
    }
    int[] filled = new int[claims.length];
    for (int c = 0; c < n; c++) {
      int s = sliceOf[person[c]];
      claims[s][filled[s]++] = c;
    }
    List<Slice> slices = new ArrayList<>(claims.length);
    for (int s = 0; s < claims.length; s++) {
      int[] b = bounds.get(s);
      slices.add(new Slice(b[0], b[1], claims[s], b[3]));
    }
    return new BatchSlices(person, persons, rank, busiest, itemBound, slices, null);
  }

  /**
   * The most claims a slice is cut to: its share of {@code correlationBudget} and of {@link
   * #MEMORY_BUDGET} at what one claim needs (the plan's per-claim requirement with the batch's
   * busiest person, whose prefixes are the widest); every claim in one slice when the plan needs
   * nothing on shares.
   */
  static long claimsPerSlice(Plan plan, int hospitals, int maxClaimsPerPerson, int itemBound, long correlationBudget) {
    long[] perClaim = SecureCosts.sliceRequirement(plan, 1, hospitals, maxClaimsPerPerson, itemBound);
    // the states per item code by a claim of the busiest person's last rank: the most one claim needs
    long[] keyed = SecureCosts.itemCodeStates(plan, new int[] {Math.max(0, maxClaimsPerPerson - 1)}, itemBound);
    long correlations = 0;
    for (int i = 0; i < perClaim.length; i++) {
      perClaim[i] += keyed[i];
    }
    for (long k : perClaim) {
      correlations += k;
    }
    if (correlations == 0) {
      return Long.MAX_VALUE;
    }
    return Math.max(1, Math.min(correlationBudget / correlations,
        MEMORY_BUDGET / bytesPerClaim(plan, perClaim, itemBound)));
  }

  /**
   * What one claim of a slice takes in memory, by estimate: its correlated values as the pool
   * keeps them (a Beaver triple 24 bytes, an AND triple 3 bits, a daBit 65 bits, a random OT 16
   * bytes at its sender and 65 bits at its receiver), and two 8-byte shares for every operation on
   * shares or value brought in (its value and the temporaries of its protocol call), {@code
   * itemBound} times for an item-level one.
   */
  static long bytesPerClaim(Plan plan, long[] perClaim, int itemBound) {
    long bits = perClaim[0] * 192 + perClaim[1] * 3 + perClaim[2] * 65 + (perClaim[3] + perClaim[4]) * (128 + 65) / 2;
    long shared = 0;
    for (Ir.Op op : plan.program().ops()) {
      if (plan.site(op.id()) == Ir.Label.JOINT) {
        shared += (1L + op.args().length) * (op.level() == Ir.Level.ITEM ? itemBound : 1);
      }
    }
    return Math.max(1, bits / 8 + 16 * shared);
  }

  int count() {
    return slices.size();
  }

  Slice slice(int s) {
    return slices.get(s);
  }

  /** The most claims one insured person has in the batch. */
  int maxClaimsPerPerson() {
    return maxClaimsPerPerson;
  }

  /** The item bound K every claim's line items are padded to; 0 when the plan has no item rows. */
  int itemBound() {
    return itemBound;
  }

  /** The persons of the batch. */
  int persons() {
    return persons;
  }

  /** {@code person()[c]}: the number of claim c's insured person, by first appearance (the same at both parties). */
  int[] person() {
    return person;
  }

  /**
   * The layers of {@code slice}: layer {@code l} holds the positions in {@code slice.claims()} of
   * the l-th claim of each of its persons, in file order (the plaintext engine's layers, within
   * the slice).
   */
  int[][] layers(Slice slice) {
    int[] claims = slice.claims();
    int[] count = new int[slice.maxClaimsPerPerson()];
    for (int c : claims) {
      count[rank[c]]++;
    }
    int[][] layers = new int[count.length][];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new int[count[l]];
    }
    int[] filled = new int[count.length];
    for (int j = 0; j < claims.length; j++) {
      int l = rank[claims[j]];
      layers[l][filled[l]++] = j;
    }
    return layers;
  }

  /** The ranks of {@code claims} (file indexes) among their persons' claims: 0 for a person's first. */
  int[] ranks(int[] claims) {
    int[] r = new int[claims.length];
    for (int j = 0; j < claims.length; j++) {
      r[j] = rank[claims[j]];
    }
    return r;
  }

  /**
   * What slice {@code s} needs of the pool: its own part ({@link SecureCosts#sliceRequirement}),
   * and for the last slice also what the batch of {@code batchClaims} needs once at its end
   * ({@link SecureCosts#batchRequirement}). A batch in one slice needs what it needs in one piece.
   */
  long[] requirement(Plan plan, int s, int hospitals, int batchClaims) {
    Slice slice = slices.get(s);
    long[] need = SecureCosts.sliceRequirement(plan, slice.claims().length, hospitals, slice.maxClaimsPerPerson(),
        itemBound, reversals(slice));
    long[] keyed = SecureCosts.itemCodeStates(plan, ranks(slice.claims()), itemBound);
    for (int k = 0; k < need.length; k++) {
      need[k] += keyed[k];
    }
    if (s == slices.size() - 1) {
      long[] once = SecureCosts.batchRequirement(plan, batchClaims, hospitals, reversalCount());
      for (int k = 0; k < need.length; k++) {
        need[k] += once[k];
      }
    }
    return need;
  }

  /**
   * Why a slice cannot be settled within {@code maxCorrelations} (the session's per-slice limit) or
   * the pool's 2^31 of one kind: one person's claims that need more on their own (named by the first
   * claim's id, public metadata), or a slice cut larger than its budget; null when every slice fits.
   */
  Refusal tooLarge(Plan plan, int hospitals, long maxCorrelations, List<String> claimIds) {
    for (int s = 0; s < slices.size(); s++) {
      long[] need = requirement(plan, s, hospitals, claimIds.size());
      BigInteger total = BigInteger.ZERO;
      boolean kindTooLarge = false;
      for (long k : need) {
        total = total.add(BigInteger.valueOf(k));
        kindTooLarge |= k > Integer.MAX_VALUE;
      }
      if (total.compareTo(BigInteger.valueOf(maxCorrelations)) <= 0 && !kindTooLarge) {
        continue;
      }
      Slice slice = slices.get(s);
      String limit = kindTooLarge ? "more than 2^31 of one kind" : "more than the " + maxCorrelations
          + " the parties make for one slice";
      if (slice.endPerson() - slice.firstPerson() == 1) {
        return Refusal.ofBatch(Refusal.Kind.BATCH_TOO_LARGE, "the " + slice.claims().length + " claims of one insured"
            + " person (the first: " + claimIds.get(slice.claims()[0]) + ") need " + total + " correlated values, "
            + limit + "; settle some of them in a later batch");
      }
      return Refusal.ofBatch(Refusal.Kind.BATCH_TOO_LARGE, "a slice of " + slice.claims().length + " claims needs "
          + total + " correlated values, " + limit + "; split the batch");
    }
    return null;
  }
}
