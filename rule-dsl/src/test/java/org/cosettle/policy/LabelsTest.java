package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.policy.ir.Ir;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void specExampleLabelsEachDeclarationByWhatItReads() throws Exception {
    Path p = Path.of("..", "testdata", "conformance", "inclusive", "policy.cpl");
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl", Files.readString(p))).policy();
    assertEquals(List.of("let eligible: data_holder", "let deductible_left: insurer", "let applied: joint",
        "let rate: insurer", "let raw: joint", "output payout: joint", "update deductible_used: joint",
        "update paid_ytd: joint"), policy.labels().stream().map(Object::toString).toList());
    assertEquals(Ir.Label.JOINT, policy.labels().get(2).label());
    assertEquals("applied", policy.labels().get(2).name());
    assertEquals(List.of("item.category", "item.pre_self_pay", "item.full_self_pay", "insured.preexisting"),
        policy.fieldsRead());
  }
}
