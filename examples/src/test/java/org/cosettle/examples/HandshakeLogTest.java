package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs of a whole two-process settlement, at {@code --verbose}, hold no claim or record value,
 * no id, no private param and no key: every such value of a generated batch is a token searched
 * for in both parties' standard error. The logs do show the session's steps.
 */
class HandshakeLogTest {
  static final Path POLICIES = Path.of("..", "examples", "policies").toAbsolutePath().normalize();

  @Test
  void aVerboseSettlementLogsItsStepsAndNoValueIdParamOrKey(@TempDir Path dir) throws Exception {
    Path claims = dir.resolve("claims.jsonl");
    Path insured = dir.resolve("insured.csv");
    Path policy = POLICIES.resolve("special-drug.cpl");
    Cli gen = Cli.run("gen", "--count", "300", "--seed", "20261206", "--policy", policy.toString(), "--out-claims",
        claims.toString(), "--out-insured", insured.toString());
    assertEquals(0, gen.code(), gen.toString());
    Path params = dir.resolve("params.json");
    Files.writeString(params, "{\"drug_ratio\":\"73.19%\"}");
    List<String> p = TwoProcessHandshakeTest.platform(dir, dir);
    p.set(2, policy.toString());
    p.set(p.indexOf("--claims") + 1, claims.toString());
    p.add("--verbose");
    List<String> i = TwoProcessHandshakeTest.insurer(dir, dir);
    i.set(2, policy.toString());
    i.set(i.indexOf("--insured") + 1, insured.toString());
    i.add("--verbose"); // --params: the params.json of the directory
    TwoProcessHandshakeTest.Exits exits = TwoProcessHandshakeTest.run(dir, false, p, i);
    assertEquals(0, exits.insurer(), exits.insurerErr());
    assertEquals(0, exits.platform(), exits.platformErr());
    for (String log : List.of(exits.platformErr(), exits.insurerErr())) {
      assertTrue(log.contains("offline phase done in"), log);
      assertTrue(log.contains("online phase done in"), log);
      assertTrue(log.contains("both parties agree the batch can be settled"), log);
      assertTrue(log.contains("committed"), log);
    }
    Set<String> tokens = tokens(claims, insured, dir);
    tokens.add("73.19");
    tokens.add("7319");
    assertTrue(tokens.size() > 1000, tokens.size() + " tokens");
    String both = exits.platformErr() + "\n" + exits.insurerErr();
    List<String> found = new ArrayList<>();
    for (String token : tokens) {
      if (Pattern.compile("(?<![0-9A-Za-z.])" + Pattern.quote(token) + "(?![0-9A-Za-z])").matcher(both).find()) {
        found.add(token);
      }
    }
    assertEquals(List.of(), found, "values, ids, params or keys in the logs:\n" + both);
  }

  /** Every id, every amount of 10,000.00 or more (as written and in fen), and the lines of every key file. */
  static Set<String> tokens(Path claims, Path insured, Path dir) throws Exception {
    Set<String> tokens = new LinkedHashSet<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(claims)) {
      collect(json.readTree(line), tokens);
    }
    List<String> rows = Files.readAllLines(insured);
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      tokens.add(cells[0]);
      for (int c = 3; c < cells.length; c++) {
        addAmount(cells[c], tokens);
      }
    }
    for (Path key : List.of(TwoProcessHandshakeTest.keys.resolve("plat.key"), TwoProcessHandshakeTest.keys.resolve("ins.key"))) {
      for (String line : Files.readAllLines(key)) {
        if (!line.startsWith("-----") && line.length() > 16) {
          tokens.add(line.substring(0, 16));
        }
      }
    }
    return tokens;
  }

  private static void collect(JsonNode node, Set<String> tokens) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual() && (e.getKey().endsWith("id") || e.getKey().equals("code")
            || e.getKey().equals("diagnosis"))) {
          if (e.getValue().asText().length() >= 4) {
            tokens.add(e.getValue().asText());
          }
        } else if (e.getValue().isTextual()) {
          addAmount(e.getValue().asText(), tokens);
        } else {
          collect(e.getValue(), tokens);
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, tokens));
    }
  }

  private static void addAmount(String text, Set<String> tokens) {
    if (text.matches("-?[0-9]{5,}\\.[0-9]{2}")) {
      tokens.add(text);
      tokens.add(text.replace(".", "").replaceFirst("^-", ""));
    }
  }
}
