package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.HandshakeClient;
import org.cosettle.mpc.transport.HandshakeServer;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;
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
  // the platform: keeps the claims, listens for the insurer whose certificate it pinned
  static HandshakeServer platform(CompiledPolicy policy, List<Claim> claims, SessionHello hello, TransportIdentity me,
      X509Certificate insurer, CompletableFuture<HandshakeSettlement.DataHolderOutcome> result) throws IOException {
    return HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), me, insurer, hello, TransportOptions.DEFAULTS,
        session -> result.complete(HandshakeSettlement.dataHolder(policy, claims, session, Prg.create())));
  }

  // the insurer: keeps its insured records, private params and states, dials the platform
  static HandshakeSettlement.InsurerOutcome insurer(CompiledPolicy policy, InsuredFile insured, long[] privateParams,
      SessionHello hello, InetSocketAddress platform, TransportIdentity me, X509Certificate platformCert) {
    try (GrpcChannel session = HandshakeClient.connect(platform, me, platformCert, hello, TransportOptions.DEFAULTS)) {
      HandshakeSettlement.InsurerOutcome outcome =
          HandshakeSettlement.insurer(policy, insured, privateParams, session, Prg.create());
      session.finish(); // both transcripts agree, or this throws and nothing counts
      return outcome;
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
    SessionHello hello = new SessionHello("cosettle.settle/1", "special-drug v3".getBytes());
    TransportIdentity platformId = TransportIdentity.generate("platform", Duration.ofDays(1));
    TransportIdentity insurerId = TransportIdentity.generate("insurer", Duration.ofDays(1));
    CompletableFuture<HandshakeSettlement.DataHolderOutcome> platformSide = new CompletableFuture<>();
    HandshakeSettlement.InsurerOutcome insurerSide;
    try (HandshakeServer server = platform(policy, claims, hello, platformId, insurerId.certificate(), platformSide)) {
      insurerSide = insurer(policy, insured, params, hello, new InetSocketAddress("127.0.0.1", server.port()), insurerId,
          platformId.certificate());
    }
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
