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
    shallowest(groups, nets).ifPresent(chosen::add);
    for (org.shattered.spec.Architecture arch : org.shattered.spec.Architecture.values()) {
      pick(groups, nets, arch.configName(), true).filter(r -> !chosen.contains(r)).ifPresent(r -> {
        chosen.add(r);
        twin(groups, nets, r).filter(x -> !chosen.contains(x)).ifPresent(chosen::add);
      });
    }
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
    java.util.Map<List<Object>, Double> biases = new java.util.HashMap<>();
    for (List<Object> g : chosen) {
      if (CurveData.network(groups, g)) {
        List<Object> keys = ResultViews.KEY_LIST.stream().map(k -> g.get(groups.index(k))).toList();
        Row b = spark.sql("SELECT max(bias_std) FROM tasks WHERE " + ResultViews.groupFilter(keys)).first();
        biases.put(g, b.isNullAt(0) ? 0.0 : b.getDouble(0));
      }
    }
    for (List<Object> g : chosen) {
      List<Object> keys = ResultViews.KEY_LIST.stream().map(k -> g.get(groups.index(k))).toList();
      String name = name(groups, g, biases.getOrDefault(g, 0.0));
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
    String groupsFilter = chosen.stream().map(g -> "(" + ResultViews.groupFilter(ResultViews.KEY_LIST.stream()
        .map(k -> g.get(groups.index(k))).toList()) + ")").collect(java.util.stream.Collectors.joining("\n    OR "));
    String keys = ResultViews.KEYS;
    String sql = "-- row 1: the gradient of the first seed of each column's group\nSELECT " + keys + ", seed, gradient\n"
        + "FROM (SELECT *, row_number() OVER (PARTITION BY " + keys + " ORDER BY seed) AS seed_rank\n"
        + "      FROM series WHERE gradient IS NOT NULL AND (" + groupsFilter + "))\nWHERE seed_rank = 1\nORDER BY "
        + keys + ";\n\n-- row 2: the ensemble correlation matrix (ensemble_matrix: written by the report, "
        + "EnsembleMatrices, from\n-- " + AggregateQueries.gradientsByGroup().replace("\n", "\n-- ") + ")\nSELECT "
        + keys + ", p, q, correlation\nFROM ensemble_matrix\nWHERE " + groupsFilter + "\nORDER BY " + keys
        + ", p, q;\n\n-- row 3: the autocorrelation by lag (the view acf_curve)\nSELECT *\nFROM acf_curve\nWHERE "
        + groupsFilter + "\nORDER BY " + keys + ", lag";
    return Optional.of(new Figure("figure1", "Figure 1: gradients, their correlation across seeds, and their "
        + "autocorrelation", "Columns: " + String.join("; ", chosen.stream()
            .map(g -> name(groups, g, biases.getOrDefault(g, 0.0))).toList())
        + ". Top: dy/dx over the inputs for one seed. Middle: correlation matrix of the gradient across seeds "
        + "(centred, P x P; red +1, white 0, blue -1). Bottom: mean autocorrelation c_k with its 95% band. "
        + shallowSentence(groups, chosen, biases) + modeSentence(groups, chosen) + "Deep feedforward nets look like "
        + "white noise (neighbouring inputs get unrelated gradients); the resnet stays in between.", sql, t,
        new Canvas(all, chosen.size(), 380, 320),
        true, "lambda t: figure1(t, [" + chosen.stream().map(g -> pythonKey(groups, g)).collect(
            java.util.stream.Collectors.joining(", ")) + "], [" + chosen.stream().map(g -> Notebook.pythonString(
            name(groups, g, biases.getOrDefault(g, 0.0)))).collect(java.util.stream.Collectors.joining(", "))
        + "], " + String.format(java.util.Locale.ROOT, "(%s, %s))", lo, hi)));
  }

  /**
   * The group's key as the notebook's reader gives it (a Python tuple in {@link ResultViews#KEY_LIST}
   * order: numbers, and strings that read as numbers, as floats; null as ""), so the notebook draws
   * the columns in the page's order.
   */
  static String pythonKey(Table groups, List<Object> g) {
    List<String> parts = new ArrayList<>();
    for (String k : ResultViews.KEY_LIST) {
      Object v = g.get(groups.index(k));
      String text = v == null ? "" : v.toString();
      String lit;
      try {
        double d = Double.parseDouble(text);
        lit = Double.isFinite(d) && text.matches("[-+0-9.eE]+") ? Double.toString(d) : Notebook.pythonString(text);
      } catch (NumberFormatException e) {
        lit = Notebook.pythonString(text);
      }
      parts.add(lit);
    }
    return "(" + String.join(", ", parts) + ")";
  }

  /**
   * What the shallowest column shows, and how it differs from the paper's. A depth-1 net with batch
   * norm on 1-D inputs is a step: every first-layer unit is a_u x-hat, so every gate flips at x = 0
   * and dy/dx takes two values (c_1 = (P - 3) / P exactly), the 1-D batch-norm degeneracy, not the
   * paper's brown noise. A depth-1 net with biases and no normalization has its kinks at -b_u / a_u,
   * spread over the line, and shows what the paper shows.
   */
  static String shallowSentence(Table groups, List<List<Object>> chosen, java.util.Map<List<Object>, Double> biases) {
    for (List<Object> g : chosen) {
      if (isStep(groups, g)) {
        return "The depth-1 gradient is a step, not brown noise: with 1-D inputs and batch norm every first-layer "
            + "unit is a_u·x̂, so every gate flips at x = 0 and dy/dx takes two values (c_1 = (P−3)/P exactly), "
            + "the 1-D batch-norm degeneracy. ";
      }
      if (isShallowWithBiases(groups, g, biases)) {
        return "Unlike the paper, whose panels all use batch norm, the depth-1 column has biases (N(0, "
            + fmt(biases.get(g) * biases.get(g)) + ")) and no batch norm: with 1-D inputs, batch norm without "
            + "biases makes every first-layer gate flip at x = 0, so that net's gradient is a single step (c_1 = "
            + "(P−3)/P), not brown noise; biases put each unit's kink at its own input −b_u/a_u, and the gradient "
            + "is the brown noise the paper shows. ";
      }
    }
    return "Shallow nets have smooth gradients with broad correlation. ";
  }

  /**
   * The sentence on gradient modes when the figure has a deep net in both: frozen batch statistics
   * (each input's gradient of its own output, the statistics held fixed) against through-batch (the
   * gradient of the summed output, through the batch mean and variance), and which the paper most
   * likely computed.
   */
  static String modeSentence(Table groups, List<List<Object>> chosen) {
    boolean both = chosen.stream().anyMatch(g -> groups.str(g, "gradient_mode").equals("through-batch"))
        && chosen.stream().anyMatch(g -> groups.str(g, "gradient_mode").equals("frozen")
            && groups.str(g, "normalization").equals("batch"));
    if (!both) {
      return "";
    }
    return "Each deep net appears twice: with frozen batch statistics (the statistics held constant, so dy_p/dx_p "
        + "depends on x_p alone) and through the batch (d(Σ_p y_p)/dx_q, differentiating through the batch mean "
        + "and variance). The paper's gradients most likely are the through-batch ones: it computed them with "
        + "automatic differentiation of a batch-normalized net evaluated on the whole batch of inputs, and autodiff "
        + "differentiates through the batch statistics unless they are explicitly frozen. Through-batch "
        + "gradients are the rougher (lower c_k). ";
  }

  private static String fmt(double v) {
    return new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
        .format(v);
  }

  private static boolean isStep(Table groups, List<Object> g) {
    return groups.str(g, "architecture").equals("feedforward") && groups.str(g, "depth").equals("1")
        && groups.str(g, "normalization").equals("batch");
  }

  private static boolean isShallowWithBiases(Table groups, List<Object> g, java.util.Map<List<Object>, Double> biases) {
    return groups.str(g, "architecture").equals("feedforward") && groups.str(g, "depth").equals("1")
        && groups.str(g, "normalization").equals("none") && biases.getOrDefault(g, 0.0) > 0;
  }

  /** The shallowest feedforward group (any normalization; batch norm first at equal depth). */
  private static Optional<List<Object>> shallowest(Table t, List<List<Object>> nets) {
    Comparator<List<Object>> order = Comparator.comparingDouble((List<Object> r) -> t.num(r, "depth"))
        .thenComparing(r -> t.str(r, "normalization").equals("batch") ? 0 : 1)
        .thenComparing(r -> t.str(r, "gradient_mode").equals("frozen") ? 0 : 1)
        .thenComparing(r -> -t.num(r, "width"));
    return nets.stream().filter(r -> t.str(r, "architecture").equals("feedforward")).min(order);
  }

  /** The group that differs from {@code g} only in gradient mode (through-batch for frozen), if any. */
  private static Optional<List<Object>> twin(Table t, List<List<Object>> nets, List<Object> g) {
    int mode = t.index("gradient_mode");
    return nets.stream().filter(r -> {
      for (int i = 0; i < r.size(); i++) {
        if (i != mode && !java.util.Objects.equals(r.get(i), g.get(i))) {
          return false;
        }
      }
      return !java.util.Objects.equals(r.get(mode), g.get(mode));
    }).findFirst();
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
        .thenComparing(r -> t.str(r, "gradient_mode").equals("frozen") ? 0 : 1)
        .thenComparing(r -> t.str(r, "beta_rule").isEmpty() || t.str(r, "beta_rule").equals("1.0") ? 0 : 1)
        .thenComparing(r -> -t.num(r, "width"))
        .thenComparing(r -> deepest ? -t.num(r, "depth") : t.num(r, "depth"));
    return nets.stream().filter(r -> t.str(r, "architecture").equals(arch)).min(order);
  }

  private static String name(Table t, List<Object> r, double biasStd) {
    String a = t.str(r, "architecture");
    if (a.endsWith("-noise")) {
      return a.replace("-", " ");
    }
    boolean batch = t.str(r, "normalization").equals("batch");
    return a + ", L=" + t.str(r, "depth") + (CurveData.usesBeta(t, r) ? ", β=" + t.str(r, "beta_rule") : "")
        + (batch ? ", " + t.str(r, "gradient_mode") : ", no norm") + (biasStd > 0 ? ", biases" : "")
        + (isStep(t, r) ? " (a step: 1-D batch-norm degeneracy)" : "");
  }

  private double[] gradient(List<Object> keys) {
    Row r = spark.sql("SELECT gradient FROM series WHERE gradient IS NOT NULL AND " + ResultViews.groupFilter(keys)
        + " ORDER BY seed LIMIT 1").first();
    List<Double> g = r.getList(0);
    return g.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
