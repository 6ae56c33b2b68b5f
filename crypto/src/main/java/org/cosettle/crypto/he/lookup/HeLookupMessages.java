package org.cosettle.crypto.he.lookup;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.ot.ProtocolAbortException;

/**
 * The two messages of the lookup. Setup (owner → holder, once): entry count, public key, Galois
 * keys, then the table ciphertexts, each as a 4-byte big-endian length and the object's bytes.
 * Reply (holder → owner, once per batch): the lookup count, then one {@link CompactWordCiphertext}
 * per chunk of up to n lookups, whose lengths follow from the count.
 */
final class HeLookupMessages {
  /** Upper bound on a setup message: keys and the largest table, with room to spare. */
  static final long MAX_SETUP_BYTES = 256L << 20;
  /** Largest batch: the reply stays below 2 GB. */
  static final int MAX_BATCH = 1 << 23;

  private HeLookupMessages() {}

  record Setup(int entries, BfvPublicKey publicKey, BfvGaloisKeys galoisKeys, List<BfvCiphertext> table) {}

  static byte[] setup(int entries, BfvPublicKey publicKey, BfvGaloisKeys galoisKeys, List<BfvCiphertext> table) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(entries).array());
    writeFramed(out, publicKey.toBytes());
    writeFramed(out, galoisKeys.toBytes());
    writeTable(out, table);
    return out.toByteArray();
  }

  /** The setup when the keys came by {@link HeKeyExchange}: the entry count and the table alone. */
  static byte[] tableSetup(int entries, List<BfvCiphertext> table) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(entries).array());
    writeTable(out, table);
    return out.toByteArray();
  }

  private static void writeTable(ByteArrayOutputStream out, List<BfvCiphertext> table) {
    for (BfvCiphertext ciphertext : table) {
      writeFramed(out, ciphertext.toBytes());
    }
  }

  static void writeFramed(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  static Setup parseSetup(HeLookupParameters parameters, byte[] message) {
    return parseSetup(parameters, message, null);
  }

  /**
   * Parses a setup: with {@code keys} null, the keys are in the message ({@link #setup}); otherwise
   * they came by {@link HeKeyExchange} and the message is {@link #tableSetup}.
   */
  static Setup parseSetup(HeLookupParameters parameters, byte[] message, HePublicKeys keys) {
    BfvContext context = parameters.context();
    try {
      ByteBuffer in = ByteBuffer.wrap(message);
      int entries = in.getInt();
      if (entries < 1 || entries > HeLookupParameters.MAX_ENTRIES) {
        throw abort("table of " + entries + " entries is outside 1.." + HeLookupParameters.MAX_ENTRIES);
      }
      BfvPublicKey publicKey = keys != null ? keys.publicKey() : BfvPublicKey.fromBytes(context, readFramed(in));
      BfvGaloisKeys galoisKeys = keys != null ? keys.galoisKeys() : BfvGaloisKeys.fromBytes(context, readFramed(in));
      for (int element : parameters.galoisElements()) {
        if (!galoisKeys.galoisElements().contains(element)) {
          throw abort("no Galois key for element " + element);
        }
      }
      int count = (entries + parameters.degree() - 1) / parameters.degree();
      List<BfvCiphertext> table = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        BfvCiphertext ciphertext = BfvCiphertext.fromBytes(context, readFramed(in));
        if (ciphertext.size() != 2 || ciphertext.level() != context.parameters().maxLevel()) {
          throw abort("table ciphertext " + i + " has size " + ciphertext.size() + " and level " + ciphertext.level()
              + ", expected 2 and " + context.parameters().maxLevel());
        }
        table.add(ciphertext);
      }
      if (in.hasRemaining()) {
        throw abort(in.remaining() + " bytes after the last table ciphertext");
      }
      return new Setup(entries, publicKey, galoisKeys, List.copyOf(table));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new ProtocolAbortException(HeLookupStep.SETUP, "malformed setup message: " + e.getMessage(), e);
    }
  }

  static byte[] readFramed(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw abort("object of " + length + " bytes with " + in.remaining() + " left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  static byte[] reply(int count, List<CompactWordCiphertext> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(count).array());
    for (CompactWordCiphertext chunk : chunks) {
      out.writeBytes(chunk.toBytes());
    }
    return out.toByteArray();
  }

  static List<CompactWordCiphertext> parseReply(HeLookupParameters parameters, byte[] message) {
    int n = parameters.degree();
    int perReply = parameters.lookupsPerReply();
    try {
      ByteBuffer in = ByteBuffer.wrap(message);
      int count = in.getInt();
      if (count < 1 || count > MAX_BATCH) {
        throw new ProtocolAbortException(HeLookupStep.REPLY, "batch of " + count + " lookups is outside 1.." + MAX_BATCH);
      }
      if (message.length != parameters.replyBytes(count)) {
        throw new ProtocolAbortException(HeLookupStep.REPLY, "reply of " + message.length + " bytes, expected "
            + parameters.replyBytes(count) + " for " + count + " lookups");
      }
      List<CompactWordCiphertext> chunks = new ArrayList<>();
      for (int done = 0; done < count; done += perReply) {
        int size = Math.min(perReply, count - done);
        byte[] bytes = new byte[CompactWordCiphertext.byteLength(n, size, HeLookupParameters.CONSTANT_BITS,
            HeLookupParameters.LINEAR_BITS)];
        in.get(bytes);
        chunks.add(CompactWordCiphertext.fromBytes(bytes, n, parameters.packedCoefficients(size),
            HeLookupParameters.CONSTANT_BITS, HeLookupParameters.LINEAR_BITS));
      }
      return chunks;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new ProtocolAbortException(HeLookupStep.REPLY, "malformed reply: " + e.getMessage(), e);
    }
  }

  private static ProtocolAbortException abort(String reason) {
    return new ProtocolAbortException(HeLookupStep.SETUP, reason);
  }
}
