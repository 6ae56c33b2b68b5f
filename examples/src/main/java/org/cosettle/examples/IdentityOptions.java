package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.cosettle.core.InputException;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import picocli.CommandLine.Option;

/** {@code --key KEY.pem --cert CERT.pem}: the signing party of a command, from {@code cosettle keygen}. */
final class IdentityOptions {
  @Option(names = "--key", required = true, paramLabel = "KEY.pem", description = "the signer's private key (PKCS#8 PEM)")
  Path keyPath;
  @Option(names = "--cert", required = true, paramLabel = "CERT.pem", description = "the signer's certificate")
  Path certPath;

  /** The key and certificate, checked to belong together and to be valid at {@code now}. */
  PartyIdentity read(Instant now) throws IOException, InputException {
    return KeyFiles.readIdentity(keyPath, certPath, now);
  }
}
