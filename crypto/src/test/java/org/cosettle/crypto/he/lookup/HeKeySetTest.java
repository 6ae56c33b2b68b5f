package org.cosettle.crypto.he.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * Key sets kept across sessions: export and restore give the same keys and fingerprint, any
 * corruption or a public key of another secret is refused, the one-round exchange sends the keys
 * only when asked and refuses keys that do not match the fingerprint offered, and a lookup and a
 * grouped sum under kept keys (which the peer got once) equal the plaintext.
 */
class HeKeySetTest {
  private static final HeKeySet KEYS = HeKeySet.generate(Prg.create());
  private static final HeKeySet OTHER = HeKeySet.generate(Prg.create());

  @Test
  void exportAndRestoreGiveTheSameKeysAndFingerprint() {
    byte[] stored = KEYS.exportSecret(SecretAccess.grant());
    HeKeySet again = HeKeySet.restore(stored);
    assertEquals(KEYS.publicKeys(), again.publicKeys());
    assertArrayEquals(KEYS.publicKeys().fingerprint(), again.publicKeys().fingerprint());
    assertNotEquals(KEYS.publicKeys(), OTHER.publicKeys());
    assertFalse(KEYS.toString().contains("secret"), KEYS.toString());
    assertThrows(SecurityException.class, () -> KEYS.exportSecret(null));
  }

  @Test
  void corruptKeySetsAreRefused() {
    byte[] stored = KEYS.exportSecret(SecretAccess.grant());
    assertThrows(IllegalArgumentException.class, () -> HeKeySet.restore(java.util.Arrays.copyOf(stored, 100)));
    byte[] extended = java.util.Arrays.copyOf(stored, stored.length + 1);
    assertThrows(IllegalArgumentException.class, () -> HeKeySet.restore(extended));
    byte[] flipped = stored.clone();
    flipped[stored.length / 2] ^= 0x10;
    assertThrows(IllegalArgumentException.class, () -> HeKeySet.restore(flipped));
    // the secret of one set with the public keys of another: the probe decryption refuses it
    byte[] other = OTHER.exportSecret(SecretAccess.grant());
    int secretFrame = 4 + java.nio.ByteBuffer.wrap(stored).getInt();
    byte[] mixed = new byte[stored.length];
    System.arraycopy(stored, 0, mixed, 0, secretFrame);
    System.arraycopy(other, secretFrame, mixed, secretFrame, stored.length - secretFrame);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeKeySet.restore(mixed));
    assertTrue(e.getMessage().contains("not the secret key's"), e.getMessage());
  }

  @Test
  void publicKeysParseOnlyUnderTheirFingerprint() {
    HePublicKeys keys = KEYS.publicKeys();
    assertEquals(keys, HePublicKeys.parse(keys.encoded(), keys.fingerprint()));
    assertThrows(IllegalArgumentException.class, () -> HePublicKeys.parse(keys.encoded(),
        OTHER.publicKeys().fingerprint()));
    byte[] flipped = keys.encoded();
    flipped[flipped.length - 5] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> HePublicKeys.parse(flipped, keys.fingerprint()));
  }

  @Test
  void theExchangeSendsKeysOnlyWhenThePeerLacksThemAndRefusesAMismatch() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMinutes(1));
    HeKeyExchange.offer(pair.first(), KEYS.publicKeys());
    Optional<byte[]> offered = HeKeyExchange.receiveOffer(pair.second());
    assertArrayEquals(KEYS.publicKeys().fingerprint(), offered.orElseThrow());
    HeKeyExchange.answer(pair.second(), true);
    assertTrue(HeKeyExchange.receiveAnswer(pair.first()));
    assertEquals(1 + HePublicKeys.FINGERPRINT_BYTES, pair.first().bytesSent(), "the offer alone");

    HeKeyExchange.offer(pair.first(), null);
    assertTrue(HeKeyExchange.receiveOffer(pair.second()).isEmpty());

    // offered F, sent the keys of another fingerprint: refused, nothing returned
    HeKeyExchange.offer(pair.first(), KEYS.publicKeys());
    byte[] f = HeKeyExchange.receiveOffer(pair.second()).orElseThrow();
    HeKeyExchange.answer(pair.second(), false);
    assertFalse(HeKeyExchange.receiveAnswer(pair.first()));
    HeKeyExchange.sendKeys(pair.first(), OTHER.publicKeys());
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
        () -> HeKeyExchange.receiveKeys(pair.second(), f));
    assertTrue(e.getMessage().contains("do not match their fingerprint"), e.getMessage());
    HeKeyExchange.sendKeys(pair.first(), KEYS.publicKeys());
    assertEquals(KEYS.publicKeys(), HeKeyExchange.receiveKeys(pair.second(), f));
  }

  @Test
  void lookupsAndSumsUnderKeptKeysEqualThePlaintext() {
    HeLookupParameters params = HeLookupParameters.standard();
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMinutes(5));
    long[] table = LookupSession.seeded(1).nextLongs(100);
    HeLookupOwner owner = HeLookupOwner.open(params, pair.first(), table, KEYS, Prg.create());
    HeLookupIndexHolder holder = HeLookupIndexHolder.open(params, pair.second(), KEYS.publicKeys());
    assertEquals(100, holder.entries());
    int[] indices = {0, 99, 17, 17};
    long[] r = holder.lookUp(indices, Prg.create());
    long[] mine = owner.receiveBatch();
    for (int j = 0; j < indices.length; j++) {
      assertEquals(table[indices[j]], r[j] + mine[j], "lookup " + j);
    }
    // the setup is the table alone: the keys came another way
    assertTrue(pair.second().bytesReceived() < 200_000, "setup of " + pair.second().bytesReceived() + " bytes");

    InMemoryChannel.Pair sums = InMemoryChannel.pair(Duration.ofMinutes(5));
    HeSumValueHolder values = HeSumValueHolder.withKeys(HeLookupParameters.sums(), sums.first(), KEYS);
    HeSumGroupHolder groups = HeSumGroupHolder.withKeys(HeLookupParameters.sums(), sums.second(), KEYS.publicKeys());
    long[][] vectors = {LookupSession.seeded(2).nextLongs(40)};
    int[] groupOf = new int[40];
    for (int c = 0; c < 40; c++) {
      groupOf[c] = c % 6 - 1;
    }
    CompletableFuture<long[]> theirs = CompletableFuture.supplyAsync(() -> groups.sums(groupOf, 5, 1, Prg.create()));
    long[] own = values.sums(vectors, 5, Prg.create());
    long[] other = theirs.join();
    long[] want = HeSumTest.expected(vectors, groupOf, 5);
    for (int g = 0; g < 5; g++) {
      assertEquals(want[g], own[g] + other[g], "group " + g);
    }
  }

  @Test
  void keptKeysServeTheStandardRingOnly() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMinutes(1));
    HeLookupParameters other = HeLookupParameters.of(org.cosettle.crypto.bfv.BfvParameters.defaults(8192));
    assertThrows(IllegalArgumentException.class, () -> HeSumValueHolder.withKeys(other, pair.first(), KEYS));
  }
}
