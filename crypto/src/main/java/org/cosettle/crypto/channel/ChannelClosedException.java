package org.cosettle.crypto.channel;

/** The channel was closed, by this endpoint or by the peer, before the operation could complete. */
public final class ChannelClosedException extends ChannelException {
  public ChannelClosedException(String message) {
    super(message);
  }
}
