package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every testdata/diagnostics/NAME.cpl renders exactly NAME.expected. */
class DiagnosticsGoldenTest {
  @TestFactory
  Stream<DynamicTest> diagnosticsMatchGoldenFiles() throws Exception {
    Path dir = Path.of("..", "testdata", "diagnostics");
    return Files.list(dir).filter(p -> p.toString().endsWith(".cpl")).sorted().map(p -> DynamicTest.dynamicTest(
        p.getFileName().toString(), () -> {
          String name = p.getFileName().toString();
          Policies.Result r = Policies.compile(new Source(name, Files.readString(p)));
          String got = r.diagnostics().stream().map(d -> d.render(r.source()) + "\n").collect(Collectors.joining());
          Path expected = dir.resolve(name.replace(".cpl", ".expected"));
          assertEquals(Files.readString(expected), got);
        }));
  }
}
