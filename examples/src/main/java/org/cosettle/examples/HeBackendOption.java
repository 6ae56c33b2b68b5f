package org.cosettle.examples;

import org.cosettle.crypto.bfv.BfvBackendUnavailableException;
import org.cosettle.crypto.bfv.BfvBackends;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --he-backend java|seal}: the BFV backend of a party's homomorphic encryption in handshake
 * mode (the private lookups and grouped sums). The results are bit-identical on both, so each
 * party chooses its own; {@code seal} needs {@code cosettle-crypto-seal} on the class path
 * (docs/crypto-bfv.md, "Building the SEAL backend").
 */
final class HeBackendOption {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--he-backend", paramLabel = "java|seal",
      description = "the BFV backend of this party's HE in handshake mode: java (default, or what "
          + "-Dcosettle.he.backend names) or seal (needs cosettle-crypto-seal and SEAL, docs/crypto-bfv.md)")
  String name;

  /**
   * The backend's name, checked now (a missing one is a usage error before any session opens), or
   * null when the option is not given.
   */
  String checked() {
    if (name == null) {
      return null;
    }
    try {
      return BfvBackends.select(name).name();
    } catch (BfvBackendUnavailableException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), "--he-backend: " + e.getMessage());
    }
  }
}
