package org.cosettle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on 127.0.0.1 that plays a {@link Link} between a dialling party and a listening
 * one: whoever connects to {@link #address()} is forwarded to the target, and each direction
 * delivers every chunk no earlier than its arrival plus half the link's round trip, in order, at
 * no more than the link's rate (see {@link LinkSchedule}: delays pipeline, the rate queues). A
 * new connection reaches the target one round trip after it was accepted, as a real TCP
 * handshake would take.
 *
 * <p>It counts what it forwarded each way and the {@linkplain #flights() flights}: how many times
 * the direction of arriving traffic changed, a measure of rounds seen from the wire (it counts
 * TLS and HTTP/2 control traffic too, and a direction change in the middle of a stream that
 * runs both ways at once).
 *
 * <p>Half-close is forwarded (an end of stream one way ends that way only, after the data before
 * it); a reset or error on either socket closes the connection both ways. Each direction holds at
 * most a few MiB in flight, so a sender that outruns the rate waits, as on a real link. Plain
 * blocking sockets, two threads per direction: a benchmark tool, not a production component.
 *
 * <pre>{@code
 * try (LinkProxy proxy = LinkProxy.start(new InetSocketAddress("127.0.0.1", port), Link.WAN)) {
 *   connect(proxy.address());
 *   ...
 *   long up = proxy.bytesToTarget();
 * }
 * }</pre>
 */
public final class LinkProxy implements AutoCloseable {
  private static final int READ_BYTES = 64 * 1024;
  private static final long MIN_IN_FLIGHT_BYTES = 4L << 20;

  private final Link link;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final AtomicLong toTarget = new AtomicLong();
  private final AtomicLong fromTarget = new AtomicLong();
  private final List<Connection> connections = new ArrayList<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final Thread acceptor;
  private int lastDirection = -1;
  private long flights;
  private volatile boolean closed;

  private LinkProxy(Link link, InetSocketAddress target, ServerSocket server) {
    this.link = link;
    this.target = target;
    this.server = server;
    this.acceptor = thread("accept", this::accept);
  }

  /** Listens on an ephemeral port of 127.0.0.1 and forwards every connection to {@code target}. */
  public static LinkProxy start(InetSocketAddress target, Link link) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    LinkProxy proxy = new LinkProxy(link, target, server);
    proxy.acceptor.start();
    return proxy;
  }

  /** Where to connect: 127.0.0.1 and the proxy's port. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** The link it plays. */
  public Link link() {
    return link;
  }

  /** Bytes forwarded from the dialling side to the target, over all connections. */
  public long bytesToTarget() {
    return toTarget.get();
  }

  /** Bytes forwarded from the target back to the dialling side, over all connections. */
  public long bytesFromTarget() {
    return fromTarget.get();
  }

  /** How many times the direction of arriving traffic changed (the first arrival counts as one). */
  public synchronized long flights() {
    return flights;
  }

  private synchronized void arrived(int direction) {
    if (direction != lastDirection) {
      lastDirection = direction;
      flights++;
    }
  }

  private void accept() {
    while (!closed) {
      Socket dialler;
      try {
        dialler = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Connection connection = new Connection(dialler);
      synchronized (connections) {
        if (closed) {
          connection.abort();
          return;
        }
        connections.add(connection);
      }
      connection.opener.start();
    }
  }

  /** Stops accepting, closes every connection and waits (up to 2 s each) for the proxy's threads. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    List<Connection> open;
    synchronized (connections) {
      open = List.copyOf(connections);
    }
    for (Connection connection : open) {
      connection.abort();
    }
    join(acceptor);
    for (Connection connection : open) {
      join(connection.opener);
      for (Pipe pipe : connection.pipes) {
        join(pipe.reader);
        join(pipe.writer);
      }
    }
  }

  private Thread thread(String role, Runnable body) {
    Thread t = new Thread(body, "link-proxy-" + role + "-" + threads.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private static void join(Thread thread) {
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** One proxied connection: the dialler's socket, the target's, and a pipe each way. */
  private final class Connection {
    private final Socket dialler;
    private final Socket toTargetSocket = new Socket();
    private final Pipe[] pipes = new Pipe[2];
    private final AtomicInteger openPipes = new AtomicInteger(2);
    private final Thread opener;

    Connection(Socket dialler) {
      this.dialler = dialler;
      this.opener = thread("connect", this::open);
      pipes[0] = new Pipe(this, 0, dialler, toTargetSocket, toTarget);
      pipes[1] = new Pipe(this, 1, toTargetSocket, dialler, fromTarget);
    }

    /** After one round trip (the TCP handshake of a real link), connects to the target and starts both pipes. */
    void open() {
      try {
        sleepUntil(System.nanoTime() + link.roundTrip().toNanos());
        dialler.setTcpNoDelay(true);
        toTargetSocket.setTcpNoDelay(true);
        toTargetSocket.connect(target, 10_000);
        for (Pipe pipe : pipes) {
          pipe.reader.start();
          pipe.writer.start();
        }
      } catch (IOException | InterruptedException e) {
        abort();
      }
    }

    /** A pipe delivered its end of stream; when both have, the connection is closed. */
    void pipeDone() {
      if (openPipes.decrementAndGet() == 0) {
        closeQuietly(dialler);
        closeQuietly(toTargetSocket);
      }
    }

    void abort() {
      closeQuietly(dialler);
      closeQuietly(toTargetSocket);
      opener.interrupt();
      for (Pipe pipe : pipes) {
        pipe.reader.interrupt();
        pipe.writer.interrupt();
      }
    }
  }

  /** A chunk and when to deliver it; {@code bytes == null} is the end of stream. */
  private record Piece(byte[] bytes, long release) {
    int length() {
      return bytes == null ? 0 : bytes.length;
    }
  }

  /** One direction: a reader that timestamps and schedules chunks, a writer that delivers them on time. */
  private final class Pipe {
    private final Connection connection;
    private final int direction;
    private final Socket from;
    private final Socket to;
    private final AtomicLong forwarded;
    private final LinkSchedule schedule = new LinkSchedule(link);
    private final int pieceBytes = LinkSchedule.pieceBytes(link, READ_BYTES);
    private final long capacity = Math.max(MIN_IN_FLIGHT_BYTES,
        2 * link.bitsPerSecond() / 8 * link.oneWay().toNanos() / 1_000_000_000L);
    private final ArrayDeque<Piece> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long queuedBytes;
    final Thread reader;
    final Thread writer;

    Pipe(Connection connection, int direction, Socket from, Socket to, AtomicLong forwarded) {
      this.connection = connection;
      this.direction = direction;
      this.from = from;
      this.to = to;
      this.forwarded = forwarded;
      String way = direction == 0 ? "up" : "down";
      this.reader = thread(way + "-read", this::read);
      this.writer = thread(way + "-write", this::write);
    }

    private void read() {
      try {
        InputStream in = from.getInputStream();
        byte[] buffer = new byte[READ_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long now = System.nanoTime();
          if (n > 0) {
            arrived(direction);
          }
          for (int off = 0; off < n; off += pieceBytes) {
            int len = Math.min(pieceBytes, n - off);
            put(new Piece(Arrays.copyOfRange(buffer, off, off + len), schedule.release(now, len)));
          }
        }
        put(new Piece(null, schedule.release(System.nanoTime(), 0)));
      } catch (IOException | InterruptedException e) {
        connection.abort();
      }
    }

    private void write() {
      try {
        OutputStream out = to.getOutputStream();
        byte[] batch = new byte[READ_BYTES];
        while (true) {
          sleepUntil(head().release());
          List<Piece> due = pollDue();
          int len = 0;
          boolean end = false;
          for (Piece piece : due) {
            if (piece.bytes() == null) {
              end = true;
              break;
            }
            if (len + piece.length() > batch.length) {
              batch = Arrays.copyOf(batch, Math.max(2 * batch.length, len + piece.length()));
            }
            System.arraycopy(piece.bytes(), 0, batch, len, piece.length());
            len += piece.length();
          }
          if (len > 0) {
            out.write(batch, 0, len);
            forwarded.addAndGet(len);
          }
          if (end) {
            to.shutdownOutput();
            connection.pipeDone();
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        connection.abort();
      }
    }

    private void put(Piece piece) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (queuedBytes > 0 && queuedBytes + piece.length() > capacity) {
          notFull.await();
        }
        queue.addLast(piece);
        queuedBytes += piece.length();
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
    }

    /** The next piece to deliver, left in the queue (only this pipe's writer removes pieces). */
    private Piece head() throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (queue.isEmpty()) {
          notEmpty.await();
        }
        return queue.peekFirst();
      } finally {
        lock.unlock();
      }
    }

    /** Removes the pieces due now (at least the head, whose time has come), up to the end of stream. */
    private List<Piece> pollDue() {
      long now = System.nanoTime();
      List<Piece> due = new ArrayList<>();
      lock.lock();
      try {
        do {
          Piece piece = queue.pollFirst();
          due.add(piece);
          queuedBytes -= piece.length();
        } while (!queue.isEmpty() && queue.peekFirst().release() - now <= 0 && due.size() < 64);
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
      return due;
    }
  }

  /** Sleeps until {@link System#nanoTime()} reaches {@code deadline} (never earlier). */
  static void sleepUntil(long deadline) throws InterruptedException {
    long wait;
    while ((wait = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  @Override
  public String toString() {
    return "LinkProxy[" + link.describe() + ", 127.0.0.1:" + server.getLocalPort() + " -> " + target + "]";
  }
}
