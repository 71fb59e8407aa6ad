package org.shattered.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;

/** Turns aggregate rows into chart curves: grouping, labels, sorting by x, theory lookup. */
final class CurveData {

  private CurveData() {
  }

  /** Rows grouped by a label, in order of first appearance. */
  static Map<String, List<List<Object>>> groupBy(Table t, Function<List<Object>, String> key) {
    Map<String, List<List<Object>>> out = new LinkedHashMap<>();
    for (List<Object> r : t.rows()) {
      out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** A measured curve y(x) with the band y ± ci (ci column may be null for no band). */
  static Charts.Curve curve(Table t, List<List<Object>> rows, String label, String x, String y, String ci,
      int color) {
    List<List<Object>> s = new ArrayList<>(rows);
    s.sort(Comparator.comparingDouble(r -> t.num(r, x)));
    int n = s.size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    double[] lo = ci == null ? null : new double[n];
    double[] hi = ci == null ? null : new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = t.num(s.get(i), x);
      ys[i] = t.num(s.get(i), y);
      if (ci != null) {
        double h = t.num(s.get(i), ci);
        lo[i] = ys[i] - h;
        hi[i] = ys[i] + h;
      }
    }
    return new Charts.Curve(label, xs, ys, lo, hi, false, color);
  }

  /** A measured curve y(x) with the band [lo, hi] of two columns (a bootstrap interval, not symmetric). */
  static Charts.Curve curveBetween(Table t, List<List<Object>> rows, String label, String x, String y, String lo,
      String hi, int color) {
    Charts.Curve c = curve(t, rows, label, x, y, null, color);
    List<List<Object>> s = new ArrayList<>(rows);
    s.sort(Comparator.comparingDouble(r -> t.num(r, x)));
    double[] los = s.stream().mapToDouble(r -> t.num(r, lo)).toArray();
    double[] his = s.stream().mapToDouble(r -> t.num(r, hi)).toArray();
    return new Charts.Curve(label, c.x(), c.y(), los, his, false, color);
  }

  /** The theory curve at the depths of {@code rows}, from the theory aggregate. */
  static Charts.Curve theory(Table theory, Table t, List<List<Object>> rows, String label, int color) {
    TreeSet<Integer> depths = new TreeSet<>();
    rows.forEach(r -> depths.add((int) t.num(r, "depth")));
    List<Object> first = rows.get(0);
    double[] xs = new double[depths.size()];
    double[] ys = new double[depths.size()];
    int i = 0;
    for (int d : depths) {
      xs[i] = d;
      ys[i++] = theoryAt(theory, t.str(first, "architecture"), t.str(first, "normalization"),
          t.str(first, "beta_rule"), d);
    }
    return new Charts.Curve(label, xs, ys, null, null, true, color);
  }

  static double theoryAt(Table theory, String arch, String norm, String rule, int depth) {
    for (List<Object> r : theory.rows()) {
      if (theory.str(r, "architecture").equals(arch) && theory.str(r, "normalization").equals(norm)
          && theory.str(r, "beta_rule").equals(rule) && (int) theory.num(r, "depth") == depth) {
        return theory.num(r, "theory_corr");
      }
    }
    return Double.NaN;
  }

  /** A table with the column theory_corr appended (looked up by architecture, normalization, beta rule, depth). */
  static Table withTheory(Table t, Table theory) {
    List<String> cols = new ArrayList<>(t.columns());
    cols.add("theory_corr");
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      List<Object> v = new ArrayList<>(r);
      v.add(theoryAt(theory, t.str(r, "architecture"), t.str(r, "normalization"), t.str(r, "beta_rule"),
          (int) t.num(r, "depth")));
      rows.add(v);
    }
    return new Table(cols, rows);
  }

  /**
   * The rows of {@code t} with every depth-dependent beta rule completed: the grid keeps one task per
   * key, so where a rule such as 1/sqrt(depth) gives the same beta as another rule (depth 1: 1.0;
   * depth 4: 0.5) its task carries the other rule's label and the rule's curve would miss that depth.
   * For each rule R of the table that depends on depth, and each row of another rule whose beta at
   * its depth equals R's (to 1e-12), with no row of R for the same other columns, a copy labelled R
   * is added. The column {@code measured_as} (appended) holds the rule the row was measured under,
   * so the numbers can be found in the raw tables with {@code beta_rule = measured_as}.
   */
  static Table expandRules(Table t) {
    List<String> cols = new ArrayList<>(t.columns());
    cols.add("measured_as");
    int rule = t.index("beta_rule");
    List<List<Object>> rows = new ArrayList<>();
    java.util.Set<List<Object>> present = new java.util.HashSet<>();
    for (List<Object> r : t.rows()) {
      List<Object> v = new ArrayList<>(r);
      v.add(r.get(rule));
      rows.add(v);
      present.add(r);
    }
    List<String> rules = distinct(t, "beta_rule", r -> true);
    for (String name : rules) {
      org.shattered.spec.BetaValue rv = betaValue(name);
      if (rv == null || rv.depthPower() == 0) {
        continue;
      }
      for (List<Object> r : t.rows()) {
        org.shattered.spec.BetaValue other = betaValue(t.str(r, "beta_rule"));
        if (other == null || t.str(r, "beta_rule").equals(name)) {
          continue;
        }
        int d = (int) t.num(r, "depth");
        if (Math.abs(other.at(d) - rv.at(d)) > 1e-12) {
          continue;
        }
        List<Object> relabelled = new ArrayList<>(r);
        relabelled.set(rule, name);
        if (present.add(relabelled)) {
          List<Object> v = new ArrayList<>(relabelled);
          v.add(r.get(rule));
          rows.add(v);
        }
      }
    }
    return new Table(cols, rows);
  }

  private static org.shattered.spec.BetaValue betaValue(String rule) {
    if (rule.isEmpty()) {
      return null;
    }
    try {
      return org.shattered.spec.BetaValue.parse("beta_rule", rule);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Distinct values of a column among rows. */
  static List<String> distinct(Table t, String column, Predicate<List<Object>> where) {
    return t.rows().stream().filter(where).map(r -> t.str(r, column)).distinct().sorted().toList();
  }

  /** Whether rows is a network (not a noise baseline). */
  static boolean network(Table t, List<Object> r) {
    return !t.str(r, "architecture").endsWith("-noise");
  }

  /** The architecture of a network row (a name no family has is an error, not a silent default). */
  static Architecture architecture(Table t, List<Object> r) {
    return Architecture.parse("architecture", t.str(r, "architecture"));
  }

  /** Whether a row's label carries beta: a network whose family has the branch scale. */
  static boolean usesBeta(Table t, List<Object> r) {
    return network(t, r) && architecture(t, r).usesBeta();
  }

  /** The label of the closed-form curve of a network row (its family's formula for its normalization). */
  static String closedFormLabel(Table t, List<Object> r) {
    return architecture(t, r).family().closedFormLabel(Normalization.parse("normalization", t.str(r, "normalization")));
  }

  /** A readable label of a group: architecture, normalization, beta and width when they vary. */
  static String label(Table t, List<Object> r, boolean norm, boolean width) {
    String a = t.str(r, "architecture");
    StringBuilder sb = new StringBuilder(a);
    if (norm) {
      sb.append(t.str(r, "normalization").equals("batch") ? ", batch norm" : ", no norm");
    }
    if (usesBeta(t, r)) {
      sb.append(", β=").append(t.str(r, "beta_rule"));
    }
    if (width) {
      sb.append(", N=").append(t.str(r, "width"));
    }
    if (t.columns().contains("gradient_mode") && t.str(r, "gradient_mode").equals("through-batch")) {
      sb.append(", through-batch");
    }
    if (degenerate(t, r)) {
      sb.append(" [degenerate: dy/dx a step at x=0]");
    }
    return sb.toString();
  }

  /**
   * Whether a group is a ReLU net without normalization or biases on 1-D line inputs of a family
   * whose gradient is then a step ({@code ArchitectureFamily.stepOnLineUnnormalized}: feedforward and
   * resnet): positively homogeneous, so its gradient takes one value for x &lt; 0 and one for x &gt; 0
   * and c_k = (P - 1 - k)/P whatever the depth or beta (docs/science.md, Networks). Such curves are
   * labelled as degenerate in every figure rather than drawn as findings. Needs the columns
   * {@code inputs} and {@code bias_std} (task_summary has them); false without them.
   */
  static boolean degenerate(Table t, List<Object> r) {
    if (!t.columns().contains("inputs") || !t.columns().contains("bias_std")) {
      return false;
    }
    return network(t, r) && architecture(t, r).family().stepOnLineUnnormalized()
        && t.str(r, "normalization").equals("none")
        && "line".equals(t.str(r, "inputs")) && t.num(r, "bias_std") == 0;
  }
}
