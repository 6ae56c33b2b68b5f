package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunked, multi-threaded reading gives what reading line by line gives, byte for byte. */
class ClaimsFileReaderTest {
  @TempDir Path dir;

  static final String GOOD = ClaimsFileTest.GOOD;

  /** Reading as it was done before chunks: one line after the other, each through the tree. */
  static ClaimsFile.Result lineByLine(Path path, String label) throws IOException {
    List<Claim> claims = new ArrayList<>();
    List<ClaimsFile.Rejected> rejected = new ArrayList<>();
    Map<String, Integer> seenIds = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String text;
      int lineNo = 0;
      while ((text = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        ClaimTreeParser p = new ClaimTreeParser(label, lineNo);
        Claim c = p.parse(text);
        List<InputError> errors = new ArrayList<>(p.errors());
        if (c != null) {
          Integer earlier = seenIds.putIfAbsent(c.id(), lineNo);
          if (earlier != null) {
            errors.add(new InputError(label, lineNo, "id", "duplicate claim id \"" + c.id() + "\" (first on line " + earlier + ")"));
            c = null;
          }
        } else if (p.claimId() != null) {
          seenIds.putIfAbsent(p.claimId(), lineNo);
        }
        if (c != null) {
          claims.add(c);
        } else {
          rejected.add(new ClaimsFile.Rejected(lineNo, text, List.copyOf(errors)));
        }
      }
    }
    return new ClaimsFile.Result(claims, rejected);
  }

  static String claim(int n) {
    return GOOD.replace("\"C1\"", "\"C" + n + "\"").replace("\"P1\"", "\"P" + (n % 7) + "\"");
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private Path manyClaims(int count, String lineEnd) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      sb.append(claim(i)).append(lineEnd);
    }
    return write("many.jsonl", sb.toString());
  }

  /** Reads with several chunk sizes and thread counts and expects the line-by-line result. */
  private void assertSameAsLineByLine(Path p, int... chunkSizes) throws IOException {
    ClaimsFile.Result expected = lineByLine(p, "claims.jsonl");
    for (int chunk : chunkSizes) {
      for (int threads : new int[] {1, 3}) {
        ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl", n -> {}, chunk, threads);
        assertEquals(expected, r, "chunk " + chunk + ", threads " + threads);
      }
    }
  }

  @Test
  void everyChunkSizeGivesTheLineByLineResult() throws IOException {
    Path p = manyClaims(40, "\n");
    int[] sizes = new int[25];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1 + 211 * i;
    }
    assertSameAsLineByLine(p, sizes);
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl", n -> {}, 700, 3);
    assertEquals(40, r.claims().size());
    assertEquals(40, r.claims().get(39).line());
    assertEquals("C40", r.claims().get(39).id());
  }

  @Test
  void badLineInTheMiddleOfALargeFileIsLocated() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      String line = claim(i);
      if (i == 1777) {
        line = line.replace("\"hospital_level\":3", "\"hospital_level\":7");
      }
      sb.append(line).append('\n');
    }
    Path p = write("large.jsonl", sb.toString());
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl", n -> {}, 4096, 2);
    assertEquals(2999, r.claims().size());
    assertEquals(1, r.rejected().size());
    assertEquals(1777, r.rejected().get(0).line());
    assertEquals("claims.jsonl:1777: hospital_level: value 7 out of bounds 1..3",
        r.rejected().get(0).errors().get(0).toString());
    assertEquals(1778, r.claims().get(1776).line());
    assertEquals(lineByLine(p, "claims.jsonl"), r);
  }

  @Test
  void duplicateIdAcrossChunksIsReportedOnTheLaterLineWithItsText() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      sb.append(claim(i == 150 ? 5 : i)).append('\n');
    }
    Path p = write("dup.jsonl", sb.toString());
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl", n -> {}, 2048, 3);
    assertEquals(199, r.claims().size());
    ClaimsFile.Rejected dup = r.rejected().get(0);
    assertEquals("claims.jsonl:150: id: duplicate claim id \"C5\" (first on line 5)", dup.errors().get(0).toString());
    assertEquals(claim(5), dup.text());
    assertSameAsLineByLine(p, 2048, 100_000);
  }

  @Test
  void idOfARejectedLineStillCountsForLaterDuplicates() throws IOException {
    String bad = claim(9).replace("\"hospital_level\":3", "\"hospital_level\":0");
    Path p = write("c.jsonl", claim(1) + "\n" + bad + "\n" + claim(2) + "\n" + claim(9) + "\n");
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl", n -> {}, 64, 2);
    assertEquals(List.of("claims.jsonl:2: hospital_level: value 0 out of bounds 1..3",
            "claims.jsonl:4: id: duplicate claim id \"C9\" (first on line 2)"),
        r.rejected().stream().map(x -> x.errors().get(0).toString()).toList());
    assertSameAsLineByLine(p, 64, 1 << 20);
  }

  @Test
  void byteOrderMarkIsSkippedOnTheFirstLineOnly() throws IOException {
    Path p = write("bom.jsonl", "\uFEFF" + claim(1) + "\n\uFEFF" + claim(2) + "\n");
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl");
    assertEquals(1, r.claims().size());
    assertEquals(2, r.rejected().get(0).line());
    assertTrue(r.rejected().get(0).errors().get(0).toString().startsWith("claims.jsonl:2: malformed JSON"));
    assertSameAsLineByLine(p, 16, 1 << 20);
  }

  @Test
  void blankLinesAreSkippedButCounted() throws IOException {
    Path p = write("blank.jsonl", "\n   \n" + claim(1) + "\n\t \u000B\u001F\n\n" + claim(2) + "\n\u3000\n \n");
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl");
    assertEquals(List.of(3, 6), r.claims().stream().map(Claim::line).toList());
    assertEquals(List.of(), r.rejected());
    assertSameAsLineByLine(p, 8, 1 << 20);
  }

  @Test
  void crlfAndLoneCrEndLinesAsReadLineDoes() throws IOException {
    Path crlf = manyClaims(30, "\r\n");
    ClaimsFile.Result r = ClaimsFile.read(crlf, "claims.jsonl", n -> {}, 500, 2);
    assertEquals(30, r.claims().size());
    assertEquals(30, r.claims().get(29).line());
    int[] sizes = new int[25];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1 + 89 * i;
    }
    assertSameAsLineByLine(crlf, sizes);
    Path mixed = write("mixed.jsonl", claim(1) + "\r" + claim(2) + "\r\n\r" + claim(3) + "\n\r\n" + claim(4));
    ClaimsFile.Result m = ClaimsFile.read(mixed, "claims.jsonl", n -> {}, 64, 2);
    assertEquals(List.of(1, 2, 4, 6), m.claims().stream().map(Claim::line).toList());
    assertSameAsLineByLine(mixed, 7, 64, 1 << 20);
  }

  @Test
  void aLineLongerThanAChunkIsReadWhole() throws IOException {
    StringBuilder items = new StringBuilder();
    String item = "{\"code\":\"A\",\"category\":\"01\",\"amount\":\"1.00\",\"full_self_pay\":\"0.00\","
        + "\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\",\"in_scope\":\"1.00\",\"special_drug\":false}";
    for (int i = 0; i < Bounds.MAX_ITEMS; i++) {
      items.append(i == 0 ? "" : ",").append(item);
    }
    String head = "{\"id\":\"L%d\",\"insured_id\":\"P1\",\"visit_type\":\"INPATIENT\",\"hospital_level\":3,"
        + "\"admission_date\":\"2026-03-01\",\"discharge_date\":\"2026-03-10\",\"diagnosis\":\"C34.9\","
        + "\"patient\":{\"age\":63,\"sex\":\"M\"},\"total\":\"%s\",\"full_self_pay\":\"0.00\","
        + "\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\",\"in_scope\":\"%<s\","
        + "\"fund_paid\":\"%<s\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
        + "\"account_paid\":\"0.00\",\"cash_paid\":\"0.00\",\"items\":[";
    String full = String.format(head, 1, "10000.00") + items + "]}";
    String tooMany = String.format(head, 2, "10001.00") + items + "," + item + "]}";
    Path p = write("long.jsonl", claim(7) + "\n" + full + "\n" + tooMany + "\n" + claim(8) + "\n");
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl", n -> {}, 4096, 2);
    assertEquals(List.of("C7", "L1", "C8"), r.claims().stream().map(Claim::id).toList());
    assertEquals(Bounds.MAX_ITEMS, r.claims().get(1).items().size());
    assertEquals("claims.jsonl:3: items: 10001 items, more than the 10000 allowed",
        r.rejected().get(0).errors().get(0).toString());
    assertEquals(lineByLine(p, "claims.jsonl"), r);
  }

  @Test
  void invalidUtf8FailsTheReadAsADecodingReaderDoes() throws IOException {
    byte[] good = (claim(1) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = claim(2).replace("C34.9", "C34.\u00e9").getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[bad.length - 1];
    int cut = new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9');
    System.arraycopy(bad, 0, broken, 0, cut + 1);
    System.arraycopy(bad, cut + 2, broken, cut + 1, bad.length - cut - 2);
    Path p = dir.resolve("utf8.jsonl");
    Files.write(p, concat(good, broken));
    assertThrows(MalformedInputException.class, () -> lineByLine(p, "claims.jsonl"));
    // the same failure, with the file's name (ReadFailures)
    FileSystemException named = assertThrows(FileSystemException.class,
        () -> ClaimsFile.read(p, "claims.jsonl", n -> {}, 64, 2));
    assertEquals(p + ": not UTF-8 text", named.getMessage());
    assertInstanceOf(MalformedInputException.class, named.getCause());
    Path fine = dir.resolve("fine.jsonl");
    Files.write(fine, concat(good, bad));
    ClaimsFile.Result r = ClaimsFile.read(fine, "claims.jsonl");
    assertEquals("C34.\u00e9", r.claims().get(1).diagnosis());
  }

  @Test
  void progressIsReportedOnTheCallingThreadUpToTheFileSize() throws IOException {
    Path p = manyClaims(50, "\n");
    AtomicLong last = new AtomicLong(-1);
    Thread caller = Thread.currentThread();
    ClaimsFile.read(p, "claims.jsonl", n -> {
      assertEquals(caller, Thread.currentThread());
      assertTrue(n >= last.get());
      last.set(n);
    }, 1024, 2);
    assertEquals(Files.size(p), last.get());
  }

  @Test
  void fileOfMutatedLinesReadsAsLineByLine() throws IOException {
    java.util.Random random = new java.util.Random(7);
    String[] ends = {"\n", "\n", "\n", "\r\n", "\r", "\n \n", "\n\u000B\n", "\n\n"};
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 600; i++) {
      String line = claim(i % 450);
      if (random.nextInt(4) == 0) {
        line = ClaimStreamParserTest.mutate(line, random);
      }
      sb.append(line).append(ends[random.nextInt(ends.length)]);
    }
    Path p = write("mutated.jsonl", sb.toString());
    ClaimsFile.Result expected = lineByLine(p, "claims.jsonl");
    assertTrue(expected.claims().size() > 300 && expected.rejected().size() > 100, expected.rejected().size() + " rejected");
    assertSameAsLineByLine(p, 3000, 1 << 20);
  }

  @Test
  void aLineIsGoodOnlyIfItsObjectIsAloneOnIt() throws IOException {
    String split = claim(3).replace(",\"items\":", ",\n\"items\":");
    Path p = write("shared.jsonl", claim(1) + " " + claim(2) + "\n" + claim(4) + "x\n" + split + "\n"
        + claim(5) + " \t\n" + claim(6) + "\n}\n" + claim(7) + "\n\f\n" + claim(8) + "\n[" + claim(9) + "]\n");
    ClaimsFile.Result r = ClaimsFile.read(p, "claims.jsonl");
    assertEquals(List.of("C5", "C6", "C7", "C8"), r.claims().stream().map(Claim::id).toList());
    assertEquals(List.of(1, 2, 3, 4, 7, 11), r.rejected().stream().map(ClaimsFile.Rejected::line).toList());
    assertEquals("claims.jsonl:1: malformed JSON: more than one value on the line", r.rejected().get(0).errors().get(0).toString());
    assertSameAsLineByLine(p, 1 << 20);
  }

  @Test
  void emptyFileHasNoClaims() throws IOException {
    Path p = write("empty.jsonl", "");
    assertEquals(new ClaimsFile.Result(List.of(), List.of()), ClaimsFile.read(p, "claims.jsonl"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
