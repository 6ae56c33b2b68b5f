package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.cosettle.crypto.random.Prg;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.cosettle.platform.trust.Times;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cosettle keygen}: an SM2 key pair and a self-signed certificate for one party. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Make an SM2 key pair (sm2p256v1) and a self-signed SM3withSM2 certificate "
        + "(subject CN=NAME,OU=ROLE,O=CoSettle) for an insurer, a regulator or a platform.",
        "The private key is written as UNENCRYPTED PKCS#8 PEM, readable by its owner only (mode 600 where the "
        + "file system has permissions): keep it on protected storage. Existing files are never replaced."})
final class KeygenCommand implements Callable<Integer> {
  /** The roles as written on the command line. */
  enum RoleName { insurer, regulator, platform }

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "insurer, regulator or platform")
  RoleName role;
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "the party's name (the certificate's CN)")
  String name;
  @Option(names = "--out-key", required = true, paramLabel = "KEY.pem", description = "where to write the private key")
  Path keyPath;
  @Option(names = "--out-cert", required = true, paramLabel = "CERT.pem", description = "where to write the certificate")
  Path certPath;
  @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "validity in days (default 365)")
  int days;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > 3650) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and 3650");
    }
    if (name.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--name must not be blank");
    }
    PartyIdentity id = PartyIdentity.generate(Role.valueOf(role.name().toUpperCase(java.util.Locale.ROOT)), name,
        Instant.now(), Duration.ofDays(days), Prg.create());
    KeyFiles.writeIdentity(id, keyPath, certPath);
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + keyPath + " (private key, unencrypted PKCS#8; keep it secret) and " + certPath);
    out.println("subject " + id.certificate().subject() + ", key fingerprint " + id.certificate().publicKey().fingerprint()
        + ", valid until " + Times.format(id.certificate().notAfter()));
    out.flush();
    return Main.OK;
  }
}
