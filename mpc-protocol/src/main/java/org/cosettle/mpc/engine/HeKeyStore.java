package org.cosettle.mpc.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.cosettle.core.AtomicOutput;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.he.lookup.HeKeySet;
import org.cosettle.crypto.random.Prg;

/**
 * The key owner's HE key set kept between sessions: one file, readable by its owner only (0600),
 * written atomically (a temporary file renamed over it, so a failure leaves the old file whole).
 * {@link #forSession} returns the kept set and counts the session, or makes a fresh set when there
 * is none or the {@link Rotation} says the set is due; {@link #rotate} replaces it at once. A file
 * that is corrupt, unreadable or readable by others stops the session with a {@link
 * StoreException} naming the file and the fault; it is never overwritten silently (rotate to
 * replace it). The secret key is never logged nor printed ({@link Info} carries the public
 * fingerprint only).
 *
 * <p>Format: {@code "CSHK"}, version 1, created (epoch seconds, 8 bytes), sessions used (8 bytes),
 * the key set ({@link HeKeySet#exportSecret}) framed by its 4-byte length, and the SHA-256 of all
 * that.
 *
 * <pre>{@code
 * HeKeyStore store = HeKeyStore.at(stateDir.resolve(HeKeyStore.FILE_NAME), HeKeyStore.Rotation.DEFAULT);
 * HeKeySet keys = store.forSession(Instant.now(), Prg.create());
 * }</pre>
 */
public final class HeKeyStore {
  /** The key file's name in a party's state directory. */
  public static final String FILE_NAME = "he-keys.bin";
  private static final byte[] MAGIC = {'C', 'S', 'H', 'K'};
  private static final byte VERSION = 1;
  private static final int DIGEST_BYTES = 32;
  private static final int HEADER_BYTES = MAGIC.length + 1 + 8 + 8;

  /**
   * When a kept key set is replaced by a fresh one: after {@code lifetime}, or once it served
   * {@code maxSessions} sessions, whichever comes first.
   */
  public record Rotation(Duration lifetime, long maxSessions) {
    /** 30 days or 1,000 sessions. */
    public static final Rotation DEFAULT = new Rotation(Duration.ofDays(30), 1_000);

    public Rotation {
      if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || maxSessions < 1) {
        throw new IllegalArgumentException("a key lifetime above zero and at least one session are required");
      }
    }
  }

  /** What the store holds, without the secret: the public fingerprint, when it was made, sessions served. */
  public record Info(String fingerprint, Instant created, long sessions) {}

  /** The key file cannot be used: corrupt, unreadable, exposed, or not written. */
  public static final class StoreException extends RuntimeException {
    StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Path file;
  private final Rotation rotation;

  private HeKeyStore(Path file, Rotation rotation) {
    this.file = file;
    this.rotation = rotation;
  }

  /** The store in {@code file} (created at the first session), rotated by {@code rotation}. */
  public static HeKeyStore at(Path file, Rotation rotation) {
    if (file == null || rotation == null) {
      throw new IllegalArgumentException("a key file and a rotation are required");
    }
    return new HeKeyStore(file, rotation);
  }

  /** The store's file. */
  public Path file() {
    return file;
  }

  /**
   * The key set for a session at {@code now}: the kept one, counted, unless it is due for rotation
   * or there is none, when a fresh one from {@code prg} replaces it. The file is written before the
   * keys are returned.
   */
  public synchronized HeKeySet forSession(Instant now, Prg prg) {
    Optional<Stored> stored = read();
    if (stored.isEmpty() || due(stored.get(), now)) {
      HeKeySet fresh = HeKeySet.generate(prg);
      write(new Stored(fresh, now, 1));
      return fresh;
    }
    Stored kept = stored.get();
    write(new Stored(kept.keys(), kept.created(), kept.sessions() + 1));
    return kept.keys();
  }

  /** Replaces the kept set (or a corrupt file) with a fresh one from {@code prg}; returns its description. */
  public synchronized Info rotate(Instant now, Prg prg) {
    HeKeySet fresh = HeKeySet.generate(prg);
    write(new Stored(fresh, now, 0));
    return new Info(fresh.publicKeys().fingerprintHex(), now, 0);
  }

  /** The kept set's description, or empty when there is no file; a bad file throws {@link StoreException}. */
  public synchronized Optional<Info> describe() {
    return read().map(s -> new Info(s.keys().publicKeys().fingerprintHex(), s.created(), s.sessions()));
  }

  private boolean due(Stored stored, Instant now) {
    return stored.sessions() >= rotation.maxSessions() || !now.isBefore(stored.created().plus(rotation.lifetime()));
  }

  private record Stored(HeKeySet keys, Instant created, long sessions) {}

  private Optional<Stored> read() {
    byte[] bytes;
    try {
      checkPermissions();
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("the HE key store " + file + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return Optional.of(parse(bytes));
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
      throw new StoreException("the HE key store " + file + " is corrupt (" + e.getMessage() + "); it was left as it"
          + " is: replace it with a fresh key set (cosettle he-keys rotate), and the peer fetches the new keys", e);
    }
  }

  private void checkPermissions() throws IOException {
    if (!Files.exists(file) || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    for (PosixFilePermission p : permissions) {
      if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
        throw new IOException("its permissions must be 0600 (owner read and write only), not "
            + java.nio.file.attribute.PosixFilePermissions.toString(permissions));
      }
    }
  }

  private static Stored parse(byte[] bytes) {
    if (bytes.length < HEADER_BYTES + 4 + DIGEST_BYTES) {
      throw new IllegalArgumentException(bytes.length + " bytes, too short");
    }
    int body = bytes.length - DIGEST_BYTES;
    if (!MessageDigest.isEqual(sha256(bytes, body), Arrays.copyOfRange(bytes, body, bytes.length))) {
      throw new IllegalArgumentException("its checksum does not match");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, body);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("not an HE key store");
    }
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown version " + version);
    }
    Instant created = Instant.ofEpochSecond(in.getLong());
    long sessions = in.getLong();
    int length = in.getInt();
    if (sessions < 0 || length != in.remaining()) {
      throw new IllegalArgumentException("inconsistent header");
    }
    byte[] set = new byte[length];
    in.get(set);
    return new Stored(HeKeySet.restore(set), created, sessions);
  }

  private void write(Stored stored) {
    byte[] set = stored.keys().exportSecret(SecretAccess.grant());
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + 4 + set.length + DIGEST_BYTES);
    out.put(MAGIC).put(VERSION).putLong(stored.created().getEpochSecond()).putLong(stored.sessions())
        .putInt(set.length).put(set);
    byte[] bytes = out.array();
    int body = bytes.length - DIGEST_BYTES;
    System.arraycopy(sha256(bytes, body), 0, bytes, body, DIGEST_BYTES);
    Arrays.fill(set, (byte) 0);
    try (AtomicOutput target = AtomicOutput.open(file, true)) {
      target.stream().write(bytes);
      target.commit();
    } catch (IOException e) {
      throw new StoreException("the HE key store " + file + " cannot be written: " + e.getMessage(), e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes, 0, length);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "HeKeyStore{" + file + "}";
  }
}
