package org.cosettle.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.admission.PolicyEnvelope;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle policy sign}: the insurer signs a policy into a new envelope. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Sign a policy as the insurer: SM2 over the hash of its canonical text (UTF-8, \\n line "
        + "endings, trailing blanks removed), its name, version and validity window. Writes a new envelope."})
final class PolicySignCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy (it must compile)") Path policyPath;
  @CommandLine.Mixin IdentityOptions identity = new IdentityOptions();
  @Option(names = "--out", required = true, paramLabel = "ENVELOPE.json", description = "where to write the envelope")
  Path outPath;
  @Option(names = "--valid-from", paramLabel = "DATE", description = "first day (UTC) the policy may run (default: now)")
  String validFrom;
  @Option(names = "--valid-until", paramLabel = "DATE",
      description = "last day (UTC) the policy may run (default: when the insurer's certificate expires)")
  String validUntil;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Instant now = Instant.now();
    Instant from;
    Instant until;
    try {
      from = validFrom == null ? now : Times.parseDateOrTime(validFrom, false);
      until = validUntil == null ? null : Times.parseDateOrTime(validUntil, true);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PartyIdentity insurer;
    try {
      insurer = identity.read(now);
    } catch (InputException e) {
      return TrustFiles.fail(spec.commandLine().getErr(), e);
    }
    byte[] policy = Files.readAllBytes(policyPath);
    if (PolicyLoader.compile(policyPath.toString(), new String(policy, StandardCharsets.UTF_8),
        spec.commandLine().getErr()).policy() == null) {
      return TrustFiles.refuse(spec.commandLine().getErr(), "cosettle policy sign: " + policyPath,
          "only a policy without errors is signed");
    }
    PolicyEnvelope envelope;
    try {
      envelope = PolicyAdmission.sign(policyPath.toString(), policy, insurer, now, from,
          until == null ? insurer.certificate().notAfter() : until);
    } catch (IllegalArgumentException e) {
      return TrustFiles.refuse(spec.commandLine().getErr(), "cosettle policy sign", e.getMessage());
    }
    KeyFiles.writeAtomically(outPath, envelope.text().getBytes(StandardCharsets.UTF_8), false);
    PolicyEnvelope.Statement s = envelope.statement();
    spec.commandLine().getOut().println("signed " + s.name() + " version " + s.version() + " (SM3 " + s.policySm3()
        + "), valid " + Times.format(s.validFrom()) + " .. " + Times.format(s.validUntil()) + ", into " + outPath);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
