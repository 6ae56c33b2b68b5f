package org.cosettle.mpc.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a session is about, which both parties must agree on before any data flows: the protocol
 * (a name and version, e.g. {@code "cosettle.settle/1"}) and a public context. A settlement's
 * context is its policy ({@link #forPolicy}): name, version and the SM3 of its canonical text,
 * the digest admission signs. Neither is secret.
 *
 * <pre>{@code
 * SessionHello hello = SessionHello.forPolicy(policy.name(), policy.version(), service.policyDigest());
 * }</pre>
 */
public record SessionHello(String protocol, byte[] context) {
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

  boolean agreesWith(SessionHello other) {
    return protocol.equals(other.protocol) && Arrays.equals(context, other.context);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionHello h && agreesWith(h);
  }

  @Override
  public int hashCode() {
    return 31 * protocol.hashCode() + Arrays.hashCode(context);
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
