package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.mpc.engine.proto.Metadata;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * The code layers a data holder declares in the batch's metadata ({@code code_layers}, when the
 * values per item code run in the family chain): the insurer refuses a value that is not a power
 * of two below the item bound, or one the policy does not need, and both parties refuse the batch
 * before any OT (`UNEXPECTED_METADATA`); an honest declaration settles.
 */
class CodeLayersMetadataTest {
  private static final String IN_CHAIN = ItemRowsViewTest.FAMILY_CODES;

  @Test
  void anHonestDeclarationSettles() throws Exception {
    assertNull(settle(IN_CHAIN, UnaryOperator.identity()));
  }

  @Test
  void codeLayersThatAreNoPowerOfTwoBelowTheItemBoundAreRefusedByBoth() throws Exception {
    assertRefused(settle(IN_CHAIN, declaring(3)), "the data holder sent 3 code layers, not a power of two below the"
        + " item bound");
    assertRefused(settle(IN_CHAIN, declaring(8)), "the data holder sent 8 code layers");
  }

  @Test
  void codeLayersThePolicyDoesNotNeedAreRefusedByBoth() throws Exception {
    String alone = IN_CHAIN.replace(", max(0, 3000.00 - family_paid))\n                      for", ")\n                      for")
        .replace("drug_paid[item.code]), max(0, 3000.00 - family_paid)) for", "drug_paid[item.code])) for");
    assertTrue(!org.cosettle.mpc.plan.Planner.plan(Policies.compile(new Source("alone.cpl", alone)).policy())
        .codesInChain(), "the values per code run before the chain");
    assertRefused(settle(alone, declaring(1)), "the data holder sent code layers this policy does not need");
  }

  private static void assertRefused(Throwable[] failures, String detail) {
    for (Throwable failure : failures) {
      HandshakeSettlement.RefusedException refused = assertInstanceOf(HandshakeSettlement.RefusedException.class,
          failure);
      assertEquals(Refusal.Kind.UNEXPECTED_METADATA, refused.refusals().get(0).kind(), refused.getMessage());
      assertTrue(refused.refusals().get(0).detail().contains(detail), refused.refusals().get(0).detail());
    }
  }

  /** Both parties' failures settling the batch under {@code text} with the data holder's end {@code end}; null when settled. */
  private static Throwable[] settle(String text, UnaryOperator<Channel> end) throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("codes.cpl", text)).policy();
    List<Claim> claims = ItemRowsViewTest.batch(1, c -> c == 17 ? 8 : c % 3, (c, k) -> "D" + k);
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, ItemRowsViewTest.twoFamilies(policy),
        new long[0], end, TwoPartySettlement.hooks(Disclosures.NONE, 0), UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0));
    if (s.dataHolderFailure() == null && s.insurerFailure() == null) {
      return null;
    }
    return new Throwable[] {s.dataHolderFailure(), s.insurerFailure()};
  }

  /** A data holder's end that declares {@code layers} code layers in the batch's metadata. */
  private static UnaryOperator<Channel> declaring(int layers) {
    return channel -> new ForwardingChannel(channel) {
      @Override
      public void send(byte[] message) {
        try {
          Metadata m = Metadata.parseFrom(message);
          if (m.getClaimIdsCount() > 0 && m.getBatchNonce().size() == SettlementMessages.BATCH_NONCE_BYTES) {
            message = m.toBuilder().setCodeLayers(layers).build().toByteArray();
          }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          // not the metadata
        }
        super.send(message);
      }
    };
  }
}
