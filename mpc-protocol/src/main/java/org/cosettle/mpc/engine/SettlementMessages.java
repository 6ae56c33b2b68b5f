package org.cosettle.mpc.engine;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.channel.LinkClass;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.engine.proto.AggregateRow;
import org.cosettle.mpc.engine.proto.AggregateRows;
import org.cosettle.mpc.engine.proto.Metadata;
import org.cosettle.mpc.engine.proto.Verdict;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;

/**
 * The settlement's own messages ({@code settlement.proto}) to and from bytes. Everything received
 * is checked against what the receiver knows before it is used; a message that does not parse or
 * does not fit aborts the session with the step it came at.
 */
final class SettlementMessages {
  /** The steps of a settlement, as named in an abort. */
  enum Step { METADATA, AGREEMENT, LOCAL, LOOKUPS, OUTPUTS, COMMIT }

  /**
   * The public metadata of a batch: its ids, the class of link the data holder's end of the session
   * declares, and {@code itemBound}, the number of rows every claim's line items are padded to when
   * the policy runs item-level values on shares (0 otherwise); {@code reverses}, per claim the id of
   * the claim it reverses ("" for none), or empty when the batch holds no reversal; {@code
   * reversedBatches}, per claim the settlement that recorded the earlier batch's claim it reverses
   * ("" for none), or empty; {@code batchNonce}, the data holder's 16 random bytes naming the
   * settlement; {@code codeLayers}, when the values per item code run in the family chain, the
   * layers their rows run in ({@link ItemCodeStates#codeLayers}; 0: row by row).
   */
  record BatchMetadata(List<String> claimIds, List<String> insuredIds, List<String> hospitalIds,
      LinkClass linkClass, int itemBound, List<String> reverses, List<String> reversedBatches, byte[] batchNonce,
      int codeLayers) {}

  /**
   * What an id may take in a message, on average, when bounding what is received: ids are text
   * without a length limit of their own, so the bounds below allow about 500 bytes for each.
   */
  static final long BYTES_PER_ID = 1024;
  /** A verdict or a local-phase verdict without claim ids: reasons of one line each. */
  static final long MAX_VERDICT_BYTES_WITHOUT_IDS = 1 << 20;

  /** The length of the data holder's nonce naming a settlement in the ledgers of shares. */
  static final int BATCH_NONCE_BYTES = 16;

  /** The length of a ready message. */
  static final long READY_BYTES = 2;

  private SettlementMessages() {}

  /** Checks the peer's message is a ready message. */
  static void requireReady(byte[] message) {
    try {
      if (!org.cosettle.mpc.engine.proto.Ready.parseFrom(message).getReady()) {
        throw new ProtocolAbortException(Step.COMMIT, "the peer is not ready to commit");
      }
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolAbortException(Step.COMMIT, "the ready message does not parse", e);
    }
  }

  /** "This party's results are safe; it commits when the peer is ready too." */
  static byte[] ready() {
    return org.cosettle.mpc.engine.proto.Ready.newBuilder().setReady(true).build().toByteArray();
  }

  /** The most the metadata of a batch within {@code limits} can take. */
  static long maxMetadataBytes(SettlementLimits limits) {
    return limits.maxClaims() * BYTES_PER_ID;
  }

  /** The most a verdict on a batch of {@code claims} can take (it may list every claim id). */
  static long maxVerdictBytes(int claims) {
    return MAX_VERDICT_BYTES_WITHOUT_IDS + claims * BYTES_PER_ID;
  }

  /** The most the rows of an aggregate over {@code claims} claims with {@code groups} declared groups can take. */
  static long maxRowsBytes(int claims, int groups) {
    return (claims + groups + 1L) * BYTES_PER_ID;
  }

  static byte[] metadata(List<String> claimIds, List<String> insuredIds, List<String> hospitalIds,
      LinkClass linkClass, int itemBound, List<String> reverses, List<String> reversedBatches, byte[] batchNonce,
      int codeLayers) {
    return Metadata.newBuilder().addAllClaimIds(claimIds).addAllInsuredIds(insuredIds).addAllHospitalIds(hospitalIds)
        .setInProcess(linkClass == LinkClass.IN_PROCESS).setItemBound(itemBound).addAllReverses(reverses)
        .addAllReversedBatches(reversedBatches).setBatchNonce(ByteString.copyFrom(batchNonce))
        .setCodeLayers(codeLayers).build().toByteArray();
  }

  /** The metadata of a batch beyond the limits agreed in the hellos: its number of claims, no id. */
  static byte[] tooManyClaims(int claims) {
    return Metadata.newBuilder().setTooManyClaims(claims).build().toByteArray();
  }

  /** The refusal both parties give a batch of {@code claims} claims beyond the limits agreed in the hellos. */
  static Refusal tooManyClaimsRefusal(long claims) {
    return Refusal.ofBatch(Refusal.Kind.BATCH_TOO_LARGE, "a batch of " + claims + " claims is more than the limits"
        + " the two parties agreed in the hello allow; split it");
  }

  /**
   * The metadata of a batch; a batch the data holder refused as beyond the agreed limits (its number
   * of claims instead of the ids) ends here as that refusal.
   */
  static BatchMetadata metadata(byte[] message) {
    Metadata m;
    try {
      m = Metadata.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolAbortException(Step.METADATA, "the metadata message does not parse", e);
    }
    if (m.getTooManyClaims() != 0) {
      if (m.getClaimIdsCount() + m.getInsuredIdsCount() + m.getHospitalIdsCount() + m.getReversesCount() > 0) {
        throw new ProtocolAbortException(Step.METADATA, "a batch refused as too large must come without ids");
      }
      throw new HandshakeSettlement.RefusedException(List.of(tooManyClaimsRefusal(m.getTooManyClaims())));
    }
    if (m.getClaimIdsCount() != m.getInsuredIdsCount()) {
      throw new ProtocolAbortException(Step.METADATA, m.getClaimIdsCount() + " claim ids but "
          + m.getInsuredIdsCount() + " insured ids");
    }
    if (m.getReversesCount() != 0 && m.getReversesCount() != m.getClaimIdsCount()
        || m.getReversedBatchesCount() != 0 && m.getReversedBatchesCount() != m.getClaimIdsCount()) {
      throw new ProtocolAbortException(Step.METADATA, m.getClaimIdsCount() + " claim ids but "
          + m.getReversesCount() + " reversal links and " + m.getReversedBatchesCount() + " reversed claims' settlements");
    }
    if (m.getBatchNonce().size() != BATCH_NONCE_BYTES) {
      throw new ProtocolAbortException(Step.METADATA, "the batch nonce has " + m.getBatchNonce().size() + " bytes, not "
          + BATCH_NONCE_BYTES);
    }
    return new BatchMetadata(List.copyOf(m.getClaimIdsList()), List.copyOf(m.getInsuredIdsList()),
        List.copyOf(m.getHospitalIdsList()), m.getInProcess() ? LinkClass.IN_PROCESS : LinkClass.NETWORK,
        m.getItemBound(), List.copyOf(m.getReversesList()), List.copyOf(m.getReversedBatchesList()),
        m.getBatchNonce().toByteArray(), m.getCodeLayers());
  }

  static byte[] verdict(List<Refusal> refusals) {
    Verdict.Builder v = Verdict.newBuilder();
    for (Refusal r : refusals) {
      v.addRefusals(org.cosettle.mpc.engine.proto.Refusal.newBuilder().setKind(r.kind().name())
          .setLine(r.position() == null ? 0 : r.position().line())
          .setColumn(r.position() == null ? 0 : r.position().column())
          .setDetail(r.detail()).addAllClaimIds(r.claimIds()));
    }
    return v.build().toByteArray();
  }

  static List<Refusal> verdict(byte[] message) {
    Verdict v;
    try {
      v = Verdict.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolAbortException(Step.AGREEMENT, "the verdict message does not parse", e);
    }
    List<Refusal> refusals = new ArrayList<>(v.getRefusalsCount());
    for (org.cosettle.mpc.engine.proto.Refusal r : v.getRefusalsList()) {
      Refusal.Kind kind;
      try {
        kind = Refusal.Kind.valueOf(r.getKind());
      } catch (IllegalArgumentException e) {
        throw new ProtocolAbortException(Step.AGREEMENT, "a refusal of unknown kind " + quote(r.getKind()));
      }
      if (r.getLine() < 0 || r.getColumn() < 0) {
        throw new ProtocolAbortException(Step.AGREEMENT, "a refusal at a negative position");
      }
      Position at = r.getLine() == 0 ? null : new Position(r.getLine(), r.getColumn());
      refusals.add(new Refusal(kind, at, r.getDetail(), r.getClaimIdsList()));
    }
    return refusals;
  }

  /** Aggregate rows for the other party; a withheld row goes with its group only. */
  static byte[] rows(List<BatchResult.AggregateRow> rows) {
    AggregateRows.Builder b = AggregateRows.newBuilder();
    for (BatchResult.AggregateRow r : rows) {
      b.addRows(AggregateRow.newBuilder().setGroup(r.group()).setClaims(r.withheld() ? 0 : r.claims())
          .setValue(r.withheld() ? 0 : r.value()).setWithheld(r.withheld()));
    }
    return b.build().toByteArray();
  }

  static List<BatchResult.AggregateRow> rows(byte[] message, String aggregate, Type type) {
    AggregateRows parsed;
    try {
      parsed = AggregateRows.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolAbortException(Step.OUTPUTS, "the rows of aggregate " + aggregate + " do not parse", e);
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>(parsed.getRowsCount());
    for (AggregateRow r : parsed.getRowsList()) {
      rows.add(new BatchResult.AggregateRow(aggregate, r.getGroup(), r.getClaims(), r.getValue(), type, r.getWithheld()));
    }
    return rows;
  }

  /** A peer's text in a message: quoted, cut at 80 characters, control characters escaped. */
  static String quote(String peerText) {
    StringBuilder sb = new StringBuilder("\"");
    peerText.codePoints().limit(80).forEach(cp -> {
      if (Character.isISOControl(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append(peerText.codePointCount(0, peerText.length()) > 80 ? "…\"" : "\"").toString();
  }
}
