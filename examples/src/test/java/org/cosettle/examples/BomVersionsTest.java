package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM has no parent (an integrator importing it gets nothing else of the build), so it
 * repeats the third-party versions: they must be the ones the build uses and tests with.
 */
class BomVersionsTest {
  static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
    assertTrue(m.find(), name + " is declared");
    return m.group(1);
  }

  @Test
  void theBomPinsTheVersionsTheBuildUses() throws Exception {
    String parent = Files.readString(Path.of("..", "pom.xml"));
    String bom = Files.readString(Path.of("..", "bom", "pom.xml"));
    for (String version : List.of("bouncycastle.version", "guava.version", "jackson.version", "grpc.version",
        "protobuf.version", "slf4j.version")) {
      assertEquals(property(parent, version), property(bom, version), version);
    }
  }
}
