package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.DataHolder;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.Insurer;
import org.cosettle.mpc.engine.SettlementLimits;
import org.cosettle.mpc.transport.Endpoint;
import org.cosettle.mpc.transport.PeerSession;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/** The handshake example in README.md is this code, and the two parties settle a batch exactly. */
class ReadmeHandshakeExampleTest {
  static final Path SOURCE = Path.of("src", "test", "java", "org", "cosettle", "examples",
      "ReadmeHandshakeExampleTest.java");

  // README:begin
  // the platform: keeps the claims; listens for the insurer whose certificate it pinned
  static HandshakeSettlement.DataHolderOutcome platform(DataHolder platform, Endpoint listen, TransportIdentity me,
      X509Certificate insurerCert, IntConsumer onPort) throws IOException {
    try (PeerSession peer = PeerSession.open(listen, me, insurerCert, platform.hello(), TransportOptions.DEFAULTS,
        Duration.ofMinutes(10), onPort)) {
      return platform.settle(peer.channel(), HandshakeSettlement.BatchCheck.NONE); // after both transcripts agree
    }
  }

  // the insurer: keeps its insured records, private params and states; dials the platform
  static HandshakeSettlement.InsurerOutcome insurer(Insurer insurer, Endpoint platform, TransportIdentity me,
      X509Certificate platformCert) throws IOException {
    try (PeerSession peer = PeerSession.open(platform, me, platformCert, insurer.hello(), TransportOptions.DEFAULTS,
        Duration.ofMinutes(10), port -> { })) {
      return insurer.settle(peer.channel(), HandshakeSettlement.BatchCheck.NONE);
    }
  }
  // README:end

  @Test
  void theTwoPartiesSettleTheSpecialDrugBatchExactly() throws Exception {
    Path dir = Path.of("..", "testdata", "conformance", "special-drug");
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl", Files.readString(dir.resolve("policy.cpl"))))
        .policy();
    List<Claim> claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", policy.stateNames(), 100);
    long[] params = PrivateParams.read(dir.resolve("params.json"), "params.json", policy);
    String digest = PolicyText.sm3(Files.readAllBytes(dir.resolve("policy.cpl")));
    TransportIdentity platformId = TransportIdentity.generate("platform", Duration.ofDays(1));
    TransportIdentity insurerId = TransportIdentity.generate("insurer", Duration.ofDays(1));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<HandshakeSettlement.DataHolderOutcome> platformSide = CompletableFuture.supplyAsync(() -> {
      try {
        return platform(DataHolder.of(policy, digest, claims, SettlementLimits.DEFAULTS),
            Endpoint.parse(Endpoint.Mode.LISTEN, "127.0.0.1:0"), platformId, insurerId.certificate(), port::complete);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    HandshakeSettlement.InsurerOutcome insurerSide = insurer(
        Insurer.of(policy, digest, insured, params, SettlementLimits.DEFAULTS),
        Endpoint.parse(Endpoint.Mode.CONNECT, "127.0.0.1:" + port.get(30, TimeUnit.SECONDS)), insurerId,
        platformId.certificate());
    BatchResult expected = Evaluator.evaluate(policy, claims, insured, params);
    HandshakeSettlement.DataHolderOutcome platformOutcome = platformSide.get(30, TimeUnit.SECONDS);
    for (int o = 0; o < policy.outputs().size(); o++) {
      long[] want = new long[claims.size()];
      for (int c = 0; c < want.length; c++) {
        want[c] = expected.output(c, o);
      }
      if (policy.outputs().get(o).isFor(Party.INSURER)) {
        assertArrayEquals(want, insurerSide.outputs()[o]);
      }
      if (policy.outputs().get(o).isFor(Party.DATA_HOLDER)) {
        assertArrayEquals(want, platformOutcome.outputs()[o]);
      }
    }
    for (int r = 0; r < insured.records().size(); r++) {
      for (int s = 0; s < policy.stateNames().size(); s++) {
        assertEquals(expected.state(r, s), insurerSide.states()[s][r]);
      }
    }
  }

  @Test
  void theReadmeShowsThisCode() throws Exception {
    ReadmeExampleTest.assertReadmeShows(SOURCE, 1);
  }
}
