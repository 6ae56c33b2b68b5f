package org.cosettle.policy.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

class StateFamiliesTest {
  static CompiledPolicy compile(String text) {
    return Policies.compile(new Source("p.cpl", text)).policy();
  }

  static Map<Integer, StateFamilies.Family> families(String text) {
    return StateFamilies.of(compile(text).program());
  }

  @Test
  void cityInclusivesTwoRunningTotalsSaturate() throws Exception {
    CompiledPolicy p = Policies.compile(new Source("city-inclusive.cpl",
        Files.readString(Path.of("../examples/policies/city-inclusive.cpl")))).policy();
    Map<Integer, StateFamilies.Family> f = StateFamilies.of(p.program());
    assertEquals(StateFamilies.Kind.SATURATING, f.get(0).kind());
    assertEquals(StateFamilies.Kind.SATURATING, f.get(1).kind());
    assertTrue(f.get(1).states().get(0), "paid_ytd's step reads deductible_used");
  }
}
