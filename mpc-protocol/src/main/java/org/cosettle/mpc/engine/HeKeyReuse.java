package org.cosettle.mpc.engine;

import java.nio.file.Path;

/**
 * How a party keeps HE keys between sessions with the same peer (docs/crypto-bfv.md, "Keys kept
 * across sessions"): the party that encrypts (the insurer for the private lookups and the
 * aggregates grouped by the platform's keys, the platform for those grouped by the insurer's)
 * keeps its key set in a {@link HeKeyStore}; the other caches its public keys by fingerprint in a
 * {@link HePeerKeyCache} under the peer's identity. A session then sends the fingerprint, and the
 * keys only when the peer lacks them. {@link #NONE}: fresh keys every session, as without a state
 * directory.
 *
 * <pre>{@code
 * HeKeyReuse insurerSide = HeKeyReuse.keyOwner(HeKeyStore.at(dir.resolve(HeKeyStore.FILE_NAME), Rotation.DEFAULT));
 * HeKeyReuse platformSide = HeKeyReuse.peer(HePeerKeyCache.in(dir.resolve(HePeerKeyCache.DIRECTORY_NAME)), insurerId);
 * }</pre>
 */
public final class HeKeyReuse {
  /** Nothing kept: fresh keys every session, sent every session. */
  public static final HeKeyReuse NONE = new HeKeyReuse(null, null, null);

  private final HeKeyStore store;
  private final HePeerKeyCache cache;
  private final String peer;

  private HeKeyReuse(HeKeyStore store, HePeerKeyCache cache, String peer) {
    this.store = store;
    this.cache = cache;
    this.peer = peer;
  }

  /** A key owner's side only (e.g. the insurer): its key set kept in {@code store}, no cache of the peer's. */
  public static HeKeyReuse keyOwner(HeKeyStore store) {
    if (store == null) {
      throw new IllegalArgumentException("a key store is required");
    }
    return new HeKeyReuse(store, null, null);
  }

  /** A peer's side only (e.g. the platform): the key owner's public keys cached in {@code cache} under {@code peer}. */
  public static HeKeyReuse peer(HePeerKeyCache cache, String peer) {
    if (cache == null || peer == null || peer.isEmpty()) {
      throw new IllegalArgumentException("a cache and the peer's identity are required");
    }
    return new HeKeyReuse(null, cache, peer);
  }

  /**
   * A party's state directory: the key store {@link HeKeyStore#FILE_NAME} and the peers' keys in
   * {@link HePeerKeyCache#DIRECTORY_NAME}, the peer named by {@code peer}.
   */
  public static HeKeyReuse inStateDirectory(Path directory, String peer, HeKeyStore.Rotation rotation) {
    if (directory == null || peer == null || peer.isEmpty()) {
      throw new IllegalArgumentException("a state directory and the peer's identity are required");
    }
    return new HeKeyReuse(HeKeyStore.at(directory.resolve(HeKeyStore.FILE_NAME), rotation),
        HePeerKeyCache.in(directory.resolve(HePeerKeyCache.DIRECTORY_NAME)), peer);
  }

  HeKeyStore store() {
    return store;
  }

  HePeerKeyCache cache() {
    return cache;
  }

  String peerIdentity() {
    return peer;
  }

  @Override
  public String toString() {
    return "HeKeyReuse{store=" + store + ", cache=" + cache + "}";
  }
}
