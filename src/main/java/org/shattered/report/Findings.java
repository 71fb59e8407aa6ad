package org.shattered.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The findings of the numbers that bear on the paper's claims, per family at the largest width: c_1
 * (lag-1 autocorrelation of the gradient over neighbouring inputs) and the ensemble pair correlation
 * r_k with their 95% intervals, the independent-gate limit, and the last layer's gates (the per-pair
 * independence ratio and neighbour co-activation); one sentence per family at its deepest depth, and
 * a table of every depth. It reads the aggregates only.
 */
final class Findings {

  private Findings() {
  }

  static PageFindings of(Map<String, Aggregate> aggs) {
    Table s = CurveData.expandRules(aggs.get("task_summary").table());
    Table pc = CurveData.expandRules(aggs.get("pair_correlation").table());
    Aggregate intervals = aggs.get("pair_correlation_interval");
    Table pci = intervals == null || intervals.table() == null ? null : CurveData.expandRules(intervals.table());
    Table theory = aggs.get("theory").table();
    if (s.isEmpty()) {
      return PageFindings.NONE;
    }
    int maxWidth = s.rows().stream().mapToInt(r -> (int) s.num(r, "width")).max().orElse(0);
    int maxLag = pc.rows().stream().mapToInt(r -> (int) pc.num(r, "lag")).max().orElse(0);
    Table t = s.where(r -> (int) s.num(r, "width") == maxWidth && !Double.isNaN(s.num(r, "acf_lag1_mean")));
    List<String> columns = List.of("family", "L", "n seeds", "c_1 (± 95%)", "r_1 [95%]", "r_" + maxLag + " [95%]",
        "independent-gate limit", "pair sd ratio (± 95%)", "neighbour coact", "mean-field c_1 (± 95%)");
    List<List<Object>> table = new java.util.ArrayList<>();
    List<PageFindings.Item> items = new java.util.ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t, r -> CurveData.label(t, r, true, false))
        .entrySet()) {
      List<List<Object>> rows = g.getValue().stream()
          .sorted(java.util.Comparator.comparingDouble(r -> t.num(r, "depth"))).toList();
      for (List<Object> r : rows) {
        int depth = (int) t.num(r, "depth");
        table.add(List.of(g.getKey(), depth, (long) t.num(r, "n_seeds"),
            pm(t.num(r, "acf_lag1_mean"), t.num(r, "acf_lag1_ci95")), interval(pc, pci, t, r, 1),
            interval(pc, pci, t, r, maxLag), String.format(Locale.ROOT, "%.3g", CurveData.theoryAt(theory,
                t.str(r, "architecture"), t.str(r, "normalization"), t.str(r, "beta_rule"), depth)),
            pm(t.num(r, "coactivation_pair_ratio_last_mean"), t.num(r, "coactivation_pair_ratio_last_ci95")),
            String.format(Locale.ROOT, "%.3f", t.num(r, "coactivation_lag1_last_mean")),
            pm(t.num(r, "predicted_corr_lag1_mean"), t.num(r, "predicted_corr_lag1_ci95"))));
      }
      List<Object> deep = rows.get(rows.size() - 1);
      items.add(new PageFindings.Item(g.getKey() + ", L = " + (int) t.num(deep, "depth"),
          List.of(sentence(pc, pci, t, deep, maxLag))));
    }
    List<String> noise = new java.util.ArrayList<>();
    for (String kind : List.of("brown-noise", "white-noise")) {
      Table a = aggs.get("acf_curve").table();
      a.rows().stream().filter(r -> a.str(r, "architecture").equals(kind) && (int) a.num(r, "lag") == 1).findFirst()
          .ifPresent(r -> noise.add(String.format(Locale.ROOT, "%s c_1 = %s (%d seeds)", kind.replace('-', ' '),
              pm(a.num(r, "acf_mean"), a.num(r, "acf_ci95")), (long) a.num(r, "n_seeds"))));
    }
    boolean families = !items.isEmpty();
    if (!noise.isEmpty()) {
      items.add(new PageFindings.Item("Reference signals", List.of(String.join("; ", noise) + ".")));
    }
    if (!families) { // no family measured c_1 (sphere inputs): the reference signals alone
      return PageFindings.of("", items, "", new Table(List.of(), List.of()));
    }
    return PageFindings.of(String.format(Locale.ROOT, "Each family at its deepest depth, width N = %d: c_1 is the "
        + "lag-1 autocorrelation of the gradient over neighbouring inputs (mean ± 95%% t half-width over seeds); "
        + "r_k the ensemble pair correlation at lag k [95%% bootstrap interval over seeds]; the pair sd ratio the "
        + "last layer's spread of co-activation over input pairs over its independent-gate null (1 when gates are "
        + "independent across inputs); mean-field c_1 the prediction from the measured gates.", maxWidth), items,
        "Every depth at width N = " + maxWidth + " (the independent-gate limit is the correlation after L layers "
        + "with co-activation 1/4, a different quantity from c_1 and r_k)", new Table(columns, table));
  }

  /** One family's finding at its deepest depth: c_1 and r_k with intervals, and what c_1 says. */
  private static String sentence(Table pc, Table pci, Table t, List<Object> r, int maxLag) {
    double c1 = t.num(r, "acf_lag1_mean");
    double h = nz(t.num(r, "acf_lag1_ci95"));
    String reading = c1 - h <= 0 && 0 <= c1 + h ? "as uncorrelated as white noise (the interval holds 0)"
        : c1 - h > 0 ? "still correlated (the interval lies above 0)" : "anti-correlated (the interval lies below 0)";
    double ratio = t.num(r, "coactivation_pair_ratio_last_mean");
    return String.format(Locale.ROOT, "Neighbouring inputs' gradients are %s: c_1 = %s over %d seeds; r_1 = %s, "
        + "r_%d = %s; pair sd ratio %s; mean-field c_1 %s.", reading, pm(c1, h), (long) t.num(r, "n_seeds"),
        interval(pc, pci, t, r, 1), maxLag, interval(pc, pci, t, r, maxLag), Double.isNaN(ratio) ? "not measured"
            : pm(ratio, t.num(r, "coactivation_pair_ratio_last_ci95")),
        pm(t.num(r, "predicted_corr_lag1_mean"), t.num(r, "predicted_corr_lag1_ci95")));
  }

  /** r_k of the family of row {@code r} with its bootstrap interval when known: "0.753 [0.70, 0.80]". */
  private static String interval(Table pc, Table pci, Table t, List<Object> r, int lag) {
    double v = pair(pc, t, r, lag, "r");
    if (Double.isNaN(v)) {
      return "-";
    }
    double lo = pci == null ? Double.NaN : pair(pci, t, r, lag, "r_lo");
    double hi = pci == null ? Double.NaN : pair(pci, t, r, lag, "r_hi");
    return Double.isNaN(lo) || Double.isNaN(hi) ? String.format(Locale.ROOT, "%.3f", v)
        : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, lo, hi);
  }

  /** "mean ± half-width" to three decimals ("mean" alone when the half-width is not known). */
  private static String pm(double mean, double half) {
    return Double.isNaN(mean) ? "-" : Double.isNaN(half) ? String.format(Locale.ROOT, "%.3f", mean)
        : String.format(Locale.ROOT, "%.3f ± %.3f", mean, half);
  }

  private static double pair(Table pc, Table t, List<Object> r, int lag, String column) {
    for (List<Object> p : pc.rows()) {
      if ((int) pc.num(p, "lag") != lag) {
        continue;
      }
      boolean same = true;
      for (String k : ResultViews.KEY_LIST) {
        same &= pc.str(p, k).equals(t.str(r, k));
      }
      if (same) {
        return pc.num(p, column);
      }
    }
    return Double.NaN;
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
