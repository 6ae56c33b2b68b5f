package org.cosettle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.ir.Ir;

/**
 * What each party of a handshake run must write, cut from the files of a plaintext {@code cosettle
 * run} on the same claims: the results with {@code claim_id} and the outputs the policy addresses
 * to that party, the aggregates addressed to it (no file when there are none), and, for the
 * insurer, the states.
 *
 * <p>The plaintext files are the command line's own output: an output value is never quoted (money,
 * ratios, ints, bools), so a results row is its claim id (quoted or not) and then one unquoted
 * field per output; an aggregates row starts with the aggregate's name.
 */
final class RecipientSplit {
  /** The names of the files each party writes, as the benchmark passes them to {@code cosettle handshake}. */
  static final String PLATFORM_RESULTS = "platform.csv";
  static final String PLATFORM_AGGREGATES = "platform-aggregates.csv";
  static final String INSURER_RESULTS = "insurer.csv";
  static final String INSURER_STATES = "insurer-states.csv";
  static final String INSURER_AGGREGATES = "insurer-aggregates.csv";

  private final String[] expected = new String[5];
  private final String[] names = {PLATFORM_RESULTS, PLATFORM_AGGREGATES, INSURER_RESULTS, INSURER_STATES,
      INSURER_AGGREGATES};

  /** The split of a plaintext run's results, states and aggregates ({@code aggregates} may not exist). */
  RecipientSplit(CompiledPolicy policy, Path results, Path states, Path aggregates) throws IOException {
    String resultsText = Files.readString(results);
    String aggregatesText = Files.exists(aggregates) ? Files.readString(aggregates) : "";
    expected[0] = columns(policy, resultsText, Party.DATA_HOLDER);
    expected[1] = rows(policy, aggregatesText, Party.DATA_HOLDER);
    expected[2] = columns(policy, resultsText, Party.INSURER);
    expected[3] = Files.readString(states);
    expected[4] = rows(policy, aggregatesText, Party.INSURER);
  }

  /** Every way the files a handshake run wrote in {@code dir} differ from the split; empty when none does. */
  List<String> differences(Path dir) throws IOException {
    List<String> differences = new ArrayList<>();
    for (int f = 0; f < names.length; f++) {
      Path file = dir.resolve(names[f]);
      if (expected[f] == null) {
        if (Files.exists(file)) {
          differences.add(names[f] + " was written, but the policy addresses no aggregate to that party");
        }
      } else if (!Files.exists(file)) {
        differences.add(names[f] + " was not written");
      } else {
        String got = Files.readString(file);
        if (!got.equals(expected[f])) {
          differences.add(names[f] + " differs from the plaintext run's split at line " + firstDifferentLine(got,
              expected[f]));
        }
      }
    }
    return differences;
  }

  private static String columns(CompiledPolicy policy, String results, Party party) {
    int outputs = policy.outputs().size();
    boolean[] keep = new boolean[outputs];
    for (int o = 0; o < outputs; o++) {
      keep[o] = policy.outputs().get(o).isFor(party);
    }
    StringBuilder sb = new StringBuilder(results.length());
    for (String line : lines(results)) {
      // the last `outputs` fields are unquoted values; everything before them is the claim id
      int[] commas = new int[outputs + 1];
      commas[outputs] = line.length();
      for (int o = outputs - 1; o >= 0; o--) {
        commas[o] = line.lastIndexOf(',', commas[o + 1] - 1);
      }
      sb.append(line, 0, commas[0]);
      for (int o = 0; o < outputs; o++) {
        if (keep[o]) {
          sb.append(line, commas[o], commas[o + 1]);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String rows(CompiledPolicy policy, String aggregates, Party party) {
    Set<String> names = policy.aggregates().stream().filter(a -> a.isFor(party)).map(Ir.AggregateStep::name)
        .collect(Collectors.toSet());
    if (names.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    List<String> lines = lines(aggregates);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 || names.contains(line.substring(0, Math.max(0, line.indexOf(','))))) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** The lines of {@code text}, without the empty one after its last line ending. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static int firstDifferentLine(String a, String b) {
    List<String> x = lines(a);
    List<String> y = lines(b);
    int i = 0;
    while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
      i++;
    }
    return i + 1;
  }
}
