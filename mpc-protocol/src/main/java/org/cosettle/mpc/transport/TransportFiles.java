package org.cosettle.mpc.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * A party's TLS identity files, as {@code cosettle keygen --tls} writes them: the private key as
 * unencrypted PKCS#8 PEM, readable by its owner only (600), and the self-signed certificate as
 * PEM, which the peer pins. Every problem with a file is an {@link InputException} naming the file
 * and saying what is wrong with it: not PEM, not a certificate, not a P-256 key, a key that does
 * not belong to the certificate, a certificate that expired or is not valid yet.
 *
 * <pre>{@code
 * TransportIdentity me = TransportFiles.readIdentity(keyPath, certPath, Instant.now());
 * X509Certificate peer = TransportFiles.readPeerCertificate(peerCertPath, Instant.now());
 * }</pre>
 */
public final class TransportFiles {
  private TransportFiles() {}

  /**
   * One's own identity: the key and its certificate, checked to be P-256, to belong together and
   * to be valid at {@code now}.
   *
   * @throws IOException when a file cannot be read (missing, no permission)
   */
  public static TransportIdentity readIdentity(Path key, Path cert, Instant now) throws IOException, InputException {
    X509Certificate certificate = readPeerCertificate(cert, now);
    PrivateKey privateKey;
    try {
      privateKey = TransportIdentity.privateKeyFromPem(readText(key));
    } catch (IllegalArgumentException e) {
      throw fileError(key, e.getMessage());
    }
    try {
      return TransportIdentity.of(privateKey, certificate);
    } catch (IllegalArgumentException e) {
      throw fileError(key, e.getMessage() + " in " + cert);
    }
  }

  /**
   * The peer's certificate to pin, checked to hold a P-256 key and to be valid at {@code now}.
   * The peer checks its validity again at every connection.
   *
   * @throws IOException when the file cannot be read (missing, no permission)
   */
  public static X509Certificate readPeerCertificate(Path cert, Instant now) throws IOException, InputException {
    X509Certificate certificate;
    try {
      certificate = TransportIdentity.certificateFromPem(readText(cert));
    } catch (IllegalArgumentException e) {
      throw fileError(cert, e.getMessage());
    }
    String problem = TransportIdentity.validityProblem(certificate, now);
    if (problem != null) {
      throw fileError(cert, problem);
    }
    return certificate;
  }

  /**
   * Writes a new key file (owner-only) and certificate file; refuses to replace an existing file
   * ({@link java.nio.file.FileAlreadyExistsException}) and writes neither then.
   */
  public static void writeIdentity(TransportIdentity identity, Path key, Path cert) throws IOException {
    AtomicFile.writeNewKeyAndCertificate(key, identity.privateKeyPem(org.cosettle.crypto.SecretAccess.grant()).getBytes(StandardCharsets.US_ASCII), cert,
        identity.certificatePem().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The file as text. Read as Latin-1, which decodes any bytes: a binary file (a DER certificate,
   * say) is then reported as "not PEM text" rather than as a character-set error.
   */
  private static String readText(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.ISO_8859_1);
  }

  private static InputException fileError(Path path, String message) {
    return new InputException(new InputError(path.toString(), 0, "", message));
  }
}
