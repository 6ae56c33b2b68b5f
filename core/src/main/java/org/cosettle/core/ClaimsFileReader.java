package org.cosettle.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.cosettle.core.ClaimsFile.Rejected;

/**
 * Reads a claims file as chunks of whole lines that several threads parse at once, then puts
 * the results back together in file order on the calling thread, where the duplicate-id check
 * runs, so the outcome is exactly that of reading line by line.
 *
 * <p>Lines end at {@code \n}, {@code \r} or {@code \r\n}, as for {@link
 * java.io.BufferedReader#readLine}. A chunk only ever ends after a {@code \n}, so no {@code \r\n}
 * is split. Each chunk learns the number of its first line from the chunk before it as soon as
 * that one has counted its lines, well before either has parsed them. Bytes are checked to be
 * UTF-8 as strictly as a decoding reader would, but only on lines that are not pure ASCII.
 */
final class ClaimsFileReader {
  /** Small enough to stay in a core's cache between counting the lines and parsing them. */
  static final int DEFAULT_CHUNK_BYTES = 256 * 1024;

  /** No line item can be written in fewer bytes (empty code, amounts as 0, no spaces). */
  private static final int MIN_ITEM_BYTES = 120;

  private final String label;
  private final int chunkBytes;
  private final int threads;
  private final ThreadLocal<ClaimBufferReader> readers = ThreadLocal.withInitial(ClaimBufferReader::new);
  private final ArrayDeque<byte[]> spareBuffers = new ArrayDeque<>();
  private final List<Claim> claims = new ArrayList<>();
  private final List<Rejected> rejected = new ArrayList<>();
  private final FirstLines seenIds = new FirstLines();
  /** The form of the national in-scope amounts of the file, from its first line that shows one. */
  private InScopeForm form = InScopeForm.NONE;
  private int formLine;

  /** Lines of the file in a buffer, {@code bytes[0, length)}, starting at a line start. */
  private static final class Chunk {
    final byte[] bytes;
    final int length;
    final boolean startOfFile;
    final CompletableFuture<Integer> firstLine;
    final CompletableFuture<Integer> nextFirstLine = new CompletableFuture<>();

    Chunk(byte[] bytes, int length, boolean startOfFile, CompletableFuture<Integer> firstLine) {
      this.bytes = bytes;
      this.length = length;
      this.startOfFile = startOfFile;
      this.firstLine = firstLine;
    }
  }

  /** A rejected line and its claim id (when it has one), which later lines may not reuse. */
  private record RejectedLine(Rejected rejected, String claimId) {}

  /** What a chunk's lines hold, before the duplicate-id check. */
  private static final class ParsedChunk {
    final Chunk chunk;
    final LineItems items;
    final List<Claim> claims = new ArrayList<>();
    int[] claimBounds = new int[64];
    final List<RejectedLine> rejected = new ArrayList<>();
    /** The in-scope form of claims (by index in {@link #claims}) whose line shows one. */
    final java.util.Map<Integer, InScopeForm> forms = new java.util.HashMap<>();

    ParsedChunk(Chunk chunk) {
      this.chunk = chunk;
      // room for as many items as the shortest possible item text allows, so it never grows;
      // typical items are longer and trim() then gives the rest back
      this.items = new LineItems(chunk.length / MIN_ITEM_BYTES + 1);
    }

    void addClaim(Claim claim, int start, int end) {
      int k = 2 * claims.size();
      if (k + 2 > claimBounds.length) {
        claimBounds = Arrays.copyOf(claimBounds, 2 * claimBounds.length);
      }
      claimBounds[k] = start;
      claimBounds[k + 1] = end;
      claims.add(claim);
    }

    String claimText(int index) {
      int start = claimBounds[2 * index];
      return new String(chunk.bytes, start, claimBounds[2 * index + 1] - start, StandardCharsets.UTF_8);
    }
  }

  ClaimsFileReader(String label, int chunkBytes, int threads) {
    this.label = label;
    this.chunkBytes = chunkBytes;
    this.threads = threads;
  }

  ClaimsFile.Result read(Path path, LongConsumer bytesRead) throws IOException {
    boolean parallel = threads > 1 && Files.size(path) > chunkBytes;
    ExecutorService pool = parallel ? Executors.newFixedThreadPool(threads, ClaimsFileReader::daemon) : null;
    ArrayDeque<Future<ParsedChunk>> pending = new ArrayDeque<>();
    ArrayDeque<Chunk> unmerged = new ArrayDeque<>();
    long consumed = 0;
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      CompletableFuture<Integer> firstLine = CompletableFuture.completedFuture(1);
      byte[] buffer = buffer(0);
      int filled = 0;
      boolean end = false;
      boolean startOfFile = true;
      while (!end) {
        int n = in.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled));
        end = n < 0;
        filled += Math.max(n, 0);
        if (!end && filled < buffer.length) {
          continue;
        }
        int cut = end ? filled : lastNewline(buffer, filled) + 1;
        if (cut == 0 && !end) {
          buffer = Arrays.copyOf(buffer, 2 * buffer.length);
          continue;
        }
        byte[] next = buffer(filled - cut);
        System.arraycopy(buffer, cut, next, 0, filled - cut);
        if (cut > 0) {
          Chunk chunk = new Chunk(buffer, cut, startOfFile, firstLine);
          startOfFile = false;
          firstLine = chunk.nextFirstLine;
          unmerged.add(chunk);
          if (pool == null) {
            pending.add(CompletableFuture.completedFuture(parse(chunk)));
          } else {
            pending.add(pool.submit(() -> parse(chunk)));
          }
        }
        filled -= cut;
        buffer = next;
        while (pending.size() > (end ? 0 : 4 * threads)) {
          consumed += merge(pending.poll());
          unmerged.poll();
          bytesRead.accept(consumed);
        }
      }
    } finally {
      // a failure leaves no worker waiting for the line number of a chunk it will never get
      for (Chunk c : unmerged) {
        c.nextFirstLine.completeExceptionally(new CancellationException("reading stopped"));
      }
      if (pool != null) {
        pool.shutdownNow();
      }
      readers.remove();
    }
    bytesRead.accept(Files.size(path));
    return new ClaimsFile.Result(claims, rejected);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "claims-reader");
    t.setDaemon(true);
    return t;
  }

  /** A buffer with room for a chunk after {@code carried} bytes of an unfinished line. */
  private byte[] buffer(int carried) {
    if (carried < chunkBytes / 2 && !spareBuffers.isEmpty()) {
      return spareBuffers.pop();
    }
    int size = chunkBytes;
    while (size < 2 * carried) {
      size *= 2;
    }
    return new byte[size];
  }

  private static int lastNewline(byte[] bytes, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Adds a parsed chunk to the result in line order; returns its size in bytes. */
  private int merge(Future<ParsedChunk> future) throws IOException {
    ParsedChunk parsed = await(future);
    int c = 0;
    int r = 0;
    while (c < parsed.claims.size() || r < parsed.rejected.size()) {
      boolean claimFirst = r == parsed.rejected.size()
          || c < parsed.claims.size() && parsed.claims.get(c).line() < parsed.rejected.get(r).rejected().line();
      if (claimFirst) {
        Claim claim = parsed.claims.get(c);
        int earlier = seenIds.putIfAbsent(claim.id(), claim.line());
        InScopeForm shown = parsed.forms.getOrDefault(c, InScopeForm.NONE);
        if (earlier == 0 && shown != InScopeForm.NONE && form != InScopeForm.NONE && shown != form) {
          rejected.add(new Rejected(claim.line(), parsed.claimText(c), List.of(new InputError(label,
              claim.line(), "inscp_scp_amt", shown.describe() + " here, but " + form.describe() + " on line "
              + formLine + ": one file uses one form"))));
        } else if (earlier == 0) {
          if (form == InScopeForm.NONE && shown != InScopeForm.NONE) {
            form = shown;
            formLine = claim.line();
          }
          claims.add(claim);
        } else {
          rejected.add(new Rejected(claim.line(), parsed.claimText(c), List.of(new InputError(label,
              claim.line(), "id", "duplicate claim id \"" + claim.id() + "\" (first on line " + earlier + ")"))));
        }
        c++;
      } else {
        RejectedLine line = parsed.rejected.get(r);
        if (line.claimId() != null) {
          seenIds.putIfAbsent(line.claimId(), line.rejected().line());
        }
        rejected.add(line.rejected());
        r++;
      }
    }
    if (parsed.chunk.bytes.length == chunkBytes) {
      spareBuffers.push(parsed.chunk.bytes);
    }
    return parsed.chunk.length;
  }

  private static ParsedChunk await(Future<ParsedChunk> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading claims", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  private ParsedChunk parse(Chunk chunk) throws IOException {
    LineBounds lines;
    try {
      lines = LineBounds.of(chunk.bytes, chunk.length);
    } catch (RuntimeException | Error e) {
      chunk.nextFirstLine.completeExceptionally(e);
      throw e;
    }
    int firstLine = chunk.firstLine.join();
    chunk.nextFirstLine.complete(firstLine + lines.count());
    ClaimBufferReader fast = readers.get();
    ParsedChunk parsed = new ParsedChunk(chunk);
    byte[] bytes = chunk.bytes;
    for (int i = 0; i < lines.count(); i++) {
      int line = firstLine + i;
      int start = lines.start(i);
      int end = lines.end(i);
      if (chunk.startOfFile && i == 0 && startsWithBom(bytes, start, end)) {
        start += 3;
      }
      String text = null;
      if (lines.ascii(i) ? isBlankAscii(bytes, start, end) : (text = decodeStrictly(bytes, start, end)).isBlank()) {
        continue;
      }
      Claim claim = fast.read(bytes, chunk.length, i, start, end, line, parsed.items);
      if (claim == null) {
        ClaimTreeParser tree = new ClaimTreeParser(label, line);
        if (text == null) {
          text = new String(bytes, start, end - start, StandardCharsets.US_ASCII);
        }
        claim = tree.parse(text);
        if (claim == null) {
          parsed.rejected.add(new RejectedLine(new Rejected(line, text, List.copyOf(tree.errors())), tree.claimId()));
          continue;
        }
        if (tree.form() != InScopeForm.NONE) {
          parsed.forms.put(parsed.claims.size(), tree.form());
        }
      }
      parsed.addClaim(claim, start, end);
    }
    fast.close();
    parsed.items.trim();
    return parsed;
  }

  private static boolean startsWithBom(byte[] bytes, int start, int end) {
    return end - start >= 3 && bytes[start] == (byte) 0xEF && bytes[start + 1] == (byte) 0xBB
        && bytes[start + 2] == (byte) 0xBF;
  }

  /** As {@link String#isBlank} for ASCII text: only characters that are Java whitespace. */
  private static boolean isBlankAscii(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b != ' ' && (b < 0x09 || b > 0x0D) && (b < 0x1C || b > 0x1F)) {
        return false;
      }
    }
    return true;
  }

  /** The text of a line, failing as a decoding reader would on bytes that are not UTF-8. */
  private static String decodeStrictly(byte[] bytes, int start, int end) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, start, end - start))
        .toString();
  }
}
