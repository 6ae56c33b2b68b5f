package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckJsonTest {
  static final Path POLICIES = Path.of("..", "examples", "policies");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aGoodPolicyIsItsManifestAsJson() throws Exception {
    Path file = POLICIES.resolve("city-inclusive.cpl");
    CompiledPolicy policy = Policies.compile(new Source("p", Files.readString(file))).policy();
    Cli r = Cli.run("check", "--json", file.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err());
    JsonNode m = JSON.readTree(r.out());
    assertEquals(List.of("ok", "policy", "reads", "private_params", "private_tables", "insured_fields", "learns", "labels"),
        names(m));
    assertTrue(m.get("ok").asBoolean());
    assertEquals("{\"name\":\"huiminbao-city-2026\",\"version\":1}", m.get("policy").toString());
    assertEquals("{\"data_holder\":[\"claim.visit_type\",\"item.category\",\"item.full_self_pay\",\"item.over_limit\","
        + "\"item.pre_self_pay\"],\"insurer\":[\"insured.preexisting\"]}", m.get("reads").toString());
    assertEquals("[]", m.get("private_params").toString());
    assertEquals("[]", m.get("private_tables").toString());
    assertEquals("[]", m.get("insured_fields").toString());
    assertEquals("{\"outputs\":[{\"name\":\"payout\",\"type\":\"money\"}],\"aggregates\":[]}",
        m.at("/learns/data_holder").toString());
    JsonNode insurer = m.at("/learns/insurer");
    assertEquals(List.of("outputs", "aggregates", "states"), names(insurer));
    assertEquals("[{\"name\":\"payout\",\"type\":\"money\"},{\"name\":\"deductible_applied\",\"type\":\"money\"}]",
        insurer.get("outputs").toString());
    assertEquals("{\"name\":\"paid_ytd\",\"type\":\"money\",\"reveals\":\"per insured person, the sum over their claims in the batch of "
        + "payout\"}", insurer.at("/states/1").toString());
    assertEquals(policy.labels().size(), m.get("labels").size());
    assertEquals("{\"kind\":\"let\",\"name\":\"in_catalogue\",\"label\":\"data_holder\",\"line\":21}",
        m.at("/labels/0").toString());
    for (int i = 0; i < policy.labels().size(); i++) {
      CompiledPolicy.Labelled l = policy.labels().get(i);
      JsonNode j = m.get("labels").get(i);
      assertEquals(List.of(l.kind(), l.name(), l.label().display(), Integer.toString(l.line())), List.of(
          j.get("kind").asText(), j.get("name").asText(), j.get("label").asText(), j.get("line").asText()));
    }
  }

  @Test
  void aggregatesAndPrivateParamsAreListedForTheirRecipients() throws Exception {
    JsonNode clearing = JSON.readTree(Cli.run("check", "--json", POLICIES.resolve("hospital-clearing.cpl").toString()).out());
    assertEquals("[]", clearing.at("/learns/data_holder/aggregates").toString());
    assertEquals("{\"name\":\"owed\",\"computes\":\"sum(pay) by claim.hospital_id, with the number of claims per group\","
        + "\"min_cohort\":10,\"tells_hospital_ids\":true}", clearing.at("/learns/insurer/aggregates/0").toString());
    assertEquals(3, clearing.at("/learns/insurer/aggregates").size());
    JsonNode drug = JSON.readTree(Cli.run("check", "--json", POLICIES.resolve("special-drug.cpl").toString()).out());
    assertEquals("[{\"name\":\"drug_ratio\",\"type\":\"ratio\"}]", drug.get("private_params").toString());
    CompiledPolicy p = Policies.compile(new Source("p", Files.readString(POLICIES.resolve("special-drug.cpl")))).policy();
    for (Party party : Party.values()) {
      List<String> read = new ArrayList<>();
      drug.at("/reads/" + party.cplName()).forEach(f -> read.add(f.asText()));
      assertEquals(p.fieldsReadBy(party), read);
    }
  }

  @Test
  void insuredFieldsAndTypedStatesAreListed() throws Exception {
    JsonNode plans = JSON.readTree(Cli.run("check", "--json", POLICIES.resolve("huiminbao-plans.cpl").toString()).out());
    assertEquals("[{\"name\":\"plan\",\"type\":\"enum\",\"values\":[\"BASIC\",\"CARE\",\"NEW_CITIZEN\"]},"
        + "{\"name\":\"sum_assured\",\"type\":\"money\"},{\"name\":\"exclusions\",\"type\":\"codes\",\"size\":8}]",
        plans.get("insured_fields").toString());
    List<String> types = new ArrayList<>();
    plans.at("/learns/insurer/states").forEach(st -> types.add(st.get("name").asText() + ":" + st.get("type").asText()));
    assertEquals(List.of("deductible_used:money", "paid_ytd:money", "paid_claims:int"), types);
  }

  @Test
  void aPolicyWithErrorsIsItsDiagnosticsAsJsonAndExitOne(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("bad.cpl"), "policy \"x\" version 1\noutput a = claim.nope to insurer\n"
        + "let y = 1 +\n");
    Cli r = Cli.run("check", "--json", file.toString());
    assertEquals(1, r.code(), r.toString());
    assertEquals("", r.err(), "the errors are in the JSON only");
    JsonNode m = JSON.readTree(r.out());
    assertEquals(List.of("ok", "diagnostics"), names(m));
    assertEquals(false, m.get("ok").asBoolean(true));
    assertEquals(2, m.get("diagnostics").size());
    JsonNode first = m.at("/diagnostics/0");
    assertEquals(List.of("file", "line", "column", "severity", "message"), names(first));
    assertEquals(List.of(file.toString(), "2", "12", "error"), List.of(first.get("file").asText(),
        first.get("line").asText(), first.get("column").asText(), first.get("severity").asText()));
    assertTrue(first.get("message").asText().startsWith("unknown field claim.nope"), first.toString());
    assertEquals(3, m.at("/diagnostics/1/line").asInt());
  }

  @Test
  void jsonAndPlanDoNotGoTogether() {
    Cli r = Cli.run("check", "--json", "--plan", POLICIES.resolve("city-inclusive.cpl").toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("cosettle check: --json and --plan cannot be combined\n"), r.err());
    assertEquals("", r.out());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
