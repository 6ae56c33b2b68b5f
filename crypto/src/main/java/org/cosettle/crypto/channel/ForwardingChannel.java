package org.cosettle.crypto.channel;

import java.time.Duration;

/**
 * A {@link Channel} that forwards every call to another one; override what should differ (record
 * what is received, alter a message in a test of a faulty peer, log sizes). The counters are the
 * delegate's.
 */
public abstract class ForwardingChannel implements Channel {
  private final Channel delegate;

  protected ForwardingChannel(Channel delegate) {
    this.delegate = delegate;
  }

  protected final Channel delegate() {
    return delegate;
  }

  @Override
  public void send(byte[] message) {
    delegate.send(message);
  }

  @Override
  public byte[] receive() {
    return delegate.receive();
  }

  @Override
  public byte[] receive(Duration timeout) {
    return delegate.receive(timeout);
  }

  @Override
  public long bytesSent() {
    return delegate.bytesSent();
  }

  @Override
  public long bytesReceived() {
    return delegate.bytesReceived();
  }

  @Override
  public long messagesSent() {
    return delegate.messagesSent();
  }

  @Override
  public long messagesReceived() {
    return delegate.messagesReceived();
  }

  @Override
  public long rounds() {
    return delegate.rounds();
  }

  @Override
  public LinkClass linkClass() {
    return delegate.linkClass();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
