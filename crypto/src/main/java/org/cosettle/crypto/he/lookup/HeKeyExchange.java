package org.cosettle.crypto.he.lookup;

import java.util.Optional;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.ProtocolAbortException;

/**
 * The one round in which a key owner's HE keys reach its peer only when the peer lacks them. The
 * owner {@link #offer}s the fingerprint of its {@link HePublicKeys} (or nothing: fresh keys this
 * session); the peer {@link #answer}s whether it holds keys of that fingerprint (from its cache of
 * this owner's keys); when it does not, the owner {@link #sendKeys sends} them once, and the peer
 * {@link #receiveKeys receives} them, refusing keys that do not hash to the fingerprint offered
 * (nothing is returned, so nothing gets cached). Messages: offer 1 byte (0: none) or 1 + 32;
 * answer 1 byte (1: have, 0: need); keys the encoding.
 *
 * <pre>{@code
 * HeKeyExchange.offer(channel, keys.publicKeys());                  // key owner
 * boolean cached = HeKeyExchange.receiveAnswer(channel);
 * Optional<byte[]> f = HeKeyExchange.receiveOffer(peerChannel);     // peer
 * HeKeyExchange.answer(peerChannel, have);
 * }</pre>
 */
public final class HeKeyExchange {
  private HeKeyExchange() {}

  /** Offers {@code keys} by fingerprint, or none (null): this session's keys are fresh. */
  public static void offer(Channel channel, HePublicKeys keys) {
    if (keys == null) {
      channel.send(new byte[] {0});
      return;
    }
    byte[] message = new byte[1 + HePublicKeys.FINGERPRINT_BYTES];
    message[0] = 1;
    System.arraycopy(keys.fingerprint(), 0, message, 1, HePublicKeys.FINGERPRINT_BYTES);
    channel.send(message);
  }

  /** The fingerprint the owner offered, or empty when it offered none. */
  public static Optional<byte[]> receiveOffer(Channel channel) {
    byte[] message = channel.receive(1 + HePublicKeys.FINGERPRINT_BYTES);
    if (message.length == 1 && message[0] == 0) {
      return Optional.empty();
    }
    if (message.length != 1 + HePublicKeys.FINGERPRINT_BYTES || message[0] != 1) {
      throw new ProtocolAbortException(HeLookupStep.KEYS, "malformed key offer of " + message.length + " bytes");
    }
    return Optional.of(java.util.Arrays.copyOfRange(message, 1, message.length));
  }

  /** The peer's answer: whether it holds the keys offered. */
  public static void answer(Channel channel, boolean have) {
    channel.send(new byte[] {(byte) (have ? 1 : 0)});
  }

  /** Reads the peer's answer. */
  public static boolean receiveAnswer(Channel channel) {
    byte[] message = channel.receive(1);
    if (message.length != 1 || (message[0] != 0 && message[0] != 1)) {
      throw new ProtocolAbortException(HeLookupStep.KEYS, "malformed key answer of " + message.length + " bytes");
    }
    return message[0] == 1;
  }

  /** Sends the keys the peer lacks. */
  public static void sendKeys(Channel channel, HePublicKeys keys) {
    channel.send(keys.encoded());
  }

  /**
   * Reads the owner's keys and checks them against the {@code fingerprint} it offered: keys of
   * another digest, or malformed, raise {@link ProtocolAbortException} and are not returned.
   */
  public static HePublicKeys receiveKeys(Channel channel, byte[] fingerprint) {
    byte[] message = channel.receive(HePublicKeys.MAX_BYTES);
    try {
      return HePublicKeys.parse(message, fingerprint);
    } catch (IllegalArgumentException e) {
      throw new ProtocolAbortException(HeLookupStep.KEYS, "the peer's keys were refused: " + e.getMessage(), e);
    }
  }
}
