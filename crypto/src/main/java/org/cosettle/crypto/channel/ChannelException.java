package org.cosettle.crypto.channel;

/** The channel cannot deliver: the peer is gone, silent or the endpoint was closed. */
public class ChannelException extends RuntimeException {
  public ChannelException(String message) {
    super(message);
  }

  public ChannelException(String message, Throwable cause) {
    super(message, cause);
  }
}
