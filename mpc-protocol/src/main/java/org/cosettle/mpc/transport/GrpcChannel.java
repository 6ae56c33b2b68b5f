package org.cosettle.mpc.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ChannelClosedException;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.channel.ChannelTimeoutException;
import org.cosettle.crypto.channel.CountingChannel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.transport.proto.Abort;
import org.cosettle.mpc.transport.proto.Data;
import org.cosettle.mpc.transport.proto.Finish;
import org.cosettle.mpc.transport.proto.Frame;
import org.cosettle.mpc.transport.proto.Hello;

/**
 * One party's end of a handshake session over a gRPC stream (mutual TLS, pinned certificates):
 * a {@link Channel}, so every two-party protocol of {@code crypto} runs over it unchanged.
 *
 * <p>Messages are cut into numbered frames and put together again; a gap or a repeat in the
 * numbering, a message above the size limit or a frame out of place aborts the session. Both
 * sides hash the session id and every message in each direction; {@link #finish()} exchanges
 * both hashes, so a session ends successfully only when each side read exactly what the other
 * sent.
 *
 * <p>Sending never waits, as with the in-memory channel: the two-party protocols send in both
 * directions at once (OT extension's columns one way and corrections the other), and a send that
 * waited for the peer to read could deadlock them. Outbound frames queue in gRPC until the
 * transport takes them; receiving requests one frame at a time, so unread data stays with the
 * sender's queue and the network's window, not in this party's memory.
 *
 * <p>Failures: the peer's {@code Abort} → {@link ProtocolAbortException} at {@link
 * TransportStep#PEER_ABORT} with its reason; a broken connection → {@link ChannelException};
 * the peer ending the stream without finishing → {@link ChannelClosedException}; no message
 * within the receive timeout → {@link ChannelTimeoutException}. After any of them the session is
 * dead: it has aborted towards the peer (when it still could) and every later call fails.
 * {@link #close()} before {@link #finish()} aborts. Nothing here logs or prints message content.
 *
 * <p>One class, just above the usual 400 lines: framing, the hello, the transcript hashes and the
 * failure states are one state machine over one gRPC stream; split, each part would need the
 * others' locks and state.
 */
public final class GrpcChannel extends CountingChannel {
  /** The end of the inbound stream, compared by identity. */
  private static final Object END = new Object();

  /** Put in the inbox by {@link #abort}, so that a receive blocked on another thread wakes up. */
  private record LocalAbort(String reason) {}

  private enum State { OPEN, FINISHED, FAILED }

  private final String side;
  private final TransportOptions options;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final MessageDigest sentTranscript;
  private final MessageDigest receivedTranscript;
  private CallStreamObserver<Frame> out;
  private Runnable onClose = () -> {};
  private byte[] sessionId;
  private SessionHello hello;
  private SessionHello.Limits peerLimits;
  private volatile State state = State.OPEN;
  private long nextSendSeq;
  private long nextReceiveSeq;

  GrpcChannel(String side, TransportOptions options) {
    this.side = side;
    this.options = options;
    try {
      sentTranscript = MessageDigest.getInstance("SHA-256");
      receivedTranscript = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- wiring, called by the client and the server ----

  void attach(CallStreamObserver<Frame> out, Runnable onClose) {
    this.out = out;
    this.onClose = onClose;
  }

  /** The inbound half on the listening side: gRPC's callbacks put frames and the end into the inbox. */
  StreamObserver<Frame> inbound() {
    return dialling(null);
  }

  /**
   * The inbound half on the dialling side: as {@link #inbound()}, and when the call starts it
   * takes over the request stream (manual inbound flow control) with {@code onClose} run when
   * the session ends.
   */
  ClientResponseObserver<Frame, Frame> dialling(Runnable onClose) {
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<Frame> requests) {
        requests.disableAutoRequestWithInitial(1);
        attach(requests, onClose);
      }

      @Override
      public void onNext(Frame frame) {
        inbox.add(frame);
      }

      @Override
      public void onError(Throwable t) {
        inbox.add(t);
      }

      @Override
      public void onCompleted() {
        inbox.add(END);
      }
    };
  }

  /** The transport ended the stream with {@code status} (seen by the server's stream tracer), for the next receive. */
  void transportFailed(Status status) {
    inbox.add(status.asRuntimeException());
  }

  void sendHello(byte[] id, SessionHello h) {
    write(Frame.newBuilder().setHello(h.toWire(id)).build());
  }

  /** The session the peer's hello offers: its protocol, context and limits (a limit below 1 aborts). */
  SessionHello offered(Hello h) {
    try {
      return SessionHello.fromWire(h);
    } catch (IllegalArgumentException e) {
      throw fail(TransportStep.HELLO, e.getMessage());
    }
  }

  /** Waits for the peer's hello; its session id must equal {@code expectedId} unless that is null. */
  Hello receiveHello(byte[] expectedId) {
    Frame f = next(options.helloTimeout(), TransportStep.HELLO);
    if (f.getKindCase() != Frame.KindCase.HELLO) {
      throw fail(TransportStep.HELLO, "the peer's first frame is " + f.getKindCase() + ", not a hello");
    }
    Hello h = f.getHello();
    if (h.getSessionId().size() != 16) {
      throw fail(TransportStep.HELLO, "a session id must have 16 bytes, not " + h.getSessionId().size());
    }
    if (expectedId != null && !MessageDigest.isEqual(expectedId, h.getSessionId().toByteArray())) {
      throw fail(TransportStep.HELLO, "the peer answered for another session id");
    }
    return h;
  }

  /** Starts the transcripts once both sides agreed; {@code peer} is what the peer offered. */
  void begin(byte[] id, SessionHello agreed, SessionHello peer) {
    sessionId = id.clone();
    hello = agreed;
    peerLimits = peer.limits();
    sentTranscript.update(sessionId);
    receivedTranscript.update(sessionId);
  }

  // ---- Channel ----

  /** The 16-byte id both parties bound into their transcripts. */
  public byte[] sessionId() {
    return sessionId.clone();
  }

  /** The protocol and context both parties agreed on, with the limits this side offered. */
  public SessionHello hello() {
    return hello;
  }

  /** The limits the peer offered in its hello, or null when it stated none. */
  public SessionHello.Limits peerLimits() {
    return peerLimits;
  }

  /**
   * The limits of this session, known to both sides once the hellos are exchanged: the smaller of
   * each party's offer (one party's alone when the other stated none; null when neither did).
   */
  public SessionHello.Limits limits() {
    return hello.limits() == null ? peerLimits : hello.limits().min(peerLimits);
  }

  @Override
  public void send(byte[] message) {
    requireOpen();
    int frame = options.frameBytes();
    int offset = 0;
    do {
      int n = Math.min(frame, message.length - offset);
      write(Frame.newBuilder().setData(Data.newBuilder().setSeq(nextSendSeq++)
          .setPayload(ByteString.copyFrom(message, offset, n)).setLast(offset + n == message.length)).build());
      offset += n;
    } while (offset < message.length);
    sentTranscript.update(lengthBytes(message.length));
    sentTranscript.update(message);
    countSent(message.length);
  }

  @Override
  public byte[] receive() {
    return receive(options.receiveTimeout());
  }

  @Override
  public byte[] receive(Duration timeout) {
    return receive(timeout, options.maxMessageBytes());
  }

  /** Stops reading, and aborts the session, at the first frame that takes the message past {@code maxBytes}. */
  @Override
  public byte[] receive(long maxBytes) {
    return receive(options.receiveTimeout(), maxBytes);
  }

  private byte[] receive(Duration timeout, long maxBytes) {
    requireOpen();
    long limit = Math.min(maxBytes, options.maxMessageBytes());
    ByteString message = ByteString.EMPTY;
    while (true) {
      Frame f = next(timeout, TransportStep.DATA);
      if (f.getKindCase() != Frame.KindCase.DATA) {
        throw fail(TransportStep.DATA, "expected a data frame, got " + f.getKindCase());
      }
      Data d = f.getData();
      if (d.getSeq() != nextReceiveSeq) {
        throw fail(TransportStep.DATA, "frame " + d.getSeq() + " arrived where frame " + nextReceiveSeq + " was due");
      }
      nextReceiveSeq++;
      if ((long) message.size() + d.getPayload().size() > limit) {
        throw fail(TransportStep.DATA, limit < options.maxMessageBytes()
            ? "a message longer than the " + limit + " bytes due" : "a message larger than the limit of " + limit + " bytes");
      }
      message = message.concat(d.getPayload());
      if (d.getLast()) {
        break;
      }
    }
    byte[] bytes = message.toByteArray();
    receivedTranscript.update(lengthBytes(bytes.length));
    receivedTranscript.update(bytes);
    countReceived(bytes.length);
    return bytes;
  }

  /**
   * Ends the session successfully: sends the hashes of what this side sent and received, checks
   * the peer's pair against them, and closes the stream. Throws {@link ProtocolAbortException}
   * (and aborts) when the transcripts differ, or either side left a message unread.
   */
  public void finish() {
    requireOpen();
    byte[] sent = sentTranscript.digest();
    byte[] received = receivedTranscript.digest();
    write(Frame.newBuilder().setFinish(Finish.newBuilder().setSent(ByteString.copyFrom(sent))
        .setReceived(ByteString.copyFrom(received))).build());
    Frame f = next(options.receiveTimeout(), TransportStep.FINISH);
    if (f.getKindCase() != Frame.KindCase.FINISH) {
      throw fail(TransportStep.FINISH, "expected the peer's finish, got " + f.getKindCase()
          + " (the peer sent a message this side never read)");
    }
    if (!MessageDigest.isEqual(f.getFinish().getSent().toByteArray(), received)) {
      throw fail(TransportStep.FINISH, "the transcripts differ: what arrived is not what the peer sent");
    }
    if (!MessageDigest.isEqual(f.getFinish().getReceived().toByteArray(), sent)) {
      throw fail(TransportStep.FINISH, "the transcripts differ: the peer did not read everything this side sent");
    }
    state = State.FINISHED;
    synchronized (this) {
      out.onCompleted();
    }
    onClose.run();
  }

  /** Aborts the session, telling the peer {@code reason} (no secrets in it: the peer logs it). */
  public void abort(String reason) {
    if (state != State.OPEN) {
      return;
    }
    state = State.FAILED;
    inbox.add(new LocalAbort(reason));
    try {
      synchronized (this) {
        out.onNext(Frame.newBuilder().setAbort(Abort.newBuilder().setReason(reason)).build());
        out.onCompleted();
      }
    } catch (RuntimeException alreadyBroken) {
      // the stream is gone already; the peer learns from that
    }
    onClose.run();
  }

  /** Whether {@link #finish()} succeeded. */
  public boolean finished() {
    return state == State.FINISHED;
  }

  /** Whether the session is still running: neither finished nor aborted. */
  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Aborts unless finished. */
  @Override
  public void close() {
    abort("the " + side + " closed the session before finishing it");
  }

  @Override
  public String toString() {
    return "GrpcChannel[" + side + ", " + state + ", sent " + messagesSent() + " messages / " + bytesSent() + " bytes]";
  }

  // ---- internals ----

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new ChannelClosedException("the " + side + "'s session is " + (state == State.FINISHED ? "finished" : "aborted"));
    }
  }

  private synchronized void write(Frame frame) {
    try {
      out.onNext(frame);
    } catch (RuntimeException e) {
      state = State.FAILED;
      onClose.run();
      throw new ChannelException("the connection to the peer is gone", e);
    }
  }

  /** The next frame; the end, an error or the peer's abort become exceptions. */
  private Frame next(Duration timeout, TransportStep step) {
    Object item;
    try {
      item = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failLocally(new ChannelException("interrupted while the " + side + " waited for the peer"));
    }
    if (item == null) {
      throw failLocally(new ChannelTimeoutException(timeout, messagesReceived()));
    }
    if (item == END) {
      throw failLocally(new ChannelClosedException("the peer ended the session without finishing it"));
    }
    if (item instanceof LocalAbort a) {
      throw new ChannelClosedException("the " + side + " aborted the session: " + a.reason());
    }
    if (item instanceof Throwable t) {
      Status status = Status.fromThrowable(t);
      String tls = Tls.describeFailure(t);
      if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
          && status.getDescription().contains("exceeds maximum size")) {
        // refused by gRPC from the frame's length alone, before its bytes were read
        throw failLocally(new ChannelException("the peer sent a frame larger than the " + (options.frameBytes() + 4096)
            + " bytes a frame may have", t));
      }
      throw failLocally(new ChannelException("the connection to the peer failed: " + (tls != null ? tls
          : status.getCode() + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")")), t));
    }
    Frame f = (Frame) item;
    out.request(1);
    if (f.getKindCase() == Frame.KindCase.ABORT) {
      state = State.FAILED;
      onClose.run();
      throw new ProtocolAbortException(TransportStep.PEER_ABORT, "the peer aborted: " + f.getAbort().getReason());
    }
    if (f.getKindCase() == Frame.KindCase.KIND_NOT_SET) {
      throw fail(step, "an empty frame");
    }
    return f;
  }

  /** Aborts towards the peer with {@code reason} and returns the exception to throw here. */
  private ProtocolAbortException fail(TransportStep step, String reason) {
    abort("the " + side + " stopped at " + step + ": " + reason);
    return new ProtocolAbortException(step, reason);
  }

  private <E extends RuntimeException> E failLocally(E e) {
    abort("the " + side + " gave up: " + e.getMessage());
    return e;
  }

  private static byte[] lengthBytes(long n) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) n;
      n >>>= 8;
    }
    return b;
  }
}
