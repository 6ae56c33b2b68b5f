package org.cosettle.policy.ir;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Linear inequalities {@code Σ a·x + b ≥ 0} over integer variables, decided by Fourier–Motzkin
 * elimination over the rationals with Chvátal–Gomory rounding of every derived inequality (sound
 * for integer points: a derived inequality holds at every integer solution, and rounding its
 * constant down after dividing by the coefficients' gcd keeps every integer solution). So "no
 * solution" is a proof that no integer point satisfies the system; "maybe" may be a rational point
 * only, and callers treat it as "not proven". A system whose elimination grows beyond {@link
 * #MAX_CONSTRAINTS} answers "maybe" too.
 */
final class LinearSystem {
  /** Past this many inequalities at any step the elimination stops and answers "maybe". */
  static final int MAX_CONSTRAINTS = 4_000;

  /** {@code coeffs[v]·x_v + constant ≥ 0}; coefficients over a fixed number of variables. */
  record Form(BigInteger[] coeffs, BigInteger constant) {
    static Form of(int variables) {
      BigInteger[] c = new BigInteger[variables];
      Arrays.fill(c, BigInteger.ZERO);
      return new Form(c, BigInteger.ZERO);
    }

    static Form constant(int variables, long value) {
      return of(variables).plus(BigInteger.valueOf(value));
    }

    static Form variable(int variables, int v) {
      Form f = of(variables);
      f.coeffs[v] = BigInteger.ONE;
      return f;
    }

    Form plus(BigInteger k) {
      return new Form(coeffs.clone(), constant.add(k));
    }

    Form add(Form o) {
      BigInteger[] c = new BigInteger[coeffs.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = coeffs[i].add(o.coeffs[i]);
      }
      return new Form(c, constant.add(o.constant));
    }

    Form scale(BigInteger k) {
      BigInteger[] c = new BigInteger[coeffs.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = coeffs[i].multiply(k);
      }
      return new Form(c, constant.multiply(k));
    }

    Form subtract(Form o) {
      return add(o.scale(BigInteger.ONE.negate()));
    }

    boolean isConstant() {
      for (BigInteger c : coeffs) {
        if (c.signum() != 0) {
          return false;
        }
      }
      return true;
    }

    /** Divided by the gcd of its coefficients, the constant rounded down (integer points kept). */
    Form normalised() {
      BigInteger g = BigInteger.ZERO;
      for (BigInteger c : coeffs) {
        g = g.gcd(c);
      }
      if (g.signum() == 0 || g.equals(BigInteger.ONE)) {
        return this;
      }
      BigInteger[] c = new BigInteger[coeffs.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = coeffs[i].divide(g);
      }
      return new Form(c, floorDiv(constant, g));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Form f && Arrays.equals(coeffs, f.coeffs) && constant.equals(f.constant);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(coeffs) * 31 + constant.hashCode();
    }
  }

  private LinearSystem() {}

  /** False only when no integer point satisfies every {@code form ≥ 0}. */
  static boolean maybeFeasible(List<Form> constraints) {
    int variables = constraints.isEmpty() ? 0 : constraints.get(0).coeffs().length;
    return eliminate(prepare(constraints), new boolean[variables]) != null;
  }

  /** What {@link #eliminate} gives when the system grew too large: nothing proven. */
  private static final List<Form> GAVE_UP = List.of();

  /**
   * Eliminates every variable not marked in {@code gone} (which it marks): the inequalities left
   * over the others, {@code null} when there is no integer point, {@link #GAVE_UP} past {@link
   * #MAX_CONSTRAINTS}.
   */
  private static List<Form> eliminate(List<Form> system, boolean[] gone) {
    while (system != null) {
      int v = cheapest(system, gone);
      if (v < 0) {
        return system;
      }
      gone[v] = true;
      system = eliminate(system, v);
      if (system != null && system.size() > MAX_CONSTRAINTS) {
        return GAVE_UP;
      }
    }
    return null;
  }

  /**
   * The least and greatest integer values of {@code objective} over the integer points of the
   * system, as far as elimination shows them: {@code null} when the system has no integer point;
   * an end is {@code null} when it is unbounded or the elimination gave up.
   */
  static BigInteger[] bounds(List<Form> constraints, Form objective) {
    int variables = objective.coeffs().length;
    // z = objective as a new last variable
    List<Form> extended = new ArrayList<>();
    for (Form f : constraints) {
      extended.add(widen(f));
    }
    Form z = Form.variable(variables + 1, variables);
    Form obj = widen(objective);
    extended.add(z.subtract(obj));
    extended.add(obj.subtract(z));
    boolean[] gone = new boolean[variables + 1];
    gone[variables] = true; // keep z
    List<Form> system = eliminate(prepare(extended), gone);
    if (system == null) {
      return null;
    }
    if (system == GAVE_UP) {
      return new BigInteger[2];
    }
    BigInteger low = null;
    BigInteger high = null;
    for (Form f : system) {
      BigInteger a = f.coeffs()[variables];
      boolean others = false;
      for (int i = 0; i < variables; i++) {
        others |= f.coeffs()[i].signum() != 0;
      }
      if (others || a.signum() == 0) {
        continue;
      }
      if (a.signum() > 0) { // a·z + b ≥ 0  ⇒  z ≥ ⌈−b / a⌉
        BigInteger l = ceilDiv(f.constant().negate(), a);
        low = low == null ? l : low.max(l);
      } else { // z ≤ ⌊b / −a⌋
        BigInteger h = floorDiv(f.constant(), a.negate());
        high = high == null ? h : high.min(h);
      }
    }
    if (low != null && high != null && low.compareTo(high) > 0) {
      return null;
    }
    return new BigInteger[] {low, high};
  }

  private static Form widen(Form f) {
    BigInteger[] c = Arrays.copyOf(f.coeffs(), f.coeffs().length + 1);
    c[c.length - 1] = BigInteger.ZERO;
    return new Form(c, f.constant());
  }

  /** Normalised, deduplicated, constant inequalities checked; null when one of them fails. */
  private static List<Form> prepare(List<Form> constraints) {
    Set<Form> seen = new HashSet<>();
    List<Form> out = new ArrayList<>();
    for (Form f : constraints) {
      Form n = f.normalised();
      if (n.isConstant()) {
        if (n.constant().signum() < 0) {
          return null;
        }
        continue;
      }
      if (seen.add(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** The variable still present whose elimination makes the fewest new inequalities; −1 when none is left. */
  private static int cheapest(List<Form> system, boolean[] gone) {
    int best = -1;
    long bestCost = Long.MAX_VALUE;
    for (int v = 0; v < gone.length; v++) {
      if (gone[v]) {
        continue;
      }
      long pos = 0;
      long neg = 0;
      for (Form f : system) {
        int s = f.coeffs()[v].signum();
        pos += s > 0 ? 1 : 0;
        neg += s < 0 ? 1 : 0;
      }
      if (pos + neg == 0) {
        continue;
      }
      long cost = pos * neg - pos - neg;
      if (cost < bestCost) {
        bestCost = cost;
        best = v;
      }
    }
    return best;
  }

  private static List<Form> eliminate(List<Form> system, int v) {
    List<Form> pos = new ArrayList<>();
    List<Form> neg = new ArrayList<>();
    List<Form> rest = new ArrayList<>();
    for (Form f : system) {
      int s = f.coeffs()[v].signum();
      (s > 0 ? pos : s < 0 ? neg : rest).add(f);
    }
    for (Form p : pos) {
      for (Form n : neg) {
        rest.add(p.scale(n.coeffs()[v].negate()).add(n.scale(p.coeffs()[v])));
      }
    }
    return prepare(rest);
  }

  static BigInteger floorDiv(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() != 0 && (qr[1].signum() != b.signum()) ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  static BigInteger ceilDiv(BigInteger a, BigInteger b) {
    return floorDiv(a.negate(), b).negate();
  }
}
