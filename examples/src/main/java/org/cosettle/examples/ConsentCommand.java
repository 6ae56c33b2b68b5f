package org.cosettle.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.consent.ConsentFile;
import org.cosettle.platform.consent.ConsentRecord;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle consent sign}: signs authorisation records (授权) for use with {@code run --consents}. */
@Command(name = "consent", mixinStandardHelpOptions = true,
    description = {"Consent records: insured persons' authorisations for an insurer and a purpose."},
    subcommands = {ConsentCommand.Sign.class})
final class ConsentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: sign");
  }

  /** {@code cosettle consent sign RECORDS --key K --cert C --out SIGNED}. */
  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Sign consent records (JSON Lines without signer and signature) as the platform or the "
          + "insured's agent; writes them with signer and signature. Every bad line is reported; nothing is "
          + "written then."})
  static final class Sign implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RECORDS.jsonl", description = "unsigned consent records") Path recordsPath;
    @CommandLine.Mixin IdentityOptions identity = new IdentityOptions();
    @Option(names = "--out", required = true, paramLabel = "CONSENTS.jsonl", description = "where to write the signed records")
    Path outPath;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      StringBuilder sb = new StringBuilder();
      List<ConsentRecord> records;
      try {
        PartyIdentity signer = identity.read(Instant.now());
        records = ConsentFile.readUnsigned(recordsPath);
        for (ConsentRecord r : records) {
          sb.append(r.signedBy(signer).line()).append('\n');
        }
      } catch (InputException e) {
        return TrustFiles.fail(spec.commandLine().getErr(), e);
      }
      KeyFiles.writeAtomically(outPath, sb.toString().getBytes(StandardCharsets.UTF_8), false);
      spec.commandLine().getOut().println("signed " + records.size() + " consent record(s) into " + outPath);
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }
}
