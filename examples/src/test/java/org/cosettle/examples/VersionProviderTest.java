package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionProviderTest {
  static final Pattern LINE = Pattern.compile("cosettle (\\S+) \\(commit ([0-9a-f]{7,}|unknown)(, with uncommitted changes)?\\)\n");

  @Test
  void versionShowsTheVersionAndTheCommitTheBuildSaw() throws Exception {
    Cli r = Cli.run("--version");
    assertEquals(0, r.code(), r.toString());
    Matcher m = LINE.matcher(r.out());
    assertTrue(m.matches(), r.out());
    assertTrue(m.group(1).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?"), m.group(1));
    String head = gitHead();
    if (head != null) {
      assertTrue(head.startsWith(m.group(2)), "built from " + m.group(2) + ", HEAD is " + head);
    }
  }

  @Test
  void aCommitTheBuildCouldNotTellIsUnknown() {
    assertEquals("cosettle 1.2.3 (commit abc1234)", VersionProvider.line("1.2.3", "abc1234"));
    assertEquals("cosettle 1.2.3 (commit abc1234, with uncommitted changes)",
        VersionProvider.line("1.2.3", "abc1234-modified"));
    assertEquals("cosettle 1.2.3 (commit unknown)", VersionProvider.line("1.2.3", "${cosettle.commit}"));
    assertEquals("cosettle 1.2.3 (commit unknown)", VersionProvider.line("1.2.3", ""));
    assertEquals("cosettle unknown (commit unknown)", VersionProvider.line(null, null));
  }

  /** The checkout's commit, or null without git. */
  private static String gitHead() throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(Path.of(".").toFile()).start();
    } catch (java.io.IOException e) {
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
  }
}
