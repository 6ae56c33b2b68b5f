package org.cosettle.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.core.FeeCategory;
import org.cosettle.policy.GenExpr.Arith;
import org.cosettle.policy.GenExpr.BoolLit;
import org.cosettle.policy.GenExpr.Lit;
import org.cosettle.policy.GenExpr.Ref;
import org.cosettle.policy.GenExpr.RefKind;

/**
 * Builds random well-typed policies: public and private params of every type, category and
 * code sets, states with (at most one) update each placed anywhere after it, lets and outputs
 * reading earlier names, and aggregates with every kind of filter, key and cohort. The
 * expressions come from {@link ExprGenerator}.
 */
final class PolicyGenerator {
  /** Generated values stay well inside 64 bits, so {@code check} rarely rejects a policy. */
  static final BigInteger SAFE = BigInteger.valueOf(Long.MAX_VALUE).shiftRight(2);

  private static final String[] STEMS = {"x", "amt", "rate", "免赔额", "赔付", "cap", "_t", "Σ", "比例", "n"};
  private static final String[] PARTIES = {"insurer", "data_holder", "insurer, data_holder", "data_holder, insurer"};

  private final Dice dice;
  private final LiteralGenerator literals;
  private final ExprGenerator exprs;
  private final List<GenPolicy.Decl> decls = new ArrayList<>();
  /** Whether to declare private tables and private code sets. */
  private final boolean tables;
  private int counter;

  private PolicyGenerator(Random rnd, BigInteger limit, boolean tables) {
    this.tables = tables;
    this.dice = new Dice(rnd);
    this.literals = new LiteralGenerator(dice);
    this.exprs = new ExprGenerator(dice, literals, limit);
  }

  static GenPolicy generate(Random rnd) {
    return generate(rnd, SAFE);
  }

  /**
   * A policy whose lets, outputs and updates stay within {@code limit}; above 2^63 some of them
   * can overflow, and {@code check} must reject exactly those. Aggregates always stay {@link #SAFE}.
   */
  static GenPolicy generate(Random rnd, BigInteger limit) {
    return new PolicyGenerator(rnd, limit, true).policy();
  }

  /**
   * A policy without private tables or private code sets, which handshake mode refuses; it draws
   * from {@code rnd} exactly as the generator did before it knew of tables.
   */
  static GenPolicy withoutTables(Random rnd) {
    return new PolicyGenerator(rnd, SAFE, false).policy();
  }

  /**
   * A policy that declares private tables and a private code set more often than {@link
   * #generate} and looks them up by {@code claim.diagnosis} only: what handshake mode runs.
   */
  static GenPolicy withClaimLookups(Random rnd) {
    PolicyGenerator g = new PolicyGenerator(rnd, SAFE, true);
    g.exprs.claimLookupsOnly = true;
    return g.policy();
  }

  /**
   * A policy that declares private tables and a private code set as often as {@link
   * #withClaimLookups} and looks them up by {@code item.code} within per-item expressions (three
   * times in four) as well as by {@code claim.diagnosis}: handshake mode's lookups per item row.
   */
  static GenPolicy withItemLookups(Random rnd) {
    PolicyGenerator g = new PolicyGenerator(rnd, SAFE, true);
    g.lookupsOften = true;
    g.exprs.itemLookupsOften = true;
    return g.policy();
  }

  /**
   * A policy as {@link #generate} makes, whose states are now and then shared by a family ({@code
   * insured field family: id}, {@code state X: money by insured.family}) or kept per item code
   * ({@code state X: money by item.code}, updated item by item and read within sums and counts),
   * either also {@code per policy_year}: the forms the reference evaluator knows since states had keys.
   */
  static GenPolicy withKeyedStates(Random rnd) {
    PolicyGenerator g = new PolicyGenerator(rnd, SAFE, true);
    g.keyed = true;
    return g.policy();
  }

  /** Declare private tables and a code set in most policies. */
  private boolean lookupsOften;
  /** Declare an id field and states shared by it or kept per item code. */
  private boolean keyed;
  /** The id field shared states are keyed by, or null. */
  private String family;

  private GenPolicy policy() {
    param(GType.RATIO);
    for (int i = dice.nextInt(5); i > 0; i--) {
      param(dice.pick(GType.MONEY, GType.RATIO, GType.INT, GType.INT, GType.BOOL, GType.DATE));
    }
    for (int i = dice.nextInt(3); i > 0; i--) {
      GenPolicy.CategorySet s = new GenPolicy.CategorySet(fresh("covered"), dice.subset(List.of(FeeCategory.values())));
      exprs.categorySets.add(s);
      decls.add(s);
    }
    for (int i = dice.nextInt(3); i > 0; i--) {
      GenPolicy.CodeSet s = new GenPolicy.CodeSet(fresh("codes"), dice.subset(ExprGenerator.PATTERNS));
      exprs.codeSets.add(s);
      decls.add(s);
    }
    for (int i = dice.nextInt(3); i > 0; i--) {
      GType t = dice.pick(GType.MONEY, GType.RATIO, GType.INT, GType.BOOL, GType.DATE);
      GenPolicy.PrivateParam p = new GenPolicy.PrivateParam(fresh("secret"), t);
      decls.add(p);
      exprs.names.add(new Ref(p.name(), t, RefKind.PRIVATE_PARAM, typeBound(t)));
    }
    if (tables) {
      privateTables();
    }
    List<String> pendingUpdates = new ArrayList<>();
    if (keyed && dice.nextInt(3) > 0) {
      family = dice.pick("family", "household", "家庭");
      decls.add(new GenPolicy.IdField(family));
    }
    for (int i = keyed ? 1 + dice.nextInt(4) : dice.nextInt(4); i > 0; i--) {
      GenPolicy.State s = keyed ? keyedState() : new GenPolicy.State(fresh("used"), dice.nextInt(4) == 0);
      decls.add(s);
      boolean updated = dice.nextInt(10) < 8;
      if (updated) {
        pendingUpdates.add(s.name());
      }
      if (!s.byCode()) {
        exprs.names.add(new Ref(s.name(), s.type(), RefKind.STATE, typeBound(s.type())));
      } else {
        exprs.codeStateTypes.put(s.name(), s.type());
        if (!updated) {
          exprs.codeStates.add(s.name());
        }
      }
    }
    int body = 2 + dice.nextInt(6);
    int aggregates = dice.nextInt(3);
    boolean anyResult = false;
    while (body > 0 || aggregates > 0 || !pendingUpdates.isEmpty() || !anyResult) {
      int choice = dice.nextInt(10);
      if (choice < 2 && !pendingUpdates.isEmpty()) {
        update(pendingUpdates.remove(dice.nextInt(pendingUpdates.size())));
      } else if (choice < 3 && aggregates > 0) {
        aggregates--;
        aggregate();
        anyResult = true;
      } else if (body > 0 || !anyResult) {
        body--;
        anyResult |= letOrOutput();
      } else if (!pendingUpdates.isEmpty()) {
        update(pendingUpdates.remove(0));
      } else {
        aggregates--;
        aggregate();
      }
    }
    String name = dice.pick("gen", "随机 保单", "q\"uote\\d", "p");
    return new GenPolicy(List.copyOf(decls), GenPolicy.render(name, 1 + dice.nextInt(99), decls, dice.random()));
  }

  // ---- declarations ---------------------------------------------------------------------

  /** Now and then one or two private tables of random types and sizes, and a private code set. */
  private void privateTables() {
    boolean often = exprs.claimLookupsOnly || lookupsOften;
    for (int i = often || dice.nextInt(4) == 0 ? 1 + dice.nextInt(2) : 0; i > 0; i--) {
      GType t = dice.pick(GType.MONEY, GType.RATIO, GType.INT, GType.BOOL);
      GenExpr value = t == GType.BOOL ? new BoolLit(dice.nextBoolean()) : literals.literal(t, true, false);
      long units = t == GType.BOOL ? (((BoolLit) value).value() ? 1 : 0)
          : ((Lit) value).value().movePointRight(t.scale).longValueExact();
      GenPolicy.PrivateTable table = new GenPolicy.PrivateTable(fresh("table"), t, dice.pick(1L, 3L, 8L, 20_000L), value, units);
      if (value.bound().compareTo(table.type() == GType.BOOL ? BigInteger.ONE : typeBound(t)) <= 0) {
        exprs.tables.add(table);
        decls.add(table);
      }
    }
    if (often ? dice.nextBoolean() : dice.nextInt(4) == 0) {
      GenPolicy.PrivateCodeSet s = new GenPolicy.PrivateCodeSet(fresh("listed"));
      exprs.privateSets.add(s);
      decls.add(s);
    }
  }

  private void param(GType t) {
    GenExpr value;
    switch (t) {
      case BOOL: value = new BoolLit(dice.nextBoolean()); break;
      case DATE: value = literals.dateLit(); break;
      default: value = literals.literal(t, true, false);
    }
    GenPolicy.Param p = new GenPolicy.Param(fresh("p"), t, value);
    decls.add(p);
    exprs.names.add(new Ref(p.name(), t, RefKind.PARAM, value.bound()));
    if (t == GType.INT && ((Lit) value).value().signum() != 0) {
      exprs.divisorParams.add(p);
    }
  }

  /**
   * A state of a keyed policy: per person, shared by the family (when there is one) or per item
   * code; money mostly, else int or bool (kept per item code: money or int), as the language allows.
   */
  private GenPolicy.State keyedState() {
    int kind = dice.nextInt(family == null ? 2 : 3);
    boolean yearly = dice.nextInt(3) == 0;
    if (kind == 1) {
      GType type = dice.pick(GType.MONEY, GType.MONEY, GType.MONEY, GType.INT);
      return new GenPolicy.State(fresh(type == GType.INT ? "drug_count" : "drug_paid"), yearly, null, true, type);
    }
    GType type = dice.pick(GType.MONEY, GType.MONEY, GType.MONEY, GType.INT, GType.BOOL);
    String stem = type == GType.INT ? "claims" : type == GType.BOOL ? "flagged" : "used";
    return new GenPolicy.State(fresh(kind == 2 ? "family_" + stem : stem), yearly, kind == 2 ? family : null, false, type);
  }

  /** Returns whether it declared an output. */
  private boolean letOrOutput() {
    boolean output = dice.nextInt(3) == 0;
    GType t = output ? dice.pick(GType.MONEY, GType.MONEY, GType.RATIO, GType.INT, GType.BOOL)
        : dice.pick(GType.MONEY, GType.MONEY, GType.MONEY, GType.RATIO, GType.INT, GType.INT, GType.BOOL,
            GType.BOOL, GType.DATE, GType.VISIT_TYPE, GType.SEX, GType.SETTLEMENT_ROUTE);
    exprs.touchedCodeStates = false;
    GenExpr value = exprs.gen(t, 1 + dice.nextInt(4));
    String name = fresh(STEMS[dice.nextInt(STEMS.length)]);
    if (exprs.touchedCodeStates) {
      exprs.readsCodeStates.add(name);
    }
    decls.add(output ? new GenPolicy.Output(name, value, dice.pick(PARTIES)) : new GenPolicy.Let(name, value));
    exprs.names.add(new Ref(name, t, output ? RefKind.OUTPUT : RefKind.LET, value.bound()));
    return output;
  }

  private void update(String state) {
    GenPolicy.State declared = decls.stream().filter(d -> d instanceof GenPolicy.State x && x.name().equals(state))
        .map(GenPolicy.State.class::cast).findFirst().orElseThrow();
    if (declared.byCode()) {
      String variable = dice.pick("item", "item", "it", "明细");
      GenExpr[] valueAndWhere = exprs.codeUpdate(state, declared.type(), variable);
      decls.add(new GenPolicy.CodeUpdate(state, variable, valueAndWhere[0], valueAndWhere[1]));
      // read from here on, within sums and counts: every read sees the value this update chains
      exprs.codeStates.add(state);
      if (dice.nextInt(4) > 0) {
        GenExpr sum = exprs.codeSum(state, declared.type());
        String name = fresh("pays");
        boolean output = dice.nextBoolean();
        decls.add(output ? new GenPolicy.Output(name, sum, dice.pick(PARTIES)) : new GenPolicy.Let(name, sum));
        exprs.names.add(new Ref(name, sum.type(), output ? RefKind.OUTPUT : RefKind.LET, sum.bound()));
        exprs.readsCodeStates.add(name);
      }
      return;
    }
    Ref self = exprs.names.stream().filter(n -> n.name().equals(state)).findFirst().orElseThrow();
    decls.add(new GenPolicy.Update(state, stateValue(self)));
  }

  /**
   * A new value for the state {@code self} of its type: a money state's increased or lowered, or
   * any money value; an int state's counted up (by one or an int expression) or any int; a bool
   * state's set once a condition holds, kept while one does, negated, or any condition.
   */
  private GenExpr stateValue(Ref self) {
    switch (self.type()) {
      case INT:
        switch (dice.nextInt(4)) {
          case 0: return new Arith('+', self, new Lit(GType.INT, java.math.BigDecimal.ONE, "1", false), GType.INT);
          case 1: return new Arith(dice.nextBoolean() ? '+' : '-', self, exprs.gen(GType.INT, 2), GType.INT);
          default: return exprs.operand(GType.INT, 3);
        }
      case BOOL:
        switch (dice.nextInt(4)) {
          case 0: return new GenExpr.Logic("or", self, exprs.gen(GType.BOOL, 2));
          case 1: return new GenExpr.Logic("and", self, exprs.gen(GType.BOOL, 2));
          case 2: return new GenExpr.Not(self);
          default: return exprs.gen(GType.BOOL, 3);
        }
      default:
        if (dice.nextBoolean()) {
          return new Arith(dice.nextBoolean() ? '+' : '-', self, exprs.gen(GType.MONEY, 2), GType.MONEY);
        }
        return exprs.operand(GType.MONEY, 3);
    }
  }

  private void aggregate() {
    BigInteger saved = exprs.limit;
    exprs.limit = SAFE;
    try {
      aggregateDecl();
    } finally {
      exprs.limit = saved;
    }
  }

  private void aggregateDecl() {
    GenExpr sum = dice.nextInt(4) == 0 ? null : exprs.gen(dice.pick(GType.MONEY, GType.MONEY, GType.RATIO, GType.INT), 2);
    GenExpr where = dice.nextBoolean() ? exprs.gen(GType.BOOL, 2) : null;
    GenPolicy.GroupKey by;
    switch (dice.nextInt(5)) {
      case 0: by = null; break;
      case 1: by = new GenPolicy.ByValue(exprs.gen(GType.BOOL, 2)); break;
      case 2: by = new GenPolicy.ByValue(exprs.gen(dice.pick(GType.VISIT_TYPE, GType.SEX, GType.SETTLEMENT_ROUTE), 1)); break;
      case 3: {
        List<Long> pool = new ArrayList<>(List.of(-5L, 0L, 1L, 2L, 3L, 18L, 30L, 65L, 100L, 1000L));
        List<Long> bounds = new ArrayList<>();
        for (int k = 1 + dice.nextInt(4); k > 0; k--) {
          bounds.add(pool.remove(dice.nextInt(pool.size())));
        }
        bounds.sort(null);
        by = new GenPolicy.ByBand(exprs.gen(GType.INT, 2), bounds);
        break;
      }
      default: by = new GenPolicy.ByHospital();
    }
    Integer cohort = dice.nextInt(10) < 3 ? null : dice.pick(1, 1, 2, 3, 4);
    decls.add(new GenPolicy.Aggregate(fresh("agg"), sum, where, by, dice.pick(PARTIES), cohort));
  }

  private static BigInteger typeBound(GType t) {
    switch (t) {
      case MONEY: return GenExpr.CLAIM_MONEY;
      case RATIO: return GenExpr.RATIO_BOUND;
      case INT: return GenExpr.INT_BOUND;
      case DATE: return GenExpr.DATE_BOUND;
      default: return BigInteger.ONE;
    }
  }

  private String fresh(String stem) {
    return stem + (++counter);
  }
}
