package org.cosettle.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.DataHolder;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.Insurer;
import org.cosettle.mpc.engine.SettlementLimits;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.SettlementState;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.LoopbackSession;
import org.cosettle.mpc.transport.TransportOptions;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.ir.Ir;

/**
 * Both parties of a handshake settlement in one process, over a loopback gRPC session with mutual
 * TLS ({@code cosettle run --mode handshake}, {@code cosettle demo}): the platform listens with the
 * claims, the insurer dials with its records and private params, and the files are put together
 * from what each party received — each output from a party it is addressed to.
 */
final class LoopbackHandshake {
  /** What the run cost on the wire. */
  record Traffic(long bytes, long messages, long rounds) {}

  /**
   * The batch's result, what it cost, and each party's ledger of shares and kept shares of the
   * states per item code after it (null: none kept).
   */
  record Outcome(BatchResult result, Traffic traffic, ShareLedger platformLedger, ShareLedger insurerLedger,
      KeptShares platformKept, KeptShares insurerKept) {}

  private LoopbackHandshake() {}

  /**
   * Settles {@code claims} under {@code policy}, whose digest (SM3 of its canonical text) is
   * {@code policyDigest}; {@code progress} hears the insurer's side enter each state.
   *
   * @throws SettlementAbortedException when the batch is refused or a side fails (both sides end)
   */
  static Outcome settle(CompiledPolicy policy, String policyDigest, List<Claim> claims, InsuredFile insured,
      PrivateValues params, Consumer<SettlementState> progress) {
    return settle(policy, policyDigest, claims, insured, params, progress, null);
  }

  /** The same, with both parties' HE on the backend named {@code heBackend} (null: the default). */
  static Outcome settle(CompiledPolicy policy, String policyDigest, List<Claim> claims, InsuredFile insured,
      PrivateValues params, Consumer<SettlementState> progress, String heBackend) {
    return settle(policy, policyDigest, claims, insured, params, progress, heBackend, null, null);
  }

  /**
   * The same, reversals of earlier batches' claims settled from the parties' ledgers of shares
   * ({@code platformLedger}, {@code insurerLedger}; null: none).
   */
  static Outcome settle(CompiledPolicy policy, String policyDigest, List<Claim> claims, InsuredFile insured,
      PrivateValues params, Consumer<SettlementState> progress, String heBackend, ShareLedger platformLedger,
      ShareLedger insurerLedger) {
    return settle(policy, policyDigest, claims, insured, params, progress, heBackend, platformLedger, insurerLedger,
        null, null);
  }

  /**
   * The same, the states per item code read with the parties' kept shares of the previous batch
   * ({@code platformKept}, {@code insurerKept}; null: none yet).
   */
  static Outcome settle(CompiledPolicy policy, String policyDigest, List<Claim> claims, InsuredFile insured,
      PrivateValues params, Consumer<SettlementState> progress, String heBackend, ShareLedger platformLedger,
      ShareLedger insurerLedger, KeptShares platformKept, KeptShares insurerKept) {
    DataHolder platformRole = DataHolder.of(policy, policyDigest, claims, SettlementLimits.DEFAULTS)
        .ledger(platformLedger).kept(platformKept);
    Insurer insurerRole = Insurer.of(policy, policyDigest, insured, params, SettlementLimits.DEFAULTS)
        .ledger(insurerLedger).kept(insurerKept);
    if (heBackend != null) {
      platformRole.heBackend(heBackend);
      insurerRole.heBackend(heBackend);
    }
    insurerRole.onStateChange(progress);
    try (LoopbackSession loopback = LoopbackSession.open(platformRole.hello(), insurerRole.hello(),
        TransportOptions.DEFAULTS)) {
      // the platform listens with the claims; the insurer dials with its records and params
      CompletableFuture<HandshakeSettlement.DataHolderOutcome> platform = CompletableFuture.supplyAsync(
          () -> platformRole.settle(loopback.listening(), HandshakeSettlement.BatchCheck.NONE));
      HandshakeSettlement.InsurerOutcome insurer;
      try {
        insurer = insurerRole.settle(loopback.dialling(), HandshakeSettlement.BatchCheck.NONE);
      } finally {
        // the platform's side ends too (with its own result or its own refusal)
        platform.exceptionally(e -> null).join();
      }
      HandshakeSettlement.DataHolderOutcome dataHolder = platform.join();
      GrpcChannel session = loopback.dialling();
      Traffic traffic = new Traffic(session.bytesSent() + session.bytesReceived(),
          session.messagesSent() + session.messagesReceived(), session.rounds());
      return new Outcome(combine(policy, claims, insured, dataHolder, insurer), traffic, dataHolder.ledger(),
          insurer.ledger(), dataHolder.kept(), insurer.kept());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /**
   * Each output from a party it is addressed to; states from the insurer, naming its kept shares;
   * aggregates from a recipient.
   */
  private static BatchResult combine(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      HandshakeSettlement.DataHolderOutcome dataHolder, HandshakeSettlement.InsurerOutcome insurer) {
    List<CompiledPolicy.Output> outputs = policy.outputs();
    long[][] values = new long[outputs.size()][];
    for (int o = 0; o < outputs.size(); o++) {
      values[o] = outputs.get(o).isFor(Party.DATA_HOLDER) ? dataHolder.outputs()[o] : insurer.outputs()[o];
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    for (Ir.AggregateStep a : policy.aggregates()) {
      List<BatchResult.AggregateRow> from = a.isFor(Party.DATA_HOLDER) ? dataHolder.aggregates()
          : insurer.aggregates();
      from.stream().filter(r -> r.aggregate().equals(a.name())).forEach(rows::add);
    }
    // each person of the insurer's kept shares named by the settlement that wrote them (the next batch checks them)
    return BatchResult.of(policy, claims, values, KeptShares.boundTo(KeptShares.recordedAfter(policy, insured,
        insurer.states()), insurer.kept()), insurer.states(), rows);
  }
}
