package org.cosettle.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code cosettle --version}: the version and the git commit the jar was built from, as the build
 * wrote them into {@code version.properties} (examples/pom.xml); "unknown" when it was built
 * without git or outside a checkout.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  static final String RESOURCE = "version.properties";
  private static final String MODIFIED = "-modified";

  @Override
  public String[] getVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String[] {line(p.getProperty("version"), p.getProperty("commit"))};
  }

  /** {@code cosettle VERSION (commit C)}, with "uncommitted changes" when the build saw tracked files modified. */
  static String line(String version, String commit) {
    String c = known(commit) ? commit : "unknown";
    String changes = "";
    if (c.endsWith(MODIFIED)) {
      c = c.substring(0, c.length() - MODIFIED.length());
      changes = ", with uncommitted changes";
    }
    return "cosettle " + (known(version) ? version : "unknown") + " (commit " + c + changes + ")";
  }

  /** Whether the build filled the value in (an unset property stays {@code ${...}}). */
  private static boolean known(String value) {
    return value != null && !value.isBlank() && !value.startsWith("${");
  }
}
