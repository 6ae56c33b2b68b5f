package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.cosettle.core.InputException;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.PrivateValues;
import picocli.CommandLine.Option;

/** The {@code --params} option shared by the commands that evaluate a policy. */
final class ParamsOption {
  @Option(names = "--params", paramLabel = "PRIVATE.json",
      description = "the insurer's private parameter and table values (a JSON object from name to value)")
  Path path;

  /** The values in the policy's slot order; an error when the policy needs values not given. */
  long[] values(CompiledPolicy policy) throws IOException, InputException {
    return all(policy).params();
  }

  /** The private params' values and the private tables' and code sets'; an error when the policy needs values not given. */
  PrivateValues all(CompiledPolicy policy) throws IOException, InputException {
    return PrivateParams.readValues(path, path == null ? "" : path.toString(), policy);
  }
}
