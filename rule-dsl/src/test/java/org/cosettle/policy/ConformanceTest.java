package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's conformance examples (testdata/conformance), reproduced byte for byte. */
class ConformanceTest {
  @ParameterizedTest
  @ValueSource(strings = {"inclusive", "hospital-totals", "special-drug"})
  void reproducesExpectedFilesExactly(String name) throws Exception {
    Path dir = Path.of("..", "testdata", "conformance", name);
    Policies.Result r = Policies.compile(new Source("policy.cpl", Files.readString(dir.resolve("policy.cpl"))));
    assertEquals(List.of(), r.diagnostics());
    CompiledPolicy p = r.policy();
    ClaimsFile.Result claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl");
    assertEquals(List.of(), claims.rejected());
    InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", p.stateNames(), 100);
    Path params = dir.resolve("params.json");
    long[] priv = PrivateParams.read(Files.exists(params) ? params : null, "params.json", p);
    BatchResult result = Evaluator.evaluate(p, claims.claims(), insured, priv);
    assertEquals(Files.readString(dir.resolve("expected.csv")), result.resultsCsv());
    assertEquals(Files.readString(dir.resolve("expected_states.csv")), result.statesCsv());
    Path agg = dir.resolve("expected_aggregates.csv");
    if (Files.exists(agg)) {
      assertEquals(Files.readString(agg), result.aggregatesCsv());
    }
  }
}
