package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.cosettle.core.InputException;
import org.cosettle.mpc.engine.HeKeyReuse;
import org.cosettle.mpc.engine.HeKeyStore;
import org.cosettle.mpc.transport.Endpoint;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Where and how {@code cosettle handshake} meets its peer: the address, the TLS identity, the pinned peer, the timeout. */
final class PeerOptions {
  /** --listen or --connect, exactly one. */
  static final class Where {
    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
        description = "wait here for the peer to dial (port 0: any free port, printed on standard error)")
    String listen;
    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT",
        description = "dial the peer here, again every second until it answers or --timeout passes")
    String connect;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Where where;
  @Option(names = "--key", required = true, paramLabel = "TLS_KEY.pem",
      description = "this party's TLS key (P-256, from cosettle keygen --tls)") Path key;
  @Option(names = "--cert", required = true, paramLabel = "TLS_CERT.pem", description = "this party's TLS certificate")
  Path cert;
  @Option(names = "--peer-cert", required = true, paramLabel = "PEER.pem",
      description = "the peer's TLS certificate: only this peer is accepted") Path peerCert;
  @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "how long to wait for the peer, and for the whole settlement (e.g. 90s, 10m; default 10m)")
  Duration timeout;
  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "keep HE keys here across sessions with this peer: the insurer's key set (he-keys.bin, 0600), the"
          + " platform's cache of the insurer's public keys (he-peer-keys/); without it, fresh keys every session")
  Path stateDir;
  @Option(names = "--he-key-days", defaultValue = "30", paramLabel = "DAYS",
      description = "with --state-dir: the insurer's HE key set is replaced after this many days (default 30)")
  int heKeyDays;
  @Option(names = "--he-key-sessions", defaultValue = "1000", paramLabel = "N",
      description = "with --state-dir: ... or after this many sessions (default 1000)")
  long heKeySessions;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec mixee;
  private TransportIdentity identity;
  private X509Certificate peerCertificate;

  Endpoint endpoint() {
    try {
      return where.listen != null ? Endpoint.parse(Endpoint.Mode.LISTEN, where.listen)
          : Endpoint.parse(Endpoint.Mode.CONNECT, where.connect);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          (where.listen != null ? "--listen: " : "--connect: ") + e.getMessage());
    }
  }

  /**
   * This party's TLS identity, read and checked (valid at {@code now}, the key the certificate's)
   * at the first call; later calls of the same run return it again.
   */
  TransportIdentity identity(Instant now) throws IOException, InputException {
    if (identity == null) {
      identity = TransportFiles.readIdentity(key, cert, now);
    }
    return identity;
  }

  /** The pinned peer certificate, read and checked at the first call, as {@link #identity}. */
  X509Certificate peer(Instant now) throws IOException, InputException {
    if (peerCertificate == null) {
      peerCertificate = TransportFiles.readPeerCertificate(peerCert, now);
    }
    return peerCertificate;
  }

  /**
   * How this party keeps HE keys: in {@code --state-dir}, the peer named by the SHA-256 of its
   * pinned certificate; {@link HeKeyReuse#NONE} without the option.
   */
  HeKeyReuse heKeys(Instant now) throws IOException, InputException {
    if (stateDir == null) {
      return HeKeyReuse.NONE;
    }
    if (heKeyDays < 1 || heKeySessions < 1) {
      throw new CommandLine.ParameterException(mixee.commandLine(), "--he-key-days and --he-key-sessions must be at least 1");
    }
    return HeKeyReuse.inStateDirectory(stateDir, TransportIdentity.fingerprint(peer(now)),
        new HeKeyStore.Rotation(Duration.ofDays(heKeyDays), heKeySessions));
  }

  /** The transport's limits: a peer silent for a minute (or the whole --timeout, if shorter) fails the session. */
  TransportOptions options() {
    Duration receive = timeout.compareTo(TransportOptions.DEFAULTS.receiveTimeout()) < 0 ? timeout
        : TransportOptions.DEFAULTS.receiveTimeout();
    return TransportOptions.DEFAULTS.withReceiveTimeout(receive);
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}: a positive duration of at most a day. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h)").matcher(t);
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("'" + text + "' is not a duration such as 90s, 10m or 1h");
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
      if (d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new CommandLine.TypeConversionException("'" + text + "' must be more than 0 and at most 24h");
      }
      return d;
    }
  }
}
