package org.cosettle.platform.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.cosettle.platform.trust.TestParties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path tmp;
  final PartyIdentity platform = TestParties.identity(Role.PLATFORM, "platform");

  /** A clock that ticks one second per reading. */
  static Supplier<Instant> ticking() {
    Instant[] t = {TestParties.NOW};
    return () -> t[0] = t[0].plusSeconds(1);
  }

  static ObjectNode run(int batch) {
    return AuditEvents.run(new AuditEvents.Run(Digests.sm3("policy"), "top-up", 3, Digests.sm3("manifest"),
        Digests.sm3("batch " + batch), 120, 4, Map.of("insurer", "INS-01", "platform", "CN=platform"),
        new TreeSet<>(List.of("CN-1", "CN-2")), Map.of("results", Digests.sm3("r" + batch)), null, false));
  }

  /** A short event, to keep the byte-by-byte tests quick. */
  static ObjectNode small(int i) {
    ObjectNode o = org.cosettle.platform.trust.CanonicalJson.object();
    o.put("batch_sm3", Digests.sm3("batch " + i));
    return o;
  }

  Path log(int events, int every, boolean checkpointAtEnd) throws Exception {
    Path p = tmp.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(p, platform, every, ticking())) {
      for (int i = 0; i < events; i++) {
        log.append(events <= 2 ? "note" : "run", events <= 2 ? small(i) : run(i));
      }
      if (checkpointAtEnd) {
        log.checkpoint();
      }
    }
    return p;
  }

  AuditVerifier.Report verify(Path p, Anchor anchor) throws IOException {
    return AuditVerifier.verify(p, platform.certificate(), anchor);
  }

  static Anchor anchorOf(Path p) throws IOException {
    AuditChain.Scan scan = AuditChain.scan(Files.readAllBytes(p));
    return new Anchor(scan.entries().size(), scan.head());
  }

  static List<String> lines(Path p) throws IOException {
    return new ArrayList<>(Files.readAllLines(p, StandardCharsets.UTF_8));
  }

  @Test
  void eventsAreChainedAndCheckpointedEveryNEvents() throws Exception {
    Path p = log(5, 3, false);
    List<String> lines = lines(p);
    assertEquals(6, lines.size());
    assertTrue(lines.get(0).contains("\"prev\":\"" + "0".repeat(64) + "\""), lines.get(0));
    assertTrue(lines.get(1).contains("\"prev\":\"" + Digests.sm3(lines.get(0)) + "\""), lines.get(1));
    assertTrue(lines.get(3).contains("\"type\":\"checkpoint\""), lines.get(3));
    AuditVerifier.Report r = verify(p, anchorOf(p));
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(6, r.entries());
    assertEquals(1, r.checkpoints());
    assertEquals(3, r.lastCheckpoint());
    assertEquals(2, r.unsignedTail());
    assertFalse(lines.get(0).contains("\"claims\":["), "no data in events");
  }

  @Test
  void everyChangedByteIsFoundWithTheAnchorAndUpToTheLastCheckpointWithout() throws Exception {
    Path p = log(2, 100, true);
    Anchor anchor = anchorOf(p);
    byte[] bytes = Files.readAllBytes(p);
    List<Integer> missed = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      byte[] copy = bytes.clone();
      copy[i] ^= (byte) (i % 2 == 0 ? 0x01 : 0x20);
      // the anchor only adds checks, so what fails without it fails with it; without it only a
      // cut-off final newline (the last checkpoint becomes a torn tail) passes
      boolean last = i == bytes.length - 1;
      if (AuditVerifier.verify(copy, platform.certificate(), null).ok() != last
          || (last && AuditVerifier.verify(copy, platform.certificate(), anchor).ok())) {
        missed.add(i);
      }
    }
    assertEquals(List.of(), missed);
  }

  @Test
  void deletedInsertedMovedAndReversedEventsAreLocated() throws Exception {
    Path p = log(4, 100, true);
    List<String> original = lines(p);

    List<String> deleted = new ArrayList<>(original);
    deleted.remove(1);
    assertEquals("line 2 (event 1): carries seq 2 where event 1 belongs: an event was inserted, deleted or moved",
        firstProblem(deleted));

    List<String> inserted = new ArrayList<>(original);
    inserted.add(2, original.get(1));
    assertEquals("line 3 (event 2): carries seq 1 where event 2 belongs: an event was inserted, deleted or moved",
        firstProblem(inserted));

    List<String> swapped = new ArrayList<>(original);
    Collections.swap(swapped, 1, 2);
    assertEquals("line 2 (event 1): carries seq 2 where event 1 belongs: an event was inserted, deleted or moved",
        firstProblem(swapped));

    List<String> reversed = new ArrayList<>(original);
    Collections.reverse(reversed);
    assertEquals("line 1 (event 0): carries seq 4 where event 0 belongs: an event was inserted, deleted or moved",
        firstProblem(reversed));

    List<String> changed = new ArrayList<>(original);
    changed.set(1, original.get(1).replace("\"claims_evaluated\":120", "\"claims_evaluated\":121"));
    assertEquals("line 3 (event 2): 'prev' is not the SM3 hash of line 2: line 2 was changed, or an event was "
        + "deleted, inserted or moved here", firstProblem(changed));
  }

  private String firstProblem(List<String> lines) throws IOException {
    Path p = tmp.resolve("edited.jsonl");
    Files.write(p, lines, StandardCharsets.UTF_8);
    AuditVerifier.Report r = verify(p, null);
    assertFalse(r.ok());
    return r.problems().get(0).toString();
  }

  @Test
  void truncationIsFoundOnlyAgainstTheAnchor() throws Exception {
    Path p = log(5, 100, false);
    Anchor anchor = anchorOf(p);
    List<String> lines = lines(p);
    Files.write(p, lines.subList(0, 4), StandardCharsets.UTF_8);
    assertTrue(verify(p, null).ok());
    AuditVerifier.Report r = verify(p, anchor);
    assertEquals("line 5 (event 4): truncated: the anchor covers 5 events, the log has 4", r.problems().get(0).toString());

    // cut and regrown to the anchored length: the anchored event differs
    try (AuditLog log = AuditLog.open(p, platform, 100, ticking())) {
      log.append("run", run(99));
    }
    assertEquals("line 5 (event 4): does not match the anchor: this event, or one before it, was changed",
        verify(p, anchor).problems().get(0).toString());
  }

  @Test
  void aCrashAtAnyByteOfAnAppendIsRecoveredWithoutBreakingTheChain() throws Exception {
    Path p = log(3, 2, false);
    byte[] committed = Files.readAllBytes(p);
    Anchor anchor = anchorOf(p);
    try (AuditLog log = AuditLog.open(p, platform, 100, ticking())) {
      log.append("note", small(7));
    }
    byte[] last = Arrays.copyOfRange(Files.readAllBytes(p), committed.length, (int) Files.size(p));
    for (int cut = 0; cut < last.length; cut++) {
      byte[] crashed = concat(committed, Arrays.copyOf(last, cut));
      Path c = tmp.resolve("crashed.jsonl");
      Files.write(c, crashed);
      assertEquals(cut, AuditVerifier.verify(c, platform.certificate(), anchor).tornTailBytes());
      try (AuditLog log = AuditLog.open(c, platform, 100, ticking())) {
        List<AuditEntry> entries = log.entries();
        if (cut == 0) {
          assertEquals(4, entries.size());
        } else {
          AuditEntry recovery = entries.get(entries.size() - 1);
          assertEquals("recovery", recovery.type());
          assertEquals(cut, recovery.json().get("discarded_bytes").asLong());
          assertEquals(Digests.sm3(Arrays.copyOf(last, cut)), recovery.text("discarded_sm3"));
        }
        log.append("note", small(8));
      }
      byte[] after = Files.readAllBytes(c);
      assertArrayEquals(committed, Arrays.copyOf(after, committed.length), "committed entries untouched");
      AuditVerifier.Report r = AuditVerifier.verify(c, platform.certificate(), anchor);
      assertTrue(r.ok() && r.tornTailBytes() == 0, "cut " + cut + ": " + r.problems());
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aBrokenLogIsRefusedAndLeftAsItWas() throws Exception {
    Path p = log(3, 100, false);
    List<String> lines = lines(p);
    lines.set(0, lines.get(0).replace("top-up", "top-uq"));
    Files.write(p, lines, StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(p);
    AuditException e = assertThrows(AuditException.class, () -> AuditLog.open(p, platform, 100, ticking()));
    assertEquals(2, e.problems().get(0).line());
    assertArrayEquals(before, Files.readAllBytes(p));
  }

  @Test
  void aSettledBatchIsFoundByBatchAndPolicyHash() throws Exception {
    Path p = log(3, 100, false);
    try (AuditLog log = AuditLog.open(p, platform, 100, ticking())) {
      assertEquals(1, log.previousRun(Digests.sm3("batch 1"), Digests.sm3("policy")).orElseThrow().index());
      assertTrue(log.previousRun(Digests.sm3("batch 1"), Digests.sm3("other policy")).isEmpty());
      assertTrue(log.previousRun(Digests.sm3("batch 9"), Digests.sm3("policy")).isEmpty());
    }
  }

  @Test
  void aCheckpointRenamedToAnotherTypeIsFound() throws Exception {
    Path p = log(2, 100, true);
    List<String> lines = lines(p);
    lines.set(2, lines.get(2).replace("\"type\":\"checkpoint\"", "\"type\":\"checkpoinu\""));
    assertEquals("line 3 (event 2): only a checkpoint carries a signer and a signature; this entry's type was changed",
        firstProblem(lines));
  }

  @Test
  void checkpointsByAnotherKeyAreNotTrusted() throws Exception {
    Path p = log(2, 100, true);
    PartyIdentity other = TestParties.identity(Role.PLATFORM, "other");
    AuditVerifier.Report r = AuditVerifier.verify(p, other.certificate(), null);
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).toString().startsWith("line 3 (event 2): checkpoint signed by key "
        + platform.certificate().publicKey().fingerprint() + ", not the trusted key"), r.problems().toString());
  }

  @Test
  void oneWriterAtATime() throws Exception {
    Path p = tmp.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(p, platform, 100, ticking())) {
      IOException e = assertThrows(IOException.class, () -> AuditLog.open(p, platform, 100, ticking()));
      assertTrue(e.getMessage().endsWith("in use by another writer"), e.getMessage());
    }
    try (AuditLog log = AuditLog.open(p, platform, 100, ticking())) {
      assertThrows(IllegalArgumentException.class, () -> log.append("checkpoint", small(1)));
      assertThrows(IllegalArgumentException.class, () -> log.append("Run", small(1)));
      assertThrows(IllegalArgumentException.class, () -> log.append("note", small(1).put("signature", "00")));
      assertEquals(0, log.entries().size());
    }
  }
}
