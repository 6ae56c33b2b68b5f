package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrator's example in README.md is this code, and it settles a batch exactly. */
class ReadmeExampleTest {
  static final Path SOURCE = Path.of("src", "test", "java", "org", "cosettle", "examples", "ReadmeExampleTest.java");
  @TempDir Path tmp;

  // README:begin
  static BatchResult settle(Path dir) throws Exception {
    Policies.Result compiled = Policies.compile(new Source("policy.cpl", Files.readString(dir.resolve("policy.cpl"))));
    if (!compiled.ok()) {
      throw new IllegalArgumentException(compiled.diagnostics().get(0).render(compiled.source()));
    }
    CompiledPolicy policy = compiled.policy();
    ClaimsFile.Result claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl");
    if (!claims.rejected().isEmpty()) {
      throw new IllegalArgumentException(claims.rejected().get(0).errors().toString());
    }
    InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", policy.stateNames(), 100);
    long[] privateParams = PrivateParams.read(dir.resolve("params.json"), "params.json", policy);
    return Evaluator.evaluate(policy, claims.claims(), insured, privateParams);
  }
  // README:end

  @Test
  void settlesTheSpecialDrugConformanceBatchExactly() throws Exception {
    Path example = Path.of("..", "testdata", "conformance", "special-drug");
    for (String file : List.of("policy.cpl", "claims.jsonl", "insured.csv", "params.json")) {
      Files.copy(example.resolve(file), tmp.resolve(file));
    }
    BatchResult result = settle(tmp);
    assertEquals(Files.readString(example.resolve("expected.csv")), result.resultsCsv());
    assertEquals(Files.readString(example.resolve("expected_states.csv")), result.statesCsv());
  }

  @Test
  void theReadmeShowsThisCode() throws Exception {
    assertReadmeShows(SOURCE, 0);
  }

  /** The code between the README markers of {@code source} is the README's java block number {@code block}. */
  static void assertReadmeShows(Path source, int block) throws Exception {
    String text = Files.readString(source);
    List<String> here = text.substring(text.indexOf("// README:begin\n") + 16, text.indexOf("  // README:end"))
        .lines().map(String::strip).toList();
    List<String> readme = LanguageDocTest.blocks(Files.readString(Path.of("..", "README.md")), "java").get(block)
        .lines().map(String::strip).toList();
    assertEquals(here, readme);
  }
}
