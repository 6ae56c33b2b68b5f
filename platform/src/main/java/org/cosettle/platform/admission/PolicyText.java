package org.cosettle.platform.admission;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.cosettle.platform.trust.Digests;

/**
 * The canonical text of a policy file, the form its hash and signatures cover: strict UTF-8
 * without a byte-order mark, {@code \n} line endings ({@code \r\n} and lone {@code \r} become
 * {@code \n}), spaces and tabs at the end of each line removed, blank lines at the end removed,
 * and exactly one final {@code \n} (the empty file stays empty). Re-saving a policy in another
 * editor or on another system does not change it; any change a reader of the policy can see does.
 */
public final class PolicyText {
  private PolicyText() {}

  /** The canonical text of a file's bytes; {@link IllegalArgumentException} if they are not UTF-8. */
  public static String canonical(byte[] file) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(file)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the policy file is not valid UTF-8");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    StringBuilder sb = new StringBuilder(text.length() + 1);
    for (String line : lines) {
      int end = line.length();
      while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
        end--;
      }
      sb.append(line, 0, end).append('\n');
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == '\n') {
      end--;
    }
    sb.setLength(end);
    return end == 0 ? "" : sb.append('\n').toString();
  }

  /** SM3 (hex) of the canonical text's UTF-8 bytes: the policy hash of envelopes, revocations and audit events. */
  public static String sm3(byte[] file) {
    return Digests.sm3(canonical(file));
  }
}
