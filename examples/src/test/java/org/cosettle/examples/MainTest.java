package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  static final List<String> COMMANDS = List.of("check", "run", "explain", "test", "gen", "demo");

  @Test
  void everyCommandHasHelpEndingWithTheExitStatuses() {
    for (String command : COMMANDS) {
      Cli r = Cli.run(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().startsWith("Usage: cosettle " + command), r.out());
      assertTrue(r.out().endsWith("Exit status:\n  0  success\n  1  a policy or input error (located on standard error)\n"
          + "  2  wrong usage\n"), r.out());
    }
    Cli top = Cli.run("--help");
    for (String command : COMMANDS) {
      assertTrue(top.out().contains("\n  " + command + " "), command);
    }
  }

  @Test
  void aCommandLineThatNamesACommandBuildsOnlyThatOne() {
    for (Map.Entry<String, Class<?>> c : Main.COMMANDS.entrySet()) {
      assertEquals(c.getKey(), c.getValue().getAnnotation(picocli.CommandLine.Command.class).name());
    }
    assertEquals(List.of("handshake"), List.copyOf(Main.commandLine("handshake", "insurer").getSubcommands().keySet()));
    assertEquals(List.of("run"), List.copyOf(Main.commandLine("run", "--help").getSubcommands().keySet()));
    for (String[] args : new String[][] {{}, {"--help"}, {"help", "run"}, {"chek"}, {"completion", "bash"}}) {
      assertEquals(List.copyOf(Main.COMMANDS.keySet()), List.copyOf(Main.commandLine(args).getSubcommands().keySet()),
          String.join(" ", args));
    }
  }

  @Test
  void wrongUsageIsExitTwoWithAHint() {
    for (String command : COMMANDS) {
      Cli r = Cli.run(command, "--no-such-option");
      assertEquals(2, r.code(), command);
      assertEquals("cosettle " + command + ": unknown option '--no-such-option'\nTry 'cosettle " + command + " --help'.\n",
          r.err());
    }
    assertEquals(2, Cli.run().code());
    Cli unknown = Cli.run("frobnicate");
    assertEquals(2, unknown.code());
    assertEquals("cosettle: unknown command 'frobnicate'\nTry 'cosettle --help'.\n", unknown.err());
    assertEquals(2, Cli.run("gen", "--count", "many", "--out-claims", "a", "--out-insured", "b").code());
  }

  @Test
  void anUnknownOptionIsNamedBeforeWhatItMadeMissing() {
    // picocli alone says "Missing required parameter: 'POLICY.cpl'" for the first two
    assertUsage("cosettle run: unknown option '--frobnicate'", "run", "--frobnicate");
    assertUsage("cosettle run: unknown option '--frobnicate'", "run", "p.cpl", "--frobnicate=3");
    assertUsage("cosettle run: unknown option '--claim' (did you mean --claims?)", "run", "p.cpl", "--claim", "c.jsonl");
    assertUsage("cosettle check: unknown option '--plann' (did you mean --plan?)", "check", "--plann", "p.cpl");
    assertUsage("cosettle keygen: unknown options '--dayz', '-q' (did you mean --days?)", "keygen", "--tls", "--name",
        "n", "--out-key", "k", "--out-cert", "c", "--dayz", "3", "-q");
    assertUsage("cosettle policy sign: unknown option '--frobnicate'", "policy", "sign", "--frobnicate");
    assertUsage("cosettle: unknown command 'chek' (did you mean check?)", "chek", "p.cpl");
    assertUsage("cosettle policy: unknown command 'frob'", "policy", "frob");
    assertUsage("cosettle policy: unknown command 'sgn' (did you mean sign?)", "policy", "sgn");
    assertUsage("cosettle: unknown command 'tset' (did you mean test?)", "tset", "p.cpl");
    assertUsage("cosettle check: unexpected argument 'b.cpl'", "check", "a.cpl", "b.cpl");
    assertUsage("cosettle run: Missing required options: '--claims=CLAIMS.jsonl', '--insured=INSURED.csv', "
        + "'--out=RESULTS.csv'", "run", "p.cpl");
  }

  private static void assertUsage(String firstLine, String... args) {
    Cli r = Cli.run(args);
    assertEquals(2, r.code(), r.toString());
    assertEquals(firstLine, r.err().lines().findFirst().orElse(""), r.toString());
  }

  @Test
  void fileProblemsAreWordsWithTheFileNeverAJavaClassName(@TempDir Path tmp) throws Exception {
    Path latin1 = Files.write(tmp.resolve("p.cpl"), new byte[] {'p', (byte) 0xe9, '\n'});
    Path policy = Path.of("..", "examples", "policies", "city-inclusive.cpl");
    Path claims = tmp.resolve("c.jsonl");
    Path insured = tmp.resolve("i.csv");
    assertEquals(0, Cli.run("gen", "--count", "3", "--out-claims", claims.toString(), "--out-insured",
        insured.toString(), "--policy", policy.toString()).code());
    Map<List<String>, String> expected = new LinkedHashMap<>();
    expected.put(List.of("check", latin1.toString()), "cosettle check: " + latin1 + ": not UTF-8 text");
    expected.put(List.of("check", tmp.toString()), "cosettle check: " + tmp + ": Is a directory");
    expected.put(List.of("check", tmp.resolve("none.cpl").toString()), "cosettle check: no such file: "
        + tmp.resolve("none.cpl"));
    expected.put(List.of("run", policy.toString(), "--claims", latin1.toString(), "--insured", insured.toString(), "--out",
        tmp.resolve("o.csv").toString()), "cosettle run: " + latin1 + ": not UTF-8 text");
    expected.put(List.of("run", policy.toString(), "--claims", claims.toString(), "--insured", tmp.toString(), "--out",
        tmp.resolve("o.csv").toString()), "cosettle run: " + tmp + ": Is a directory");
    expected.put(List.of("test", policy.toString(), latin1.toString()), "cosettle test: " + latin1 + ": not UTF-8 text");
    for (Map.Entry<List<String>, String> e : expected.entrySet()) {
      Cli r = Cli.run(e.getKey().toArray(String[]::new));
      assertEquals(1, r.code(), r.toString());
      assertEquals(e.getValue() + "\n", r.err(), r.toString());
    }
  }

  @Test
  void describeAndPlainMessageSayWhatWentWrongInWords() {
    List<IOException> problems = List.of(new NoSuchFileException("a.csv"), new AccessDeniedException("a.csv"),
        new FileAlreadyExistsException("k.pem", null, "refusing to replace an existing file"),
        new FileAlreadyExistsException("k.pem"), new NotDirectoryException("d"), new DirectoryNotEmptyException("d"),
        new FileSystemException("a", "b", "Is a directory"), new FileSystemException("a"),
        new MalformedInputException(1), new IOException("No space left on device"), new IOException(),
        new IOException(new EOFException()));
    List<String> said = problems.stream().map(Main::describe).toList();
    assertEquals(List.of("no such file: a.csv", "permission denied: a.csv", "k.pem: refusing to replace an existing file",
        "file exists: k.pem", "not a directory: d", "directory not empty: d", "a -> b: Is a directory",
        "cannot read or write a", "a file is not UTF-8 text", "input or output failed: No space left on device",
        "input or output failed", "input or output failed: no details"), said);
    assertEquals("disk full", Main.plainMessage(new IllegalStateException(new RuntimeException(new IOException("disk full")))));
    assertEquals("no details", Main.plainMessage(new NullPointerException()));
    for (String s : said) {
      assertFalse(s.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), s);
    }
  }
}
