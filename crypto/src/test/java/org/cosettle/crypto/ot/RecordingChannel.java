package org.cosettle.crypto.ot;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;

/** A real channel endpoint that also keeps every byte it receives: the party's view. */
final class RecordingChannel extends ForwardingChannel {
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean recording;

  RecordingChannel(Channel inner) {
    super(inner);
  }

  void startRecording() {
    recording = true;
  }

  byte[] received() {
    return received.toByteArray();
  }

  @Override
  public byte[] receive() {
    return record(delegate().receive());
  }

  @Override
  public byte[] receive(Duration timeout) {
    return record(delegate().receive(timeout));
  }

  private byte[] record(byte[] message) {
    if (recording) {
      received.writeBytes(message);
    }
    return message;
  }






}
