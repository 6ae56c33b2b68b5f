package org.cosettle.policy.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Position;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

class ParserTest {
  private static Parser.Result parse(String text) {
    return Parser.parse(new Source("p.cpl", text));
  }

  @Test
  void conformancePoliciesParseWithoutErrors() throws Exception {
    for (String name : List.of("inclusive", "hospital-totals", "special-drug")) {
      Path p = Path.of("..", "testdata", "conformance", name, "policy.cpl");
      Parser.Result r = Parser.parse(new Source(p.toString(), Files.readString(p)));
      assertEquals(List.of(), r.diagnostics(), name);
    }
  }

  @Test
  void precedenceMultiplicationBindsTighterThanAddition() {
    Parser.Result r = parse("policy \"x\" version 1\nlet a = 1 + 2 * 3\n");
    Ast.Let let = (Ast.Let) r.file().decls().get(1);
    Ast.Binary plus = assertInstanceOf(Ast.Binary.class, let.value());
    assertEquals("+", plus.op());
    assertEquals("*", ((Ast.Binary) plus.right()).op());
  }

  @Test
  void everyBadLineIsReported() {
    Parser.Result r = parse("policy \"x\" version 1\nlet a = * 2\nlet = 3\noutput o = 1 < 2 < 3 to insurer\n");
    assertEquals(3, r.diagnostics().size(), r.diagnostics().toString());
  }

  @Test
  void chainedComparisonIsAnError() {
    Parser.Result r = parse("policy \"x\" version 1\noutput o = 1 < 2 < 3 to insurer\n");
    assertEquals(new Position(2, 18), r.diagnostics().get(0).position());
  }

  @Test
  void deeplyNestedExpressionsAreReportedInsteadOfOverflowingTheStack() {
    int depth = 20_000;
    for (String expr : List.of("(".repeat(depth) + "1" + ")".repeat(depth), "-".repeat(depth) + "1",
        "not ".repeat(depth) + "true", "1" + " + 1".repeat(depth), "if true then ".repeat(depth) + "1" + " else 2".repeat(depth))) {
      Policies.Result r = Policies.compile(new Source("p.cpl", "policy \"x\" version 1\nlet x = " + expr + "\n"));
      assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
      assertEquals("expression nested too deeply (more than 256 levels); split it into lets", r.diagnostics().get(0).message());
    }
  }

  @Test
  void nestingUpToTheLimitIsAccepted() {
    String expr = "(".repeat(100) + "patient.age" + " + 1".repeat(100) + ")".repeat(100);
    Policies.Result r = Policies.compile(new Source("p.cpl", "policy \"x\" version 1\noutput o = " + expr + " to insurer\n"));
    assertEquals(List.of(), r.diagnostics());
  }
}
