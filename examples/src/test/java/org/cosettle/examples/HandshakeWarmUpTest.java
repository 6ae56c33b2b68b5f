package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warm-up of a handshake process: a real batch of base OTs with itself on one thread. */
class HandshakeWarmUpTest {
  @Test
  void bothEndsOfTheWarmUpBatchRunOnOneThreadToTheEnd() {
    // a send that waited for the peer to read would hang here: both ends share the thread
    assertTimeoutPreemptively(Duration.ofSeconds(60), HandshakeWarmUp::baseOts);
  }
}
