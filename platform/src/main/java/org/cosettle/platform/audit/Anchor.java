package org.cosettle.platform.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a blockchain (or any write-once store) keeps of the audit log: the number of entries and
 * the SM3 hash of the last one, written {@code N:HEX}. The hash commits to every entry before it
 * through the chain; the count lets a verifier say "truncated" rather than only "different".
 */
public record Anchor(long entries, String lastHash) {
  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,17}):([0-9a-f]{64})");

  public static Anchor parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("an anchor is N:HEX (the number of entries and 64 lower-case hex digits), "
          + "found \"" + text.strip() + "\"");
    }
    return new Anchor(Long.parseLong(m.group(1)), m.group(2));
  }

  @Override
  public String toString() {
    return entries + ":" + lastHash;
  }
}
