package org.cosettle.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code cosettle handshake}: one party of a handshake settlement, in its own process. */
@Command(name = "handshake", mixinStandardHelpOptions = true,
    description = {"Settle a batch in handshake mode as one party, in this process, with the other party in its own "
        + "process (on another machine, usually): the platform keeps its claims, the insurer its insured records, "
        + "private params and states, and each writes only what the policy addresses to it.",
        "Either side may --listen; the other --connect-s. Both give the same policy (name, version and digest must "
        + "agree), their own TLS key and certificate (cosettle keygen --tls) and the peer's certificate, which is "
        + "the only peer accepted. See docs/deployment.md."},
    subcommands = {HandshakePlatformCommand.class, HandshakeInsurerCommand.class, HandshakeOpenKeptCommand.class})
final class HandshakeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say which party this process is: platform or insurer");
  }
}
