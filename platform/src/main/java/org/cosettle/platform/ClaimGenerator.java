package org.cosettle.platform;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.AtomicOutput;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.VisitType;

/**
 * Synthetic, realistic claims that satisfy every settlement invariant of spec §8. Each insured
 * person has a fixed sex, age and usual condition, so repeat visits look like one patient; the
 * fee items follow the visit type (beds and nursing by the day for a stay, registration and
 * consultation for an outpatient visit, special drugs for cancer); the batch runs through the
 * year in file order. Also: reversals of earlier claims (the whole claim negated, 冲销; with
 * {@link #withReversalLinks} also naming the claim they take back, {@code "reverses"}) and
 * refunded items, long stays, very large bills, claims without items and without a hospital id.
 * How the basic scheme settled each claim comes from a stream of its own, so the rest of a batch
 * is the same for a seed whatever those fields: some claims settled out of area (异地), a few not
 * settled by the basic scheme (the patient paid all of it), the inpatient threshold (起付线, 800.00
 * here) charged on every settled stay, and now and then a payment by another commercial insurer.
 * Likewise from a stream of its own: for a visit for the person's usual chronic or cancer
 * condition, now and then the day it was diagnosed (确诊), up to half a year before the admission.
 *
 * <p>Deterministic for a seed on every JVM ({@link StrictMath} only). Synthetic test data,
 * so a plain seeded generator is right here. What {@code cosettle gen} and {@code cosettle demo}
 * write; {@link SettlementGenerator} makes settlement records the same way.
 *
 * <pre>{@code
 * new ClaimGenerator(11, 2_500, 10_000).write(List.of("deductible_used", "paid_ytd"), claims, insured);
 * }</pre>
 */
public final class ClaimGenerator {
  private static final LocalDate YEAR_START = LocalDate.of(2026, 1, 1);
  private static final long ITEM_CAP = 9_000_000_00L;
  private static final String[] CANCER = {"C34.9", "C50.9", "C16.9", "C22.0", "C18.7"};
  private static final String[] CHRONIC = {"E11.9", "I10", "N18.5", "I25.1", "J44.9"};
  private static final String[] ACUTE = {"J18.9", "K35.8", "S72.0", "I63.9", "I21.9", "O80", "F32.9", "Z51.1", "A09"};
  private static final Set<String> ACUTE_SET = Set.of(ACUTE);
  private static final String[] SPECIAL_DRUG_CODES = {"XL01XC", "XL01XE", "XL01FF"};

  /** An insured person: the same sex, birth year and usual condition on every visit. */
  private record Person(String id, boolean male, int birthYear, String condition, boolean chronic, boolean preexisting,
      LocalDate policyStart) {}

  private final SplittableRandom random;
  /** For the optional settlement fields alone, so that they leave every other value of a seed as it was. */
  private final SplittableRandom settlement;
  /** For the optional diagnosis date alone, for the same reason. */
  private final SplittableRandom diagnosed;
  private final long seed;
  private final int persons;
  private final int expectedClaims;
  private final int hospitals;
  private final List<GeneratedClaim> recent = new ArrayList<>();
  /** Whether a reversal names the claim it takes back ({@code "reverses"}). */
  private boolean reversalLinks;

  /** A generator for {@code persons} insured persons and about {@code expectedClaims} claims from {@code seed}. */
  public ClaimGenerator(long seed, int persons, int expectedClaims) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.settlement = new SplittableRandom(seed ^ 0x5E77_1E3E_A7C0_FFEEL);
    this.diagnosed = new SplittableRandom(seed ^ 0xD1A6_0051_5DA7_E000L);
    this.persons = persons;
    this.expectedClaims = expectedClaims;
    this.hospitals = Math.max(3, Math.min(50, persons / 20));
  }

  /**
   * Writes each reversal as a reversal claim ({@code "reverses": ID} of the claim it takes back,
   * amounts negated), settled as docs/language.md's reversals are, instead of a negated copy that
   * the policy settles as any claim; every other line, and which claims are reversed, stay as
   * they are for the seed. Returns this generator.
   */
  public ClaimGenerator withReversalLinks() {
    this.reversalLinks = true;
    return this;
  }

  /** Person {@code i}, derived from the seed and {@code i} alone so that every file agrees on it. */
  private Person person(int i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    boolean chronic = r.nextInt(5) == 0;
    boolean cancer = !chronic && r.nextInt(12) == 0;
    String condition = chronic ? pick(r, CHRONIC) : cancer ? pick(r, CANCER) : pick(r, ACUTE);
    return new Person(padded("P", i, 6), r.nextBoolean(), 1930 + r.nextInt(95), condition, chronic,
        r.nextInt(chronic ? 3 : 12) == 0, YEAR_START.minusDays(31).plusDays(r.nextInt(90)));
  }

  /**
   * Writes the batch: {@code expectedClaims} claims, then the insured file with a column per
   * state (all 0.00). Each file appears whole or not at all, readable by all as every output is
   * ({@link AtomicOutput}).
   */
  public void write(List<String> stateNames, Path claimsPath, Path insuredPath) throws IOException {
    write(List.of(), stateNames.stream().map(n -> InsuredColumn.of(n, InsuredColumn.Kind.MONEY)).toList(), claimsPath,
        insuredPath);
  }

  /**
   * As {@link #write(List, Path, Path)}, the insured file with a column per declared insured field
   * (plausible values: {@link #fieldCell}) and per state (all 0 in its type's syntax).
   */
  public void write(List<InsuredColumn> fields, List<InsuredColumn> states, Path claimsPath, Path insuredPath)
      throws IOException {
    StringBuilder insured = insuredCsv(fields, states);
    try (AtomicOutput claims = AtomicOutput.open(claimsPath)) {
      Writer w = claims.writer();
      for (int i = 0; i < expectedClaims; i++) {
        w.write(claim(i));
        w.write('\n');
      }
      AtomicFile.write(insuredPath, insured);
      claims.commit();
    }
  }

  /** Writes the insured file alone, as {@link #write(List, List, Path, Path)} writes it. */
  public void writeInsured(List<InsuredColumn> fields, List<InsuredColumn> states, Path insuredPath) throws IOException {
    AtomicFile.write(insuredPath, insuredCsv(fields, states));
  }

  private StringBuilder insuredCsv(List<InsuredColumn> fields, List<InsuredColumn> states) {
    StringBuilder insured = new StringBuilder("insured_id,preexisting,policy_start");
    fields.forEach(f -> insured.append(',').append(f.name()));
    states.forEach(s -> insured.append(',').append(s.name()));
    insured.append('\n');
    // a state shared by a family per policy year: the family's members share its first member's start
    boolean familyYears = fields.stream().anyMatch(f -> f.kind() == InsuredColumn.Kind.ID
        && states.stream().anyMatch(s -> s.name().equals(InsuredColumn.familyYear(f.name()))));
    for (int i = 0; i < persons; i++) {
      Person p = person(i);
      LocalDate start = familyYears ? person(i - i % 10).policyStart() : p.policyStart();
      insured.append(p.id()).append(',').append(p.preexisting()).append(',').append(start);
      SplittableRandom r = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + i);
      for (InsuredColumn f : fields) {
        insured.append(',').append(fieldCell(f, p, r));
      }
      for (InsuredColumn s : states) {
        insured.append(',').append(s.isByCode() ? "" : s.kind() == InsuredColumn.Kind.BOOL ? "false"
            : s.kind() == InsuredColumn.Kind.INT ? "0" : "0.00");
      }
      insured.append('\n');
    }
    return insured;
  }

  /**
   * A plausible value of a declared insured field for {@code p}: a sum assured in whole 10,000s, a
   * ratio of 60% to 90%, a small count, a flag true for one person in five, the coverage start,
   * an enum value (the first one most often), a family id shared by up to ten persons of
   * consecutive numbers, or a code set that for a person insured with a
   * pre-existing condition excludes it by prefix ({@code C34*}) and sometimes an acute code.
   */
  private static String fieldCell(InsuredColumn f, Person p, SplittableRandom r) {
    switch (f.kind()) {
      case MONEY: return (10_000L * (1 + r.nextInt(300))) + ".00";
      case RATIO: return "0." + (6 + r.nextInt(4)) + "000";
      case INT: return Integer.toString(r.nextInt(21));
      case BOOL: return Boolean.toString(r.nextInt(5) == 0);
      case DATE: return p.policyStart().toString();
      case ENUM: return f.enumValues().get(r.nextInt(2) == 0 ? 0 : r.nextInt(f.enumValues().size()));
      case ID: return "F" + p.id().substring(1, p.id().length() - 1);
      default: {
        List<String> codes = new ArrayList<>();
        if (p.preexisting() && f.sizeBound() > 0) {
          codes.add(p.condition().substring(0, Math.min(3, p.condition().length())) + "*");
        }
        if (codes.size() < f.sizeBound() && r.nextInt(8) == 0) {
          String acute = pick(r, ACUTE);
          if (!codes.contains(acute) && !acute.startsWith(p.condition().substring(0, 1))) {
            codes.add(acute);
          }
        }
        return String.join(String.valueOf(InsuredColumn.CODE_SEPARATOR), codes);
      }
    }
  }

  /** Claim number {@code index} of the batch as one JSON line. */
  private String claim(int index) {
    String id = padded("C", index, 8);
    GeneratedClaim c;
    if (!recent.isEmpty() && random.nextInt(60) == 0) {
      c = recent.remove(random.nextInt(recent.size())).reversal(id, reversalLinks);
    } else {
      c = visit(id, index);
      if (c.total() > 0) {
        remember(c);
      }
    }
    return c.toJson();
  }

  private void remember(GeneratedClaim c) {
    if (recent.size() == 256) {
      recent.remove(random.nextInt(recent.size()));
    }
    recent.add(c);
  }

  private GeneratedClaim visit(String id, int index) {
    Person p = person(skewedPerson());
    VisitType type = p.chronic() && random.nextInt(2) == 0 ? VisitType.CHRONIC_SPECIAL
        : random.nextInt(4) == 0 || p.condition().startsWith("C") && random.nextInt(2) == 0 ? VisitType.INPATIENT
        : VisitType.OUTPATIENT;
    int stay = type != VisitType.INPATIENT ? 0 : random.nextInt(25) == 0 ? 30 + random.nextInt(150) : 1 + random.nextInt(14);
    int settledDay = (int) ((long) index * 364 / Math.max(1, expectedClaims));
    LocalDate discharge = YEAR_START.plusDays(Math.max(0, settledDay - random.nextInt(3)));
    LocalDate admission = discharge.minusDays(stay);
    String diagnosis = random.nextInt(4) == 0 ? pick(random, ACUTE) : p.condition();
    if (diagnosis.equals("O80") && p.male()) {
      diagnosis = "J18.9";
    }
    boolean large = random.nextInt(400) == 0;
    List<GeneratedClaim.Item> items = new ArrayList<>();
    long[] sums;
    if (type == VisitType.OUTPATIENT && random.nextInt(10) == 0) {
      sums = split(logUniform(30_00, 3_000_00), FeeCategory.OTHER, false);
    } else {
      for (FeeCategory category : categories(type, stay)) {
        int days = category == FeeCategory.BED || category == FeeCategory.NURSING ? Math.max(1, stay) : 1;
        long amount = Math.min(ITEM_CAP, days * typicalAmount(category) * (large ? 20 + random.nextInt(80) : 1));
        boolean special = category == FeeCategory.WESTERN_DRUG && diagnosis.startsWith("C") && random.nextInt(2) == 0;
        if (special) {
          amount = Math.min(ITEM_CAP, logUniform(5_000_00, 200_000_00) * (large ? 10 : 1));
        }
        GeneratedClaim.Item item = new GeneratedClaim.Item(special ? pick(random, SPECIAL_DRUG_CODES) : itemCode(category),
            random.nextBoolean() ? category.name() : category.code(), split(amount, category, special), special);
        items.add(random.nextInt(80) == 0 ? item.negated() : item);
      }
      sums = new long[5];
      for (GeneratedClaim.Item item : items) {
        for (int k = 0; k < 5; k++) {
          sums[k] += item.amounts()[k];
        }
      }
    }
    String sex = p.male() ? (random.nextBoolean() ? "M" : "MALE") : (random.nextBoolean() ? "F" : "FEMALE");
    String hospital = random.nextInt(6) == 0 ? null : padded("H", 1 + random.nextInt(hospitals), 4);
    int level = 1 + random.nextInt(3);
    long[] payments = payments(type, sums);
    int draw = settlement.nextInt(100);
    SettlementRoute route = draw < 8 ? SettlementRoute.OUT_OF_AREA : draw < 10 ? SettlementRoute.NOT_SETTLED
        : SettlementRoute.LOCAL;
    if (route == SettlementRoute.NOT_SETTLED) {
      payments = new long[] {0, 0, 0, 0, sums[0]};
    }
    boolean threshold = route != SettlementRoute.NOT_SETTLED && type == VisitType.INPATIENT && sums[0] > 0;
    long otherInsurer = payments[4] > 0 && settlement.nextInt(40) == 0
        ? payments[4] * (20 + settlement.nextInt(61)) / 100 : 0;
    LocalDate diagnosisDate = diagnosis.equals(p.condition()) && !ACUTE_SET.contains(diagnosis)
        && diagnosed.nextInt(4) == 0 ? admission.minusDays(1 + diagnosed.nextInt(180)) : null;
    return new GeneratedClaim(id, p.id(), hospital, type, level, admission, discharge, diagnosis,
        Math.max(0, admission.getYear() - p.birthYear()), sex, sums, payments, items,
        new GeneratedClaim.Settlement(route, threshold, otherInsurer, diagnosisDate), null);
  }

  /** The fee categories of one visit, in the order a bill lists them. */
  private List<FeeCategory> categories(VisitType type, int stay) {
    List<FeeCategory> list = new ArrayList<>();
    if (type == VisitType.INPATIENT) {
      list.add(FeeCategory.BED);
      list.add(FeeCategory.NURSING);
      addSome(list, 1 + Math.min(6, stay / 3), FeeCategory.LAB_TEST, FeeCategory.EXAMINATION, FeeCategory.WESTERN_DRUG,
          FeeCategory.TREATMENT, FeeCategory.MATERIAL, FeeCategory.PATENT_DRUG, FeeCategory.CONSULTATION);
      if (random.nextInt(3) == 0) {
        list.add(FeeCategory.SURGERY);
        list.add(FeeCategory.MATERIAL);
      }
    } else {
      list.add(random.nextBoolean() ? FeeCategory.REGISTRATION : FeeCategory.GENERAL_CARE);
      addSome(list, 1 + random.nextInt(type == VisitType.CHRONIC_SPECIAL ? 2 : 4), FeeCategory.WESTERN_DRUG,
          FeeCategory.PATENT_DRUG, FeeCategory.LAB_TEST, FeeCategory.CONSULTATION, FeeCategory.EXAMINATION,
          FeeCategory.HERBAL_DRUG, FeeCategory.TREATMENT);
    }
    if (random.nextInt(30) == 0) {
      list.add(FeeCategory.OTHER);
    }
    return list;
  }

  private void addSome(List<FeeCategory> list, int n, FeeCategory... choices) {
    for (int i = 0; i < n; i++) {
      list.add(choices[random.nextInt(choices.length)]);
    }
  }

  /** A typical charge for one item (per day for beds and nursing), in fen. */
  private long typicalAmount(FeeCategory c) {
    return switch (c) {
      case BED -> logUniform(40_00, 300_00);
      case NURSING -> logUniform(20_00, 120_00);
      case REGISTRATION -> logUniform(1_00, 50_00);
      case GENERAL_CARE -> logUniform(10_00, 30_00);
      case CONSULTATION -> logUniform(10_00, 300_00);
      case EXAMINATION -> logUniform(50_00, 3_000_00);
      case LAB_TEST -> logUniform(20_00, 1_500_00);
      case TREATMENT -> logUniform(50_00, 20_000_00);
      case SURGERY -> logUniform(2_000_00, 150_000_00);
      case MATERIAL -> logUniform(100_00, 80_000_00);
      case WESTERN_DRUG -> logUniform(10_00, 30_000_00);
      case HERBAL_DRUG -> logUniform(20_00, 2_000_00);
      case PATENT_DRUG -> logUniform(20_00, 3_000_00);
      case OTHER -> logUniform(1_00, 500_00);
    };
  }

  /**
   * Splits an item into {amount, full_self_pay, over_limit, pre_self_pay, in_scope} with
   * {@code amount = full_self_pay + over_limit + in_scope} and {@code 0 <= pre_self_pay <= in_scope}.
   */
  private long[] split(long amount, FeeCategory c, boolean special) {
    boolean drugOrMaterial = c == FeeCategory.WESTERN_DRUG || c == FeeCategory.PATENT_DRUG || c == FeeCategory.MATERIAL;
    long fullSelfPay = special && random.nextInt(3) == 0 || random.nextInt(drugOrMaterial ? 4 : 12) == 0 ? amount
        : drugOrMaterial && random.nextInt(4) == 0 ? amount * (10 + random.nextInt(60)) / 100 : 0;
    long overLimit = random.nextInt(15) == 0 ? (amount - fullSelfPay) / 10 : 0;
    long inScope = amount - fullSelfPay - overLimit;
    long preSelfPay = drugOrMaterial && random.nextInt(3) == 0 ? inScope * (5 + random.nextInt(26)) / 100 : 0;
    return new long[] {amount, fullSelfPay, overLimit, preSelfPay, inScope};
  }

  /** fund, critical, assistance, account, cash: adding up to the total, none negative. */
  private long[] payments(VisitType type, long[] sums) {
    long total = sums[0];
    if (total <= 0) {
      return new long[] {0, 0, 0, 0, total};
    }
    long reimbursable = Math.max(0, sums[4] - sums[3] - (type == VisitType.INPATIENT ? 800_00 : 0));
    int percent = type == VisitType.INPATIENT ? 70 + random.nextInt(21) : type == VisitType.CHRONIC_SPECIAL ? 60 + random.nextInt(21) : 50;
    long fund = Math.min(total, reimbursable * percent / 100);
    long critical = reimbursable > 3_000_000 ? (reimbursable - fund) / 2 : 0;
    long assistance = random.nextInt(12) == 0 ? Math.min(1_000_00, total - fund - critical) : 0;
    long account = type != VisitType.INPATIENT && random.nextInt(3) == 0 ? Math.min(200_00, total - fund - critical - assistance) : 0;
    return new long[] {fund, critical, assistance, account, total - fund - critical - assistance - account};
  }

  private String itemCode(FeeCategory c) {
    return padded(switch (c) {
      case WESTERN_DRUG -> "XA";
      case PATENT_DRUG -> "ZA";
      case HERBAL_DRUG -> "T";
      case MATERIAL -> "HC";
      case SURGERY -> "ZB";
      default -> "Y" + c.code();
    }, random.nextInt(40), 2);
  }

  /** log-uniform between lo and hi fen: many small charges, a few large ones. */
  private long logUniform(long lo, long hi) {
    return (long) (lo * StrictMath.exp(random.nextDouble() * StrictMath.log((double) hi / lo)));
  }

  /** A few persons visit often: the square of a uniform skews towards low ids. */
  private int skewedPerson() {
    double u = random.nextDouble();
    return (int) (u * u * persons);
  }

  /** {@code prefix} then {@code n} with leading zeros to {@code width} digits. */
  private static String padded(String prefix, int n, int width) {
    String digits = Integer.toString(n);
    return prefix + "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  private static String pick(SplittableRandom r, String[] options) {
    return options[r.nextInt(options.length)];
  }
}
