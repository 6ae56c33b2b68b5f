package org.cosettle.mpc.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.channel.LinkClass;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.PrivateValues;

/**
 * Both parties of a handshake settlement for tests: the insurer on another thread, the data
 * holder here, over an in-memory pair. Each side's result or failure is kept.
 */
public final class TwoPartySettlement {
  private TwoPartySettlement() {}

  /** What each side got: its outcome, or what it threw (the other is then null). */
  public record Sides(HandshakeSettlement.DataHolderOutcome dataHolder, RuntimeException dataHolderFailure,
      HandshakeSettlement.InsurerOutcome insurer, Throwable insurerFailure, Channel dataHolderChannel) {}

  /** Runs both sides; the data holder talks through {@code wrap} of its end (to record it, say). */
  public static Sides run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams,
      UnaryOperator<Channel> wrap) throws InterruptedException {
    return run(policy, claims, insured, privateParams, wrap, Disclosures.NONE, UnaryOperator.identity(),
        Disclosures.NONE);
  }

  /**
   * Runs both sides, each talking through its {@code wrap} of its end and reporting what leaves or
   * reaches it to its {@link Disclosures}. A side that fails closes its end, so the other stops at
   * once instead of waiting for its time-out.
   */
  static Sides run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams,
      UnaryOperator<Channel> wrapDataHolder, Disclosures dataHolderDisclosures, UnaryOperator<Channel> wrapInsurer,
      Disclosures insurerDisclosures) throws InterruptedException {
    return run(policy, claims, insured, privateParams, wrapDataHolder, hooks(dataHolderDisclosures, 0), wrapInsurer,
        hooks(insurerDisclosures, 0));
  }

  /**
   * Runs both sides with the batch cut into slices of about {@code sliceBudget} correlated values
   * each (at least one insured person a slice: 1 gives every person a slice of its own).
   */
  public static Sides runInSlices(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, long sliceBudget) throws InterruptedException {
    return runInSlices(policy, claims, insured, PrivateValues.of(privateParams), sliceBudget);
  }

  /** As {@link #runInSlices(CompiledPolicy, List, InsuredFile, long[], long)}, with private tables and code sets. */
  public static Sides runInSlices(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      PrivateValues values, long sliceBudget) throws InterruptedException {
    return run(policy, claims, insured, values, UnaryOperator.identity(), hooks(Disclosures.NONE, sliceBudget),
        UnaryOperator.identity(), hooks(Disclosures.NONE, sliceBudget));
  }

  /**
   * Runs both sides with every aggregate on shares forced to {@code construction} where it fits
   * (null: the cost model's pick) and slices of about {@code sliceBudget} correlated values.
   */
  public static Sides runWith(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams,
      AggregateCosts.Construction construction, long sliceBudget, UnaryOperator<Channel> wrapDataHolder)
      throws InterruptedException {
    return runWith(policy, claims, insured, PrivateValues.of(privateParams), construction, sliceBudget, wrapDataHolder);
  }

  /** As above, with the insurer's private tables and code sets too. */
  public static Sides runWith(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, PrivateValues values,
      AggregateCosts.Construction construction, long sliceBudget, UnaryOperator<Channel> wrapDataHolder)
      throws InterruptedException {
    return run(policy, claims, insured, values, wrapDataHolder, forced(construction, sliceBudget),
        UnaryOperator.identity(), forced(construction, sliceBudget));
  }

  private static HandshakeSettlement.Hooks forced(AggregateCosts.Construction construction, long sliceBudget) {
    return new HandshakeSettlement.Hooks(HandshakeSettlement.BatchCheck.NONE, SettlementLimits.DEFAULTS,
        Disclosures.NONE, state -> { }, sliceBudget, construction);
  }

  /** A test run's side: no batch check, the default limits, {@code disclosures}, slices cut to {@code sliceBudget}. */
  static HandshakeSettlement.Hooks hooks(Disclosures disclosures, long sliceBudget) {
    return new HandshakeSettlement.Hooks(HandshakeSettlement.BatchCheck.NONE, SettlementLimits.DEFAULTS, disclosures,
        state -> { }, sliceBudget);
  }

  /** Runs both sides, each through its {@code wrap} of its end and with its {@code hooks}. */
  static Sides run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams,
      UnaryOperator<Channel> wrapDataHolder, HandshakeSettlement.Hooks dataHolderHooks,
      UnaryOperator<Channel> wrapInsurer, HandshakeSettlement.Hooks insurerHooks) throws InterruptedException {
    return run(policy, claims, insured, PrivateValues.of(privateParams), wrapDataHolder, dataHolderHooks, wrapInsurer,
        insurerHooks, LinkClass.IN_PROCESS);
  }

  /** Runs both sides with the insurer's private tables and code sets too. */
  static Sides run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, PrivateValues privateParams,
      UnaryOperator<Channel> wrapDataHolder, HandshakeSettlement.Hooks dataHolderHooks,
      UnaryOperator<Channel> wrapInsurer, HandshakeSettlement.Hooks insurerHooks) throws InterruptedException {
    return run(policy, claims, insured, privateParams, wrapDataHolder, dataHolderHooks, wrapInsurer, insurerHooks,
        LinkClass.IN_PROCESS);
  }

  /** As above, over an in-memory pair whose ends declare {@code link}. */
  static Sides run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, PrivateValues privateParams,
      UnaryOperator<Channel> wrapDataHolder, HandshakeSettlement.Hooks dataHolderHooks,
      UnaryOperator<Channel> wrapInsurer, HandshakeSettlement.Hooks insurerHooks, LinkClass link)
      throws InterruptedException {
    return run(policy, claims, insured, privateParams, wrapDataHolder, dataHolderHooks, wrapInsurer, insurerHooks, link,
        null, null, null, null);
  }

  /**
   * Runs both sides with slices of about {@code sliceBudget} correlated values, each party with its
   * ledger of shares of earlier batches ({@code dataHolderLedger}, {@code insurerLedger}; null: none).
   */
  public static Sides runWithLedgers(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      PrivateValues values, long sliceBudget, ShareLedger dataHolderLedger, ShareLedger insurerLedger)
      throws InterruptedException {
    return runWithLedgersAndKept(policy, claims, insured, values, sliceBudget, dataHolderLedger, insurerLedger, null,
        null);
  }

  /**
   * As {@link #runWithLedgers}, each party also with its kept shares of the states per item code of
   * earlier batches ({@code dataHolderKept}, {@code insurerKept}; null: none).
   */
  public static Sides runWithLedgersAndKept(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      PrivateValues values, long sliceBudget, ShareLedger dataHolderLedger, ShareLedger insurerLedger,
      KeptShares dataHolderKept, KeptShares insurerKept) throws InterruptedException {
    return run(policy, claims, insured, values, UnaryOperator.identity(), hooks(Disclosures.NONE, sliceBudget),
        UnaryOperator.identity(), hooks(Disclosures.NONE, sliceBudget), LinkClass.IN_PROCESS, dataHolderLedger,
        insurerLedger, dataHolderKept, insurerKept);
  }

  /**
   * The product's own refusal of the reversals among {@code claims} (file order; a reversal naming
   * no earlier claim of them takes back an earlier batch's claim) under {@code policy}, as the data
   * holder decides it before anything secret moves; null when handshake mode takes them back, or
   * when there is no reversal.
   */
  public static org.cosettle.mpc.plan.Refusal reversalRefusal(CompiledPolicy policy, List<Claim> claims) {
    if (claims.stream().noneMatch(Claim::isReversal)) {
      return null;
    }
    return BatchReversals.unsupported(org.cosettle.mpc.plan.Planner.plan(policy), claims);
  }

  /**
   * Runs both sides, each party with its ledger of shares and its kept shares of the states per item
   * code of earlier batches (null: none), the insurer talking through {@code wrapInsurer} of its end.
   */
  public static Sides runWithLedgersAndKept(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      ShareLedger dataHolderLedger, ShareLedger insurerLedger, KeptShares dataHolderKept, KeptShares insurerKept,
      UnaryOperator<Channel> wrapInsurer) throws InterruptedException {
    return run(policy, claims, insured, PrivateValues.of(new long[0]), UnaryOperator.identity(),
        hooks(Disclosures.NONE, 0), wrapInsurer, hooks(Disclosures.NONE, 0), LinkClass.IN_PROCESS, dataHolderLedger,
        insurerLedger, dataHolderKept, insurerKept);
  }

  /**
   * Runs both sides with slices of about {@code sliceBudget} correlated values, each party with its
   * kept shares of the states per item code ({@code dataHolderKept}, {@code insurerKept}; null: none).
   */
  public static Sides runWithKept(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long sliceBudget,
      KeptShares dataHolderKept, KeptShares insurerKept) throws InterruptedException {
    return runWithKept(policy, claims, insured, sliceBudget, dataHolderKept, insurerKept, UnaryOperator.identity(),
        Disclosures.NONE, Disclosures.NONE);
  }

  /** As above, with the insurer's private values {@code values} (private params, tables and code sets). */
  public static Sides runWithKept(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, PrivateValues values,
      KeptShares dataHolderKept, KeptShares insurerKept) throws InterruptedException {
    return run(policy, claims, insured, values, UnaryOperator.identity(), hooks(Disclosures.NONE, 0),
        UnaryOperator.identity(), hooks(Disclosures.NONE, 0), LinkClass.IN_PROCESS, null, null, dataHolderKept,
        insurerKept);
  }

  /** As above, the insurer talking through {@code wrapInsurer} of its end, each party's results reported to its log. */
  static Sides runWithKept(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long sliceBudget,
      KeptShares dataHolderKept, KeptShares insurerKept, UnaryOperator<Channel> wrapInsurer,
      Disclosures dataHolderDisclosures, Disclosures insurerDisclosures) throws InterruptedException {
    return run(policy, claims, insured, PrivateValues.of(new long[0]), UnaryOperator.identity(),
        hooks(dataHolderDisclosures, sliceBudget), wrapInsurer, hooks(insurerDisclosures, sliceBudget),
        LinkClass.IN_PROCESS, null, null, dataHolderKept, insurerKept);
  }

  private static Sides run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, PrivateValues privateParams,
      UnaryOperator<Channel> wrapDataHolder, HandshakeSettlement.Hooks dataHolderHooks,
      UnaryOperator<Channel> wrapInsurer, HandshakeSettlement.Hooks insurerHooks, LinkClass link,
      ShareLedger dataHolderLedger, ShareLedger insurerLedger, KeptShares dataHolderKept, KeptShares insurerKept)
      throws InterruptedException {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(60), link);
    Channel mine = wrapDataHolder.apply(pair.first());
    Channel theirs = wrapInsurer.apply(pair.second());
    CompletableFuture<HandshakeSettlement.InsurerOutcome> insurer = CompletableFuture.supplyAsync(() -> {
      try {
        return HandshakeSettlement.insurer(policy, insured, privateParams, theirs, Prg.create(), insurerHooks,
            insurerLedger, insurerKept);
      } catch (RuntimeException e) {
        pair.second().close();
        throw e;
      }
    });
    HandshakeSettlement.DataHolderOutcome dataHolder = null;
    RuntimeException dataHolderFailure = null;
    try {
      dataHolder = HandshakeSettlement.dataHolder(policy, claims, mine, Prg.create(), dataHolderHooks,
          dataHolderLedger, dataHolderKept);
    } catch (RuntimeException e) {
      dataHolderFailure = e;
      pair.first().close();
    }
    try {
      return new Sides(dataHolder, dataHolderFailure, insurer.get(60, TimeUnit.SECONDS), null, mine);
    } catch (ExecutionException e) {
      return new Sides(dataHolder, dataHolderFailure, null, e.getCause(), mine);
    } catch (TimeoutException e) {
      return new Sides(dataHolder, dataHolderFailure, null, e, mine);
    }
  }

  /** Both outcomes; a failure on either side is thrown (the data holder's first). */
  public static HandshakeSettlementTest.Both settle(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams) throws Exception {
    return settle(policy, claims, insured, privateParams, LinkClass.IN_PROCESS);
  }

  /** As {@link #settle(CompiledPolicy, List, InsuredFile, long[])}, both ends declaring {@code link}. */
  static HandshakeSettlementTest.Both settle(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, LinkClass link) throws Exception {
    Sides s = run(policy, claims, insured, PrivateValues.of(privateParams), UnaryOperator.identity(),
        hooks(Disclosures.NONE, 0), UnaryOperator.identity(), hooks(Disclosures.NONE, 0), link);
    if (s.dataHolderFailure() != null) {
      throw s.dataHolderFailure();
    }
    if (s.insurerFailure() != null) {
      throw new IllegalStateException("the insurer failed", s.insurerFailure());
    }
    return new HandshakeSettlementTest.Both(s.dataHolder(), s.insurer());
  }
}
