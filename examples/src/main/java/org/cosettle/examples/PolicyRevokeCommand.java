package org.cosettle.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.admission.AdmissionException;
import org.cosettle.platform.admission.RevocationList;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cosettle policy revoke}: the regulator adds a policy to its signed revocation list. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke an admitted policy as the regulator: add its hash to the signed revocation list "
        + "(created when absent; an existing list must carry this regulator's signature) and sign the list again."})
final class PolicyRevokeCommand implements Callable<Integer> {
  @CommandLine.Mixin IdentityOptions identity = new IdentityOptions();
  @Option(names = "--list", required = true, paramLabel = "LIST.json", description = "the revocation list to extend or create")
  Path listPath;
  @CommandLine.ArgGroup(exclusive = true, multiplicity = "1") Target target;
  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, in words") String reason;
  @Option(names = "--from", paramLabel = "DATE", description = "when the revocation takes effect (default: now)")
  String from;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The policy to revoke: by envelope or by hash. */
  static final class Target {
    @Option(names = "--envelope", paramLabel = "ENVELOPE.json", description = "the policy's envelope") Path envelope;
    @Option(names = "--policy-sm3", paramLabel = "HEX", description = "the policy hash (SM3 of its canonical text)")
    String sm3;
  }

  @Override
  public Integer call() throws Exception {
    Instant now = Instant.now();
    Instant effective;
    try {
      effective = from == null ? now : Times.parseDateOrTime(from, false);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (target.sm3 != null && !target.sm3.matches("[0-9a-f]{64}")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--policy-sm3 takes 64 lower-case hex digits");
    }
    RevocationList list;
    try {
      PartyIdentity regulator = identity.read(now);
      String sm3 = target.sm3 != null ? target.sm3 : TrustFiles.envelope(target.envelope).statement().policySm3();
      RevocationList.Entry entry = new RevocationList.Entry(sm3, effective, reason);
      if (Files.exists(listPath)) {
        RevocationList old = TrustFiles.revocations(listPath);
        old.requireSignedBy(regulator.certificate(), now);
        if (old.entries().stream().anyMatch(e -> e.policySm3().equals(sm3))) {
          return TrustFiles.refuse(spec.commandLine().getErr(), "cosettle policy revoke: " + listPath, sm3 + " is already listed");
        }
        list = old.with(entry, regulator, now);
      } else {
        list = RevocationList.sign(List.of(entry), regulator, now);
      }
    } catch (InputException e) {
      return TrustFiles.fail(spec.commandLine().getErr(), e);
    } catch (AdmissionException e) {
      return TrustFiles.refuse(spec.commandLine().getErr(), "cosettle policy revoke: " + listPath, e.getMessage());
    }
    KeyFiles.writeAtomically(listPath, list.text().getBytes(StandardCharsets.UTF_8), false);
    spec.commandLine().getOut().println("revoked " + list.entries().get(list.entries().size() - 1).policySm3()
        + " from " + Times.format(effective) + "; " + listPath + " lists " + list.entries().size() + " policies");
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
