package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import picocli.CommandLine.Option;

/** What the settlement-platform commands share: reporting rejected input, and the spill settings. */
final class PlatformCommands {
  private PlatformCommands() {}

  /** Prints every located error, then that nothing was written; returns the exit status 1. */
  static int rejected(PrintWriter err, InputException e) {
    for (InputError ie : e.errors()) {
      err.println(ie);
    }
    err.println("nothing written");
    err.flush();
    return 1;
  }

  /** How much memory the records may take before they spill to disk, and where. */
  static final class SpillOptions {
    @Option(names = "--memory-mb", paramLabel = "MB", defaultValue = "256",
        description = "memory for records before they spill to temporary files (default: ${DEFAULT-VALUE})")
    long memoryMb;

    @Option(names = "--temp-dir", paramLabel = "DIR", description = "where spill files go (default: the system's)")
    Path tempDir;

    long budgetBytes() {
      return Math.max(1, memoryMb) << 20;
    }

    Path tempDir() {
      return tempDir != null ? tempDir : Path.of(System.getProperty("java.io.tmpdir"));
    }
  }
}
