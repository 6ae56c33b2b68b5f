package org.cosettle.policy.ir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.cosettle.core.InsuredColumn;

/**
 * The 61-bit fingerprints that test a code against an insured person's code set ({@code
 * claim.diagnosis in insured.exclusions}) by equalities alone, so that the same operations run in
 * plaintext and on shares. The data holder's side of a code is {@value #CODE_SLOTS} values: the
 * fingerprint of the code as an exact element, then of each of its prefixes of 0 to {@link
 * InsuredColumn#MAX_PREFIX} characters as a prefix element ({@code "F*"}), {@link #NO_PREFIX}
 * past the code's length. The insurer's side is one value per element ({@link #element}),
 * padded to the field's size bound with {@link #PADDING}. The code is in the set exactly when
 * some pair is equal, up to a fingerprint collision (docs/protocol.md gives its probability).
 *
 * <p>A fingerprint is the first 61 bits of SHA-256 over a domain tag, the element's kind and the
 * code: a public function, since the values never leave the party that owns them except as
 * shares.
 */
public final class CodeFingerprints {
  /** Values per code on the data holder's side: the exact code and its prefixes of 0..MAX_PREFIX characters. */
  public static final int CODE_SLOTS = InsuredColumn.MAX_PREFIX + 2;
  /** The data holder's value for a prefix longer than its code: equal to no fingerprint. */
  public static final long NO_PREFIX = -1;
  /** The insurer's value for an unused slot of a person's set: equal to no fingerprint. */
  public static final long PADDING = -2;
  /** Fingerprints lie in {@code [0, 2^61)}. */
  public static final long MAX = (1L << 61) - 1;
  private static final byte[] TAG = "cosettle/code-fingerprint/1".getBytes(StandardCharsets.UTF_8);

  private CodeFingerprints() {}

  /** The data holder's value {@code slot} (0 .. {@value #CODE_SLOTS} - 1) for {@code code}. */
  public static long code(String code, int slot) {
    if (slot == 0) {
      return fingerprint('=', code);
    }
    int length = slot - 1;
    return length <= code.length() ? fingerprint('*', code.substring(0, length)) : NO_PREFIX;
  }

  /** The insurer's value for slot {@code slot} of a set holding {@code codes} (as written, prefixes with {@code *}). */
  public static long element(List<String> codes, int slot) {
    if (slot >= codes.size()) {
      return PADDING;
    }
    String e = codes.get(slot);
    return e.endsWith("*") ? fingerprint('*', e.substring(0, e.length() - 1)) : fingerprint('=', e);
  }

  /**
   * One digest per thread: the evaluator asks for {@link #CODE_SLOTS} fingerprints per claim, and
   * looking SHA-256 up among the providers each time cost more than the hash.
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  });

  private static long fingerprint(char kind, String text) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    sha.update(TAG);
    sha.update((byte) kind);
    byte[] d = sha.digest(text.getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return v & MAX;
  }
}
