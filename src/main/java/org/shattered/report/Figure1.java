package org.shattered.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Figure 1 of the paper: for a shallow and a deep feedforward net, the deepest resnet, brown noise
 * and white noise (columns), the gradient over the inputs of one seed, the ensemble correlation
 * matrix across seeds (heat map) and the mean autocorrelation by lag with its 95% band (rows).
 * Made when the sweep stored gradients.
 */
final class Figure1 {

  private final SparkSession spark;
  private final Aggregator aggregator;
  private final Map<String, Aggregate> aggs;

  Figure1(SparkSession spark, Aggregator aggregator, Map<String, Aggregate> aggs) {
    this.spark = spark;
    this.aggregator = aggregator;
    this.aggs = aggs;
  }

  Optional<Figure> make() {
    Table pc = aggs.get("pair_correlation").table().where(r -> true);
    Table groups = distinctGroups(pc);
    List<List<Object>> nets = groups.rows().stream().filter(r -> CurveData.network(groups, r)).toList();
    if (nets.isEmpty()) {
      return Optional.empty();
    }
    List<List<Object>> chosen = new ArrayList<>();
    pick(groups, nets, "feedforward", false).ifPresent(chosen::add);
    pick(groups, nets, "feedforward", true).filter(r -> !chosen.contains(r)).ifPresent(chosen::add);
    pick(groups, nets, "resnet", true).ifPresent(chosen::add);
    pick(groups, nets, "looks-linear", true).ifPresent(chosen::add);
    if (chosen.isEmpty()) {
      chosen.add(nets.get(0));
    }
    groups.rows().stream().filter(r -> !CurveData.network(groups, r)).forEach(chosen::add);

    Row range = spark.sql("SELECT min(input_min), max(input_max) FROM tasks").first();
    double lo = range.isNullAt(0) ? -2 : range.getDouble(0);
    double hi = range.isNullAt(1) ? 2 : range.getDouble(1);
    Table acf = aggs.get("acf_curve").table();
    List<Canvas.Panel> gradients = new ArrayList<>();
    List<Canvas.Panel> matrices = new ArrayList<>();
    List<Canvas.Panel> acfs = new ArrayList<>();
    List<List<Object>> data = new ArrayList<>();
    int color = 0;
    for (List<Object> g : chosen) {
      List<Object> keys = ResultViews.KEY_LIST.stream().map(k -> g.get(groups.index(k))).toList();
      String name = name(groups, g);
      double[] grad = gradient(keys);
      int p = grad.length;
      double[] x = new double[p];
      for (int i = 0; i < p; i++) {
        x[i] = p == 1 ? lo : lo + (hi - lo) * i / (p - 1);
        data.add(List.of(name, "gradient_first_seed", i, x[i], grad[i]));
      }
      gradients.add(new Canvas.Panel(Charts.lines(name, "input x", "dy/dx (one seed)",
          List.of(new Charts.Curve(name, x, grad, null, null, false, color)), false), false));
      double[][] m = aggregator.matrix(keys, p);
      matrices.add(new Canvas.Panel(Charts.heatMap("correlation across seeds", "input index", m), true));
      Table a = acf.where(r -> keys.equals(ResultViews.KEY_LIST.stream().map(k -> r.get(acf.index(k))).toList()));
      Charts.Curve c = CurveData.curve(a, a.rows(), name, "lag", "acf_mean", "acf_ci95", color);
      for (int i = 0; i < c.x().length; i++) {
        data.add(List.of(name, "acf_mean", (int) c.x()[i], c.x()[i], c.y()[i]));
        data.add(List.of(name, "acf_ci95", (int) c.x()[i], c.x()[i], c.hi()[i] - c.y()[i]));
      }
      acfs.add(new Canvas.Panel(Charts.lines("autocorrelation", "lag k", "c_k (mean over seeds, 95% band)",
          List.of(c), false, 0.0), false));
      color++;
    }
    List<Canvas.Panel> all = new ArrayList<>(gradients);
    all.addAll(matrices);
    all.addAll(acfs);
    Table t = new Table(List.of("series", "quantity", "index", "x", "value"), data);
    String sql = "-- row 1: the gradient of the first seed\nSELECT gradient FROM series WHERE <group> ORDER BY seed LIMIT 1"
        + "\n\n-- row 2: the ensemble correlation matrix\n" + aggs.get("ensemble_matrix").sql()
        + "\n\n-- row 3: the autocorrelation by lag\n" + aggs.get("acf_curve").sql();
    return Optional.of(new Figure("figure1", "Figure 1: gradients, their correlation across seeds, and their "
        + "autocorrelation", "Columns: " + String.join("; ", chosen.stream().map(g -> name(groups, g)).toList())
        + ". Top: dy/dx over the inputs for one seed. Middle: correlation matrix of the gradient across seeds "
        + "(centred, P x P; red +1, white 0, blue -1). Bottom: mean autocorrelation c_k with its 95% band. "
        + shallowSentence(groups, chosen) + "Deep feedforward nets look like white noise (neighbouring inputs get "
        + "unrelated gradients); the resnet stays in between.", sql, t, new Canvas(all, chosen.size(), 380, 320),
        true));
  }

  /**
   * What the shallowest column shows. A depth-1 net with batch norm on 1-D inputs is a step: every
   * first-layer unit is a_u x-hat, so every gate flips at x = 0 and dy/dx takes two values (c_1 =
   * (P - 3) / P exactly), the 1-D batch-norm degeneracy, not brown noise.
   */
  static String shallowSentence(Table groups, List<List<Object>> chosen) {
    for (List<Object> g : chosen) {
      if (isStep(groups, g)) {
        return "The depth-1 gradient is a step, not brown noise: with 1-D inputs and batch norm every first-layer "
            + "unit is a_u·x̂, so every gate flips at x = 0 and dy/dx takes two values (c_1 = (P−3)/P exactly), "
            + "the 1-D batch-norm degeneracy. ";
      }
    }
    return "Shallow nets have smooth gradients with broad correlation. ";
  }

  private static boolean isStep(Table groups, List<Object> g) {
    return groups.str(g, "architecture").equals("feedforward") && groups.str(g, "depth").equals("1")
        && groups.str(g, "normalization").equals("batch");
  }

  private static Table distinctGroups(Table pc) {
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> r : pc.rows()) {
      List<Object> k = ResultViews.KEY_LIST.stream().map(c -> r.get(pc.index(c))).toList();
      if (!rows.contains(k)) {
        rows.add(k);
      }
    }
    return new Table(ResultViews.KEY_LIST, rows);
  }

  /** The preferred group of a family: batch norm, beta 1, largest width, the smallest or largest depth. */
  private static Optional<List<Object>> pick(Table t, List<List<Object>> nets, String arch, boolean deepest) {
    Comparator<List<Object>> order = Comparator
        .comparing((List<Object> r) -> t.str(r, "normalization").equals("batch") ? 0 : 1)
        .thenComparing(r -> t.str(r, "beta_rule").isEmpty() || t.str(r, "beta_rule").equals("1.0") ? 0 : 1)
        .thenComparing(r -> -t.num(r, "width"))
        .thenComparing(r -> deepest ? -t.num(r, "depth") : t.num(r, "depth"));
    return nets.stream().filter(r -> t.str(r, "architecture").equals(arch)).min(order);
  }

  private static String name(Table t, List<Object> r) {
    String a = t.str(r, "architecture");
    if (a.endsWith("-noise")) {
      return a.replace("-", " ");
    }
    return a + ", L=" + t.str(r, "depth") + (a.equals("resnet") ? ", β=" + t.str(r, "beta_rule") : "")
        + (isStep(t, r) ? " (a step: 1-D batch-norm degeneracy)" : "");
  }

  private double[] gradient(List<Object> keys) {
    Row r = spark.sql("SELECT gradient FROM series WHERE gradient IS NOT NULL AND " + ResultViews.groupFilter(keys)
        + " ORDER BY seed LIMIT 1").first();
    List<Double> g = r.getList(0);
    return g.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
