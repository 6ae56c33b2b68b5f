package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.audit.Anchor;
import org.cosettle.platform.audit.AuditException;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.audit.AuditProblem;
import org.cosettle.platform.audit.AuditVerifier;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle audit}: verify, anchor and checkpoint the SM3-chained audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"The tamper-evident audit log: verify it, print its anchor (what a blockchain stores), or "
        + "append a signed checkpoint."},
    subcommands = {AuditCommand.Verify.class, AuditCommand.AnchorCommand.class, AuditCommand.Checkpoint.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify, anchor or checkpoint");
  }

  /** {@code cosettle audit verify LOG --trust CERT [--anchor N:HEX]}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify the chain, every checkpoint's signature under the platform's certificate and, given "
          + "the last exported anchor, that nothing was cut off or rewritten at the end. Every problem is "
          + "printed with its line and event index."})
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOG.jsonl", description = "the audit log") Path logPath;
    @Option(names = "--trust", required = true, paramLabel = "PLATFORM_CERT.pem",
        description = "the certificate of the platform that signs checkpoints") Path trustPath;
    @Option(names = "--anchor", paramLabel = "N:HEX", description = "the last anchor exported (cosettle audit anchor)")
    String anchorText;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Anchor anchor;
      try {
        anchor = anchorText == null ? null : Anchor.parse(anchorText);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (!Files.exists(logPath)) {
        throw new NoSuchFileException(logPath.toString());
      }
      AuditVerifier.Report r;
      try {
        r = AuditVerifier.verify(logPath, KeyFiles.readCertificate(trustPath), anchor);
      } catch (InputException e) {
        InputErrors.print(err, e.errors());
        err.flush();
        return Main.INPUT_ERROR;
      }
      for (AuditProblem p : r.problems()) {
        err.println(logPath + ": " + p);
      }
      if (r.tornTailBytes() > 0) {
        err.println(logPath + ": note: " + r.tornTailBytes() + " byte(s) after the last complete line: an append "
            + "interrupted by a crash, not part of the chain; the next writer removes it and records a recovery event");
      }
      if (!r.ok()) {
        err.println(logPath + ": NOT VERIFIED (" + r.problems().size() + " problem(s))");
        err.flush();
        return Main.INPUT_ERROR;
      }
      out.println(logPath + ": verified: " + r.entries() + " events chained, " + r.checkpoints() + " signed checkpoint(s)"
          + (r.lastCheckpoint() >= 0 ? ", the last at event " + r.lastCheckpoint() : ""));
      if (r.unsignedTail() > 0) {
        out.println(r.unsignedTail() + " event(s) after the last checkpoint: "
            + (r.anchorChecked() ? "covered by the anchor" : "covered by no signature; pass --anchor to check them"));
      }
      if (!r.anchorChecked()) {
        out.println("no anchor given: events cut off at the end cannot be detected");
      }
      out.flush();
      err.flush();
      return Main.OK;
    }
  }

  /** {@code cosettle audit anchor LOG}. */
  @Command(name = "anchor", mixinStandardHelpOptions = true,
      description = {"Print the log's anchor, N:HEX (the number of events and the SM3 hash of the last), to store "
          + "on a blockchain or elsewhere outside the platform's reach. A broken log has no anchor."})
  static final class AnchorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOG.jsonl", description = "the audit log") Path logPath;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try {
        Anchor anchor = AuditVerifier.anchorOf(logPath);
        if (anchor == null) {
          spec.commandLine().getErr().println(logPath + ": the log is empty; there is nothing to anchor");
          spec.commandLine().getErr().flush();
          return Main.INPUT_ERROR;
        }
        spec.commandLine().getOut().println(anchor);
        spec.commandLine().getOut().flush();
        return Main.OK;
      } catch (AuditException e) {
        spec.commandLine().getErr().println(e.getMessage());
        spec.commandLine().getErr().flush();
        return Main.INPUT_ERROR;
      }
    }
  }

  /** {@code cosettle audit checkpoint LOG --key K --cert C}. */
  @Command(name = "checkpoint", mixinStandardHelpOptions = true,
      description = {"Append a checkpoint signed by the platform now (checkpoints are also written every "
          + TrustOptions.CHECKPOINT_EVERY + " events by cosettle run --audit)."})
  static final class Checkpoint implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOG.jsonl", description = "the audit log") Path logPath;
    @CommandLine.Mixin IdentityOptions identity = new IdentityOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try {
        PartyIdentity platform = identity.read(Instant.now());
        try (AuditLog log = AuditLog.open(logPath, platform, TrustOptions.CHECKPOINT_EVERY, Instant::now)) {
          log.checkpoint();
          spec.commandLine().getOut().println("checkpoint appended; anchor " + log.anchor());
        }
        spec.commandLine().getOut().flush();
        return Main.OK;
      } catch (InputException e) {
        return TrustFiles.fail(spec.commandLine().getErr(), e);
      } catch (AuditException e) {
        spec.commandLine().getErr().println(e.getMessage());
        spec.commandLine().getErr().flush();
        return Main.INPUT_ERROR;
      }
    }
  }
}
