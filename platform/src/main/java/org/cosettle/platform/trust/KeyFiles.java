package org.cosettle.platform.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.crypto.sm2.Sm2PrivateKey;

/**
 * Key and certificate files: PEM, the private key as unencrypted PKCS#8 ({@code PRIVATE KEY}),
 * written atomically and, where the file system has POSIX permissions, readable by the owner only
 * (600). Every read problem is a located {@link InputException} naming the file.
 */
public final class KeyFiles {
  private KeyFiles() {}

  public static Sm2PrivateKey readPrivateKey(Path path) throws IOException, InputException {
    try {
      return Sm2PrivateKey.fromPkcs8Pem(Files.readString(path, StandardCharsets.US_ASCII));
    } catch (InvalidEncodingException | java.nio.charset.MalformedInputException e) {
      throw fileError(path, "not an SM2 private key (unencrypted PKCS#8 PEM): " + e.getMessage());
    }
  }

  public static Sm2Certificate readCertificate(Path path) throws IOException, InputException {
    try {
      return Sm2Certificate.fromPem(Files.readString(path, StandardCharsets.US_ASCII));
    } catch (InvalidEncodingException | java.nio.charset.MalformedInputException e) {
      throw fileError(path, "not an SM2 certificate (PEM): " + e.getMessage());
    }
  }

  /** A certificate that is properly self-signed and valid at {@code now}. */
  public static Sm2Certificate readTrustedCertificate(Path path, Instant now) throws IOException, InputException {
    Sm2Certificate cert = readCertificate(path);
    String problem = Certificates.problemAt(cert, now);
    if (problem != null) {
      throw fileError(path, problem);
    }
    return cert;
  }

  /** A key and its certificate, checked to belong together and to be valid at {@code now}. */
  public static PartyIdentity readIdentity(Path key, Path cert, Instant now) throws IOException, InputException {
    Sm2Certificate certificate = readTrustedCertificate(cert, now);
    Sm2PrivateKey privateKey = readPrivateKey(key);
    if (!privateKey.publicKey().equals(certificate.publicKey())) {
      throw fileError(key, "this key does not belong to the certificate " + cert + " (" + certificate.subject() + ")");
    }
    return new PartyIdentity(privateKey, certificate);
  }

  /**
   * Writes a new key file and certificate file ({@link AtomicFile#writeNewKeyAndCertificate}):
   * refuses to replace existing files; the key is written only to a file created with permissions
   * 600 (where supported), then renamed.
   */
  public static void writeIdentity(PartyIdentity identity, Path keyPath, Path certPath) throws IOException {
    byte[] pem = identity.key().toPkcs8Pem(SecretAccess.grant()).getBytes(StandardCharsets.US_ASCII);
    AtomicFile.writeNewKeyAndCertificate(keyPath, pem, certPath,
        identity.certificate().toPem().getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes {@code content} atomically ({@link AtomicFile}); {@code secret} files are owner-only. */
  public static void writeAtomically(Path target, byte[] content, boolean secret) throws IOException {
    AtomicFile.write(target, content, secret);
  }

  static InputException fileError(Path path, String message) {
    return new InputException(new InputError(path.toString(), 0, "", message));
  }
}
