package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The run the launcher records its class-data archive from: every command it runs must succeed, quietly. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClassDataTrainingCommandTest {
  @Test
  void theTrainingRunSettlesWithItselfOverLoopbackAndPrintsNothing() {
    Cli r = Cli.run("class-data-training");
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals("", r.err(), r.toString());
  }
}
