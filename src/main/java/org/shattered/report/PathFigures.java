package org.shattered.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The path-decomposition figures, made when the sweep wrote a {@code paths} table: (a) the energy
 * share of each path length beside the binomial prediction, (b) c_1 of g^(k) against k with the
 * white- and brown-noise levels, (c) the energy-weighted mean path length against depth. Every
 * curve has its own legend entry.
 */
final class PathFigures {

  /** Depths drawn in figure (a): at most this many, the deepest. */
  static final int DEPTHS_SHOWN = 3;

  private final Map<String, Aggregate> aggs;

  PathFigures(Map<String, Aggregate> aggs) {
    this.aggs = aggs;
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    Aggregate summary = aggs.get("path_summary");
    if (summary == null || summary.table().isEmpty()) {
      return out;
    }
    out.add(energyShare(summary));
    Table t = summary.table();
    if (t.rows().stream().anyMatch(r -> "sphere".equals(t.str(r, "inputs")))) {
      out.add(pairCosineByLength(summary));
    }
    if (t.rows().stream().anyMatch(r -> !Double.isNaN(t.num(r, "acf_lag1_mean")))) {
      out.add(acfByLength(summary));
    }
    Aggregate mean = aggs.get("path_mean_length");
    if (mean != null && CurveData.distinct(mean.table(), "depth", r -> true).size() >= 2) {
      out.add(meanPathLength(mean));
    }
    return out;
  }

  /** Rows grouped into one panel per normalization (and width when it varies), labelled for the panel title. */
  private static Map<String, List<List<Object>>> byNormalization(Table t, boolean widths) {
    return CurveData.groupBy(t, r -> (t.str(r, "normalization").equals("batch") ? "batch norm" : "no norm")
        + (widths ? ", N=" + t.str(r, "width") : ""));
  }

  /** Panel label of a group: normalization, beta rule (and width when it varies). */
  private static String panel(Table t, List<Object> r, boolean widths) {
    return (t.str(r, "normalization").equals("batch") ? "batch norm" : "no norm") + ", β=" + t.str(r, "beta_rule")
        + (widths ? ", N=" + t.str(r, "width") : "");
  }

  private static boolean widths(Table t) {
    return CurveData.distinct(t, "width", r -> true).size() > 1;
  }

  private Figure energyShare(Aggregate agg) {
    Table t = agg.table();
    boolean widths = widths(t);
    TreeSet<Integer> all = new TreeSet<>(Comparator.reverseOrder());
    t.rows().forEach(r -> all.add((int) t.num(r, "depth")));
    List<Integer> depths = all.stream().limit(DEPTHS_SHOWN).sorted().toList();
    Table shown = t.where(r -> depths.contains((int) t.num(r, "depth")));
    List<Canvas.Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> p : CurveData.groupBy(shown, r -> panel(shown, r, widths)).entrySet()) {
      Table pt = new Table(shown.columns(), p.getValue());
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(pt, r -> "L=" + pt.str(r, "depth")).entrySet()) {
        double beta = pt.num(g.getValue().get(0), "beta");
        String b = String.format(java.util.Locale.ROOT, "%.3g", beta);
        curves.add(CurveData.curve(pt, g.getValue(), g.getKey() + " measured", "path_length", "energy_share_mean",
            "energy_share_ci95", color));
        curves.add(CurveData.curve(pt, g.getValue(), g.getKey() + " binomial(L,k) " + b + "^2k/(1+" + b + "²)^L",
            "path_length", "predicted_share", null, color));
        curves.set(curves.size() - 1, dashed(curves.get(curves.size() - 1)));
        color++;
      }
      panels.add(new Canvas.Panel(Charts.lines(p.getKey(), "path length k (residual branches on the path)",
          "energy share of g^(k)", curves, false), false));
    }
    return new Figure("path_energy_share", "Energy share of each path length against the binomial prediction",
        "Share of the gradient's energy carried by the paths through exactly k residual branches, "
            + "mean_p (g_p^(k))² / Σ_j mean_p (g_p^(j))² (cross terms between lengths left out), mean over seeds "
            + "with 95% band, for the " + depths.size() + " deepest nets of the sweep, one panel per normalization "
            + "and β. Dashed, same colour: binomial(L, k) β^(2k) / (1 + β²)^L, the share if every branch scaled "
            + "the energy by β² independently (a Binomial(L, β²/(1+β²)) distribution, summing to 1). Batch norm "
            + "divides each branch's input by its spread over the inputs: at β = 1 and 0.5 the residual stream "
            + "grows with depth and the measured energy sits at much shorter paths than predicted; at small β "
            + "the small per-unit spreads of the stem make them longer. The shares are shares of the gradient's "
            + "energy only when the parts are nearly orthogonal over the inputs: the path energy ratio Σ_k E_k / E "
            + "(tasks.path_energy_ratio, figure mean_path_length) says how far they are. On sphere inputs it is "
            + "near 1; with line inputs and batch norm the cross terms dominate and it is several times 1.",
        agg.sql() + "\n-- selection: depth in " + depths, shown, new Canvas(panels, 4, 520, 430), true, "None");
  }

  private static Charts.Curve dashed(Charts.Curve c) {
    return new Charts.Curve(c.label(), c.x(), c.y(), null, null, true, c.color());
  }

  private Figure acfByLength(Aggregate agg) {
    Table t = agg.table();
    boolean widths = widths(t);
    int maxDepth = t.rows().stream().filter(r -> !Double.isNaN(t.num(r, "acf_lag1_mean")))
        .mapToInt(r -> (int) t.num(r, "depth")).max().orElse(0);
    Table deepest = t.where(r -> (int) t.num(r, "depth") == maxDepth && !Double.isNaN(t.num(r, "acf_lag1_mean")));
    double[] noise = noiseLevels();
    List<Canvas.Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> p : byNormalization(deepest, widths).entrySet()) {
      Table pt = new Table(deepest.columns(), p.getValue());
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(pt, r -> "β=" + pt.str(r, "beta_rule"))
          .entrySet()) {
        curves.add(CurveData.curve(pt, g.getValue(), g.getKey(), "path_length", "acf_lag1_mean", "acf_lag1_ci95",
            color++));
      }
      double[] ks = {0, maxDepth};
      if (!Double.isNaN(noise[1])) {
        curves.add(new Charts.Curve(String.format(java.util.Locale.ROOT, "brown noise (c_1 = %.3f)", noise[1]), ks,
            new double[] {noise[1], noise[1]}, null, null, true, 8));
      }
      if (!Double.isNaN(noise[0])) {
        curves.add(new Charts.Curve(String.format(java.util.Locale.ROOT, "white noise (c_1 = %.3f)", noise[0]), ks,
            new double[] {noise[0], noise[0]}, null, null, true, 7));
      }
      String degenerate = p.getKey().startsWith("no norm") ? " [degenerate: steps at x=0]" : "";
      panels.add(new Canvas.Panel(Charts.lines("c_1 of g^(k), L=" + maxDepth + ", " + p.getKey() + degenerate,
          "path length k (residual branches on the path)", "c_1 of g^(k) (lag-1 autocorrelation)", curves, false),
          false));
    }
    List<String> cols = new ArrayList<>(deepest.columns());
    cols.add("white_noise_acf_lag1");
    cols.add("brown_noise_acf_lag1");
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> r : deepest.rows()) {
      List<Object> v = new ArrayList<>(r);
      v.add(noise[0]);
      v.add(noise[1]);
      rows.add(v);
    }
    return new Figure("path_acf", "c_1 of each path length's gradient: short paths brown, long paths white",
        "Line inputs. Lag-1 autocorrelation c_1 of g^(k), the part of dy/dx carried by the paths through exactly "
            + "k residual branches, against k for the deepest nets (L=" + maxDepth + "), mean over seeds with 95% "
            + "band, one curve per β. Dashed: c_1 of brown noise (a random walk) and white noise over the same inputs, "
            + "means over as many seeds (the report's baselines). g^(0) = w_out · W0 is constant over the inputs "
            + "(c_1 = 1 by convention). With line inputs and no normalization the network is positively "
            + "homogeneous: every g^(k) is a step at x = 0, so c_1 = (P-3)/P for every k >= 1 and every β: that "
            + "panel is degenerate, and its β curves lie on top of each other (the legend says so).",
        agg.sql() + "\n-- selection: depth = " + maxDepth + "\n\n-- noise levels: acf_curve (see the c_1 figures), "
            + "architecture in ('white-noise', 'brown-noise'), lag = 1", new Table(cols, rows),
        new Canvas(panels, 2, 700, 500), true, "None");
  }

  /**
   * Sphere inputs: the pair cosine of g^(k) (mean over pairs of inputs of the cosine of their g^(k)) against
   * k for the deepest nets, beside 2^-k, the independent-gate correlation after k rectifier layers: a part
   * that goes through k branches has k gated layers, so with independent gates at two inputs it decorrelates
   * like a k-layer feedforward net. Log scale (points at or below 0 are not drawn).
   */
  private Figure pairCosineByLength(Aggregate agg) {
    Table t = agg.table();
    boolean widths = widths(t);
    Table sphere = t.where(r -> "sphere".equals(t.str(r, "inputs")));
    int maxDepth = sphere.rows().stream().mapToInt(r -> (int) sphere.num(r, "depth")).max().orElse(0);
    Table deepest = sphere.where(r -> (int) sphere.num(r, "depth") == maxDepth);
    List<Canvas.Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> p : byNormalization(deepest, widths).entrySet()) {
      Table pt = new Table(deepest.columns(), p.getValue());
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(pt, r -> "β=" + pt.str(r, "beta_rule"))
          .entrySet()) {
        curves.add(CurveData.curve(pt, g.getValue(), g.getKey(), "path_length", "pair_cosine_mean",
            "pair_cosine_ci95", color++));
      }
      int kMax = Math.min(maxDepth, 16);
      double[] ks = new double[kMax + 1];
      double[] ref = new double[kMax + 1];
      for (int k = 0; k <= kMax; k++) {
        ks[k] = k;
        ref[k] = Math.pow(2, -k);
      }
      curves.add(new Charts.Curve("2^-k (independent gates, k gated layers)", ks, ref, null, null, true, 7));
      panels.add(new Canvas.Panel(Charts.lines("pair cosine of g^(k), L=" + maxDepth + ", " + p.getKey(),
          "path length k (residual branches on the path)", "pair cosine of g^(k) (log scale)", curves,
          new Charts.Axes(false, true, null)), false));
    }
    return new Figure("path_pair_cosine", "Pair cosine of each path length's gradient against 2^-k",
        "Sphere inputs. Mean over pairs of inputs p < q of the cosine between g_p^(k) and g_q^(k), the part of "
            + "dy/dx carried by the paths through exactly k residual branches, against k for the deepest nets (L="
            + maxDepth + "), mean over seeds with 95% band, one curve per β (log scale: points at or below 0 are "
            + "not drawn). Dashed: 2^-k, the correlation of two inputs' gradients after k rectifier layers whose "
            + "gates are independent at the two inputs (Theorem 1): a path through k branches is a k-layer "
            + "rectifier net. g^(0) = w_out · W0 is the same at every input (cosine 1).",
        agg.sql() + "\n-- selection: inputs = 'sphere', depth = " + maxDepth, deepest,
        new Canvas(panels, 2, 700, 500), true, "None");
  }

  /** c_1 of white and brown noise (mean over the baseline seeds), from the acf_curve aggregate; NaN if absent. */
  private double[] noiseLevels() {
    double[] out = {Double.NaN, Double.NaN};
    Aggregate acf = aggs.get("acf_curve");
    if (acf == null) {
      return out;
    }
    Table t = acf.table();
    for (List<Object> r : t.rows()) {
      if ((int) t.num(r, "lag") != 1) {
        continue;
      }
      if (t.str(r, "architecture").equals("white-noise")) {
        out[0] = t.num(r, "acf_mean");
      } else if (t.str(r, "architecture").equals("brown-noise")) {
        out[1] = t.num(r, "acf_mean");
      }
    }
    return out;
  }

  private Figure meanPathLength(Aggregate agg) {
    Table t = agg.table();
    boolean widths = widths(t);
    List<Canvas.Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> p : byNormalization(t, widths).entrySet()) {
      Table pt = new Table(t.columns(), p.getValue());
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(pt, r -> "β=" + pt.str(r, "beta_rule"))
          .entrySet()) {
        curves.add(CurveData.curve(pt, g.getValue(), g.getKey() + " measured", "depth", "mean_path_length_mean",
            "mean_path_length_ci95", color));
        curves.add(dashed(CurveData.curve(pt, g.getValue(), g.getKey() + " binomial Lβ²/(1+β²)", "depth",
            "predicted_mean_path_length", null, color)));
        color++;
      }
      panels.add(new Canvas.Panel(Charts.lines("Mean path length, " + p.getKey(), "depth L",
          "energy-weighted mean path length Σ_k k · share_k", curves, false), false));
    }
    for (Map.Entry<String, List<List<Object>>> p : byNormalization(t, widths).entrySet()) {
      Table pt = new Table(t.columns(), p.getValue());
      List<Charts.Curve> curves = new ArrayList<>();
      int color = 0;
      for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(pt, r -> "β=" + pt.str(r, "beta_rule"))
          .entrySet()) {
        curves.add(CurveData.curve(pt, g.getValue(), g.getKey(), "depth", "path_energy_ratio_mean",
            "path_energy_ratio_ci95", color++));
      }
      panels.add(new Canvas.Panel(Charts.lines("Path energy ratio Σ_k E_k / E, " + p.getKey(), "depth L",
          "Σ_k mean_p |g_p^(k)|² / mean_p |g_p|²", curves, false, 1.0), false));
    }
    return new Figure("mean_path_length", "Energy-weighted mean path length against depth",
        "The gradient's effective depth, Σ_k k · energy_share_k (tasks.mean_path_length), mean over seeds with 95% "
            + "band, one curve per β; dashed, same colour: L β²/(1+β²), the mean of the binomial prediction. "
            + "Every path of a resnet goes through between 0 and L branches; the energy of the gradient flows "
            + "through the short ones. Bottom: the path energy ratio Σ_k E_k / E, the parts' energies over the "
            + "gradient's own (tasks.path_energy_ratio): at 1 the parts are orthogonal over the inputs and the "
            + "shares are shares of the gradient's energy; far from 1 the cross terms dominate and the mean path "
            + "length describes the parts, not the gradient.",
        agg.sql(), t, new Canvas(panels, 2, 700, 520), true, "None");
  }
}
