package org.cosettle.mpc.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.cosettle.core.AtomicOutput;
import org.cosettle.crypto.he.lookup.HePublicKeys;

/**
 * A party's cache of its peers' public HE keys, by the peer's identity (e.g. the SHA-256 of its
 * pinned TLS certificate) and the keys' fingerprint: one file per peer in a directory, holding the
 * peer's latest keys, written atomically. {@link #lookUp} returns keys only when the file is whole
 * and names this peer and exactly the fingerprint asked for; a missing, stale (another fingerprint:
 * the peer rotated) or corrupt file is a miss, so the session asks for the keys again and {@link
 * #store} replaces the file. Public keys only: nothing here is secret.
 *
 * <p>Format: {@code "CSPK"}, version 1, the peer's identity (UTF-8) framed by its 4-byte length,
 * the 32-byte fingerprint, the keys' encoding framed by its length.
 *
 * <pre>{@code
 * HePeerKeyCache cache = HePeerKeyCache.in(stateDir.resolve(HePeerKeyCache.DIRECTORY_NAME));
 * Optional<HePublicKeys> keys = cache.lookUp(peerId, offeredFingerprint);
 * }</pre>
 */
public final class HePeerKeyCache {
  /** The cache's directory name in a party's state directory. */
  public static final String DIRECTORY_NAME = "he-peer-keys";
  private static final byte[] MAGIC = {'C', 'S', 'P', 'K'};
  private static final byte VERSION = 1;

  private final Path directory;

  private HePeerKeyCache(Path directory) {
    this.directory = directory;
  }

  /** The cache in {@code directory} (created at the first {@link #store}). */
  public static HePeerKeyCache in(Path directory) {
    if (directory == null) {
      throw new IllegalArgumentException("a directory is required");
    }
    return new HePeerKeyCache(directory);
  }

  /** The file of {@code peer}'s keys. */
  Path fileOf(String peer) {
    return directory.resolve("peer-" + HexFormat.of().formatHex(sha256(peer.getBytes(StandardCharsets.UTF_8)), 0, 16)
        + ".keys");
  }

  /** {@code peer}'s keys of {@code fingerprint}, when the cache holds them whole. */
  public synchronized Optional<HePublicKeys> lookUp(String peer, byte[] fingerprint) {
    requirePeer(peer);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(fileOf(peer));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // unreadable: a miss; the keys come again and replace the file
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC) || in.get() != VERSION) {
        return Optional.empty();
      }
      byte[] name = framed(in);
      byte[] stored = new byte[HePublicKeys.FINGERPRINT_BYTES];
      in.get(stored);
      if (!Arrays.equals(name, peer.getBytes(StandardCharsets.UTF_8)) || !MessageDigest.isEqual(stored, fingerprint)) {
        return Optional.empty();
      }
      byte[] keys = framed(in);
      if (in.hasRemaining()) {
        return Optional.empty();
      }
      return Optional.of(HePublicKeys.parse(keys, fingerprint));
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
      return Optional.empty(); // corrupt: a miss, replaced by the next store
    }
  }

  /** Keeps {@code keys} as {@code peer}'s, replacing what the cache held for it (atomically). */
  public synchronized void store(String peer, HePublicKeys keys) throws IOException {
    requirePeer(peer);
    byte[] name = peer.getBytes(StandardCharsets.UTF_8);
    byte[] encoded = keys.encoded();
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + 4 + name.length + HePublicKeys.FINGERPRINT_BYTES + 4
        + encoded.length);
    out.put(MAGIC).put(VERSION).putInt(name.length).put(name).put(keys.fingerprint()).putInt(encoded.length)
        .put(encoded);
    try (AtomicOutput target = AtomicOutput.open(fileOf(peer), true)) {
      target.stream().write(out.array());
      target.commit();
    }
  }

  private static byte[] framed(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("a field of " + length + " bytes with " + in.remaining() + " left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static void requirePeer(String peer) {
    if (peer == null || peer.isEmpty()) {
      throw new IllegalArgumentException("the peer's identity is required");
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "HePeerKeyCache{" + directory + "}";
  }
}
