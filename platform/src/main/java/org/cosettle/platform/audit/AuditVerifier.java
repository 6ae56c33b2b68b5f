package org.cosettle.platform.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.sm2.Sm2Certificate;

/**
 * Verifies an audit log: the chain (a changed byte, a deleted, inserted or moved entry breaks the
 * link at the next line), each checkpoint's signature under the trusted platform certificate, and,
 * given the last exported anchor, that nothing was cut off or rewritten at the end.
 *
 * <pre>{@code
 * AuditVerifier.Report r = AuditVerifier.verify(path, platformCert, Anchor.parse("42:3fa2…"));
 * if (!r.ok()) r.problems().forEach(System.err::println);
 * }</pre>
 */
public final class AuditVerifier {
  /**
   * The outcome: entries read, checkpoints verified, index of the last checkpoint (−1: none),
   * how many entries follow it (signed by nothing but the anchor), the problems, and the length
   * of a torn tail left by a crash (not part of the chain; the next writer removes it).
   */
  public record Report(long entries, int checkpoints, long lastCheckpoint, long unsignedTail, boolean anchorChecked,
      List<AuditProblem> problems, int tornTailBytes) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private AuditVerifier() {}

  /** {@code anchor} may be null (then truncation at the end cannot be detected). */
  public static Report verify(Path log, Sm2Certificate trusted, Anchor anchor) throws IOException {
    return verify(Files.readAllBytes(log), trusted, anchor);
  }

  /**
   * The anchor to export for the log's complete entries (a torn tail does not count), or null for
   * an empty log; a log whose chain is broken has no anchor.
   */
  public static Anchor anchorOf(Path log) throws IOException, AuditException {
    AuditChain.Scan scan = AuditChain.scan(Files.readAllBytes(log));
    if (!scan.problems().isEmpty()) {
      throw new AuditException(log.toString(), scan.problems());
    }
    return scan.entries().isEmpty() ? null : new Anchor(scan.entries().size(), scan.head());
  }

  static Report verify(byte[] content, Sm2Certificate trusted, Anchor anchor) {
    AuditChain.Scan scan = AuditChain.scan(content);
    List<AuditProblem> problems = new ArrayList<>(scan.problems());
    List<AuditEntry> entries = scan.entries();
    int checkpoints = 0;
    long last = -1;
    for (AuditEntry e : entries) {
      if (e.type().equals("checkpoint")) {
        String problem = Checkpoints.problem(e, trusted);
        if (problem != null) {
          problems.add(new AuditProblem(e.line(), e.index(), problem));
        } else {
          checkpoints++;
          last = e.index();
        }
      } else if (e.json().has("signature") || e.json().has("signer")) {
        problems.add(new AuditProblem(e.line(), e.index(), "only a checkpoint carries a signer and a signature; "
            + "this entry's type was changed"));
      }
    }
    if (anchor != null) {
      if (entries.size() < anchor.entries()) {
        problems.add(new AuditProblem(entries.size() + 1, entries.size(), "truncated: the anchor covers "
            + anchor.entries() + " events, the log has " + entries.size()));
      } else {
        AuditEntry anchored = entries.get((int) anchor.entries() - 1);
        if (!anchored.hash().equals(anchor.lastHash())) {
          problems.add(new AuditProblem(anchored.line(), anchored.index(), "does not match the anchor: this event, "
              + "or one before it, was changed"));
        }
      }
    }
    problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return new Report(entries.size(), checkpoints, last, entries.size() - 1 - last, anchor != null,
        List.copyOf(problems), scan.tornTail().length);
  }
}
