package org.cosettle.mpc.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.cosettle.core.InputException;
import org.cosettle.crypto.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS identity files: written owner-only and never over a file, read back checked, every problem named. */
class TransportFilesTest {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant DURING = Instant.parse("2024-06-01T00:00:00Z");
  @TempDir Path tmp;

  @Test
  void anIdentityRoundTripsThroughOwnerOnlyFilesThatAreNeverReplaced() throws Exception {
    TransportIdentity id = written("平台, Shanghai + Co", "tls");
    Path key = tmp.resolve("tls.key");
    Path cert = tmp.resolve("tls.crt");
    if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    TransportIdentity back = TransportFiles.readIdentity(key, cert, DURING);
    assertEquals(id.certificate(), back.certificate());
    assertArrayEquals(id.privateKey().getEncoded(), back.privateKey().getEncoded());
    // one CN holding the whole name, commas and plus signs included
    assertEquals("CN=平台\\, Shanghai \\+ Co", TransportIdentity.subject(back.certificate()));
    assertEquals(id.certificate(), TransportFiles.readPeerCertificate(cert, DURING));

    String before = Files.readString(key);
    TransportIdentity other = TransportIdentity.generate("other", START, END);
    assertThrows(FileAlreadyExistsException.class,
        () -> TransportFiles.writeIdentity(other, key, tmp.resolve("new.crt")));
    assertEquals(before, Files.readString(key));
    assertTrue(Files.notExists(tmp.resolve("new.crt")), "nothing is written when one file exists");
  }

  @Test
  void anExpiredOrNotYetValidCertificateIsRefusedWithItsDate() throws Exception {
    written("platform", "tls");
    Path key = tmp.resolve("tls.key");
    Path cert = tmp.resolve("tls.crt");
    assertEquals(cert + ": certificate CN=platform expired on 2025-01-01T00:00:00Z",
        message(() -> TransportFiles.readIdentity(key, cert, END.plusSeconds(1))));
    assertEquals(cert + ": certificate CN=platform is valid only from 2024-01-01T00:00:00Z",
        message(() -> TransportFiles.readPeerCertificate(cert, START.minusSeconds(1))));
    // both ends of the window are inside it, as with X.509
    TransportFiles.readIdentity(key, cert, START);
    TransportFiles.readIdentity(key, cert, END);
  }

  @Test
  void aKeyOfAnotherIdentityIsRefusedNamingBothFiles() throws Exception {
    written("platform", "p");
    written("insurer", "i");
    assertEquals(tmp.resolve("i.key") + ": the private key does not belong to the certificate CN=platform in "
        + tmp.resolve("p.crt"), message(() -> TransportFiles.readIdentity(tmp.resolve("i.key"), tmp.resolve("p.crt"),
        DURING)));
  }

  @Test
  void filesThatAreNotPemNotACertificateOrSwappedSayWhat() throws Exception {
    TransportIdentity id = written("platform", "tls");
    Path key = tmp.resolve("tls.key");
    Path cert = tmp.resolve("tls.crt");
    Path der = Files.write(tmp.resolve("tls.der"), id.certificate().getEncoded());
    assertEquals(der + ": not PEM text: expected a first line '-----BEGIN CERTIFICATE-----'",
        message(() -> TransportFiles.readPeerCertificate(der, DURING)));
    assertEquals(key + ": found PEM text labelled PRIVATE KEY where CERTIFICATE was expected",
        message(() -> TransportFiles.readIdentity(cert, key, DURING)));
    Path junk = Files.writeString(tmp.resolve("junk.crt"), Pem.encode("CERTIFICATE", new byte[] {1, 2, 3}));
    assertEquals(junk + ": the CERTIFICATE block is not an X.509 certificate",
        message(() -> TransportFiles.readPeerCertificate(junk, DURING)));
    Path junkKey = Files.writeString(tmp.resolve("junk.key"), Pem.encode("PRIVATE KEY", new byte[] {1, 2, 3}));
    assertEquals(junkKey + ": the PRIVATE KEY block is not a PKCS#8 private key",
        message(() -> TransportFiles.readIdentity(junkKey, cert, DURING)));
    assertThrows(NoSuchFileException.class, () -> TransportFiles.readPeerCertificate(tmp.resolve("none.crt"), DURING));
  }

  @Test
  void keysOtherThanP256AreRefusedSayingWhatTheyAre() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    Path good = tmp.resolve("good.crt");
    written("platform", "good");
    for (Object[] c : new Object[][] {{rsa.generateKeyPair(), "SHA256withRSA", "a key of type RSA"},
        {p384.generateKeyPair(), "SHA384withECDSA", "an EC key on the curve secp384r1"}}) {
      KeyPair pair = (KeyPair) c[0];
      Path cert = Files.writeString(tmp.resolve(c[2] + ".crt"), Pem.encode("CERTIFICATE",
          selfSigned(pair, (String) c[1]).getEncoded()));
      Path key = Files.writeString(tmp.resolve(c[2] + ".key"), Pem.encode("PRIVATE KEY",
          pair.getPrivate().getEncoded()));
      assertEquals(cert + ": the certificate CN=other has " + c[2]
          + ", not a P-256 (ECDSA) key; TLS identities are made by cosettle keygen --tls",
          message(() -> TransportFiles.readPeerCertificate(cert, DURING)));
      assertEquals(key + ": the private key is " + c[2]
          + ", not a P-256 (ECDSA) key; TLS identities are made by cosettle keygen --tls",
          message(() -> TransportFiles.readIdentity(key, good, DURING)));
    }
  }

  /** A fresh identity valid from START to END, written to {@code base}.key and {@code base}.crt. */
  private TransportIdentity written(String name, String base) throws Exception {
    TransportIdentity id = TransportIdentity.generate(name, START, END);
    TransportFiles.writeIdentity(id, tmp.resolve(base + ".key"), tmp.resolve(base + ".crt"));
    return id;
  }

  private static X509Certificate selfSigned(KeyPair pair, String algorithm) throws Exception {
    X500Name name = new X500Name("CN=other");
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(START), Date.from(END), name, pair.getPublic())
        .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
  }

  /** The message of the {@link InputException} that {@code read} throws. */
  private static String message(org.junit.jupiter.api.function.Executable read) {
    return assertThrows(InputException.class, read).getMessage();
  }
}
