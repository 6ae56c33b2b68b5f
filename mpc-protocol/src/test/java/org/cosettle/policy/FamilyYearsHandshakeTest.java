package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A family deductible per policy year in handshake mode: the hand-worked batch of {@code
 * FamilyYearsGoldenTest} (a family of three across its 29 February anniversary, a late claim of
 * the old year) settles at both parties to plaintext mode's outputs and states, the family's year
 * on shares in the family chain; a batch holding a reversal under the family's per-year state
 * settles to plaintext mode's figures ({@link FamilyReversalsHandshakeTest} works more by hand).
 */
class FamilyYearsHandshakeTest {
  @TempDir Path dir;

  private InsuredFile insured(CompiledPolicy policy) throws Exception {
    Path file = Files.writeString(dir.resolve("insured.csv"), FamilyYearsGoldenTest.BEFORE);
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  @Test
  void theFamilyOfThreeSettlesAcrossItsAnniversaryAsInPlaintextMode() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FamilyYearsGoldenTest.POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    BatchGenerator.Batch batch = new BatchGenerator.Batch(FamilyYearsGoldenTest.batch(), insured(policy), new long[0]);
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, batch, problem -> problem));
    // the figures compared are the hand-worked ones
    BatchResult plain = Evaluator.evaluate(policy, batch.claims(), batch.insured(), new long[0]);
    assertEquals(FamilyYearsGoldenTest.AFTER, plain.statesCsv());
  }

  @Test
  void aReversalUnderTheFamilysYearSettlesAsInPlaintextMode() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FamilyYearsGoldenTest.POLICY);
    List<Claim> claims = List.of(FamilyYearsGoldenTest.visit("A1", "P1", 100_000, "2026-02-20", ""),
        FamilyYearsGoldenTest.visit("C1", "P3", 120_000, "2026-03-01", ""),
        FamilyYearsGoldenTest.visit("R1", "P1", 100_000, "2026-02-20", "A1"));
    String outcome = HandshakePropertyTest.settleAndCompare(policy,
        new BatchGenerator.Batch(claims, insured(policy), new long[0]), problem -> problem);
    assertEquals("equal", outcome);
  }
}
