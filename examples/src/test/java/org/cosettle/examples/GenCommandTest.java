package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.core.ClaimsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenCommandTest {
  @TempDir Path tmp;

  @Test
  void generatedClaimsSatisfyEveryInvariantAndAreDeterministic() throws Exception {
    Path policy = Path.of("..", "testdata", "conformance", "inclusive", "policy.cpl");
    for (String name : List.of("a", "b")) {
      assertEquals(0, Main.execute("gen", "--count", "3000", "--persons", "400", "--seed", "42",
          "--out-claims", tmp.resolve(name + ".jsonl").toString(), "--out-insured", tmp.resolve(name + ".csv").toString(),
          "--policy", policy.toString()));
    }
    assertEquals(Files.readString(tmp.resolve("a.jsonl")), Files.readString(tmp.resolve("b.jsonl")));
    ClaimsFile.Result r = ClaimsFile.read(tmp.resolve("a.jsonl"), "a.jsonl");
    assertEquals(List.of(), r.rejected());
    assertEquals(3000, r.claims().size());
    assertEquals(0, Main.execute("run", policy.toString(), "--claims", tmp.resolve("a.jsonl").toString(),
        "--insured", tmp.resolve("a.csv").toString(), "--out", tmp.resolve("out.csv").toString()));
  }
}
