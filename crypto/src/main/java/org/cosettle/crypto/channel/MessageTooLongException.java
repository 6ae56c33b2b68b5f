package org.cosettle.crypto.channel;

/** The peer sent a message longer than the protocol allows at this point; the receive failed. */
public final class MessageTooLongException extends ChannelException {
  private static final long serialVersionUID = 1L;

  public MessageTooLongException(long maxBytes) {
    super("the peer sent a message longer than the " + maxBytes + " bytes due");
  }
}
