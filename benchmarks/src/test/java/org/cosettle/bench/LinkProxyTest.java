package org.cosettle.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The link proxy forwards bytes unchanged both ways (half-close included), delays a round trip
 * by at least the link's round-trip time and a transfer by at least its size over the rate, and
 * counts exactly what it forwarded. Only lower bounds of the injected delays are checked: they
 * are what the proxy adds, whatever the machine's load.
 */
class LinkProxyTest {
  /** A target that reads the dialler's bytes to their end, then answers {@code answer} and closes. */
  private static CompletableFuture<byte[]> readAllThenAnswer(ServerSocket target, byte[] answer) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = target.accept()) {
        byte[] got = s.getInputStream().readAllBytes();
        s.getOutputStream().write(answer);
        return got;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static ServerSocket target() throws IOException {
    return new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
  }

  private static InetSocketAddress addressOf(ServerSocket server) {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  private static byte[] random(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void bytesPassUnchangedBothWaysAcrossAHalfCloseAndAreCountedExactly() throws Exception {
    for (Link link : new Link[] {Link.LOOPBACK, Link.parse("1/200")}) {
      byte[] up = random(700_001, 1);
      byte[] down = random(300_007, 2);
      try (ServerSocket target = target(); LinkProxy proxy = LinkProxy.start(addressOf(target), link)) {
        CompletableFuture<byte[]> received = readAllThenAnswer(target, down);
        try (Socket client = new Socket()) {
          client.connect(proxy.address());
          client.getOutputStream().write(up);
          client.shutdownOutput(); // half-close: the answer still comes back
          assertArrayEquals(down, client.getInputStream().readAllBytes(), link.name());
        }
        assertArrayEquals(up, received.get(30, TimeUnit.SECONDS), link.name());
        assertEquals(up.length, proxy.bytesToTarget(), link.name());
        assertEquals(down.length, proxy.bytesFromTarget(), link.name());
        assertEquals(2, proxy.flights(), link.name() + ": one flight each way");
      }
    }
  }

  @Test
  void aRequestAndItsResponseTakeAtLeastTheRoundTripAndEachCountsAsAFlight() throws Exception {
    Link link = Link.parse("30/0");
    try (ServerSocket target = target(); LinkProxy proxy = LinkProxy.start(addressOf(target), link)) {
      CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
        try (Socket s = target.accept()) {
          InputStream in = s.getInputStream();
          int b;
          while ((b = in.read()) >= 0) {
            s.getOutputStream().write(b + 1);
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      try (Socket client = new Socket()) {
        client.connect(proxy.address());
        OutputStream out = client.getOutputStream();
        for (int i = 0; i < 4; i++) {
          long t0 = System.nanoTime();
          out.write(i);
          assertEquals(i + 1, client.getInputStream().read());
          long elapsed = System.nanoTime() - t0;
          assertTrue(elapsed >= link.roundTrip().toNanos(), "request/response " + i + " took " + elapsed + " ns");
        }
        client.shutdownOutput();
        assertEquals(-1, client.getInputStream().read());
      }
      echo.get(30, TimeUnit.SECONDS);
      assertEquals(4, proxy.bytesToTarget());
      assertEquals(4, proxy.bytesFromTarget());
      assertEquals(8, proxy.flights());
    }
  }

  @Test
  void aTransferTakesAtLeastItsSizeOverTheRate() throws Exception {
    Link link = Link.parse("0/80"); // 10 MB/s
    byte[] up = random(1_000_000, 3);
    try (ServerSocket target = target(); LinkProxy proxy = LinkProxy.start(addressOf(target), link)) {
      CompletableFuture<byte[]> received = readAllThenAnswer(target, new byte[] {42});
      try (Socket client = new Socket()) {
        client.connect(proxy.address());
        long t0 = System.nanoTime();
        client.getOutputStream().write(up);
        client.shutdownOutput();
        assertEquals(42, client.getInputStream().read());
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed >= Duration.ofMillis(100).toNanos(), "1 MB at 80 Mbit/s took " + elapsed + " ns");
      }
      assertArrayEquals(up, received.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void delaysPipelineAndTheRateQueuesChunksBehindEachOther() {
    LinkSchedule unlimited = new LinkSchedule(Link.parse("20/0"));
    for (int i = 0; i < 5; i++) {
      assertEquals(10_000_000L, unlimited.release(0, 1000), "chunk " + i + " arriving at 0");
    }
    assertEquals(15_000_000L, unlimited.release(5_000_000L, 1000));
    LinkSchedule rated = new LinkSchedule(Link.parse("20/8")); // 1 byte per µs
    assertEquals(11_000_000L, rated.release(0, 1000));
    assertEquals(12_000_000L, rated.release(0, 1000), "behind the first chunk, not one more delay");
    assertEquals(12_500_000L, rated.release(100_000L, 500));
    assertEquals(61_000_000L, rated.release(50_000_000L, 1000), "an idle link starts afresh");
  }

  @Test
  void closingWithAConnectionOpenEndsItAndEveryThreadOfTheProxy() throws Exception {
    try (ServerSocket target = target()) {
      LinkProxy proxy = LinkProxy.start(addressOf(target), Link.parse("2/0"));
      try (Socket client = new Socket()) {
        client.connect(proxy.address());
        try (Socket accepted = target.accept()) {
          client.getOutputStream().write(1);
          assertEquals(1, accepted.getInputStream().read());
          proxy.close();
          assertEquals(-1, accepted.getInputStream().read(), "the target sees the connection end");
        }
      }
      assertFalse(Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().startsWith("link-proxy-") && t.isAlive()), "a proxy thread is left");
    }
  }

  @Test
  void linksArePresetsOrRoundTripOverRateAndAnythingElseIsRefusedWithTheForm() {
    assertEquals(Duration.ofMillis(20), Link.parse("WAN").roundTrip());
    assertEquals(100_000_000L, Link.parse("wan").bitsPerSecond());
    assertEquals(Duration.ofMillis(1), Link.parse("metro").oneWay());
    assertFalse(Link.parse("loopback").shapes());
    Link custom = Link.parse("0.5/1000");
    assertEquals(Duration.ofNanos(500_000), custom.roundTrip());
    assertEquals(1_000_000_000L, custom.bitsPerSecond());
    for (String bad : new String[] {"fast", "20", "20/", "-1/100", "20/x", "NaN/1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Link.parse(bad), bad);
      assertTrue(e.getMessage().contains(Link.SPECS), e.getMessage());
    }
  }
}
