package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.cosettle.core.InputException;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.HandshakeClient;
import org.cosettle.mpc.transport.HandshakeServer;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cosettle keygen --tls}: TLS identity files for handshake sessions, one process per party. */
class KeygenTlsTest {
  @TempDir Path tmp;

  private Cli keygenTls(String name, String... more) {
    String[] args = {"keygen", "--tls", "--name", name, "--out-key", tmp.resolve(name + ".key").toString(),
        "--out-cert", tmp.resolve(name + ".crt").toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  @Test
  void writesAnOwnerOnlyKeyAndACertificateThatLoadAndSaysWhatItMade() throws Exception {
    Cli c = keygenTls("platform", "--days", "30");
    assertEquals(0, c.code(), c.toString());
    Path key = tmp.resolve("platform.key");
    Path cert = tmp.resolve("platform.crt");
    if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    TransportIdentity id = TransportFiles.readIdentity(key, cert, Instant.now());
    X509Certificate certificate = id.certificate();
    assertEquals(Duration.ofDays(30), Duration.between(certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant()));
    assertTrue(c.out().contains("wrote " + key + " (private key, unencrypted PKCS#8; keep it secret) and " + cert),
        c.toString());
    assertTrue(c.out().contains("subject CN=platform, certificate SHA-256 fingerprint "
        + TransportIdentity.fingerprint(certificate) + ", valid from " + certificate.getNotBefore().toInstant()
        + " until " + certificate.getNotAfter().toInstant()), c.toString());
    assertFalse(c.out().contains(id.privateKeyPem(org.cosettle.crypto.SecretAccess.grant()).substring(28, 60)), "the key is never printed");
  }

  @Test
  void neverReplacesAFile() throws Exception {
    assertEquals(0, keygenTls("platform").code());
    String key = Files.readString(tmp.resolve("platform.key"));
    Cli again = Cli.run("keygen", "--tls", "--name", "x", "--out-key", tmp.resolve("platform.key").toString(),
        "--out-cert", tmp.resolve("new.crt").toString());
    assertEquals(1, again.code(), again.toString());
    assertTrue(again.err().contains("refusing to replace an existing file"), again.toString());
    assertEquals(key, Files.readString(tmp.resolve("platform.key")));
    assertFalse(Files.exists(tmp.resolve("new.crt")), "nothing is written when one file exists");
  }

  @Test
  void roleAndTlsNeverGoTogetherAndOneIsRequired() {
    Cli both = keygenTls("platform", "--role", "platform");
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("--role is not allowed with --tls"), both.toString());
    Cli neither = Cli.run("keygen", "--name", "p", "--out-key", tmp.resolve("p.key").toString(),
        "--out-cert", tmp.resolve("p.crt").toString());
    assertEquals(2, neither.code(), neither.toString());
    assertTrue(neither.err().contains("Missing required option: '--role=ROLE' (or --tls"), neither.toString());
    Cli oneFile = Cli.run("keygen", "--tls", "--name", "p", "--out-key", tmp.resolve("p.pem").toString(),
        "--out-cert", tmp.resolve(".").resolve("p.pem").toString());
    assertEquals(2, oneFile.code(), oneFile.toString());
    assertTrue(oneFile.err().contains("must be two different files"), oneFile.toString());
    assertFalse(Files.exists(tmp.resolve("p.pem")));
    assertFalse(Files.exists(tmp.resolve("p.key")));
  }

  @Test
  void everyOptionSaysWhatItIsFor() {
    CommandLine keygen = Main.commandLine().getSubcommands().get("keygen");
    for (CommandLine.Model.OptionSpec option : keygen.getCommandSpec().options()) {
      assertTrue(option.description().length > 0 && !option.description()[0].isBlank(), option.longestName());
    }
    assertTrue(Cli.run("keygen", "--help").out().contains("--tls"));
  }

  @Test
  void twoPartiesRunASessionWithTheFilesKeygenWrote() throws Exception {
    assertEquals(0, keygenTls("platform").code());
    assertEquals(0, keygenTls("insurer").code());
    Instant now = Instant.now();
    // each party process reads only its own key and the other's certificate
    TransportIdentity platform = TransportFiles.readIdentity(tmp.resolve("platform.key"), tmp.resolve("platform.crt"),
        now);
    X509Certificate insurerCert = TransportFiles.readPeerCertificate(tmp.resolve("insurer.crt"), now);
    TransportIdentity insurer = TransportFiles.readIdentity(tmp.resolve("insurer.key"), tmp.resolve("insurer.crt"), now);
    X509Certificate platformCert = TransportFiles.readPeerCertificate(tmp.resolve("platform.crt"), now);
    SessionHello hello = new SessionHello("cosettle.test/1", "policy".getBytes(StandardCharsets.UTF_8));
    try (HandshakeServer server = HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), platform, insurerCert,
        hello, TransportOptions.DEFAULTS, session -> session.send(session.receive()));
        GrpcChannel session = HandshakeClient.connect(new InetSocketAddress("127.0.0.1", server.port()), insurer,
            platformCert, hello, TransportOptions.DEFAULTS)) {
      session.send(new byte[] {4, 2});
      assertArrayEquals(new byte[] {4, 2}, session.receive());
      session.finish();
      assertTrue(session.finished());
    }
  }

  @Test
  void anSm2IdentityFromKeygenRoleIsNotATlsIdentity() throws Exception {
    Cli c = Cli.run("keygen", "--role", "insurer", "--name", "insurer", "--out-key", tmp.resolve("sm2.key").toString(),
        "--out-cert", tmp.resolve("sm2.crt").toString());
    assertEquals(0, c.code(), c.toString());
    InputException e = assertThrows(InputException.class,
        () -> TransportFiles.readPeerCertificate(tmp.resolve("sm2.crt"), Instant.now()));
    assertTrue(e.getMessage().startsWith(tmp.resolve("sm2.crt") + ": the certificate CN=insurer,OU=insurer,O=CoSettle "
        + "has an EC key on the curve sm2p256v1, not a P-256 (ECDSA) key; TLS identities are made by cosettle "
        + "keygen --tls"), e.getMessage());
    assertEquals(0, keygenTls("tls").code());
    e = assertThrows(InputException.class,
        () -> TransportFiles.readIdentity(tmp.resolve("sm2.key"), tmp.resolve("tls.crt"), Instant.now()));
    assertTrue(e.getMessage().contains("the private key is an EC key on the curve sm2p256v1"), e.getMessage());
  }
}
