package org.shattered.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gate statistics against the layer (deepest net of each family) and against depth (last layer): the
 * per-pair test of gate independence (the spread of the pair co-activation over input pairs divided
 * by its independent-gate null, 1 marked), neighbour co-activation (line inputs only: the order of
 * sphere points means nothing; 1/4 and 1/2 marked) and constant units. The all-pairs co-activation
 * is not drawn: it is an identity of the per-unit active fractions (about 1/4 under batch norm
 * whatever the dependence between inputs), so it tests nothing.
 */
final class GateFigures {

  static final String[] RATIO = {"coactivation_pair_ratio", "pair co-activation spread / independent null"};
  static final String[] NEIGHBOUR = {"coactivation_lag1", "co-activation of neighbouring inputs"};
  static final String[] CONSTANT = {"constant_units", "share of units constant over the inputs"};

  static final String RATIO_SENTENCE = "Left: the standard deviation over input pairs p < q of the pair "
      + "co-activation c_pq = (1/N) Σ_u A[u,p] A[u,q], divided by the same for each unit's gates permuted "
      + "independently over the inputs (same active fractions; the exact mean over permutations): 1 when the "
      + "gates at different inputs are independent, well above 1 when they are dependent (a depth-1 net on a "
      + "line, whose gates all flip at x = 0: about 8). The mean of c_pq over all pairs is not drawn: it is an "
      + "identity of the per-unit active fractions, so batch norm holds it near 1/4 whatever the dependence.";

  private final Map<String, Aggregate> aggs;
  private final Function<String, Table> query;

  /** @param query runs a figure's query, whose rows are the figure's data (see {@link DepthFigures}) */
  GateFigures(Map<String, Aggregate> aggs, Function<String, Table> query) {
    this.aggs = aggs;
    this.query = query;
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    Table layers = aggs.get("layer_summary").table();
    if (layers.isEmpty()) {
      return out;
    }
    int maxWidth = layers.rows().stream().mapToInt(r -> (int) layers.num(r, "width")).max().orElse(0);
    boolean line = layers.columns().contains("inputs") && layers.rows().stream()
        .anyMatch(r -> !"sphere".equals(layers.str(r, "inputs")));
    List<String[]> stats = line ? List.of(RATIO, NEIGHBOUR, CONSTANT) : List.of(RATIO, CONSTANT);
    boolean norms = CurveData.distinct(layers, "normalization", r -> true).size() >= 2;
    // the deepest net of each family (architecture, normalization, beta rule) at the largest width
    String deepestSql = "SELECT v.*\nFROM layer_summary v\nWHERE v.width = " + maxWidth + "\n  AND v.depth = (SELECT "
        + "max(m.depth) FROM layer_summary m WHERE m.width = v.width AND m.architecture = v.architecture\n"
        + "    AND m.normalization = v.normalization AND m.beta_rule <=> v.beta_rule)\nORDER BY " + ResultViews.KEYS
        + ", layer";
    Table deepest = query.apply(deepestSql);
    out.add(panels("gates_vs_layer", "Gate statistics against the layer (deepest net of each family)", deepest,
        "layer", "", "layer l", norms, stats, "Per layer of the deepest net of each family at width N=" + maxWidth
            + ": mean over seeds with 95% band. " + RATIO_SENTENCE + (line ? " Middle: neighbouring inputs "
            + "with independent gates would give 1/4 (units active half the time); identical gates give 1/2." : ""),
        deepestSql));
    Table summary = CurveData.expandRules(aggs.get("task_summary").table());
    if (CurveData.distinct(summary, "depth", r -> true).size() >= 2) {
      String sql = "SELECT * FROM task_summary WHERE width = " + maxWidth + " ORDER BY " + ResultViews.KEYS;
      Table t = query.apply(sql);
      out.add(panels("gates_vs_depth", "Gate statistics of the last layer against depth", t, "depth", "_last",
          "depth L", norms, stats, "Last ReLU layer, mean over seeds with 95% band, width N=" + maxWidth + ". "
              + RATIO_SENTENCE + (line ? " Middle: neighbour co-activation falls from 1/2 towards 1/4 as a "
              + "feedforward net deepens (gates at neighbouring inputs decorrelate) and stays near 1/2 in resnets "
              + "(line inputs only)." : " Sphere inputs only: the order of the points means nothing, so no "
              + "neighbour co-activation."),
          sql));
    }
    return out;
  }

  private Figure panels(String name, String title, Table t, String x, String suffix, String xLabel, boolean norms,
      List<String[]> stats, String caption, String sql) {
    List<Canvas.Panel> panels = new ArrayList<>();
    for (String[] s : stats) {
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t,
          r -> CurveData.label(t, r, norms, false) + (x.equals("layer") ? ", L=" + t.str(r, "depth") : ""))
          .entrySet()) {
        curves.add(CurveData.curve(t, g.getValue(), g.getKey(), x, s[0] + suffix + "_mean", s[0] + suffix + "_ci95",
            color++));
      }
      double[] marks = s == CONSTANT ? new double[0] : s == RATIO ? new double[] {1.0} : new double[] {0.25, 0.5};
      double[] ticks = x.equals("depth") ? DepthFigures.depths(t) : null;
      panels.add(new Canvas.Panel(Charts.lines(s[1], xLabel, s[1], curves, new Charts.Axes(false, false, ticks), marks),
          false));
    }
    StringBuilder py = new StringBuilder("lambda t: lines(t[0], \"" + x + "\", [");
    for (String[] s : stats) {
      py.append("(\"").append(s[0]).append(suffix).append("_mean\", \"").append(s[0]).append(suffix)
          .append("_ci95\", \"").append(s[1]).append("\"), ");
    }
    py.append("], extra=").append(x.equals("layer") ? "(\"depth\",)" : "()").append(", marks=(0.25, 0.5))");
    return new Figure(name, title, caption, sql, t, new Canvas(panels, stats.size(), 560, 460), true, py.toString());
  }
}
