package org.shattered.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gate statistics: co-activation, neighbour co-activation and constant units against the layer
 * (deepest net of each family) and against depth (last layer), with 1/4 and 1/2 marked.
 */
final class GateFigures {

  private static final String[][] STATS = {
      {"coactivation", "co-activation over all input pairs"},
      {"coactivation_lag1", "co-activation of neighbouring inputs"},
      {"constant_units", "share of units constant over the inputs"}};

  private final Map<String, Aggregate> aggs;

  GateFigures(Map<String, Aggregate> aggs) {
    this.aggs = aggs;
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    Table layers = aggs.get("layer_summary").table();
    if (layers.isEmpty()) {
      return out;
    }
    int maxWidth = layers.rows().stream().mapToInt(r -> (int) layers.num(r, "width")).max().orElse(0);
    boolean norms = CurveData.distinct(layers, "normalization", r -> true).size() >= 2;
    Table atWidth = layers.where(r -> (int) layers.num(r, "width") == maxWidth);
    // the deepest net of each family
    Map<String, List<List<Object>>> fam = CurveData.groupBy(atWidth, r -> CurveData.label(atWidth, r, norms, false));
    List<List<Object>> rows = new ArrayList<>();
    for (List<List<Object>> g : fam.values()) {
      int d = g.stream().mapToInt(r -> (int) atWidth.num(r, "depth")).max().orElse(0);
      g.stream().filter(r -> (int) atWidth.num(r, "depth") == d).forEach(rows::add);
    }
    Table deepest = new Table(atWidth.columns(), rows);
    out.add(panels("gates_vs_layer", "Gate statistics against the layer (deepest net of each family)", deepest,
        "layer", "", "layer l", norms, "Per layer of the deepest net of each family at width N=" + maxWidth
            + ": mean over seeds with 95% band. Independent gates at two inputs give co-activation 1/4 (units "
            + "active half the time); identical gates give 1/2.",
        aggs.get("layer_summary").sql() + "\n-- selection: width = " + maxWidth + ", the largest depth of each family"));
    Table summary = CurveData.expandRules(aggs.get("task_summary").table());
    if (CurveData.distinct(summary, "depth", r -> true).size() >= 2) {
      Table t = summary.where(r -> (int) summary.num(r, "width") == maxWidth);
      out.add(panels("gates_vs_depth", "Gate statistics of the last layer against depth", t, "depth", "_last",
          "depth L", norms, "Last ReLU layer, mean over seeds with 95% band, width N=" + maxWidth + ". With batch "
              + "norm co-activation stays near 1/4; neighbour co-activation falls from 1/2 towards 1/4 as a "
              + "feedforward net deepens (gates at neighbouring inputs decorrelate) and stays near 1/2 in resnets.",
          aggs.get("task_summary").sql() + "\n-- selection: width = " + maxWidth));
    }
    return out;
  }

  private Figure panels(String name, String title, Table t, String x, String suffix, String xLabel, boolean norms,
      String caption, String sql) {
    List<Canvas.Panel> panels = new ArrayList<>();
    for (String[] s : STATS) {
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t,
          r -> CurveData.label(t, r, norms, false) + (x.equals("layer") ? ", L=" + t.str(r, "depth") : ""))
          .entrySet()) {
        curves.add(CurveData.curve(t, g.getValue(), g.getKey(), x, s[0] + suffix + "_mean", s[0] + suffix + "_ci95",
            color++));
      }
      double[] marks = s[0].equals("constant_units") ? new double[0] : new double[] {0.25, 0.5};
      double[] ticks = x.equals("depth") ? DepthFigures.depths(t) : null;
      panels.add(new Canvas.Panel(Charts.lines(s[1], xLabel, s[1], curves, new Charts.Axes(false, false, ticks), marks),
          false));
    }
    return new Figure(name, title, caption, sql, t, new Canvas(panels, 3, 560, 460), true);
  }
}
