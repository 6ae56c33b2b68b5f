package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PolicyYearsHandshakePropertyTest;
import org.cosettle.policy.Source;
import org.cosettle.policy.ir.StateFamilies;
import org.junit.jupiter.api.Test;

/**
 * The planner runs per-year states on a segmented prefix where it waits for fewer protocol calls
 * than layers: for the language guide's {@code annual-limits} with a busy insured person, not for
 * a batch of one claim per person.
 */
class SegmentedPrefixPlanTest {
  @Test
  void aBusyPersonsPerYearStatesRunOnASegmentedPrefix() {
    CompiledPolicy policy = Policies.compile(new Source("annual.cpl", PolicyYearsHandshakePropertyTest.ANNUAL)).policy();
    Plan plan = Planner.plan(policy);
    List<StateFamilies.Family> stages = plan.prefixStages().orElseThrow();
    assertEquals(List.of(StateFamilies.Kind.RUNNING_MAX, StateFamilies.Kind.SATURATING, StateFamilies.Kind.SATURATING),
        stages.stream().map(StateFamilies.Family::kind).toList());
    assertTrue(stages.get(1).restarts() && stages.get(2).restarts() && !stages.get(0).restarts());
    for (int m : new int[] {2, 3, 10, 80, 200}) {
      PrefixSchedule schedule = PrefixSchedule.of(plan, m).orElseThrow(() -> new AssertionError("layers at " + m));
      assertEquals(SegmentedScans.stepsFor(m), schedule.stages().get(1).scanSteps());
      long calls = schedule.calls(plan);
      assertTrue(calls < PrefixSchedule.layerCalls(plan, m), m + " claims: " + calls + " calls");
    }
    // 80 claims of one person: 7 scan steps a stage instead of 80 layers of the whole claim
    assertTrue(PrefixSchedule.of(plan, 80).orElseThrow().calls(plan) * 10 < PrefixSchedule.layerCalls(plan, 80));
    // one claim per person: nothing to scan, and the closed forms would cost more than one layer
    assertTrue(PrefixSchedule.of(plan, 1).isEmpty());
    assertTrue(PrefixSchedule.unchosen(plan, 1).orElseThrow().calls(plan) >= PrefixSchedule.layerCalls(plan, 1));
  }

  @Test
  void withoutTheSuffixThePrefixHasNoScan() {
    CompiledPolicy policy = Policies.compile(new Source("a.cpl", PolicyYearsHandshakePropertyTest.ANNUAL.replace(" per policy_year", ""))).policy();
    Plan plan = Planner.plan(policy);
    PrefixSchedule schedule = PrefixSchedule.of(plan, 80).orElseThrow();
    assertTrue(schedule.stages().stream().noneMatch(PrefixSchedule::segmented));
    assertTrue(PrefixSchedule.of(plan, 1).isPresent());
  }
}
