package org.cosettle.mpc.arith;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;

/**
 * A real channel endpoint that keeps every byte it receives (the party's view) and can replace
 * one of the messages it sends (a faulty peer).
 */
final class TappedChannel extends ForwardingChannel {
  private final int tamperedMessage;
  private final UnaryOperator<byte[]> tamper;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private int sent;

  private TappedChannel(Channel inner, int tamperedMessage, UnaryOperator<byte[]> tamper) {
    super(inner);
    this.tamperedMessage = tamperedMessage;
    this.tamper = tamper;
  }

  static TappedChannel recording(Channel inner) {
    return new TappedChannel(inner, -1, UnaryOperator.identity());
  }

  /** Sends {@code tamper} of the {@code index}-th message (from 0) instead of it. */
  static TappedChannel tampering(Channel inner, int index, UnaryOperator<byte[]> tamper) {
    return new TappedChannel(inner, index, tamper);
  }

  byte[] received() {
    return received.toByteArray();
  }

  @Override
  public void send(byte[] message) {
    delegate().send(sent++ == tamperedMessage ? tamper.apply(message) : message);
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
    received.writeBytes(message);
    return message;
  }






}
