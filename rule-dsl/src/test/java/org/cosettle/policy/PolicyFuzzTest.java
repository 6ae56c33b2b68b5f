package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated policy texts: {@code Policies.compile} never throws, every diagnostic is
 * located inside the source and renders with a caret, and a policy that compiles evaluates a
 * small batch without any exception other than {@link EvaluationException}. Tries come from
 * {@code -Dcosettle.fuzz.tries}; {@code -Dcosettle.fuzz.seed} replays a run.
 */
class PolicyFuzzTest {
  private static final List<String> DICTIONARY = List.of("policy", "version", "param", "private", "state", "let",
      "output", "aggregate", "update", "to", "if", "then", "else", "match", "tiered", "sum", "count", "for", "in",
      "where", "by", "band", "cohort", "and", "or", "not", "true", "false", "money", "ratio", "int", "bool", "date",
      "set<category>", "set<code>", "claim.total", "claim.items", "item.amount", "item.code", "claim.diagnosis",
      "claim.hospital_id", "claim.id", "patient.age", "insured.preexisting", "item", "=>", "==", "!=", "<=", ">=",
      "=", "+", "-", "*", "/", "(", ")", "[", "]", "{", "}", ",", ":", "0", "1.005", "80%", "12.5%",
      "99999999999999999999", "2026-02-30", "2026-01-01", "INPATIENT", "BED", "MALE", "\"C*\"", "\"", "min", "max",
      "clamp", "days_between", "insurer", "data_holder", "免赔额", "#", "\n", "\n\n", "    ");

  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void mutatedPoliciesCompileWithoutThrowingAndEveryDiagnosticIsLocated() throws IOException {
    List<String> corpus = corpus();
    FuzzTries.run((rnd, context) -> {
      String text = rnd.nextInt(20) == 0 ? randomTokens(rnd)
          : new Mutator(rnd, DICTIONARY).mutate(corpus.get(rnd.nextInt(corpus.size())));
      PolicyChecks.compileAndCheck(text, context, rnd);
    });
  }

  /** The conformance and diagnostics policies, and some generated ones. */
  private static List<String> corpus() throws IOException {
    Random rnd = new Random(1);
    List<String> out = new ArrayList<>();
    Path testdata = Path.of("..", "testdata");
    try (Stream<Path> files = Files.walk(testdata)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".cpl")).sorted().toList()) {
        out.add(Files.readString(p));
      }
    }
    for (int i = 0; i < 30; i++) {
      out.add(PolicyGenerator.generate(new Random(rnd.nextLong())).text());
    }
    return out;
  }

  private static String randomTokens(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int n = rnd.nextInt(60); n > 0; n--) {
      sb.append(DICTIONARY.get(rnd.nextInt(DICTIONARY.size()))).append(rnd.nextInt(3) == 0 ? "" : " ");
    }
    return sb.toString();
  }

  static void failWith(String context, String problem, String text, Throwable cause) {
    fail(context + ": " + problem + "\n--- input (Java-escaped)\n" + escape(text), cause);
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp == '\n') {
        sb.append("\\n\n");
      } else if (cp < 32 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0xfeff) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }
}
