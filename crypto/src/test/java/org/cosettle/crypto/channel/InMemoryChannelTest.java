package org.cosettle.crypto.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class InMemoryChannelTest {
  private static InMemoryChannel.Pair pair() {
    return InMemoryChannel.pair(Duration.ofSeconds(10));
  }

  @Test
  void bothEndsDeclareOneProcessUnlessThePairStandsInForANetwork() {
    InMemoryChannel.Pair local = pair();
    assertEquals(LinkClass.IN_PROCESS, local.first().linkClass());
    assertEquals(LinkClass.IN_PROCESS, local.second().linkClass());
    InMemoryChannel.Pair network = InMemoryChannel.pair(Duration.ofSeconds(10), LinkClass.NETWORK);
    assertEquals(LinkClass.NETWORK, network.first().linkClass());
    assertEquals(LinkClass.NETWORK, network.second().linkClass());
    // a wrapper declares what its channel declares
    assertEquals(LinkClass.NETWORK, new ForwardingChannel(network.first()) { }.linkClass());
  }

  @Test
  void twoThreadsPlayPingPongAndCountBytesMessagesAndRounds() throws Exception {
    InMemoryChannel.Pair pair = pair();
    int exchanges = 50;
    CompletableFuture<Long> peer = CompletableFuture.supplyAsync(() -> {
      Channel c = pair.second();
      long sum = 0;
      for (int i = 0; i < exchanges; i++) {
        long[] received = c.receive(LongArrayCodec.INSTANCE);
        sum += received[0];
        c.send(LongArrayCodec.INSTANCE, new long[] {received[0] + 1, 0});
      }
      return sum;
    });
    Channel c = pair.first();
    for (int i = 0; i < exchanges; i++) {
      c.send(LongArrayCodec.INSTANCE, new long[] {i});
      assertArrayEquals(new long[] {i + 1, 0}, c.receive(LongArrayCodec.INSTANCE));
    }
    assertEquals(exchanges * (exchanges - 1) / 2, peer.get(10, TimeUnit.SECONDS));
    assertEquals(exchanges, c.rounds());
    assertEquals(exchanges, pair.second().rounds());
    assertEquals(8L * exchanges, c.bytesSent());
    assertEquals(16L * exchanges, c.bytesReceived());
    assertEquals(c.bytesSent(), pair.second().bytesReceived());
    assertEquals(exchanges, c.messagesSent());
    assertEquals(exchanges, pair.second().messagesReceived());
  }

  @Test
  void consecutiveSendsAreOneRoundAndArriveInOrder() {
    InMemoryChannel.Pair pair = pair();
    byte[] reused = {1, 2, 3};
    pair.first().send(reused);
    reused[0] = 9;
    pair.first().send(reused);
    pair.first().send(new byte[0]);
    assertEquals(1, pair.first().rounds());
    assertArrayEquals(new byte[] {1, 2, 3}, pair.second().receive());
    assertArrayEquals(new byte[] {9, 2, 3}, pair.second().receive());
    assertArrayEquals(new byte[0], pair.second().receive());
    assertEquals(0, pair.second().rounds());
  }

  @Test
  void aBoundedReceiveTakesAMessageUpToItsBoundAndRefusesALongerOne() {
    InMemoryChannel.Pair pair = pair();
    pair.first().send(new byte[8]);
    pair.first().send(new byte[9]);
    assertEquals(8, pair.second().receive(8L).length);
    MessageTooLongException e = assertThrows(MessageTooLongException.class, () -> pair.second().receive(8L));
    assertTrue(e.getMessage().contains("longer than the 8 bytes due"), e.getMessage());
  }

  @Test
  void silenceEndsInATimeoutThatSaysSo() {
    InMemoryChannel.Pair pair = pair();
    ChannelTimeoutException e = assertThrows(ChannelTimeoutException.class,
        () -> pair.first().receive(Duration.ofMillis(20)));
    assertEquals(Duration.ofMillis(20), e.timeout());
    assertTrue(e.getMessage().startsWith("no message from the peer within 20 ms"), e.getMessage());
  }

  @Test
  void closingDeliversWhatWasSentThenFailsThePeer() {
    InMemoryChannel.Pair pair = pair();
    pair.first().send(new byte[] {7});
    pair.first().close();
    pair.first().close();
    assertArrayEquals(new byte[] {7}, pair.second().receive());
    assertThrows(ChannelClosedException.class, () -> pair.second().receive());
    assertThrows(ChannelClosedException.class, () -> pair.second().receive());
    assertThrows(ChannelClosedException.class, () -> pair.first().send(new byte[1]));
    assertThrows(ChannelClosedException.class, () -> pair.first().receive());
  }

  @Test
  void interruptedReceiveRestoresTheFlag() {
    InMemoryChannel.Pair pair = pair();
    Thread.currentThread().interrupt();
    assertThrows(ChannelException.class, () -> pair.first().receive());
    assertTrue(Thread.interrupted());
  }

  @Test
  void longArrayCodecRoundTripsAndRejectsPartialWords() {
    long[] values = Prg.fromSeed(new byte[16]).nextLongs(33);
    byte[] encoded = LongArrayCodec.INSTANCE.encode(values);
    assertEquals(33 * 8, encoded.length);
    assertArrayEquals(values, LongArrayCodec.INSTANCE.decode(encoded));
    Prg prg = Prg.fromSeed(new byte[32]);
    for (int length = 0; length < 100; length++) {
      byte[] garbage = prg.nextBytes(length);
      if (length % 8 == 0) {
        assertEquals(length / 8, LongArrayCodec.INSTANCE.decode(garbage).length);
      } else {
        assertThrows(InvalidEncodingException.class, () -> LongArrayCodec.INSTANCE.decode(garbage));
      }
    }
  }
}
