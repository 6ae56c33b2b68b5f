package org.cosettle.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.ReadFailures;
import org.cosettle.policy.eval.SettledClaim;

/**
 * The insurer's claim ledger for one policy: per settled claim, its outputs and the increment it
 * made to each money or int state, so that a later batch can reverse it (docs/files.md, "Claim
 * ledger"). One JSON object per line, in settlement order:
 *
 * <pre>{@code
 * {"claim_id":"C0001","insured_id":"P001","reverses":"","outputs":{"payout":"5012.00"},"increments":{"paid_ytd":"5012.00"}}
 * }</pre>
 *
 * <pre>{@code
 * ClaimLedger earlier = ClaimLedger.read(path, "ledger.jsonl", policy);
 * ClaimBatch batch = ClaimBatch.of(claims, insured, earlier.records(), earlier.name());
 * BatchResult r = Evaluator.evaluate(policy, batch, privateValues, threads);
 * String next = earlier.after(r).jsonl();   // written with the states after the batch
 * }</pre>
 */
public final class ClaimLedger {
  private static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Set<String> FIELDS = Set.of("claim_id", "insured_id", "reverses", "outputs", "increments");

  private final CompiledPolicy policy;
  private final String name;
  private final List<SettledClaim> records;

  private ClaimLedger(CompiledPolicy policy, String name, List<SettledClaim> records) {
    this.policy = policy;
    this.name = name;
    this.records = List.copyOf(records);
  }

  /** A ledger with no claim settled yet. */
  public static ClaimLedger empty(CompiledPolicy policy) {
    return new ClaimLedger(policy, null, List.of());
  }

  /**
   * The ledger in the file at {@code path} ({@code label} names it in errors), written for
   * {@code policy}: every line must carry exactly the policy's outputs and money and int states.
   *
   * @throws InputException with every bad line, located
   */
  public static ClaimLedger read(Path path, String label, CompiledPolicy policy) throws IOException, InputException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ReadFailures.named(path, e);
    }
    List<InputError> errors = new ArrayList<>();
    List<SettledClaim> records = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      int before = errors.size();
      SettledClaim r = parse(lines.get(i), policy, (field, message) -> errors.add(new InputError(label, 0, field,
          message)));
      for (int e = before; e < errors.size(); e++) {
        InputError bad = errors.get(e);
        errors.set(e, new InputError(label, i + 1, bad.field(), bad.message()));
      }
      if (r != null && !ids.add(r.claimId())) {
        errors.add(new InputError(label, i + 1, "claim_id", "claim " + r.claimId() + " is recorded twice"));
      } else if (r != null) {
        records.add(r);
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return new ClaimLedger(policy, label, records);
  }

  private interface Errors {
    void add(String field, String message);
  }

  private static SettledClaim parse(String line, CompiledPolicy policy, Errors errors) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      errors.add("", "not a JSON object: " + e.getOriginalMessage());
      return null;
    }
    if (!(root instanceof ObjectNode)) {
      errors.add("", "expected a JSON object");
      return null;
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        errors.add(field, "unknown field (expected claim_id, insured_id, reverses, outputs, increments)");
      }
    }
    String claimId = text(root, "claim_id", errors);
    String insuredId = text(root, "insured_id", errors);
    String reverses = root.has("reverses") ? text(root, "reverses", errors) : "";
    List<String> outputNames = new ArrayList<>();
    List<Type> outputTypes = new ArrayList<>();
    for (CompiledPolicy.Output o : policy.outputs()) {
      outputNames.add(o.name());
      outputTypes.add(o.type());
    }
    long[] outputs = values(root, "outputs", outputNames, outputTypes, errors);
    List<Type> stateTypes = policy.stateTypes();
    List<String> counted = new ArrayList<>();
    List<Type> countedTypes = new ArrayList<>();
    for (int s = 0; s < stateTypes.size(); s++) {
      if (stateTypes.get(s) != Type.BOOL) {
        counted.add(policy.stateNames().get(s));
        countedTypes.add(stateTypes.get(s));
      }
    }
    long[] counts = values(root, "increments", counted, countedTypes, errors);
    if (claimId == null || insuredId == null || reverses == null || outputs == null || counts == null) {
      return null;
    }
    long[] increments = new long[stateTypes.size()];
    for (int s = 0, k = 0; s < stateTypes.size(); s++) {
      increments[s] = stateTypes.get(s) == Type.BOOL ? 0 : counts[k++];
    }
    return new SettledClaim(claimId, insuredId, reverses, outputs, increments);
  }

  private static String text(JsonNode root, String field, Errors errors) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty() && !field.equals("reverses")) {
      errors.add(field, n == null ? "missing field" : "expected a non-empty string");
      return null;
    }
    return n.asText();
  }

  /** The values of {@code names} under {@code field}, each in its type's result-file syntax; null on an error. */
  private static long[] values(JsonNode root, String field, List<String> names, List<Type> types, Errors errors) {
    JsonNode obj = root.get(field);
    if (!(obj instanceof ObjectNode)) {
      errors.add(field, obj == null ? "missing field" : "expected an object from name to value");
      return null;
    }
    boolean ok = true;
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        errors.add(field + "." + name, "the policy has no such " + (field.equals("outputs") ? "output"
            : "money or int state") + " (a ledger belongs to the policy that wrote it)");
        ok = false;
      }
    }
    long[] out = new long[names.size()];
    for (int k = 0; k < names.size(); k++) {
      JsonNode v = obj.get(names.get(k));
      Long value = v == null || !v.isTextual() ? null : TestCaseFile.value(v, types.get(k));
      if (value == null) {
        errors.add(field + "." + names.get(k), v == null ? "missing value"
            : "expected a " + types.get(k).toString().toLowerCase(java.util.Locale.ROOT) + " value as a string");
        ok = false;
      } else {
        out[k] = value;
      }
    }
    return ok ? out : null;
  }

  /** The file the ledger was read from, as named when read; null for {@link #empty}. */
  public String name() {
    return name;
  }

  /** The records in settlement order. */
  public List<SettledClaim> records() {
    return records;
  }

  /**
   * This ledger followed by a record of every claim of {@code result}, a batch settled against
   * it by the plaintext evaluator.
   *
   * @throws IllegalStateException when the result carries no state increments
   */
  public ClaimLedger after(BatchResult result) {
    List<SettledClaim> all = new ArrayList<>(records);
    int states = policy.stateNames().size();
    for (int c = 0; c < result.claimCount(); c++) {
      long[] outputs = new long[policy.outputs().size()];
      for (int o = 0; o < outputs.length; o++) {
        outputs[o] = result.output(c, o);
      }
      long[] increments = new long[states];
      for (int s = 0; s < states; s++) {
        increments[s] = policy.stateTypes().get(s) == Type.BOOL ? 0 : result.increment(c, s);
      }
      org.cosettle.core.Claim claim = result.claim(c);
      all.add(new SettledClaim(claim.id(), claim.insuredId(), claim.reverses(), outputs, increments));
    }
    return new ClaimLedger(policy, name, all);
  }

  /** The ledger as a JSON Lines file: one record per line, values in their types' result-file syntax. */
  public String jsonl() {
    StringBuilder sb = new StringBuilder();
    for (SettledClaim r : records) {
      ObjectNode line = MAPPER.createObjectNode();
      line.put("claim_id", r.claimId()).put("insured_id", r.insuredId()).put("reverses", r.reverses());
      ObjectNode outputs = line.putObject("outputs");
      for (int o = 0; o < policy.outputs().size(); o++) {
        CompiledPolicy.Output out = policy.outputs().get(o);
        outputs.put(out.name(), out.type().format(r.outputs()[o]));
      }
      ObjectNode increments = line.putObject("increments");
      for (int s = 0; s < policy.stateNames().size(); s++) {
        if (policy.stateTypes().get(s) != Type.BOOL) {
          increments.put(policy.stateNames().get(s), policy.stateTypes().get(s).format(r.increments()[s]));
        }
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }
}
