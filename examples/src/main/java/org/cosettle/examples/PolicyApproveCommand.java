package org.cosettle.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.admission.AdmissionException;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.admission.PolicyEnvelope;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle policy approve}: the regulator countersigns a signed policy (admission, 准入). */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = {"Admit a signed policy as the regulator: SM2 over the envelope (the policy hash, the insurer's "
        + "certificate and signature) and the admission's end. The insurer's signature must verify first. "
        + "Rewrites the envelope (or writes --out)."})
final class PolicyApproveCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENVELOPE.json", description = "the envelope the insurer signed") Path envelopePath;
  @CommandLine.Mixin IdentityOptions identity = new IdentityOptions();
  @Option(names = "--until", required = true, paramLabel = "DATE", description = "last day (UTC) of the admission")
  String until;
  @Option(names = "--out", paramLabel = "ENVELOPE.json", description = "where to write the admitted envelope (default: in place)")
  Path outPath;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Instant now = Instant.now();
    Instant end;
    try {
      end = Times.parseDateOrTime(until, true);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PolicyEnvelope admitted;
    try {
      PartyIdentity regulator = identity.read(now);
      admitted = PolicyAdmission.approve(TrustFiles.envelope(envelopePath), regulator, now, end);
    } catch (InputException e) {
      return TrustFiles.fail(spec.commandLine().getErr(), e);
    } catch (AdmissionException | IllegalArgumentException e) {
      return TrustFiles.refuse(spec.commandLine().getErr(), "cosettle policy approve: " + envelopePath, e.getMessage());
    }
    Path target = outPath == null ? envelopePath : outPath;
    KeyFiles.writeAtomically(target, admitted.text().getBytes(StandardCharsets.UTF_8), false);
    PolicyEnvelope.Statement s = admitted.statement();
    spec.commandLine().getOut().println("admitted " + s.name() + " version " + s.version() + " (SM3 " + s.policySm3()
        + ") of " + admitted.insurer().certificate().subject() + " until " + Times.format(end) + ", in " + target);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
