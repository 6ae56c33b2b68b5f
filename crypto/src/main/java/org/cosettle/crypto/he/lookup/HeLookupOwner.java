package org.cosettle.crypto.he.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvPublicKey;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * The table owner (key owner) of the homomorphic table lookup. {@link #open} sends, once per
 * session, its public key, the Galois keys packing needs and its table of 64-bit entries encrypted
 * under its own key (entry i at coefficient i mod n of ciphertext i / n); each
 * {@link #receiveBatch} then reads one reply of the peer's {@link HeLookupIndexHolder} and returns
 * this party's Z(2^64) shares T[idx_j] − r_j of the peer's lookups, in the peer's order. The owner
 * learns the batch size and nothing about the indices (docs/crypto-bfv.md, "Table lookup").
 *
 * <p>An index the holder has no entry for (an absent code) is the caller's: reserve an entry for
 * the default value, e.g. append it at index N, and let the holder look that up.
 *
 * <pre>{@code
 * HeLookupOwner owner = HeLookupOwner.open(HeLookupParameters.standard(), channel, table, Prg.create());
 * long[] mine = owner.receiveBatch();     // peer: long[] theirs = holder.lookUp(indices, prg)
 * }</pre>
 */
public final class HeLookupOwner {
  private final HeLookupParameters parameters;
  private final Channel channel;
  private final BfvSecretKey secretKey;
  private final List<BfvCiphertext> table;
  private final BfvGaloisKeys galoisKeys;
  private final int entries;
  private boolean aborted;

  private HeLookupOwner(HeLookupParameters parameters, Channel channel, BfvSecretKey secretKey,
      List<BfvCiphertext> table, BfvGaloisKeys galoisKeys, int entries) {
    this.parameters = parameters;
    this.channel = channel;
    this.secretKey = secretKey;
    this.table = table;
    this.galoisKeys = galoisKeys;
    this.entries = entries;
  }

  /** Generates a fresh key, encrypts {@code table} and sends the setup message. */
  public static HeLookupOwner open(HeLookupParameters parameters, Channel channel, long[] table, Prg prg) {
    if (parameters == null || channel == null || prg == null) {
      throw new IllegalArgumentException("parameters, channel and randomness are required");
    }
    if (table == null || table.length < 1 || table.length > HeLookupParameters.MAX_ENTRIES) {
      throw new IllegalArgumentException("the table needs 1.." + HeLookupParameters.MAX_ENTRIES + " entries");
    }
    BfvContext context = parameters.context();
    BfvSecretKey secretKey = context.keyGenerator().secretKey(prg);
    BfvPublicKey publicKey = context.keyGenerator().publicKey(secretKey, prg);
    BfvGaloisKeys galoisKeys = context.keyGenerator().galoisKeysForElements(secretKey, parameters.galoisElements(), prg);
    List<BfvCiphertext> ciphertexts = encryptTable(parameters, table, secretKey, prg);
    channel.send(HeLookupMessages.setup(table.length, publicKey, galoisKeys, ciphertexts));
    return new HeLookupOwner(parameters, channel, secretKey, ciphertexts, galoisKeys, table.length);
  }

  /**
   * As {@link #open(HeLookupParameters, Channel, long[], Prg)} under a kept key set whose public
   * keys the peer has already (from its cache, or by {@link HeKeyExchange} this session): the setup
   * carries the encrypted table alone.
   */
  public static HeLookupOwner open(HeLookupParameters parameters, Channel channel, long[] table, HeKeySet keys,
      Prg prg) {
    if (parameters == null || channel == null || prg == null || keys == null) {
      throw new IllegalArgumentException("parameters, channel, keys and randomness are required");
    }
    if (table == null || table.length < 1 || table.length > HeLookupParameters.MAX_ENTRIES) {
      throw new IllegalArgumentException("the table needs 1.." + HeLookupParameters.MAX_ENTRIES + " entries");
    }
    requireRing(parameters);
    List<BfvCiphertext> ciphertexts = encryptTable(parameters, table, keys.secretKey(), prg);
    channel.send(HeLookupMessages.tableSetup(table.length, ciphertexts));
    return new HeLookupOwner(parameters, channel, keys.secretKey(), ciphertexts, keys.publicKeys().galoisKeys(),
        table.length);
  }

  /** Key sets live on the standard ring; {@code parameters} must be on it. */
  static void requireRing(HeLookupParameters parameters) {
    if (parameters.context() != HeLookupParameters.standard().context()) {
      throw new IllegalArgumentException("kept HE keys serve the standard lookup ring only");
    }
  }

  private static List<BfvCiphertext> encryptTable(HeLookupParameters parameters, long[] table, BfvSecretKey secretKey,
      Prg prg) {
    int n = parameters.degree();
    List<BfvCiphertext> ciphertexts = new ArrayList<>();
    for (int from = 0; from < table.length; from += n) {
      long[] chunk = Arrays.copyOfRange(table, from, Math.min(table.length, from + n));
      ciphertexts.add(parameters.words().encrypt(chunk, secretKey, prg));
    }
    return List.copyOf(ciphertexts);
  }

  /** Table size N. */
  public int entries() {
    return entries;
  }

  /** Reads the next reply: this party's shares T[idx_j] − r_j, one per lookup of the batch. */
  public long[] receiveBatch() {
    return receiveBatch(null);
  }

  /**
   * As {@link #receiveBatch()}, waiting up to {@code timeout} (null: the channel's own) for the
   * reply: the holder's packing takes a few milliseconds per lookup, longer than a channel's usual
   * wait for a large batch.
   */
  public long[] receiveBatch(java.time.Duration timeout) {
    if (aborted) {
      throw new IllegalStateException("the lookup session was aborted");
    }
    try {
      long max = parameters.replyBytes(HeLookupMessages.MAX_BATCH);
      byte[] reply = timeout == null ? channel.receive(max) : channel.receive(timeout);
      if (reply.length > max) {
        throw new org.cosettle.crypto.channel.MessageTooLongException(max);
      }
      List<CompactWordCiphertext> chunks = HeLookupMessages.parseReply(parameters, reply);
      long[] shares = LookupPacker.open(parameters, chunks, secretKey);
      return shares;
    } catch (RuntimeException e) {
      aborted = true;
      throw e;
    }
  }

  /** The encrypted table as sent (the positive-control tests replay the holder's work with it). */
  List<BfvCiphertext> tableCiphertexts() {
    return table;
  }

  BfvGaloisKeys galoisKeys() {
    return galoisKeys;
  }

  @Override
  public String toString() {
    return "HeLookupOwner{entries=" + entries + ", " + parameters + "}";
  }
}
