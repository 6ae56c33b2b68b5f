package org.cosettle.mpc.transport;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one network thread of one end of a session (Java NIO), owned by it and stopped when it
 * closes, instead of gRPC's shared event loops.
 *
 * <p>Why: gRPC keeps its shared loops for a second after the last channel or server closed, and a
 * thread still waiting in {@code epoll_wait} holds up the JVM's exit by 300 ms (HotSpot waits that
 * long for threads in native code before it exits), a tenth of a one-claim settlement between two
 * processes. NIO rather than Netty's native epoll transport: one native library less to unpack
 * and load at start, for a transport whose messages are few and large.
 */
final class NetworkThread implements AutoCloseable {
  private final EventLoopGroup group;

  private NetworkThread(EventLoopGroup group) {
    this.group = group;
  }

  /** Starts a loop whose thread is named {@code name} (a daemon: it never keeps a JVM alive by itself). */
  static NetworkThread start(String name) {
    return new NetworkThread(new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true),
        NioIoHandler.newFactory()));
  }

  EventLoopGroup group() {
    return group;
  }

  /** Stops the loop at once (its channels are closed already) and waits up to 5 s for its thread to end. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
