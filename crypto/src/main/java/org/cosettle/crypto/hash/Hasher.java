package org.cosettle.crypto.hash;

/** An incremental hash computation; {@link #digest()} finishes it and resets to empty. */
public interface Hasher {
  void update(byte[] data, int offset, int length);

  default void update(byte[] data) {
    update(data, 0, data.length);
  }

  /** The digest of everything fed since creation or the last {@code digest()}. */
  byte[] digest();
}
