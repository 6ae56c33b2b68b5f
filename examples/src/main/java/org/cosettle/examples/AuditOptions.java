package org.cosettle.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.platform.audit.AuditException;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.audit.AuditProblem;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --audit LOG --audit-key KEY --audit-cert CERT} for the platform commands that do not
 * settle (reconcile, clear): after their outputs are written, an event with the digests of
 * their inputs and outputs is appended to the audit chain (never the records themselves).
 */
final class AuditOptions {
  @Option(names = "--audit", paramLabel = "LOG.jsonl", description = "append this operation to the audit log")
  Path auditPath;
  @Option(names = "--audit-key", paramLabel = "KEY.pem", description = "the platform's key, signing audit checkpoints")
  Path auditKey;
  @Option(names = "--audit-cert", paramLabel = "CERT.pem", description = "the platform's certificate") Path auditCert;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec mixee;

  /** Refuses half-given options before any work is done. */
  void checkUsage() {
    if (auditPath != null && (auditKey == null || auditCert == null)) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "--audit needs --audit-key and --audit-cert (the platform signs checkpoints)");
    }
    if (auditPath == null && (auditKey != null || auditCert != null)) {
      throw new CommandLine.ParameterException(mixee.commandLine(), "--audit-key and --audit-cert need --audit");
    }
  }

  /** A new event body for {@link #append}. */
  static ObjectNode fields() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Appends one event when {@code --audit} was given. */
  void append(String type, ObjectNode fields) throws IOException, InputException {
    if (auditPath == null) {
      return;
    }
    PartyIdentity platform = KeyFiles.readIdentity(auditKey, auditCert, Instant.now());
    try (AuditLog log = open(auditPath, platform)) {
      fields.put("platform", platform.certificate().subject());
      log.append(type, fields);
    }
  }

  /** Opens the chain, turning every problem it finds into a located error. */
  static AuditLog open(Path auditPath, PartyIdentity platform) throws IOException, InputException {
    try {
      return AuditLog.open(auditPath, platform, TrustOptions.CHECKPOINT_EVERY, Instant::now);
    } catch (AuditException e) {
      List<InputError> errors = new ArrayList<>();
      for (AuditProblem p : e.problems()) {
        errors.add(new InputError(auditPath.toString(), p.line(), "", "event " + p.index() + ": " + p.message()));
      }
      errors.add(new InputError(auditPath.toString(), 0, "", "the audit log is broken (see cosettle audit verify)"));
      throw new InputException(errors);
    }
  }
}
