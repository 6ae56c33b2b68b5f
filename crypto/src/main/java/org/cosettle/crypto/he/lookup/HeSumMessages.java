package org.cosettle.crypto.he.lookup;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.ot.ProtocolAbortException;

/**
 * The messages of grouped sums besides the reply (which is the lookup's, {@link HeLookupMessages#reply}).
 * Setup (value holder → group holder, once): the packing levels the keys cover, the public key and
 * the Galois keys. Values (value holder → group holder, once per sum): the vector and claim counts,
 * then ⌈claims / n⌉ ciphertexts per vector, each framed by its 4-byte length and carrying its
 * first component at its claims' coefficients only ({@link BfvCiphertext#toPrefixBytes}).
 */
final class HeSumMessages {
  /** Upper bound on a setup message: the public key and every Galois key, with room to spare. */
  static final long MAX_SETUP_BYTES = 64L << 20;
  /** Most vectors in one sum: a value and a filter. */
  static final int MAX_VECTORS = 2;

  private HeSumMessages() {}

  record Setup(int levels, BfvPublicKey publicKey, BfvGaloisKeys galoisKeys) {}

  static byte[] setup(int levels, BfvPublicKey publicKey, BfvGaloisKeys galoisKeys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(levels).array());
    HeLookupMessages.writeFramed(out, publicKey.toBytes());
    HeLookupMessages.writeFramed(out, galoisKeys.toBytes());
    return out.toByteArray();
  }

  static Setup parseSetup(HeLookupParameters parameters, byte[] message) {
    BfvContext context = parameters.context();
    try {
      ByteBuffer in = ByteBuffer.wrap(message);
      int levels = in.getInt();
      if (levels < 0 || levels > Integer.numberOfTrailingZeros(parameters.degree())) {
        throw abort(HeLookupStep.SETUP, "keys for " + levels + " packing levels");
      }
      BfvPublicKey publicKey = BfvPublicKey.fromBytes(context, HeLookupMessages.readFramed(in));
      BfvGaloisKeys galoisKeys = BfvGaloisKeys.fromBytes(context, HeLookupMessages.readFramed(in));
      for (int element : HeLookupParameters.galoisElements(levels)) {
        if (!galoisKeys.galoisElements().contains(element)) {
          throw abort(HeLookupStep.SETUP, "no Galois key for element " + element);
        }
      }
      if (in.hasRemaining()) {
        throw abort(HeLookupStep.SETUP, in.remaining() + " bytes after the Galois keys");
      }
      return new Setup(levels, publicKey, galoisKeys);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new ProtocolAbortException(HeLookupStep.SETUP, "malformed setup message: " + e.getMessage(), e);
    }
  }

  /**
   * The values: each chunk's ciphertext with the first component at its claims' coefficients only
   * (the inner products read nothing else), and the seed of the second.
   */
  static byte[] values(HeLookupParameters parameters, int claims, List<List<BfvCiphertext>> vectors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).putInt(vectors.size()).putInt(claims).array());
    for (List<BfvCiphertext> vector : vectors) {
      for (int i = 0; i < vector.size(); i++) {
        HeLookupMessages.writeFramed(out, vector.get(i).toPrefixBytes(chunkClaims(parameters, claims, i)));
      }
    }
    return out.toByteArray();
  }

  /** Claims in chunk {@code i} of {@code claims}: n, the last one the rest. */
  static int chunkClaims(HeLookupParameters parameters, int claims, int i) {
    return Math.min(parameters.degree(), claims - i * parameters.degree());
  }

  /** The ciphertexts of {@code vectors} vectors over {@code claims} claims, as the group holder expects them. */
  static List<List<BfvCiphertext>> parseValues(HeLookupParameters parameters, byte[] message, int vectors, int claims) {
    BfvContext context = parameters.context();
    try {
      ByteBuffer in = ByteBuffer.wrap(message);
      int sentVectors = in.getInt();
      int sentClaims = in.getInt();
      if (sentVectors != vectors || sentClaims != claims) {
        throw abort(HeLookupStep.VALUES, sentVectors + " vectors of " + sentClaims + " claims, expected " + vectors
            + " of " + claims);
      }
      int chunks = chunks(parameters, claims);
      List<List<BfvCiphertext>> out = new ArrayList<>(vectors);
      for (int v = 0; v < vectors; v++) {
        List<BfvCiphertext> vector = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
          // level, size and prefix length are checked by the reader
          vector.add(BfvCiphertext.fromPrefixBytes(context, HeLookupMessages.readFramed(in),
              chunkClaims(parameters, claims, i)));
        }
        out.add(vector);
      }
      if (in.hasRemaining()) {
        throw abort(HeLookupStep.VALUES, in.remaining() + " bytes after the last ciphertext");
      }
      return out;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new ProtocolAbortException(HeLookupStep.VALUES, "malformed values message: " + e.getMessage(), e);
    }
  }

  /** Upper bound on a values message of {@code vectors} vectors over {@code claims} claims. */
  static long maxValuesBytes(HeLookupParameters parameters, int vectors, int claims) {
    int limbs = parameters.context().parameters().maxLevel();
    // a seeded ciphertext: its first component's residues, a seed and a small header
    long perCiphertext = 4 + (long) limbs * parameters.degree() * Long.BYTES + 256;
    return 8 + (long) vectors * chunks(parameters, claims) * perCiphertext;
  }

  static int chunks(HeLookupParameters parameters, int claims) {
    return (claims + parameters.degree() - 1) / parameters.degree();
  }

  private static ProtocolAbortException abort(HeLookupStep step, String reason) {
    return new ProtocolAbortException(step, reason);
  }
}
