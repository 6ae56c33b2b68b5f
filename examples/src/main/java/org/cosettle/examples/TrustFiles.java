package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.cosettle.core.InputException;
import org.cosettle.platform.admission.PolicyEnvelope;
import org.cosettle.platform.admission.RevocationList;

/** Reading the trust files the commands share, and reporting their errors. */
final class TrustFiles {
  private TrustFiles() {}

  static PolicyEnvelope envelope(Path path) throws IOException, InputException {
    return PolicyEnvelope.parse(TextFile.read(path), path.toString());
  }

  /** The revocation list at {@code path}, or null when {@code path} is null. */
  static RevocationList revocations(Path path) throws IOException, InputException {
    return path == null ? null : RevocationList.parse(TextFile.read(path), path.toString());
  }

  /** Prints {@code PREFIX: MESSAGE; nothing written}; returns the exit status for input errors. */
  static int refuse(PrintWriter err, Object prefix, String message) {
    err.println(prefix + ": " + message + "; nothing written");
    err.flush();
    return Main.INPUT_ERROR;
  }

  /** Prints the located errors and "nothing written"; returns the exit status for input errors. */
  static int fail(PrintWriter err, InputException e) {
    InputErrors.print(err, e.errors());
    err.println("nothing written");
    err.flush();
    return Main.INPUT_ERROR;
  }
}
