package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.cosettle.policy.ir.Ir;
import org.junit.jupiter.api.Test;

/** How a prefix run orders and merges city-inclusive's shared ops. */
class PassScheduleTest {
  @Test
  void theTwoBlocksRoundingsAndRatioProductsRunAsOneCallEach() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("city-inclusive.cpl",
        Files.readString(Path.of("..", "examples", "policies", "city-inclusive.cpl")))).policy();
    Plan plan = Planner.plan(policy);
    PassSchedule schedule = PassSchedule.of(plan, plan.prefixStages().orElseThrow());
    List<List<PassSchedule.Step>> passes = schedule.passes();
    assertEquals(3, passes.size(), "before each of the two states' stages, then the rest");
    List<PassSchedule.Step> second = passes.get(1);
    PassSchedule.Step divide = second.stream().filter(s -> s.kind() == PassSchedule.Kind.DIVIDE).findFirst()
        .orElseThrow();
    assertEquals(2, divide.ops().length, Arrays.toString(divide.ops()));
    for (int op : divide.ops()) {
      assertEquals(Ir.Opcode.ROUND4, plan.program().ops().get(op).code());
    }
    assertEquals(0, divide.min(), "both products are proven ≥ 0: no sign test");
    PassSchedule.Step products = second.stream().filter(s -> s.kind() == PassSchedule.Kind.PLAINTEXT_PRODUCT)
        .findFirst().orElseThrow();
    assertEquals(2, products.ops().length);
    // every shared op is computed exactly once, after its shared operands
    boolean[] seen = new boolean[plan.program().ops().size()];
    for (List<PassSchedule.Step> pass : passes) {
      for (PassSchedule.Step s : pass) {
        for (int op : s.ops()) {
          for (int arg : plan.program().ops().get(op).args()) {
            assertTrue(plan.site(arg) != Ir.Label.JOINT || seen[arg], "%" + arg + " before %" + op);
          }
        }
        for (int op : s.ops()) {
          assertTrue(!seen[op], "%" + op + " once");
          seen[op] = true;
        }
      }
    }
  }
}
