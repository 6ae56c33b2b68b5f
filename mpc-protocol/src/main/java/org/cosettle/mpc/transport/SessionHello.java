package org.cosettle.mpc.transport;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a session is about, which both parties must agree on before any data flows: the protocol
 * (a name and version, e.g. {@code "cosettle.settle/1"}) and a public context, e.g. the SHA-256
 * of the policy's canonical text. Neither is secret.
 */
public record SessionHello(String protocol, byte[] context) {
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

  @Override
  public String toString() {
    return protocol + " [context " + HexFormat.of().formatHex(context) + "]";
  }
}
