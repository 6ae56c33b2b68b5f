package org.cosettle.mpc.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.transport.proto.HandshakeGrpc;

/**
 * The dialling party of a handshake session: connects with mutual TLS to a {@link
 * HandshakeServer} whose certificate is pinned, proposes the session and returns the open
 * channel once the peer agreed. Use the channel for the protocol, then {@link
 * GrpcChannel#finish()}; closing it without finishing aborts the session.
 *
 * <pre>{@code
 * try (GrpcChannel session = HandshakeClient.connect(new InetSocketAddress(host, port), me, platformCert,
 *     new SessionHello("cosettle.settle/1", policyHash), TransportOptions.DEFAULTS)) {
 *   runProtocol(session);
 *   session.finish();
 * }
 * }</pre>
 */
public final class HandshakeClient {
  private HandshakeClient() {}

  /**
   * Opens a session.
   *
   * @throws ProtocolAbortException when the peer refuses the session (other protocol or context)
   * @throws org.cosettle.crypto.channel.ChannelException when it cannot be reached in time, or
   *     TLS fails (for instance the peer's certificate is not the pinned one)
   */
  public static GrpcChannel connect(InetSocketAddress server, TransportIdentity identity, X509Certificate peer,
      SessionHello hello, TransportOptions options) {
    NetworkThread network = NetworkThread.start("cosettle-dialling-net");
    ManagedChannel connection;
    try {
      connection = NettyChannelBuilder.forAddress(server, Tls.client(identity, peer))
          .eventLoopGroup(network.group())
          .channelType(NioSocketChannel.class)
          .maxInboundMessageSize(options.frameBytes() + 4096)
          .build();
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    GrpcChannel channel = new GrpcChannel("dialling party", options);
    Runnable shutdown = () -> {
      connection.shutdown();
      try {
        if (!connection.awaitTermination(2, TimeUnit.SECONDS)) {
          connection.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        connection.shutdownNow();
      } finally {
        network.close();
      }
    };
    try {
      HandshakeGrpc.newStub(connection).session(channel.dialling(shutdown));
      byte[] id = new byte[16];
      new SecureRandom().nextBytes(id);
      channel.sendHello(id, hello);
      SessionHello answer = channel.offered(channel.receiveHello(id));
      if (!answer.agreesWith(hello)) {
        channel.abort("the peer answered for " + answer + ", not " + hello);
        throw new ProtocolAbortException(TransportStep.HELLO, "the peer answered for " + answer + ", not " + hello);
      }
      channel.begin(id, hello, answer);
      return channel;
    } catch (RuntimeException e) {
      channel.abort("the dialling party gave up: " + e.getMessage());
      shutdown.run();
      throw e;
    }
  }
}
