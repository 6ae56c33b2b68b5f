package org.cosettle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredColumn;
import org.cosettle.policy.eval.SettledClaim;

/**
 * The insurer's claim ledger for one policy: per settled claim, its outputs and the increment it
 * made to each money or int state (per code for a state kept per item code), so that a later batch
 * can reverse it (docs/files.md, "Claim ledger"). One JSON object per line, in settlement order:
 *
 * <pre>{@code
 * {"claim_id":"C0001","insured_id":"P001","reverses":"","outputs":{"payout":"5012.00"},"increments":{"paid_ytd":"5012.00"}}
 * {"claim_id":"C0002",...,"increments":{"drug_paid":"0.00"},"increments_by_code":{"drug_paid":{"XL01XC":"300.00"}}}
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
  private static final ObjectMapper MAPPER = LedgerLines.MAPPER;
  private static final String BY_CODE = "increments_by_code";
  private static final List<String> FIELDS = List.of("claim_id", "insured_id", "reverses", "outputs", "increments",
      BY_CODE);

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
    return new ClaimLedger(policy, label, LedgerLines.read(path, label, FIELDS, (root, errors) -> parse(root, policy,
        errors), SettledClaim::claimId));
  }

  private static SettledClaim parse(JsonNode root, CompiledPolicy policy, LedgerLines.Errors errors) {
    String claimId = LedgerLines.text(root, "claim_id", errors);
    String insuredId = LedgerLines.text(root, "insured_id", errors);
    String reverses = root.has("reverses") ? LedgerLines.text(root, "reverses", errors) : "";
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
    List<Map<String, Long>> byCode = byCode(root, policy, errors);
    if (claimId == null || insuredId == null || reverses == null || outputs == null || counts == null
        || byCode == null) {
      return null;
    }
    long[] increments = new long[stateTypes.size()];
    for (int s = 0, k = 0; s < stateTypes.size(); s++) {
      increments[s] = stateTypes.get(s) == Type.BOOL ? 0 : counts[k++];
    }
    return new SettledClaim(claimId, insuredId, reverses, outputs, increments, byCode);
  }

  /**
   * Per state, the increments per code under {@code increments_by_code}: an object from the name
   * of a state kept per item code to an object from code to value; a state it does not name (or
   * a line without the field, as written before it existed) has none. Null on an error.
   */
  private static List<Map<String, Long>> byCode(JsonNode root, CompiledPolicy policy, LedgerLines.Errors errors) {
    List<Map<String, Long>> byCode = new ArrayList<>();
    policy.stateNames().forEach(name -> byCode.add(new TreeMap<>()));
    JsonNode obj = root.get(BY_CODE);
    if (obj == null) {
      return byCode;
    }
    if (!(obj instanceof ObjectNode)) {
      errors.add(BY_CODE, "expected an object from state name to an object from code to value");
      return null;
    }
    boolean ok = true;
    for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      int s = policy.stateNames().indexOf(name);
      JsonNode codes = obj.get(name);
      if (s < 0 || !policy.stateColumns().get(s).isByCode()) {
        errors.add(BY_CODE + "." + name, "the policy has no state of that name kept per item code (a ledger belongs"
            + " to the policy that wrote it)");
        ok = false;
      } else if (!(codes instanceof ObjectNode)) {
        errors.add(BY_CODE + "." + name, "expected an object from code to value");
        ok = false;
      } else {
        Type type = policy.stateTypes().get(s);
        for (Iterator<String> it = codes.fieldNames(); it.hasNext(); ) {
          String code = it.next();
          JsonNode v = codes.get(code);
          Long value = v.isTextual() ? TestCaseFile.value(v, type) : null;
          if (code.isEmpty() || !code.strip().equals(code) || value == null) {
            errors.add(BY_CODE + "." + name + "." + code, code.isEmpty() || !code.strip().equals(code)
                ? "expected a code without spaces around it" : "expected a "
                + type.toString().toLowerCase(java.util.Locale.ROOT) + " value as a string");
            ok = false;
          } else {
            byCode.get(s).put(code, value);
          }
        }
      }
    }
    return ok ? byCode : null;
  }

  /** The values of {@code names} under {@code field}, each in its type's result-file syntax; null on an error. */
  private static long[] values(JsonNode root, String field, List<String> names, List<Type> types,
      LedgerLines.Errors errors) {
    return LedgerLines.values(root, field, names, field.equals("outputs") ? "output" : "money or int state",
        (v, k) -> v.isTextual() ? TestCaseFile.value(v, types.get(k)) : null,
        k -> "expected a " + types.get(k).toString().toLowerCase(java.util.Locale.ROOT) + " value as a string", errors);
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
      List<Map<String, Long>> byCode = new ArrayList<>();
      for (int s = 0; s < states; s++) {
        byCode.add(result.incrementsByCode(c, s));
      }
      org.cosettle.core.Claim claim = result.claim(c);
      all.add(new SettledClaim(claim.id(), claim.insuredId(), claim.reverses(), outputs, increments, byCode));
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
      // written only for a policy with states kept per item code: every such state, its codes in order
      if (policy.stateColumns().stream().anyMatch(InsuredColumn::isByCode)) {
        ObjectNode byCode = line.putObject(BY_CODE);
        for (int s = 0; s < policy.stateNames().size(); s++) {
          if (policy.stateColumns().get(s).isByCode()) {
            ObjectNode codes = byCode.putObject(policy.stateNames().get(s));
            Type type = policy.stateTypes().get(s);
            r.incrementsByCode(s).forEach((code, v) -> codes.put(code, type.format(v)));
          }
        }
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }
}
