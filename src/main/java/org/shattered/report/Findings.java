package org.shattered.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain-text digest of the numbers that bear on the paper's claims: c_1 and the pair correlation
 * against depth with the theory, and the last layer's gates (the per-pair independence ratio and
 * neighbour co-activation), per family at the largest width. It reads the aggregates only.
 */
final class Findings {

  private Findings() {
  }

  static String of(Map<String, Aggregate> aggs) {
    Table s = CurveData.expandRules(aggs.get("task_summary").table());
    Table pc = CurveData.expandRules(aggs.get("pair_correlation").table());
    Table theory = aggs.get("theory").table();
    if (s.isEmpty()) {
      return "";
    }
    int maxWidth = s.rows().stream().mapToInt(r -> (int) s.num(r, "width")).max().orElse(0);
    int maxLag = pc.rows().stream().mapToInt(r -> (int) pc.num(r, "lag")).max().orElse(0);
    Table t = s.where(r -> (int) s.num(r, "width") == maxWidth && !Double.isNaN(s.num(r, "acf_lag1_mean")));
    StringBuilder sb = new StringBuilder();
    sb.append("width N=").append(maxWidth).append("; mean ± 95% half-width over n seeds; limit = the independent-gate "
        + "correlation after L layers (co-activation 1/4), a different quantity from c_1 and from r_k of "
        + "neighbouring inputs; pair sd ratio = the last layer's spread of co-activation over input pairs over its "
        + "independent-gate null (1: gates independent across inputs)\n");
    for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t, r -> CurveData.label(t, r, true, false))
        .entrySet()) {
      sb.append('\n').append(g.getKey()).append(":\n");
      List<List<Object>> rows = g.getValue().stream()
          .sorted(java.util.Comparator.comparingDouble(r -> t.num(r, "depth"))).toList();
      for (List<Object> r : rows) {
        int depth = (int) t.num(r, "depth");
        double r1 = pair(pc, t, r, 1);
        double rk = pair(pc, t, r, maxLag);
        sb.append(String.format(Locale.ROOT, "  L=%-4d n=%-3d c_1 = %6.3f ± %.3f   r_1 = %s   r_%d = %s   limit = %.3g"
                + "   pair sd ratio = %.3f   neighbour coact = %.3f   mean-field prediction = %.3f%n", depth,
            (long) t.num(r, "n_seeds"), t.num(r, "acf_lag1_mean"), nz(t.num(r, "acf_lag1_ci95")), fmt(r1), maxLag,
            fmt(rk), CurveData.theoryAt(theory, t.str(r, "architecture"), t.str(r, "normalization"),
                t.str(r, "beta_rule"), depth),
            t.num(r, "coactivation_pair_ratio_last_mean"), t.num(r, "coactivation_lag1_last_mean"),
            t.num(r, "predicted_corr_lag1_mean")));
      }
    }
    for (String noise : List.of("brown-noise", "white-noise")) {
      Table a = aggs.get("acf_curve").table();
      a.rows().stream().filter(r -> a.str(r, "architecture").equals(noise) && (int) a.num(r, "lag") == 1).findFirst()
          .ifPresent(r -> sb.append(String.format(Locale.ROOT, "%n%s: c_1 = %.3f ± %.3f (n=%d)", noise,
              a.num(r, "acf_mean"), nz(a.num(r, "acf_ci95")), (long) a.num(r, "n_seeds"))));
    }
    return sb.toString();
  }

  private static double pair(Table pc, Table t, List<Object> r, int lag) {
    for (List<Object> p : pc.rows()) {
      if ((int) pc.num(p, "lag") != lag) {
        continue;
      }
      boolean same = true;
      for (String k : ResultViews.KEY_LIST) {
        same &= pc.str(p, k).equals(t.str(r, k));
      }
      if (same) {
        return pc.num(p, "r");
      }
    }
    return Double.NaN;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "  -  " : String.format(Locale.ROOT, "%6.3f", v);
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
