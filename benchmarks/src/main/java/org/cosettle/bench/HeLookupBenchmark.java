package org.cosettle.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.WordCoefficientBfv;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.he.lookup.HeLookupIndexHolder;
import org.cosettle.crypto.he.lookup.HeLookupOwner;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.random.Prg;

/**
 * Bytes and CPU of the homomorphic private-table lookup ({@link HeLookupOwner},
 * {@link HeLookupIndexHolder}) against an OT-based lookup: the one-off setup (keys and the
 * encrypted table of {@value #ENTRIES} entries), the reply bytes for {@value #LOOKUPS} lookups
 * (exact: the message length is a function of the count, checked against the channel's counter
 * on the measured batch) and each party's thread CPU time per lookup on one batch. Both parties
 * run in this thread, one after the other, over the in-memory channel.
 *
 * <p>The OT baseline is computed, not run: a 1-out-of-N OT built from ⌈log2 N⌉ random OTs
 * (Naor–Pinkas style) sends the N entries each masked by a key derived from the log2 N OT
 * strings, 8 bytes per entry, plus the receiver's ⌈log2 N⌉ choice corrections (a bit each) and the
 * random OTs themselves (at the silent-OT cost given as an argument, default 1 byte per OT).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.cosettle.bench.HeLookupBenchmark [batch]</pre>
 */
public final class HeLookupBenchmark {
  static final int ENTRIES = 20_000;
  static final int LOOKUPS = 100_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HeLookupBenchmark() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
    double otBytesPerRandomOt = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    HeLookupParameters params = HeLookupParameters.standard();
    System.out.println(params);
    Prg prg = Prg.create();
    long[] table = prg.nextLongs(ENTRIES);
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofHours(1));

    long start = cpu();
    HeLookupOwner owner = HeLookupOwner.open(params, pair.first(), table, prg);
    long ownerSetup = cpu() - start;
    start = cpu();
    HeLookupIndexHolder holder = HeLookupIndexHolder.open(params, pair.second());
    long holderSetup = cpu() - start;
    long setupBytes = pair.first().bytesSent();
    printSetupBreakdown(params, prg);
    System.out.printf("setup: %,d bytes (one-off); CPU owner %.2f s, holder %.2f s%n", setupBytes,
        ownerSetup / 1e9, holderSetup / 1e9);

    int[] indices = new int[batch];
    for (int j = 0; j < batch; j++) {
      indices[j] = (int) prg.nextLongBelow(ENTRIES);
    }
    long sentBefore = pair.second().bytesSent();
    start = cpu();
    long[] holderShares = holder.lookUp(indices, prg);
    long holderCpu = cpu() - start;
    long replyBytes = pair.second().bytesSent() - sentBefore;
    start = cpu();
    long[] ownerShares = owner.receiveBatch();
    long ownerCpu = cpu() - start;
    for (int j = 0; j < batch; j++) {
      if (holderShares[j] + ownerShares[j] != table[indices[j]]) {
        throw new IllegalStateException("lookup " + j + " reconstructs to a wrong entry");
      }
    }
    if (replyBytes != params.replyBytes(batch)) {
      throw new IllegalStateException("reply of " + replyBytes + " bytes, formula " + params.replyBytes(batch));
    }
    System.out.printf("batch of %,d lookups: reply %,d bytes (%.2f per lookup); CPU per lookup: holder %.3f ms, "
        + "owner %.4f ms%n", batch, replyBytes, replyBytes / (double) batch, holderCpu / 1e6 / batch,
        ownerCpu / 1e6 / batch);

    long heBytes = params.replyBytes(LOOKUPS);
    int logEntries = 32 - Integer.numberOfLeadingZeros(ENTRIES - 1);
    double otPerLookup = 8.0 * ENTRIES + logEntries / 8.0 + logEntries * otBytesPerRandomOt;
    System.out.printf("%,d lookups in replies of %d: %,d bytes, %.2f per lookup (%.1f per claim of 10)%n", LOOKUPS,
        params.degree(), heBytes, heBytes / (double) LOOKUPS, 10.0 * heBytes / LOOKUPS);
    System.out.printf("OT-based 1-out-of-%,d (%d random OTs at %.1f B each): %,.0f bytes per lookup, %.0fx the HE reply;"
        + " HE setup breaks even after %.0f lookups%n", ENTRIES, logEntries, otBytesPerRandomOt, otPerLookup,
        otPerLookup / (heBytes / (double) LOOKUPS), setupBytes / (otPerLookup - heBytes / (double) LOOKUPS));
  }

  /** The sizes of the setup's parts, from a separate key set of the same shape. */
  private static void printSetupBreakdown(HeLookupParameters params, Prg prg) {
    BfvContext context = params.context();
    BfvSecretKey secret = context.keyGenerator().secretKey(prg);
    int n = params.degree();
    int[] elements = new int[Integer.numberOfTrailingZeros(n)];
    for (int l = 1; l <= elements.length; l++) {
      elements[l - 1] = (1 << l) + 1;
    }
    BfvGaloisKeys galois = context.keyGenerator().galoisKeysForElements(secret, elements, prg);
    int publicKey = context.keyGenerator().publicKey(secret, prg).toBytes().length;
    int ciphertext = WordCoefficientBfv.over(context).encrypt(new long[n], secret, prg).toBytes().length;
    int ciphertexts = (ENTRIES + n - 1) / n;
    System.out.printf("setup parts: public key %,d B; %d Galois keys %,d B; table %d ciphertexts x %,d B = %,d B%n",
        publicKey, elements.length, galois.toBytes().length, ciphertexts, ciphertext, ciphertexts * ciphertext);
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
