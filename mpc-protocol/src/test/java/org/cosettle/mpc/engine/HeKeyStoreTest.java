package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.cosettle.crypto.he.lookup.HeKeySet;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key owner's store and the peer's cache: the same keys session after session, rotation by
 * sessions, by lifetime and on demand, owner-only permissions, a corrupt or exposed store refused
 * and left as it is; the cache hits only on the peer and fingerprint it holds, and a corrupt or
 * stale entry is a miss replaced by the next store.
 */
class HeKeyStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void keepsTheKeysAndCountsSessionsUntilRotation(@TempDir Path dir) throws Exception {
    HeKeyStore store = HeKeyStore.at(dir.resolve(HeKeyStore.FILE_NAME), new HeKeyStore.Rotation(Duration.ofDays(1), 3));
    HeKeySet first = store.forSession(T0, Prg.create());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    assertEquals(first.publicKeys(), store.forSession(T0.plusSeconds(60), Prg.create()).publicKeys());
    assertEquals(first.publicKeys(), store.forSession(T0.plusSeconds(120), Prg.create()).publicKeys());
    assertEquals(3, store.describe().orElseThrow().sessions());
    // the fourth session: the set served its three, a fresh one replaces it
    HeKeySet fourth = store.forSession(T0.plusSeconds(180), Prg.create());
    assertNotEquals(first.publicKeys(), fourth.publicKeys());
    assertEquals(1, store.describe().orElseThrow().sessions());
    // a day later: due by lifetime
    HeKeySet later = store.forSession(T0.plus(Duration.ofDays(2)), Prg.create());
    assertNotEquals(fourth.publicKeys(), later.publicKeys());
    HeKeyStore.Info rotated = store.rotate(T0.plus(Duration.ofDays(2)), Prg.create());
    assertNotEquals(later.publicKeys().fingerprintHex(), rotated.fingerprint());
    assertEquals(rotated, store.describe().orElseThrow());
    assertEquals(rotated.fingerprint(), store.forSession(T0.plus(Duration.ofDays(2)), Prg.create()).publicKeys()
        .fingerprintHex());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void aCorruptOrExposedStoreIsRefusedAndLeftAsItIs(@TempDir Path dir) throws Exception {
    HeKeyStore store = HeKeyStore.at(dir.resolve(HeKeyStore.FILE_NAME), HeKeyStore.Rotation.DEFAULT);
    store.forSession(T0, Prg.create());
    byte[] good = Files.readAllBytes(store.file());
    for (int at : new int[] {0, 5, 30, good.length / 2, good.length - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x01;
      Files.write(store.file(), bad);
      HeKeyStore.StoreException e = assertThrows(HeKeyStore.StoreException.class,
          () -> store.forSession(T0, Prg.create()));
      assertTrue(e.getMessage().contains("is corrupt") && e.getMessage().contains("rotate"), e.getMessage());
      assertArrayEquals(bad, Files.readAllBytes(store.file()), "left as it was");
    }
    Files.write(store.file(), java.util.Arrays.copyOf(good, good.length - 7));
    assertThrows(HeKeyStore.StoreException.class, () -> store.describe());
    // rotation replaces a corrupt store
    HeKeyStore.Info fresh = store.rotate(T0, Prg.create());
    assertEquals(fresh, store.describe().orElseThrow());
    Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
    HeKeyStore.StoreException exposed = assertThrows(HeKeyStore.StoreException.class,
        () -> store.forSession(T0, Prg.create()));
    assertTrue(exposed.getMessage().contains("0600"), exposed.getMessage());
    assertFalse(exposed.getMessage().contains(fresh.fingerprint()), "no key material in the message");
  }

  @Test
  void theCacheHitsOnlyThePeerAndFingerprintItHolds(@TempDir Path dir) throws Exception {
    HePeerKeyCache cache = HePeerKeyCache.in(dir.resolve(HePeerKeyCache.DIRECTORY_NAME));
    HeKeySet keys = HeKeySet.generate(Prg.create());
    HeKeySet next = HeKeySet.generate(Prg.create());
    byte[] f = keys.publicKeys().fingerprint();
    assertTrue(cache.lookUp("INS-01", f).isEmpty(), "nothing cached yet");
    cache.store("INS-01", keys.publicKeys());
    assertEquals(keys.publicKeys(), cache.lookUp("INS-01", f).orElseThrow());
    assertTrue(cache.lookUp("INS-02", f).isEmpty(), "another peer");
    assertTrue(cache.lookUp("INS-01", next.publicKeys().fingerprint()).isEmpty(), "another fingerprint");
    Path file = cache.fileOf("INS-01");
    byte[] good = Files.readAllBytes(file);
    for (int at : new int[] {2, 12, good.length / 2, good.length - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x40;
      Files.write(file, bad);
      assertTrue(cache.lookUp("INS-01", f).isEmpty(), "corrupt at " + at);
    }
    // the peer rotated: its new keys replace the entry
    cache.store("INS-01", next.publicKeys());
    assertEquals(next.publicKeys(), cache.lookUp("INS-01", next.publicKeys().fingerprint()).orElseThrow());
    assertTrue(cache.lookUp("INS-01", f).isEmpty());
  }
}
