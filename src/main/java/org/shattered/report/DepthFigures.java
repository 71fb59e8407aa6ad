package org.shattered.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;

/**
 * The depth figures: c_1 against depth with its 95% band, the ensemble pair correlation r_1 and
 * r_K against depth, looks-linear against feedforward and resnet, and the width comparison. Each is
 * made only when the sweep has the data for it. No theory curve is drawn over c_1: the theory table
 * is the correlation of inputs whose gates are independent, c_1 the centred autocorrelation of
 * neighbouring inputs, a different quantity; over r_k the independent-gate limit is drawn once per
 * distinct curve and labelled as a different quantity. A depth-dependent beta rule has a point at
 * every depth ({@link CurveData#expandRules}), and the depth axis has a tick at every depth of the grid.
 */
final class DepthFigures {

  private final Map<String, Aggregate> aggs;
  private final Function<String, Table> query;
  private final Table summary;
  private final Table theory;

  /**
   * @param aggs the aggregates
   * @param query runs a figure's query (its rows are the figure's data and CSV, so the SQL shown is
   *     exactly what gives them)
   */
  DepthFigures(Map<String, Aggregate> aggs, Function<String, Table> query) {
    this.aggs = aggs;
    this.query = query;
    // c_1 exists for line inputs only (sphere tasks have none)
    Table all = CurveData.expandRules(aggs.get("task_summary").table());
    this.summary = all.where(r -> !Double.isNaN(all.num(r, "acf_lag1_mean")));
    this.theory = aggs.get("theory").table();
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    int maxWidth = summary.rows().stream().mapToInt(r -> (int) summary.num(r, "width")).max().orElse(0);
    boolean depths = CurveData.distinct(summary, "depth", r -> true).size() >= 2;
    boolean norms = CurveData.distinct(summary, "normalization", r -> true).size() >= 2;
    if (depths) {
      out.add(byDepth("c1_vs_depth", "Lag-1 autocorrelation c_1 of the gradient against depth",
          "WHERE v.width = " + maxWidth, norms, false,
          "Mean over seeds of c_1 (autocorrelation of dy/dx between neighbouring inputs) at width N=" + maxWidth
              + ", with its 95% Student-t interval (band). No theory curve is drawn: the theory table gives the "
              + "correlation between inputs whose gates are independent (co-activation 1/4), while neighbouring "
              + "inputs share most of their gates and c_1 is centred within one network, so it is a different "
              + "quantity (the theorems are tested on the pair correlation over all input pairs). " + DEGENERATE
              + DODGE));
    }
    pairCorrelation(norms, maxWidth).ifPresent(out::add);
    if (summary.rows().stream().anyMatch(r -> summary.str(r, "architecture").equals("looks-linear"))) {
      out.add(byDepth("looks_linear", "Looks-linear against feedforward and resnet at equal depth", "", norms,
          CurveData.distinct(summary, "width", r -> true).size() > 1,
          "Mean c_1 with 95% band against depth. A looks-linear net is linear at initialization, so its gradient "
              + "is constant over the inputs and c_1 = 1 by convention where that constant is exact. With batch norm "
              + "on a line the forward pass loses more than 20 bits from depth 8 or so (each layer's batch is rank "
              + "1; precision_flag): those tasks have no c_1 and their points are missing. He-initialized "
              + "feedforward nets with batch norm shatter, resnets decay slowly. Curves marked degenerate (no "
              + "normalization, no biases, 1-D inputs) are positively homogeneous nets whose gradient is a step at "
              + "x = 0 (c_1 = (P−3)/P at every depth): they show the 1-D degeneracy, not that such nets do not "
              + "shatter (on sphere inputs they do). " + DEGENERATE + DODGE));
    }
    if (CurveData.distinct(summary, "width", r -> true).size() >= 2 && depths) {
      out.add(byDepth("width_comparison", "Width comparison: c_1 against depth for each width", "", norms, true,
          "Mean c_1 with 95% band, one line per architecture and width. The shattering depends on depth, "
              + "hardly on width. " + DODGE));
    }
    return out;
  }

  static final String DEGENERATE = "Labels end in [degenerate: ...] for nets without normalization or biases on "
      + "a line, whose gradient is a step; through-batch marks gradients differentiated through the batch "
      + "statistics (the others hold them frozen). ";

  static final String DODGE = "Curves that coincide are told apart by their markers, and their points are "
      + "shifted sideways by at most 3% of the depth; a curve on top of an earlier one is drawn wide and dashed "
      + "beneath it, and its legend entry names the curve it coincides with. The table has the exact depths.";

  /**
   * A view's rows with the theory of their (architecture, normalization, beta rule, depth) joined
   * (the theory aggregate the report computes): the query of the pair-correlation figure.
   */
  static String withTheory(String view, String where) {
    boolean pairs = view.equals("pair_correlation");
    return "SELECT v.*, t.theory_corr" + (pairs ? ", i.r_se, i.r_lo, i.r_hi" : "") + "\nFROM " + view + " v\n"
        + "  LEFT JOIN theory t ON v.architecture = t.architecture"
        + " AND v.normalization = t.normalization\n    AND v.beta_rule <=> t.beta_rule AND v.depth = t.depth\n"
        + (pairs ? "  LEFT JOIN pair_correlation_interval i ON " + ResultViews.KEY_LIST.stream().map(k -> "v." + k
            + " <=> i." + k).collect(java.util.stream.Collectors.joining(" AND ")) + " AND v.lag = i.lag\n" : "")
        + (where.isEmpty() ? "" : where + "\n") + "ORDER BY " + ResultViews.KEY_LIST.stream().map(k -> "v." + k)
        .collect(java.util.stream.Collectors.joining(", ")) + (view.equals("pair_correlation") ? ", v.lag" : "");
  }

  private Figure byDepth(String name, String title, String where, boolean norms, boolean widths, String caption) {
    // c_1 exists for line inputs only (sphere tasks have none, NaN)
    String sql = "SELECT v.*\nFROM task_summary v\nWHERE v.acf_lag1_mean IS NOT NULL AND NOT isnan(v.acf_lag1_mean)"
        + (where.isEmpty() ? "" : " AND " + where.replaceFirst("^WHERE ", "")) + "\nORDER BY " + ResultViews.KEYS
        + "\n-- the plot adds: rows of a depth-dependent beta rule at depths where its task coincides with another"
        + "\n-- rule's are that task's rows (CurveData.expandRules)";
    Table data = query.apply(sql); // the CSV: exactly what the SQL gives
    Table all = CurveData.expandRules(data);
    Table t = all.where(r -> !Double.isNaN(all.num(r, "acf_lag1_mean")));
    List<Charts.Curve> curves = new ArrayList<>();
    int color = 0;
    boolean logX = logX(t);
    Map<String, List<List<Object>>> groups = CurveData.groupBy(t, r -> CurveData.label(t, r, norms, widths));
    for (Map.Entry<String, List<List<Object>>> g : groups.entrySet()) {
      Charts.Curve c = CurveData.curve(t, g.getValue(), g.getKey(), "depth", "acf_lag1_mean", "acf_lag1_ci95", color);
      curves.add(dodge(c, color, groups.size()));
      color++;
    }
    JFreeChart c = Charts.lines(title, "depth L (number of ReLU layers)" + (logX ? ", log scale" : ""),
        "c_1 (lag-1 autocorrelation of dy/dx)", curves, new Charts.Axes(logX, false, depths(t)), 0.0);
    return new Figure(name, title, caption, sql, data, Canvas.single(c, 900, 560), true,
        "lambda t: lines(t[0], \"depth\", [(\"acf_lag1_mean\", \"acf_lag1_ci95\", \"c_1\")])");
  }

  /** The curve's x multiplied by 1 + 0.03 (i - (n-1)/2) / max(n-1, 1): a sideways shift of at most 3%. */
  static Charts.Curve dodge(Charts.Curve c, int i, int n) {
    double f = 1 + 0.03 * (i - (n - 1) / 2.0) / Math.max(n - 1, 1);
    double[] x = c.x().clone();
    for (int k = 0; k < x.length; k++) {
      x[k] *= f;
    }
    return new Charts.Curve(c.label(), x, c.y(), c.lo(), c.hi(), c.theory(), c.color());
  }

  /** The distinct depths of a table, for the axis ticks. */
  static double[] depths(Table t) {
    return t.rows().stream().mapToDouble(r -> t.num(r, "depth")).distinct().sorted().toArray();
  }

  /** The name of the independent-gate curve of a group (its formula), to draw each distinct curve once. */
  static String theoryName(Table t, List<Object> r) {
    return CurveData.closedFormLabel(t, r) + (CurveData.usesBeta(t, r) ? ", β=" + t.str(r, "beta_rule") : "");
  }

  private java.util.Optional<Figure> pairCorrelation(boolean norms, int maxWidth) {
    Table pc = aggs.get("pair_correlation").table();
    Table expanded = CurveData.expandRules(pc);
    Table net = expanded.where(r -> CurveData.network(expanded, r) && (int) expanded.num(r, "width") == maxWidth);
    if (CurveData.distinct(net, "depth", r -> true).size() < 2) {
      return java.util.Optional.empty();
    }
    int maxLag = net.rows().stream().mapToInt(r -> (int) net.num(r, "lag")).max().orElse(1);
    List<Integer> lags = maxLag > 1 ? List.of(1, maxLag) : List.of(1);
    String sql = withTheory("pair_correlation", "WHERE v.architecture NOT LIKE '%-noise' AND v.width = " + maxWidth
        + " AND v.lag IN (" + lags.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
    Table data = query.apply(sql);
    List<Canvas.Panel> panels = new ArrayList<>();
    for (int lag : lags) {
      Table t = data.where(r -> (int) data.num(r, "lag") == lag);
      List<Charts.Curve> curves = new ArrayList<>();
      Map<String, Charts.Curve> limits = new java.util.LinkedHashMap<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t,
          r -> CurveData.label(t, r, norms, false)).entrySet()) {
        curves.add(CurveData.curveBetween(t, g.getValue(), g.getKey(), "depth", "r", "r_lo", "r_hi", color));
        String limit = "independent-gate limit " + theoryName(t, g.getValue().get(0)) + " (a different quantity)";
        if (!limits.containsKey(limit)) {
          limits.put(limit, CurveData.theory(theory, t, g.getValue(), limit, color));
        }
        color++;
      }
      curves.addAll(limits.values());
      panels.add(new Canvas.Panel(Charts.lines("Ensemble pair correlation r_" + lag + " (inputs " + lag
          + " apart)", "depth L" + (logX(t) ? ", log scale" : ""), "r_" + lag + " (uncentred, over seeds)", curves,
          new Charts.Axes(logX(t), false, depths(t)), 0.0), false));
    }
    return java.util.Optional.of(new Figure("pair_corr_vs_depth", "Ensemble pair correlation against depth",
        "r_k = mean_p E_s[g_p g_{p+k}] / sqrt(E_s[g_p²] E_s[g_{p+k}²]) over the seeds' stored gradients (uncentred, "
            + "as the theory), for neighbouring inputs (k=1) and inputs " + maxLag + " apart, at width N=" + maxWidth
            + ". Dashed: the independent-gate limit of the theory table, one line per distinct curve. It is the "
            + "correlation of inputs whose gates are independent (co-activation 1/4); inputs k apart on the line "
            + "share more of their gates, so r_k is a different quantity and need not follow it (the theorems are "
            + "tested on the pair correlation over all pairs). Band: 95% bootstrap percentile interval over seeds ("
            + PairCorrelationBootstrap.REPLICATES + " resamplings of the seeds, which are the independent units; "
            + "columns r_lo, r_hi, r_se).",
        sql, data, new Canvas(panels, 2, 700, 500), true,
        "lambda t: lines(t[0], \"depth\", [(\"r\", None, \"ensemble pair correlation r\")], theory=\"theory_corr\", "
            + "split=\"lag\")"));
  }

  private boolean logX(Table t) {
    double min = t.rows().stream().mapToDouble(r -> t.num(r, "depth")).min().orElse(1);
    double max = t.rows().stream().mapToDouble(r -> t.num(r, "depth")).max().orElse(1);
    return min >= 1 && max / min >= 8;
  }
}
