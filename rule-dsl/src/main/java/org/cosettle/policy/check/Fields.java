package org.cosettle.policy.check;

import java.util.List;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast;

/** The rules for input fields ({@code claim.*}, {@code patient.*}, {@code insured.*}, items; spec §6). */
final class Fields {
  private Fields() {}

  private static final List<String> CLAIM_FIELDS = List.of("id", "insured_id", "hospital_id", "visit_type",
      "hospital_level", "admission_date", "discharge_date", "diagnosis", "total", "full_self_pay",
      "over_limit", "pre_self_pay", "in_scope", "fund_paid", "critical_paid", "assistance_paid",
      "account_paid", "cash_paid", "settlement_route", "threshold_applied", "other_insurer_paid", "diagnosis_date", "items");
  private static final List<String> ITEM_FIELDS = List.of("code", "category", "amount", "full_self_pay",
      "over_limit", "pre_self_pay", "in_scope", "special_drug");

  /** A field as written resolved: the input field it reads, or why it cannot be read there. */
  record Resolution(InputField field, Symbol insured, String error) {
    static Resolution of(InputField field) {
      return new Resolution(field, null, null);
    }

    static Resolution error(String message) {
      return new Resolution(null, null, message);
    }
  }

  /** What {@code fd} reads where {@code scope} stands (inside a sum, the item's fields). */
  static Resolution resolve(Ast.Field fd, Scope scope) {
    String o = fd.object();
    String n = fd.field();
    if (o.equals("claim")) {
      switch (n) {
        case "visit_type": return Resolution.of(InputField.CLAIM_VISIT_TYPE);
        case "hospital_level": return Resolution.of(InputField.CLAIM_HOSPITAL_LEVEL);
        case "admission_date": return Resolution.of(InputField.CLAIM_ADMISSION_DATE);
        case "discharge_date": return Resolution.of(InputField.CLAIM_DISCHARGE_DATE);
        case "total": return Resolution.of(InputField.CLAIM_TOTAL);
        case "full_self_pay": return Resolution.of(InputField.CLAIM_FULL_SELF_PAY);
        case "over_limit": return Resolution.of(InputField.CLAIM_OVER_LIMIT);
        case "pre_self_pay": return Resolution.of(InputField.CLAIM_PRE_SELF_PAY);
        case "in_scope": return Resolution.of(InputField.CLAIM_IN_SCOPE);
        case "fund_paid": return Resolution.of(InputField.CLAIM_FUND_PAID);
        case "critical_paid": return Resolution.of(InputField.CLAIM_CRITICAL_PAID);
        case "assistance_paid": return Resolution.of(InputField.CLAIM_ASSISTANCE_PAID);
        case "account_paid": return Resolution.of(InputField.CLAIM_ACCOUNT_PAID);
        case "cash_paid": return Resolution.of(InputField.CLAIM_CASH_PAID);
        case "settlement_route": return Resolution.of(InputField.CLAIM_SETTLEMENT_ROUTE);
        case "threshold_applied": return Resolution.of(InputField.CLAIM_THRESHOLD_APPLIED);
        case "other_insurer_paid": return Resolution.of(InputField.CLAIM_OTHER_INSURER_PAID);
        case "diagnosis_date": return Resolution.of(InputField.CLAIM_DIAGNOSIS_DATE);
        case "diagnosis":
          return Resolution.error("claim.diagnosis is a code: test it with 'in', as in claim.diagnosis in {\"C*\"}");
        case "id": case "insured_id":
          return Resolution.error("claim." + n + " is text and cannot be used in an expression");
        case "hospital_id":
          return Resolution.error("claim.hospital_id may only be used as an aggregate key (by claim.hospital_id)");
        case "items":
          return Resolution.error("claim.items may only be used in sum(... for item in claim.items) or count(item in claim.items)");
        default:
          return Resolution.error("unknown field claim." + n + Suggestions.suggest(n, CLAIM_FIELDS));
      }
    }
    if (o.equals("patient")) {
      switch (n) {
        case "age": return Resolution.of(InputField.PATIENT_AGE);
        case "sex": return Resolution.of(InputField.PATIENT_SEX);
        default:
          return Resolution.error("unknown field patient." + n + Suggestions.suggest(n, List.of("age", "sex")));
      }
    }
    if (o.equals("insured")) {
      switch (n) {
        case "preexisting": return Resolution.of(InputField.INSURED_PREEXISTING);
        case "policy_start": return Resolution.of(InputField.INSURED_POLICY_START);
        default:
          Symbol declared = scope.symbol(InsuredFields.key(n));
          if (declared != null && declared.type() == Type.SET_CODE) {
            return Resolution.error("insured." + n + " is a set of codes: test a code with 'in', as in claim.diagnosis in insured." + n);
          }
          if (declared != null && declared.type() == Type.ID) {
            return Resolution.error("insured." + n + " is an id: it only keys a shared state, as in state "
                + n + "_deductible: money by insured." + n);
          }
          if (declared != null) {
            return declared.type() == null ? new Resolution(null, null, null) : new Resolution(null, declared, null);
          }
          Symbol s = scope.symbol(n);
          return Resolution.error(s != null && s.kind() == Symbol.Kind.STATE ? "read the state by its name: " + n
              : "unknown field insured." + n + Suggestions.suggest(n, InsuredFields.names(scope)));
      }
    }
    if (o.equals(scope.itemVariable())) {
      switch (n) {
        case "code":
          return Resolution.error(o + ".code is a code: test it with 'in', as in " + o + ".code in {\"XL01*\"}");
        case "category": return Resolution.of(InputField.ITEM_CATEGORY);
        case "amount": return Resolution.of(InputField.ITEM_AMOUNT);
        case "full_self_pay": return Resolution.of(InputField.ITEM_FULL_SELF_PAY);
        case "over_limit": return Resolution.of(InputField.ITEM_OVER_LIMIT);
        case "pre_self_pay": return Resolution.of(InputField.ITEM_PRE_SELF_PAY);
        case "in_scope": return Resolution.of(InputField.ITEM_IN_SCOPE);
        case "special_drug": return Resolution.of(InputField.ITEM_SPECIAL_DRUG);
        default:
          return Resolution.error("unknown field " + o + "." + n + Suggestions.suggest(n, ITEM_FIELDS));
      }
    }
    if (o.equals("item")) {
      return Resolution.error("item.* may only be used inside sum(... for item in claim.items) or count(item in claim.items)");
    }
    return Resolution.error("unknown name '" + o + "' (fields are read from claim, patient, insured or a line item)");
  }
}
