package org.cosettle.policy;

import java.util.List;
import org.cosettle.policy.Compiler.Kind;
import org.cosettle.policy.Compiler.Symbol;
import org.cosettle.policy.Compiler.Typed;
import org.cosettle.policy.syntax.Ast;

/** The checker's rules for input fields ({@code claim.*}, {@code patient.*}, {@code insured.*}, items; spec §6). */
final class Fields {
  private final Compiler checker;

  Fields(Compiler checker) {
    this.checker = checker;
  }

  private static final List<String> CLAIM_FIELDS = List.of("id", "insured_id", "hospital_id", "visit_type",
      "hospital_level", "admission_date", "discharge_date", "diagnosis", "total", "full_self_pay",
      "over_limit", "pre_self_pay", "in_scope", "fund_paid", "critical_paid", "assistance_paid",
      "account_paid", "cash_paid", "items");
  private static final List<String> ITEM_FIELDS = List.of("code", "category", "amount", "full_self_pay",
      "over_limit", "pre_self_pay", "in_scope", "special_drug");

  Typed field(Ast.Field fd) {
    Typed t = fieldNode(fd);
    if (t != null) {
      checker.fieldsRead.add((fd.object().equals(checker.itemVariable) ? "item" : fd.object()) + "." + fd.field());
    }
    return t;
  }

  private Typed input(InputField f, Ast.Field at) {
    return new Typed(f.type(), checker.ir.input(f, at.pos()));
  }

  private Typed fieldNode(Ast.Field fd) {
    String o = fd.object();
    String n = fd.field();
    if (o.equals("claim")) {
      switch (n) {
        case "visit_type": return input(InputField.CLAIM_VISIT_TYPE, fd);
        case "hospital_level": return input(InputField.CLAIM_HOSPITAL_LEVEL, fd);
        case "admission_date": return input(InputField.CLAIM_ADMISSION_DATE, fd);
        case "discharge_date": return input(InputField.CLAIM_DISCHARGE_DATE, fd);
        case "total": return input(InputField.CLAIM_TOTAL, fd);
        case "full_self_pay": return input(InputField.CLAIM_FULL_SELF_PAY, fd);
        case "over_limit": return input(InputField.CLAIM_OVER_LIMIT, fd);
        case "pre_self_pay": return input(InputField.CLAIM_PRE_SELF_PAY, fd);
        case "in_scope": return input(InputField.CLAIM_IN_SCOPE, fd);
        case "fund_paid": return input(InputField.CLAIM_FUND_PAID, fd);
        case "critical_paid": return input(InputField.CLAIM_CRITICAL_PAID, fd);
        case "assistance_paid": return input(InputField.CLAIM_ASSISTANCE_PAID, fd);
        case "account_paid": return input(InputField.CLAIM_ACCOUNT_PAID, fd);
        case "cash_paid": return input(InputField.CLAIM_CASH_PAID, fd);
        case "diagnosis":
          checker.error(fd.pos(), "claim.diagnosis is a code: test it with 'in', as in claim.diagnosis in {\"C*\"}");
          return null;
        case "id": case "insured_id":
          checker.error(fd.pos(), "claim." + n + " is text and cannot be used in an expression");
          return null;
        case "hospital_id":
          checker.error(fd.pos(), "claim.hospital_id may only be used as an aggregate key (by claim.hospital_id)");
          return null;
        case "items":
          checker.error(fd.pos(), "claim.items may only be used in sum(... for item in claim.items) or count(item in claim.items)");
          return null;
        default:
          checker.error(fd.pos(), "unknown field claim." + n + Suggestions.suggest(n, CLAIM_FIELDS));
          return null;
      }
    }
    if (o.equals("patient")) {
      switch (n) {
        case "age": return input(InputField.PATIENT_AGE, fd);
        case "sex": return input(InputField.PATIENT_SEX, fd);
        default:
          checker.error(fd.pos(), "unknown field patient." + n + Suggestions.suggest(n, List.of("age", "sex")));
          return null;
      }
    }
    if (o.equals("insured")) {
      switch (n) {
        case "preexisting": return input(InputField.INSURED_PREEXISTING, fd);
        case "policy_start": return input(InputField.INSURED_POLICY_START, fd);
        default:
          Symbol s = checker.symbols.get(n);
          if (s != null && s.kind == Kind.STATE) {
            checker.error(fd.pos(), "read the state by its name: " + n);
          } else {
            checker.error(fd.pos(), "unknown field insured." + n + Suggestions.suggest(n, List.of("preexisting", "policy_start")));
          }
          return null;
      }
    }
    if (o.equals(checker.itemVariable)) {
      switch (n) {
        case "code":
          checker.error(fd.pos(), o + ".code is a code: test it with 'in', as in " + o + ".code in {\"XL01*\"}");
          return null;
        case "category": return input(InputField.ITEM_CATEGORY, fd);
        case "amount": return input(InputField.ITEM_AMOUNT, fd);
        case "full_self_pay": return input(InputField.ITEM_FULL_SELF_PAY, fd);
        case "over_limit": return input(InputField.ITEM_OVER_LIMIT, fd);
        case "pre_self_pay": return input(InputField.ITEM_PRE_SELF_PAY, fd);
        case "in_scope": return input(InputField.ITEM_IN_SCOPE, fd);
        case "special_drug": return input(InputField.ITEM_SPECIAL_DRUG, fd);
        default:
          checker.error(fd.pos(), "unknown field " + o + "." + n + Suggestions.suggest(n, ITEM_FIELDS));
          return null;
      }
    }
    if (o.equals("item")) {
      checker.error(fd.pos(), "item.* may only be used inside sum(... for item in claim.items) or count(item in claim.items)");
      return null;
    }
    checker.error(fd.pos(), "unknown name '" + o + "' (fields are read from claim, patient, insured or a line item)");
    return null;
  }
}
