package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final StringWriter written = new StringWriter();
  /** 1,000,000 bytes of claims of 200 bytes each. */
  private final ProgressBar bar = new ProgressBar(new PrintWriter(written), now::get, 1_000_000, 200, false);

  @Test
  void staysHiddenDuringTheFirstSecond() {
    bar.bytesRead(900_000);
    now.addAndGet(999_000_000L);
    assertNull(bar.line());
    bar.draw();
    bar.close();
    assertEquals("", written.toString());
  }

  @Test
  void aHandshakeShowsTheProtocolsPhasesAsTheSettlementEntersItsStates() {
    bar.bytesRead(1_000_000);
    now.addAndGet(2_000_000_000L);
    for (org.cosettle.mpc.engine.SettlementState state : org.cosettle.mpc.engine.SettlementState.values()) {
      bar.phase(ProgressBar.Phase.of(state), 4_000);
      String expected = switch (state) {
        case CREATED -> "agreeing";
        case AGREED -> "offline";
        case OFFLINE, ONLINE -> "online";
        case COMMITTED, ABORTED -> "evaluating";
      };
      assertTrue(bar.line().startsWith(expected + " "), state + ": " + bar.line());
    }
  }

  @Test
  void showsPhasePercentReadAndClaimsPerSecondThenClearsItself() {
    bar.bytesRead(500_000);
    now.addAndGet(2_000_000_000L);
    assertEquals("reading    [############............]  50% read     2.0 s  ~1,250 claims/s", bar.line());
    bar.draw();
    bar.bytesRead(1_000_000);
    bar.phase(ProgressBar.Phase.EVALUATING, 4_000);
    now.addAndGet(2_000_000_000L);
    assertEquals("evaluating [########################] 100% read     4.0 s  1,000 claims/s", bar.line());
    bar.close();
    String line = "reading    [############............]  50% read     2.0 s  ~1,250 claims/s";
    assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", written.toString());
    bar.draw();
    assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", written.toString(), "nothing after close");
  }
}
