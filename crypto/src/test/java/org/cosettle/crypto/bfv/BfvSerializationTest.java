package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class BfvSerializationTest {
  private static final BfvFixture F = BfvFixture.N4096;
  private static final int TRIES = Integer.getInteger("cosettle.fuzz.tries", 2000);
  private static final long[] VALUES = F.randomSlots(BfvFixture.seeded(5));
  private static final BfvCiphertext PUBLIC_CT = F.encrypt(VALUES);
  private static final BfvCiphertext SEEDED_CT = F.encryptSymmetric(VALUES);
  private static final byte[] PUBLIC_BYTES = PUBLIC_CT.toBytes();
  private static final byte[] SEEDED_BYTES = SEEDED_CT.toBytes();

  @Test
  void ciphertextsRoundTripCompactly() {
    BfvCiphertext back = BfvCiphertext.fromBytes(F.bfv, PUBLIC_BYTES);
    assertArrayEquals(VALUES, F.decrypt(back));
    assertArrayEquals(PUBLIC_BYTES, back.toBytes());
    // 36 + 36 bits per coefficient pair instead of two 64-bit words
    assertEquals(14 + 2 + 2 * 4096 * 72 / 8, PUBLIC_BYTES.length);

    BfvCiphertext seeded = BfvCiphertext.fromBytes(F.bfv, SEEDED_BYTES);
    assertTrue(seeded.isSeeded());
    assertArrayEquals(VALUES, F.decrypt(seeded));
    assertEquals(14 + 2 + 4096 * 72 / 8 + 32, SEEDED_BYTES.length);
    assertArrayEquals(SEEDED_BYTES, seeded.toBytes());

    BfvEvaluator eval = F.bfv.evaluator();
    BfvCiphertext three = eval.multiply(PUBLIC_CT, SEEDED_CT);
    assertArrayEquals(F.decrypt(three), F.decrypt(BfvCiphertext.fromBytes(F.bfv, three.toBytes())));
    BfvCiphertext lower = eval.modSwitchToNext(eval.add(PUBLIC_CT, SEEDED_CT));
    BfvCiphertext lowerBack = BfvCiphertext.fromBytes(F.bfv, lower.toBytes());
    assertEquals(1, lowerBack.level());
    assertArrayEquals(F.decrypt(lower), F.decrypt(lowerBack));
  }

  @Test
  void keysRoundTripAndStillWork() {
    BfvPublicKey pub = BfvPublicKey.fromBytes(F.bfv, F.publicKey.toBytes());
    assertArrayEquals(VALUES, F.decrypt(F.bfv.encryptor(pub).encrypt(F.bfv.encoder().encode(VALUES), F.random)));
    BfvRelinKeys relin = BfvRelinKeys.fromBytes(F.bfv, F.relinKeys().toBytes());
    BfvCiphertext square = F.bfv.evaluator().multiply(PUBLIC_CT, PUBLIC_CT, relin);
    assertEquals(F.mulMod(VALUES[3], VALUES[3]), F.decrypt(square)[3]);
    BfvGaloisKeys someKeys = F.bfv.keyGenerator().galoisKeys(F.secret, new int[] {1, -7}, true, F.random);
    BfvGaloisKeys galois = BfvGaloisKeys.fromBytes(F.bfv, someKeys.toBytes());
    assertEquals(someKeys.galoisElements(), galois.galoisElements());
    long[] rotated = F.decrypt(F.bfv.evaluator().rotateRows(PUBLIC_CT, -7, galois));
    assertEquals(VALUES[0], rotated[7]);
    long[] swapped = F.decrypt(F.bfv.evaluator().rotateColumns(PUBLIC_CT, galois));
    assertEquals(VALUES[0], swapped[2048]);
  }

  @Test
  void secretKeysExportExplicitlyAndImportStrictly() {
    byte[] bytes = F.secret.exportSecretBytes(org.cosettle.crypto.SecretAccess.grant());
    assertEquals(14 + 4096 / 4, bytes.length);
    BfvSecretKey back = BfvSecretKey.importSecretBytes(F.bfv, bytes);
    assertEquals(F.secret.toString(), back.toString());
    assertArrayEquals(VALUES, F.bfv.encoder().decode(F.bfv.decryptor(back).decrypt(PUBLIC_CT)));
    byte[] invalid = bytes.clone();
    invalid[20] |= 0x03;
    BfvFormatException e = assertThrows(BfvFormatException.class, () -> BfvSecretKey.importSecretBytes(F.bfv, invalid));
    assertTrue(e.getMessage().contains("invalid code"), e.getMessage());
    assertThrows(BfvFormatException.class,
        () -> BfvSecretKey.importSecretBytes(F.bfv, Arrays.copyOf(bytes, bytes.length - 1)));
    assertThrows(BfvFormatException.class, () -> BfvSecretKey.importSecretBytes(F.bfv, PUBLIC_BYTES));
  }

  @Test
  void everyTruncationIsRejected() {
    for (byte[] valid : new byte[][] {PUBLIC_BYTES, SEEDED_BYTES}) {
      for (int length = 0; length < valid.length; length += length < 64 ? 1 : 997) {
        byte[] truncated = Arrays.copyOf(valid, length);
        assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromBytes(F.bfv, truncated), "length " + length);
      }
      assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromBytes(F.bfv, Arrays.copyOf(valid, valid.length - 1)));
      assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromBytes(F.bfv, Arrays.copyOf(valid, valid.length + 1)));
    }
    byte[] key = F.publicKey.toBytes();
    assertThrows(BfvFormatException.class, () -> BfvPublicKey.fromBytes(F.bfv, Arrays.copyOf(key, key.length - 1)));
    byte[] relin = F.relinKeys().toBytes();
    assertThrows(BfvFormatException.class, () -> BfvRelinKeys.fromBytes(F.bfv, Arrays.copyOf(relin, 20)));
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromBytes(F.bfv, null));
  }

  @Test
  void headerFaultsAreNamed() {
    assertMessage("bad magic", mutate(PUBLIC_BYTES, 0, (byte) 'X'));
    assertMessage("version", mutate(PUBLIC_BYTES, 4, (byte) 9));
    assertMessage("kind", mutate(PUBLIC_BYTES, 5, BfvSerialization.PUBLIC_KEY));
    assertMessage("another parameter set", mutate(PUBLIC_BYTES, 8, (byte) (PUBLIC_BYTES[8] ^ 1)));
    assertMessage("level", mutate(PUBLIC_BYTES, 14, (byte) 3));
    assertMessage("level", mutate(PUBLIC_BYTES, 14, (byte) 0));
    assertMessage("size", mutate(PUBLIC_BYTES, 15, (byte) 4));
    assertMessage("seeded", mutate(SEEDED_BYTES, 14, (byte) 1));
    assertMessage("expected exactly", mutate(PUBLIC_BYTES, 15, (byte) 3));
    assertThrows(BfvFormatException.class, () -> BfvPublicKey.fromBytes(F.bfv, PUBLIC_BYTES));
    assertThrows(BfvFormatException.class, () -> BfvRelinKeys.fromBytes(F.bfv, F.publicKey.toBytes()));
  }

  @Test
  void anotherParameterSetIsRefused() {
    BfvFixture other = new BfvFixture(BfvParameters.defaults(4096, 18), 3);
    byte[] foreign = other.encrypt(new long[] {1, 2}).toBytes();
    BfvFormatException e = assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromBytes(F.bfv, foreign));
    assertTrue(e.getMessage().contains("another parameter set"));
    assertThrows(BfvFormatException.class, () -> BfvPublicKey.fromBytes(F.bfv, other.publicKey.toBytes()));
  }

  @Test
  void coefficientsOutOfRangeAreRefused() {
    byte[] bytes = PUBLIC_BYTES.clone();
    // the first coefficient occupies the low 36 bits after the 16-byte header: make it all ones
    for (int i = 16; i < 20; i++) {
      bytes[i] = (byte) 0xFF;
    }
    bytes[20] |= 0x0F;
    assertMessage("not below q_0", bytes);
    // the last coefficient of limb 1 is ≥ q_1 when its top bits are all ones
    byte[] tail = PUBLIC_BYTES.clone();
    int end = 16 + 4096 * 72 / 8;
    for (int i = end - 4; i < end; i++) {
      tail[i] = (byte) 0xFF;
    }
    tail[end - 5] |= (byte) 0xF0;
    assertMessage("not below q_1", tail);
  }

  @Property(tries = 200)
  void randomBytesNeverParse(@ForAll byte[] noise) {
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromBytes(F.bfv, noise));
    assertThrows(BfvFormatException.class, () -> BfvGaloisKeys.fromBytes(F.bfv, noise));
  }

  @Test
  void mutatedBytesEitherFailCleanlyOrParseCanonically() {
    Prg source = BfvFixture.seeded(11);
    int rounds = Math.max(50, TRIES / 10);
    int rejected = 0;
    for (int round = 0; round < rounds; round++) {
      byte[] valid = round % 2 == 0 ? PUBLIC_BYTES : SEEDED_BYTES;
      byte[] mutated = valid.clone();
      // mostly the header and the first and last coefficients, where structure lives
      int position = (int) (round % 3 == 0 ? source.nextLongBelow(24)
          : round % 3 == 1 ? valid.length - 1 - source.nextLongBelow(40) : source.nextLongBelow(valid.length));
      mutated[position] ^= (byte) (1 + source.nextLongBelow(255));
      try {
        BfvCiphertext parsed = BfvCiphertext.fromBytes(F.bfv, mutated);
        assertArrayEquals(mutated, parsed.toBytes(), "a parsed mutation must be its own canonical encoding");
      } catch (BfvFormatException e) {
        rejected++;
      }
    }
    assertTrue(rejected > 0);
  }

  private static byte[] mutate(byte[] valid, int position, byte value) {
    byte[] copy = valid.clone();
    copy[position] = value;
    return copy;
  }

  private static void assertMessage(String expected, byte[] bytes) {
    Function<byte[], Object> parse = b -> BfvCiphertext.fromBytes(F.bfv, b);
    BfvFormatException e = assertThrows(BfvFormatException.class, () -> parse.apply(bytes));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
