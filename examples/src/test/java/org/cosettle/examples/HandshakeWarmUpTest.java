package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warm-up of a handshake process: the TLS library, then a real batch of base OTs with itself on one thread. */
class HandshakeWarmUpTest {
  @Test
  void theWarmUpLoadsTlsAndRunsBothEndsOfItsBatchOnOneThreadToTheEnd() {
    // a send that waited for the peer to read would hang here: both ends share the thread
    assertTimeoutPreemptively(Duration.ofSeconds(60), HandshakeWarmUp::run);
  }
}
