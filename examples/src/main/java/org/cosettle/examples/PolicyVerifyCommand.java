package org.cosettle.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.admission.AdmissionException;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.Times;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle policy verify}: is this policy file signed, admitted, in force and not revoked? */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify that a policy file is the one its insurer signed, that the trusted regulator admitted "
        + "it, that it is in force now and not on the revocation list. Exit 1 says which rule it breaks: "
        + "UNSIGNED, MODIFIED, BAD_SIGNATURE, UNKNOWN_SIGNER, EXPIRED, NOT_YET_VALID or REVOKED."})
final class PolicyVerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy file") Path policyPath;
  @Parameters(index = "1", paramLabel = "ENVELOPE.json", description = "its envelope") Path envelopePath;
  @Option(names = "--trust", required = true, paramLabel = "REGULATOR_CERT.pem", description = "the regulator's certificate")
  Path trustPath;
  @Option(names = "--revoked", paramLabel = "LIST.json", description = "the regulator's revocation list") Path revokedPath;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Instant now = Instant.now();
    try {
      PolicyAdmission.Admitted a = PolicyAdmission.verify(Files.readAllBytes(policyPath),
          TrustFiles.envelope(envelopePath), KeyFiles.readTrustedCertificate(trustPath, now),
          TrustFiles.revocations(revokedPath), now);
      spec.commandLine().getOut().println("admitted: " + a.name() + " version " + a.version() + " (SM3 "
          + a.policySm3() + "), signed by " + a.insurer() + ", admitted by " + a.regulator() + " until "
          + Times.format(a.until()));
      spec.commandLine().getOut().flush();
      return Main.OK;
    } catch (InputException e) {
      InputErrors.print(spec.commandLine().getErr(), e.errors());
      spec.commandLine().getErr().flush();
      return Main.INPUT_ERROR;
    } catch (AdmissionException e) {
      spec.commandLine().getErr().println(refusal(policyPath, e));
      spec.commandLine().getErr().flush();
      return Main.INPUT_ERROR;
    }
  }

  /** {@code POLICY: refused (REASON): message}. */
  static String refusal(Path policy, AdmissionException e) {
    return policy + ": refused (" + e.reason() + "): " + e.getMessage();
  }
}
