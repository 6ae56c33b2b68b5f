package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.cosettle.platform.trust.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code cosettle keygen}: one party's key and self-signed certificate, either an SM2 signing
 * identity for a role ({@code --role}) or a P-256 TLS identity for handshake sessions ({@code --tls}).
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Make a key and a self-signed certificate for one party, one of two kinds:",
        "  --role ROLE: an SM2 key pair (sm2p256v1) and an SM3withSM2 certificate (subject CN=NAME,OU=ROLE,"
        + "O=CoSettle) for an insurer, a regulator or a platform, to sign policies, consents and records;",
        "  --tls: an ECDSA P-256 key and a SHA256withECDSA certificate (subject CN=NAME) for the mutual TLS 1.3 "
        + "of handshake sessions; give the certificate to the peer, who pins it.",
        "The private key is written as UNENCRYPTED PKCS#8 PEM, readable by its owner only (mode 600 where the "
        + "file system has permissions): keep it on protected storage. Existing files are never replaced."})
final class KeygenCommand implements Callable<Integer> {
  /** The roles as written on the command line. */
  enum RoleName { insurer, regulator, platform }

  @Option(names = "--role", paramLabel = "ROLE",
      description = "insurer, regulator or platform: an SM2 signing identity (required unless --tls)")
  RoleName role;
  @Option(names = "--tls", description = "a P-256 TLS identity for handshake sessions instead (no --role)")
  boolean tls;
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
    if (tls && role != null) {
      throw usage("--role is not allowed with --tls: a TLS identity names a party's connection, not a role");
    }
    if (!tls && role == null) {
      throw usage("Missing required option: '--role=ROLE' (or --tls for a TLS identity for handshake sessions)");
    }
    if (days < 1 || days > 3650) {
      throw usage("--days must be between 1 and 3650");
    }
    if (name.isBlank()) {
      throw usage("--name must not be blank");
    }
    OutputPaths.requireDistinct(spec.commandLine(), "--out-key", keyPath, "--out-cert", certPath);
    return tls ? tlsIdentity() : signingIdentity();
  }

  private Integer signingIdentity() throws Exception {
    PartyIdentity id = PartyIdentity.generate(Role.valueOf(role.name().toUpperCase(Locale.ROOT)), name,
        Instant.now(), Duration.ofDays(days), Prg.create());
    KeyFiles.writeIdentity(id, keyPath, certPath);
    return report(id.certificate().subject(), "key fingerprint " + id.certificate().publicKey().fingerprint(),
        id.certificate().notBefore(), id.certificate().notAfter());
  }

  private Integer tlsIdentity() throws Exception {
    TransportIdentity id = TransportIdentity.generate(name, Duration.ofDays(days));
    TransportFiles.writeIdentity(id, keyPath, certPath);
    // the certificate's fingerprint, not the key's: the peer pins the certificate, and a TLS
    // refusal names the fingerprints it compared
    return report(id.certificate().getSubjectX500Principal().getName(),
        "certificate SHA-256 fingerprint " + TransportIdentity.fingerprint(id.certificate()),
        id.certificate().getNotBefore().toInstant(), id.certificate().getNotAfter().toInstant());
  }

  private Integer report(String subject, String fingerprint, Instant notBefore, Instant notAfter) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + keyPath + " (private key, unencrypted PKCS#8; keep it secret) and " + certPath);
    out.println("subject " + subject + ", " + fingerprint + ", valid from " + Times.format(notBefore) + " until "
        + Times.format(notAfter));
    out.flush();
    return Main.OK;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
