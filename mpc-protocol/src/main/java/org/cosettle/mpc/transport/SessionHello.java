package org.cosettle.mpc.transport;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.cosettle.mpc.transport.proto.Hello;

/**
 * What a session is about, which both parties must agree on before any data flows: the protocol
 * (a name and version, e.g. {@code "cosettle.settle/1"}) and a public context. A settlement's
 * context is its policy ({@link #forPolicy}): name, version and the SM3 of its canonical text,
 * the digest admission signs. Neither is secret.
 *
 * <p>A hello also offers the sender's {@link Limits} (null: none); these need not agree, each side
 * holds the session to the smaller of the two ({@link GrpcChannel#limits()}).
 *
 * <pre>{@code
 * SessionHello hello = SessionHello.forPolicy(policy.name(), policy.version(), service.policyDigest())
 *     .withLimits(new SessionHello.Limits(1_000_000, 1L << 26));
 * }</pre>
 */
public record SessionHello(String protocol, byte[] context, Limits limits) {
  /** The protocol of a settlement in handshake mode. */
  public static final String SETTLEMENT = "cosettle.settle/1";

  private static final String POLICY_CONTEXT = "cosettle-policy/1\n";

  /** The hello of a settlement under the policy {@code name} version {@code version} with {@code digest} (hex). */
  public static SessionHello forPolicy(String name, long version, String digest) {
    if (name.contains("\n") || !digest.matches("[0-9a-f]{16,128}")) {
      throw new IllegalArgumentException("a policy name without line breaks and a hex digest are required");
    }
    return new SessionHello(SETTLEMENT, (POLICY_CONTEXT + name + "\n" + version + "\n" + digest)
        .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What a party lets one session's batch cost it, offered in its hello; the session runs under
   * the smaller of each party's ({@link #min}).
   *
   * @param maxClaims the most claims in one batch
   * @param maxCorrelations the most correlated values (Beaver triples, AND triples, daBits, random OTs) one slice
   *     of a batch may need (a batch runs in slices of whole insured persons)
   */
  public record Limits(long maxClaims, long maxCorrelations) {
    public Limits {
      if (maxClaims < 1 || maxCorrelations < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }

    /** The smaller of each limit of this and {@code other} (this when {@code other} is null: no limits stated). */
    public Limits min(Limits other) {
      return other == null ? this
          : new Limits(Math.min(maxClaims, other.maxClaims), Math.min(maxCorrelations, other.maxCorrelations));
    }
  }

  /** A hello that offers no limits. */
  public SessionHello(String protocol, byte[] context) {
    this(protocol, context, null);
  }

  /** This hello offering {@code limits}. */
  public SessionHello withLimits(Limits limits) {
    return new SessionHello(protocol, context, limits);
  }

  public SessionHello {
    if (protocol == null || protocol.isEmpty() || protocol.length() > 200) {
      throw new IllegalArgumentException("a protocol name of 1 to 200 characters is required");
    }
    if (context == null || context.length > 1024) {
      throw new IllegalArgumentException("the context must be given and at most 1024 bytes");
    }
    context = context.clone();
  }

  @Override
  public byte[] context() {
    return context.clone();
  }

  /** The hello frame's content, for session {@code id}. */
  Hello toWire(byte[] id) {
    Hello.Builder hello = Hello.newBuilder().setSessionId(ByteString.copyFrom(id)).setProtocol(protocol)
        .setContext(ByteString.copyFrom(context));
    if (limits != null) {
      hello.setLimits(org.cosettle.mpc.transport.proto.Limits.newBuilder().setMaxClaims(limits.maxClaims())
          .setMaxCorrelations(limits.maxCorrelations()));
    }
    return hello.build();
  }

  /**
   * What a peer's hello frame offers.
   *
   * @throws IllegalArgumentException when it states a limit below 1 (or above 2^63 - 1)
   */
  static SessionHello fromWire(Hello h) {
    if (!h.hasLimits()) {
      return new SessionHello(h.getProtocol(), h.getContext().toByteArray());
    }
    long claims = h.getLimits().getMaxClaims();
    long correlations = h.getLimits().getMaxCorrelations();
    if (claims < 1 || correlations < 1) {
      throw new IllegalArgumentException("the peer's limits must be at least 1 (it offers "
          + Long.toUnsignedString(claims) + " claims, " + Long.toUnsignedString(correlations) + " correlated values)");
    }
    return new SessionHello(h.getProtocol(), h.getContext().toByteArray(), new Limits(claims, correlations));
  }

  /** Whether both parties run the same protocol on the same context (the limits need not agree). */
  boolean agreesWith(SessionHello other) {
    return protocol.equals(other.protocol) && Arrays.equals(context, other.context);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionHello h && agreesWith(h) && Objects.equals(limits, h.limits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * protocol.hashCode() + Arrays.hashCode(context)) + Objects.hashCode(limits);
  }

  /**
   * For people: a settlement's policy as {@code "NAME vN (digest 1a2b3c4d…)"}, anything else as
   * the protocol and the context in hex.
   */
  @Override
  public String toString() {
    String text = new String(context, StandardCharsets.UTF_8);
    if (text.startsWith(POLICY_CONTEXT)) {
      String[] parts = text.substring(POLICY_CONTEXT.length()).split("\n", -1);
      if (parts.length == 3) {
        return parts[0] + " v" + parts[1] + " (digest " + parts[2].substring(0, Math.min(16, parts[2].length())) + "…)";
      }
    }
    return protocol + " [context " + HexFormat.of().formatHex(context) + "]";
  }
}
