package org.cosettle.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one claims-file line token by token straight into a {@link Claim}: no JSON tree, money
 * parsed to fen and dates to day numbers from the parser's own character buffer, repeated short
 * texts shared and enums looked up through {@link TextCache}s, line items stored in a {@link
 * LineItems} column store.
 *
 * <p>It accepts a line only when it is sure {@link ClaimTreeParser} would accept it and build
 * the same claim; for anything else (an error of any kind, or a rare but legal form such as
 * money written as a JSON fraction) it answers null, and the caller reads the line again with
 * {@link ClaimTreeParser}, which finds and words every error. So a message never depends on
 * which parser ran. Not thread-safe; one per reading thread.
 */
final class ClaimStreamParser {
  static final JsonFactory FACTORY = new JsonFactory();
  private static final long NO_VALUE = Long.MIN_VALUE;

  private static final int ID = 0;
  private static final int INSURED_ID = 1;
  private static final int HOSPITAL_ID = 2;
  private static final int VISIT_TYPE = 3;
  private static final int HOSPITAL_LEVEL = 4;
  private static final int ADMISSION_DATE = 5;
  private static final int DISCHARGE_DATE = 6;
  private static final int DIAGNOSIS = 7;
  private static final int PATIENT = 8;
  private static final int ITEMS = 9;
  private static final int FIRST_AMOUNT = 10;
  /** The optional fields follow the ten amounts, in the order of {@link ClaimsFile#OPTIONAL_FIELDS}. */
  private static final int SETTLEMENT_ROUTE = 20;
  private static final int THRESHOLD_APPLIED = 21;
  private static final int OTHER_INSURER_PAID = 22;
  private static final int DIAGNOSIS_DATE = 23;
  private static final int REVERSES = 24;
  /** {@code inscp_scp_amt}: the in-scope amount under its national name, which may need converting. */
  private static final int NATIONAL_IN_SCOPE = SETTLEMENT_ROUTE + ClaimsFile.OPTIONAL_FIELDS.size();
  private static final int REQUIRED_CLAIM_FIELDS =
      ((1 << SETTLEMENT_ROUTE) - 1) & ~(1 << HOSPITAL_ID) & ~(1 << ITEMS);
  private static final List<String> CLAIM_NAMES = new ArrayList<>();
  private static final int[] CLAIM_NAME_FIELDS = new int[ClaimsFile.OTHER_FIELDS.size()
      + ClaimsFile.OPTIONAL_FIELDS.size() + 2 * ClaimsFile.AMOUNTS.length];

  private static final int CODE = 0;
  private static final int CATEGORY = 1;
  private static final int AMOUNT = 2;
  private static final int ITEM_IN_SCOPE = AMOUNT + ClaimsFile.IN_SCOPE;
  private static final int SPECIAL_DRUG = 7;
  private static final int NATIONAL_ITEM_IN_SCOPE = 8;
  private static final int ALL_ITEM_FIELDS = (1 << 8) - 1;
  private static final List<String> ITEM_NAMES = new ArrayList<>(List.of("code", "category", "special_drug"));
  private static final int[] ITEM_NAME_FIELDS = new int[3 + 2 * ClaimsFile.ITEM_AMOUNTS.length];

  static {
    if (SETTLEMENT_ROUTE != FIRST_AMOUNT + ClaimsFile.AMOUNTS.length) {
      throw new ExceptionInInitializerError("the optional fields must follow the amounts");
    }
    for (int k = 0; k < ClaimsFile.OTHER_FIELDS.size(); k++) {
      CLAIM_NAME_FIELDS[CLAIM_NAMES.size()] = k;
      CLAIM_NAMES.add(ClaimsFile.OTHER_FIELDS.get(k));
    }
    for (int k = 0; k < ClaimsFile.AMOUNTS.length; k++) {
      CLAIM_NAME_FIELDS[CLAIM_NAMES.size()] = FIRST_AMOUNT + k;
      CLAIM_NAMES.add(ClaimsFile.AMOUNTS[k][0]);
      CLAIM_NAME_FIELDS[CLAIM_NAMES.size()] = k == ClaimsFile.IN_SCOPE ? NATIONAL_IN_SCOPE : FIRST_AMOUNT + k;
      CLAIM_NAMES.add(ClaimsFile.AMOUNTS[k][1]);
    }
    for (int k = 0; k < ClaimsFile.OPTIONAL_FIELDS.size(); k++) {
      CLAIM_NAME_FIELDS[CLAIM_NAMES.size()] = SETTLEMENT_ROUTE + k;
      CLAIM_NAMES.add(ClaimsFile.OPTIONAL_FIELDS.get(k));
    }
    ITEM_NAME_FIELDS[0] = CODE;
    ITEM_NAME_FIELDS[1] = CATEGORY;
    ITEM_NAME_FIELDS[2] = SPECIAL_DRUG;
    for (int k = 0; k < ClaimsFile.ITEM_AMOUNTS.length; k++) {
      ITEM_NAME_FIELDS[ITEM_NAMES.size()] = AMOUNT + k;
      ITEM_NAMES.add(ClaimsFile.ITEM_AMOUNTS[k][0]);
      ITEM_NAME_FIELDS[ITEM_NAMES.size()] = AMOUNT + k == ITEM_IN_SCOPE ? NATIONAL_ITEM_IN_SCOPE : AMOUNT + k;
      ITEM_NAMES.add(ClaimsFile.ITEM_AMOUNTS[k][1]);
    }
  }

  private final FieldNames claimNames = new FieldNames(CLAIM_NAMES, CLAIM_NAME_FIELDS);
  private final FieldNames itemNames = new FieldNames(ITEM_NAMES, ITEM_NAME_FIELDS);
  private final TextCache<String> shortTexts = TextCache.ofStrings(4096);
  private final TextCache<VisitType> visitTypes = new TextCache<>(64, VisitType::parse);
  private final TextCache<Sex> sexes = new TextCache<>(64, Sex::parse);
  private final TextCache<SettlementRoute> routes = new TextCache<>(64, SettlementRoute::parse);
  private final TextCache<FeeCategory> categories = new TextCache<>(256, FeeCategory::parse);
  private final long[] amounts = new long[ClaimsFile.AMOUNTS.length];
  private final long[] itemAmounts = new long[5];

  /** The claim written in {@code text}, or null when unsure. */
  Claim parse(String text, int line) {
    LineItems into = new LineItems(16);
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Claim claim = claim(p, line, into);
      return claim != null && p.nextToken() == null ? claim : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads the claim object whose START_OBJECT {@code p} is on, leaving {@code p} on its
   * END_OBJECT, its items added to {@code into}; null when unsure (then items may have been
   * added, which the caller takes back).
   */
  Claim claim(JsonParser p, int line, LineItems into) throws IOException {
    String id = null;
    String insuredId = null;
    String hospitalId = "";
    VisitType visitType = null;
    long level = 0;
    long admission = 0;
    long discharge = 0;
    String diagnosis = null;
    long patientAge = NO_VALUE;
    Sex sex = null;
    SettlementRoute route = SettlementRoute.LOCAL;
    boolean thresholdApplied = false;
    long otherInsurerPaid = 0;
    long diagnosisDate = NO_VALUE;
    String reverses = "";
    boolean nationalInScope = false;
    int firstItem = into.size();
    int seen = 0;
    int field;
    claimNames.start();
    while ((field = claimNames.next(p)) != FieldNames.END) {
      if (field == NATIONAL_IN_SCOPE) {
        nationalInScope = true;
        field = FIRST_AMOUNT + ClaimsFile.IN_SCOPE;
      }
      if (field == FieldNames.UNKNOWN || (seen & (1 << field)) != 0) {
        return null;
      }
      seen |= 1 << field;
      JsonToken t = p.nextToken();
      boolean ok;
      switch (field) {
        case SETTLEMENT_ROUTE:
          route = t == JsonToken.VALUE_STRING ? lookUp(p, routes) : null;
          ok = route != null;
          break;
        case THRESHOLD_APPLIED:
          thresholdApplied = t == JsonToken.VALUE_TRUE;
          ok = t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
          break;
        case OTHER_INSURER_PAID:
          otherInsurerPaid = money(p, t, Bounds.CLAIM_MONEY);
          ok = otherInsurerPaid != NO_VALUE;
          break;
        case DIAGNOSIS_DATE:
          diagnosisDate = date(p, t);
          ok = diagnosisDate != NO_VALUE;
          break;
        case REVERSES:
          reverses = t == JsonToken.VALUE_STRING ? p.getText() : "";
          ok = !reverses.isEmpty();
          break;
        case ID:
          id = t == JsonToken.VALUE_STRING ? p.getText() : null;
          ok = id != null;
          break;
        case INSURED_ID:
          insuredId = t == JsonToken.VALUE_STRING ? p.getText() : null;
          ok = insuredId != null;
          break;
        case HOSPITAL_ID:
          hospitalId = t == JsonToken.VALUE_NULL ? "" : shortText(p, t);
          ok = hospitalId != null;
          break;
        case VISIT_TYPE:
          visitType = t == JsonToken.VALUE_STRING ? lookUp(p, visitTypes) : null;
          ok = visitType != null;
          break;
        case HOSPITAL_LEVEL:
          level = wholeNumber(p, t, Bounds.HOSPITAL_LEVEL_MIN, Bounds.HOSPITAL_LEVEL_MAX);
          ok = level != NO_VALUE;
          break;
        case ADMISSION_DATE:
          admission = date(p, t);
          ok = admission != NO_VALUE;
          break;
        case DISCHARGE_DATE:
          discharge = date(p, t);
          ok = discharge != NO_VALUE;
          break;
        case DIAGNOSIS:
          diagnosis = shortText(p, t);
          ok = diagnosis != null;
          break;
        case PATIENT:
          ok = t == JsonToken.START_OBJECT;
          int patientSeen = 0;
          for (String name; ok && (name = p.nextFieldName()) != null; ) {
            t = p.nextToken();
            if (name.equals("age") && (patientSeen & 1) == 0) {
              patientAge = wholeNumber(p, t, -Bounds.INT, Bounds.INT);
              ok = patientAge != NO_VALUE;
              patientSeen |= 1;
            } else if (name.equals("sex") && (patientSeen & 2) == 0) {
              sex = t == JsonToken.VALUE_STRING ? lookUp(p, sexes) : null;
              ok = sex != null;
              patientSeen |= 2;
            } else {
              ok = false;
            }
          }
          ok &= patientSeen == 3;
          break;
        case ITEMS:
          ok = items(p, t, into);
          break;
        default:
          amounts[field - FIRST_AMOUNT] = money(p, t, Bounds.CLAIM_MONEY);
          ok = amounts[field - FIRST_AMOUNT] != NO_VALUE;
      }
      if (!ok) {
        return null;
      }
    }
    if ((seen & REQUIRED_CLAIM_FIELDS) != REQUIRED_CLAIM_FIELDS || p.currentToken() != JsonToken.END_OBJECT
        || nationalInScope && amounts[ClaimsFile.PRE_SELF_PAY] != 0 || reverses.equals(id)) {
      return null;
    }
    List<LineItem> claimItems = into.of(firstItem, into.size() - firstItem);
    if (!ClaimInvariants.check(amounts, claimItems, admission, discharge, (name, message) -> {})) {
      return null;
    }
    return new Claim(
        id, insuredId, hospitalId, visitType, (int) level, (int) admission, (int) discharge,
        diagnosis, (int) patientAge, sex, amounts[0], amounts[1], amounts[2], amounts[3],
        amounts[4], amounts[5], amounts[6], amounts[7], amounts[8], amounts[9], claimItems, route,
        thresholdApplied, otherInsurerPaid, (int) (diagnosisDate == NO_VALUE ? admission : diagnosisDate), reverses,
        line);
  }

  private boolean items(JsonParser p, JsonToken t, LineItems into) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      return false;
    }
    int count = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT || count == Bounds.MAX_ITEMS || !item(p, into)) {
        return false;
      }
      count++;
    }
    return true;
  }

  /** Reads one item into {@code into}; false when unsure. */
  private boolean item(JsonParser p, LineItems into) throws IOException {
    String code = null;
    FeeCategory category = null;
    boolean specialDrug = false;
    boolean nationalInScope = false;
    int seen = 0;
    int field;
    itemNames.start();
    while ((field = itemNames.next(p)) != FieldNames.END) {
      if (field == NATIONAL_ITEM_IN_SCOPE) {
        nationalInScope = true;
        field = ITEM_IN_SCOPE;
      }
      if (field == FieldNames.UNKNOWN || (seen & (1 << field)) != 0) {
        return false;
      }
      seen |= 1 << field;
      JsonToken t = p.nextToken();
      boolean ok;
      switch (field) {
        case CODE:
          code = shortText(p, t);
          ok = code != null;
          break;
        case CATEGORY:
          category = t == JsonToken.VALUE_STRING ? lookUp(p, categories) : null;
          ok = category != null;
          break;
        case SPECIAL_DRUG:
          specialDrug = t == JsonToken.VALUE_TRUE;
          ok = t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
          break;
        default:
          itemAmounts[field - AMOUNT] = money(p, t, Bounds.ITEM_MONEY);
          ok = itemAmounts[field - AMOUNT] != NO_VALUE;
      }
      if (!ok) {
        return false;
      }
    }
    if (seen != ALL_ITEM_FIELDS || p.currentToken() != JsonToken.END_OBJECT
        || nationalInScope && itemAmounts[ClaimsFile.PRE_SELF_PAY] != 0) {
      return false;
    }
    into.add(code, category, itemAmounts, specialDrug);
    return true;
  }

  /** What the JSON string under the parser means to {@code cache}. */
  private static <V> V lookUp(JsonParser p, TextCache<V> cache) throws IOException {
    return cache.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  /** A JSON string as a shared String, or null for any other token. */
  private String shortText(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING ? lookUp(p, shortTexts) : null;
  }

  /** A JSON integer within {@code [min, max]}, or {@link #NO_VALUE}. */
  private static long wholeNumber(JsonParser p, JsonToken t, long min, long max) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return NO_VALUE;
    }
    long v = p.getLongValue();
    return v < min || v > max ? NO_VALUE : v;
  }

  /** A date string within the bounds as a day number, or {@link #NO_VALUE}. */
  private static long date(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      return NO_VALUE;
    }
    int day = Dates.epochDay(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    return day == Dates.INVALID || day < Bounds.DATE_MIN || day > Bounds.DATE_MAX ? NO_VALUE : day;
  }

  /**
   * Money within {@code ±bound} fen, written as a decimal string or a JSON integer, or
   * {@link #NO_VALUE}. JSON fractions are left to {@link ClaimTreeParser}: it reads them through
   * a double, and only it can say what that makes of them.
   */
  private static long money(JsonParser p, JsonToken t, long bound) throws IOException {
    long fen;
    if (t == JsonToken.VALUE_STRING) {
      try {
        fen = Decimals.parseFixed(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(),
            Decimals.MONEY_SCALE, Decimals.MONEY_SCALE);
      } catch (ArithmeticException e) {
        return NO_VALUE;
      }
      if (fen == Decimals.NOT_FIXED) {
        return NO_VALUE;
      }
    } else {
      long yuan = wholeNumber(p, t, -bound / 100, bound / 100);
      if (yuan == NO_VALUE) {
        return NO_VALUE;
      }
      fen = yuan * 100;
    }
    return fen < -bound || fen > bound ? NO_VALUE : fen;
  }
}
