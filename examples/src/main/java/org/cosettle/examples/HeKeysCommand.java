package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.engine.HeKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code cosettle he-keys}: the insurer's HE key set kept in a state directory — its public
 * fingerprint, age and sessions, and {@code --rotate} to replace it (a corrupt one too). Never
 * prints key material.
 */
@Command(name = "he-keys", mixinStandardHelpOptions = true,
    description = {"Show the HE key set kept in a state directory (cosettle handshake --state-dir): its public "
        + "fingerprint, when it was made and how many sessions it served; --rotate replaces it with a fresh one "
        + "(the peer fetches the new public keys at the next session). See docs/deployment.md."})
final class HeKeysCommand implements Callable<Integer> {
  @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "the party's state directory")
  Path stateDir;
  @Option(names = "--rotate", description = "replace the key set (or a corrupt key file) with a fresh one")
  boolean rotate;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // the rotation rule matters only to a session; here the store is read or replaced
    HeKeyStore store = HeKeyStore.at(stateDir.resolve(HeKeyStore.FILE_NAME),
        new HeKeyStore.Rotation(Duration.ofDays(1), 1));
    try {
      if (rotate) {
        HeKeyStore.Info info = store.rotate(Instant.now(), Prg.create());
        out.println("rotated: " + describe(info));
        return Main.OK;
      }
      Optional<HeKeyStore.Info> info = store.describe();
      if (info.isEmpty()) {
        out.println("no HE key set in " + stateDir + " (the first session with --state-dir makes one)");
      } else {
        out.println(describe(info.get()));
      }
      return Main.OK;
    } catch (HeKeyStore.StoreException e) {
      err.println("cosettle he-keys: " + e.getMessage());
      return Main.INPUT_ERROR;
    }
  }

  private static String describe(HeKeyStore.Info info) {
    return "fingerprint " + info.fingerprint() + ", made " + info.created() + ", " + info.sessions()
        + (info.sessions() == 1 ? " session" : " sessions");
  }
}
