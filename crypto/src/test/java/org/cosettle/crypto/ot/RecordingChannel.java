package org.cosettle.crypto.ot;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.cosettle.crypto.channel.Channel;

/** A real channel endpoint that also keeps every byte it receives: the party's view. */
final class RecordingChannel implements Channel {
  private final Channel inner;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean recording;

  RecordingChannel(Channel inner) {
    this.inner = inner;
  }

  void startRecording() {
    recording = true;
  }

  byte[] received() {
    return received.toByteArray();
  }

  @Override
  public void send(byte[] message) {
    inner.send(message);
  }

  @Override
  public byte[] receive() {
    return record(inner.receive());
  }

  @Override
  public byte[] receive(Duration timeout) {
    return record(inner.receive(timeout));
  }

  private byte[] record(byte[] message) {
    if (recording) {
      received.writeBytes(message);
    }
    return message;
  }

  @Override
  public long bytesSent() {
    return inner.bytesSent();
  }

  @Override
  public long bytesReceived() {
    return inner.bytesReceived();
  }

  @Override
  public long messagesSent() {
    return inner.messagesSent();
  }

  @Override
  public long messagesReceived() {
    return inner.messagesReceived();
  }

  @Override
  public long rounds() {
    return inner.rounds();
  }

  @Override
  public void close() {
    inner.close();
  }
}
