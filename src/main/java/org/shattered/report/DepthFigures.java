package org.shattered.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The depth figures: c_1 against depth with its 95% band and the theory, the ensemble pair
 * correlation r_1 and r_K against depth, looks-linear against feedforward and resnet, and the
 * width comparison. Each is made only when the sweep has the data for it.
 */
final class DepthFigures {

  private final Map<String, Aggregate> aggs;
  private final Table summary;
  private final Table theory;

  DepthFigures(Map<String, Aggregate> aggs) {
    this.aggs = aggs;
    this.summary = aggs.get("task_summary").table();
    this.theory = aggs.get("theory").table();
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    int maxWidth = summary.rows().stream().mapToInt(r -> (int) summary.num(r, "width")).max().orElse(0);
    boolean depths = CurveData.distinct(summary, "depth", r -> true).size() >= 2;
    boolean norms = CurveData.distinct(summary, "normalization", r -> true).size() >= 2;
    if (depths) {
      Table t = summary.where(r -> (int) summary.num(r, "width") == maxWidth);
      out.add(byDepth("c1_vs_depth", "Lag-1 autocorrelation c_1 of the gradient against depth", t, norms, false,
          "Mean over seeds of c_1 (autocorrelation of dy/dx between neighbouring inputs) at width N=" + maxWidth
              + ", with its 95% Student-t interval (band), and the independent-gate theory of docs/science.md (dashed, "
              + "same colour): 2^-L for feedforward, ((1+β²/2)/(1+β²))^L for resnets, Γ(L+3/2)/(Γ(3/2)Γ(L+2)) for "
              + "resnets with batch norm. The theory is the correlation of inputs whose gates are independent, so "
              + "c_1 (neighbouring inputs) sits above it at small depth and follows its decay at large depth.",
          "-- selection: width = " + maxWidth));
    }
    pairCorrelation(norms, maxWidth).ifPresent(out::add);
    if (summary.rows().stream().anyMatch(r -> summary.str(r, "architecture").equals("looks-linear"))) {
      out.add(byDepth("looks_linear", "Looks-linear against feedforward and resnet at equal depth", summary, norms,
          CurveData.distinct(summary, "width", r -> true).size() > 1,
          "Mean c_1 with 95% band against depth. A looks-linear net is linear at initialization, so its gradient "
              + "is constant over the inputs and c_1 = 1 by convention at every depth; He-initialized feedforward "
              + "nets shatter, resnets decay slowly.", "-- all groups"));
    }
    if (CurveData.distinct(summary, "width", r -> true).size() >= 2 && depths) {
      out.add(byDepth("width_comparison", "Width comparison: c_1 against depth for each width", summary, norms, true,
          "Mean c_1 with 95% band, one line per architecture and width. The shattering depends on depth, "
              + "hardly on width.", "-- all widths"));
    }
    return out;
  }

  private Figure byDepth(String name, String title, Table t, boolean norms, boolean widths, String caption,
      String selection) {
    List<Charts.Curve> curves = new ArrayList<>();
    int color = 0;
    boolean logX = logX(t);
    for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t,
        r -> CurveData.label(t, r, norms, widths)).entrySet()) {
      curves.add(CurveData.curve(t, g.getValue(), g.getKey(), "depth", "acf_lag1_mean", "acf_lag1_ci95", color));
      if (!widths || g.getKey().equals(CurveData.label(t, g.getValue().get(0), norms, widths))) {
        curves.add(CurveData.theory(theory, t, g.getValue(), "theory: " + g.getKey(), color));
      }
      color++;
    }
    JFreeChart c = Charts.lines(title, "depth L (number of ReLU layers)" + (logX ? ", log scale" : ""),
        "c_1 (lag-1 autocorrelation of dy/dx)", curves, logX, 0.0);
    Table data = CurveData.withTheory(t, theory);
    return new Figure(name, title, caption, aggs.get("task_summary").sql() + "\n" + selection + "\n\n-- theory:\n"
        + aggs.get("theory").sql(), data, Canvas.single(c, 900, 560), true);
  }

  private java.util.Optional<Figure> pairCorrelation(boolean norms, int maxWidth) {
    Table pc = aggs.get("pair_correlation").table();
    Table net = pc.where(r -> CurveData.network(pc, r) && (int) pc.num(r, "width") == maxWidth);
    if (CurveData.distinct(net, "depth", r -> true).size() < 2) {
      return java.util.Optional.empty();
    }
    int maxLag = net.rows().stream().mapToInt(r -> (int) net.num(r, "lag")).max().orElse(1);
    List<Canvas.Panel> panels = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (int lag : maxLag > 1 ? List.of(1, maxLag) : List.of(1)) {
      Table t = net.where(r -> (int) net.num(r, "lag") == lag);
      rows.addAll(t.rows());
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t,
          r -> CurveData.label(t, r, norms, false)).entrySet()) {
        curves.add(CurveData.curve(t, g.getValue(), g.getKey(), "depth", "r", null, color));
        curves.add(CurveData.theory(theory, t, g.getValue(), "theory: " + g.getKey(), color));
        color++;
      }
      panels.add(new Canvas.Panel(Charts.lines("Ensemble pair correlation r_" + lag + " (inputs " + lag
          + " apart)", "depth L" + (logX(t) ? ", log scale" : ""), "r_" + lag + " (uncentred, over seeds)", curves,
          logX(t), 0.0), false));
    }
    Table data = CurveData.withTheory(new Table(net.columns(), rows), theory);
    String sql = aggs.get("pair_correlation").sql() + "\n-- selection: width = " + maxWidth + ", lag in (1, " + maxLag
        + ")\n\n-- theory:\n" + aggs.get("theory").sql();
    return java.util.Optional.of(new Figure("pair_corr_vs_depth", "Ensemble pair correlation against depth",
        "r_k = mean_p E_s[g_p g_{p+k}] / sqrt(E_s[g_p²] E_s[g_{p+k}²]) over the seeds' stored gradients (uncentred, "
            + "as the theory), for neighbouring inputs (k=1) and inputs " + maxLag + " apart, at width N=" + maxWidth
            + ", with the independent-gate theory (dashed). An ensemble statistic has no per-seed spread, so no band.",
        sql, data, new Canvas(panels, 2, 700, 500), true));
  }

  private boolean logX(Table t) {
    double min = t.rows().stream().mapToDouble(r -> t.num(r, "depth")).min().orElse(1);
    double max = t.rows().stream().mapToDouble(r -> t.num(r, "depth")).max().orElse(1);
    return min >= 1 && max / min >= 8;
  }
}
