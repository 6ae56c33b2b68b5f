package org.cosettle.examples;

/**
 * Named points of a handshake run where a test can make the process die as {@code kill -9} would
 * (no shutdown hook, no finally block), to check that the audit log and the staged files let a
 * rerun finish: the JVM is halted at the point named by the system property
 * {@code cosettle.crash.at}, which nothing sets outside the two-process tests.
 */
final class CrashPoint {
  /** Both parties said they are ready and the transcripts agree; this side has not recorded its run. */
  static final String AFTER_READY = "after-ready";
  /** The run is recorded; the staged files are not published yet. */
  static final String AFTER_RECORD = "after-record";

  private CrashPoint() {}

  static void reach(String name) {
    if (name.equals(System.getProperty("cosettle.crash.at"))) {
      Runtime.getRuntime().halt(137);
    }
  }
}
