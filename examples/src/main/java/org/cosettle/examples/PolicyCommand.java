package org.cosettle.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cosettle policy}: signing, admission, revocation and verification of policies (备案/准入). */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = {"Sign a policy (insurer), admit it (regulator), revoke it (regulator), and verify it "
        + "(platform). See docs/platform-trust.md for the envelope and revocation list formats."},
    subcommands = {PolicySignCommand.class, PolicyApproveCommand.class, PolicyRevokeCommand.class,
        PolicyVerifyCommand.class})
final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: sign, approve, revoke or verify");
  }
}
