package org.cosettle.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Policies;
import org.cosettle.policy.ir.Ir;

/**
 * {@code cosettle check --json}: the data-use manifest, or the diagnostics, as one JSON object
 * for tools (docs/language.md, "Who learns what").
 */
final class ManifestJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestJson() {}

  /** {@code {"ok":true,...the manifest}} or {@code {"ok":false,"diagnostics":[...]}}. */
  static String of(Policies.Result r) throws JsonProcessingException {
    return JSON.writeValueAsString(r.ok() ? manifest(r.policy()) : diagnostics(r));
  }

  private static ObjectNode diagnostics(Policies.Result r) {
    ObjectNode root = JSON.createObjectNode().put("ok", false);
    ArrayNode list = root.putArray("diagnostics");
    for (Diagnostic d : r.diagnostics()) {
      list.addObject().put("file", r.source().name()).put("line", d.position().line())
          .put("column", d.position().column()).put("severity", d.severity().name().toLowerCase(Locale.ROOT))
          .put("message", d.message());
    }
    return root;
  }

  private static ObjectNode manifest(CompiledPolicy p) {
    ObjectNode root = JSON.createObjectNode().put("ok", true);
    root.putObject("policy").put("name", p.name()).put("version", p.version());
    ObjectNode reads = root.putObject("reads");
    for (Party party : Party.values()) {
      ArrayNode fields = reads.putArray(party.cplName());
      p.fieldsReadBy(party).forEach(fields::add);
    }
    ArrayNode params = root.putArray("private_params");
    for (CompiledPolicy.PrivateParam pp : p.privateParams()) {
      params.addObject().put("name", pp.name()).put("type", pp.type().toString());
    }
    ArrayNode tables = root.putArray("private_tables");
    for (CompiledPolicy.PrivateTable t : p.privateTables()) {
      ObjectNode table = tables.addObject().put("name", t.name()).put("kind", t.codeSet() ? "code_set" : "table");
      if (!t.codeSet()) {
        table.put("type", t.valueType().toString()).put("size", t.size()).put("default", t.valueType().format(t.defaultValue()));
      }
      if (t.universe() != null) {
        table.putObject("code_list").put("name", t.universe().name()).put("codes", t.universe().size())
            .put("sha256", t.universe().sha256());
      }
    }
    ArrayNode insured = root.putArray("insured_fields");
    for (InsuredColumn c : p.insuredFields()) {
      ObjectNode field = insured.addObject().put("name", c.name()).put("type", c.kind().name().toLowerCase(Locale.ROOT));
      if (c.kind() == InsuredColumn.Kind.ENUM) {
        c.enumValues().forEach(field.putArray("values")::add);
      } else if (c.kind() == InsuredColumn.Kind.CODES) {
        field.put("size", c.sizeBound());
      }
    }
    ObjectNode learns = root.putObject("learns");
    for (Party party : Party.values()) {
      ObjectNode what = learns.putObject(party.cplName());
      ArrayNode outputs = what.putArray("outputs");
      for (CompiledPolicy.Output o : p.outputs()) {
        if (o.isFor(party)) {
          outputs.addObject().put("name", o.name()).put("type", o.type().toString());
        }
      }
      ArrayNode aggregates = what.putArray("aggregates");
      for (Ir.AggregateStep a : p.aggregates()) {
        if (a.isFor(party)) {
          aggregates.addObject().put("name", a.name()).put("computes", p.aggregateTexts().get(a.name()))
              .put("min_cohort", a.cohort()).put("tells_hospital_ids", a.keyKind() == Ir.KeyKind.HOSPITAL);
        }
      }
      if (party == Party.INSURER) {
        ArrayNode states = what.putArray("states");
        for (int s = 0; s < p.stateNames().size(); s++) {
          ObjectNode state = states.addObject().put("name", p.stateNames().get(s))
              .put("type", p.stateTypes().get(s).toString()).put("reveals", p.stateReveals().get(s));
          int sharedBy = p.program().updates().get(s).sharedBy();
          if (sharedBy >= 0) {
            state.put("shared_by", "insured." + p.insuredFields().get(sharedBy).name());
          }
        }
      }
    }
    ArrayNode labels = root.putArray("labels");
    for (CompiledPolicy.Labelled l : p.labels()) {
      labels.addObject().put("kind", l.kind()).put("name", l.name()).put("label", l.label().display())
          .put("line", l.line());
    }
    return root;
  }
}
