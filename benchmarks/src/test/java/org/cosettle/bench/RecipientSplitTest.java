package org.cosettle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plaintext files cut by recipient: each party's output columns and aggregate rows, the insurer's states. */
class RecipientSplitTest {
  private static final String POLICY = """
      policy "split-test" version 1
      output pay = claim.total to insurer
      output seen = claim.total > 0 to data_holder
      output both = claim.total to insurer, data_holder
      aggregate owed = sum(claim.total) to insurer cohort 1
      """;

  @Test
  void eachPartyGetsItsColumnsAndAggregatesAndAWrongFileIsNamedWithItsLine(@TempDir Path dir) throws Exception {
    Policies.Result compiled = Policies.compile(new Source("split.cpl", POLICY));
    assertTrue(compiled.ok(), () -> compiled.diagnostics().get(0).render(compiled.source()));
    CompiledPolicy policy = compiled.policy();
    Files.writeString(dir.resolve("plain.csv"), "claim_id,pay,seen,both\nC1,1.00,true,1.00\n\"C,2\",2.50,true,2.50\n");
    Files.writeString(dir.resolve("plain-states.csv"), "insured_id\nP1\n");
    Files.writeString(dir.resolve("plain-aggregates.csv"), "aggregate,group,claims,value\nowed,,2,3.50\n");
    RecipientSplit split = new RecipientSplit(policy, dir.resolve("plain.csv"), dir.resolve("plain-states.csv"),
        dir.resolve("plain-aggregates.csv"));
    Path run = Files.createDirectory(dir.resolve("run"));
    Files.writeString(run.resolve(RecipientSplit.PLATFORM_RESULTS), "claim_id,seen,both\nC1,true,1.00\n\"C,2\",true,2.50\n");
    Files.writeString(run.resolve(RecipientSplit.INSURER_RESULTS), "claim_id,pay,both\nC1,1.00,1.00\n\"C,2\",2.50,2.50\n");
    Files.writeString(run.resolve(RecipientSplit.INSURER_STATES), "insured_id\nP1\n");
    Files.writeString(run.resolve(RecipientSplit.INSURER_AGGREGATES), "aggregate,group,claims,value\nowed,,2,3.50\n");
    assertEquals(List.of(), split.differences(run));
    Files.writeString(run.resolve(RecipientSplit.INSURER_RESULTS), "claim_id,pay,both\nC1,1.00,1.00\n\"C,2\",2.51,2.50\n");
    Files.writeString(run.resolve(RecipientSplit.PLATFORM_AGGREGATES), "aggregate,group,claims,value\n");
    assertEquals(List.of(RecipientSplit.PLATFORM_AGGREGATES + " was written, but the policy addresses no aggregate to"
        + " that party", RecipientSplit.INSURER_RESULTS + " differs from the plaintext run's split at line 3"),
        split.differences(run));
  }
}
