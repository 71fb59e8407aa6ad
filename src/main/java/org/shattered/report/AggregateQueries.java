package org.shattered.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Spark SQL text of every aggregate. The 95% interval is Student's: the column {@code X_ci95}
 * is the half-width t_{0.975, n-1} · sd / sqrt(n) (sd: sample standard deviation over seeds), so
 * the interval is {@code X_mean ± X_ci95}. Every query groups by {@link ResultViews#KEYS}.
 */
public final class AggregateQueries {

  /** The per-task scalars summarised by {@link #taskSummary()}. */
  public static final List<String> TASK_SCALARS = List.of("acf_lag1", "predicted_corr_lag1", "gradient_std",
      "active_fraction_last", "constant_units_last", "coactivation_last", "coactivation_lag1_last");

  /** The per-layer gate statistics summarised by {@link #layerSummary()}. */
  public static final List<String> LAYER_SCALARS = List.of("active_fraction", "constant_units", "coactivation",
      "coactivation_lag1");

  private static final String K = ResultViews.KEYS;

  /**
   * The per-pair test of gate independence (docs/science.md, Per-task metrics): the spread of the pair
   * co-activation over input pairs against its independent-gate null, per task, summarised like the
   * scalars above under the name {@code coactivation_pair_ratio[_last]}. Near 1: gates independent
   * across inputs; far above: dependent.
   */
  static String pairRatio(String suffix) {
    return stats("try_divide(coactivation_pair_sd" + suffix + ", coactivation_pair_sd_null" + suffix + ")",
        "coactivation_pair_ratio" + suffix);
  }

  private AggregateQueries() {
  }

  /** n, mean, sd and 95% half-width of {@code column}. */
  static String stats(String column, String as) {
    return String.format("  avg(%1$s) AS %2$s_mean, stddev_samp(%1$s) AS %2$s_sd,%n"
        + "  t975(count(%1$s) - 1) * stddev_samp(%1$s) / sqrt(count(%1$s)) AS %2$s_ci95", column, as);
  }

  private static String stats(List<String> columns) {
    return columns.stream().map(c -> stats(c, c)).collect(Collectors.joining(",\n"));
  }

  /** Per group: seed count, mean beta, and the statistics of every per-task scalar. */
  public static String taskSummary() {
    return "SELECT " + K + ",\n  count(*) AS n_seeds, avg(beta) AS beta,\n" + stats(TASK_SCALARS) + ",\n"
        + pairRatio("_last") + ",\n  max(bias_std) AS bias_std, min(inputs) AS inputs\nFROM tasks\nWHERE status = 'ok'\nGROUP BY " + K + "\nORDER BY " + K;
  }

  /** Per group and lag: statistics of the autocorrelation c_k (tasks and baselines). */
  public static String acfCurve() {
    return "SELECT " + K + ", lag,\n  count(*) AS n_seeds,\n" + stats("c", "acf")
        + "\nFROM (SELECT " + K + ", pos + 1 AS lag, c\n      FROM series LATERAL VIEW posexplode(acf) e AS pos, c)"
        + "\nGROUP BY " + K + ", lag\nORDER BY " + K + ", lag";
  }

  /** Per group and layer: statistics of the gate statistics. */
  public static String layerSummary() {
    return "SELECT " + K + ", layer,\n  count(*) AS n_seeds,\n" + stats(LAYER_SCALARS) + ",\n" + pairRatio("")
        + ",\n  min(inputs) AS inputs\nFROM layers\nGROUP BY " + K
        + ", layer\nORDER BY " + K + ", layer";
  }

  /**
   * Per group and lag k = 1..K: the ensemble pair correlation of docs/science.md (Across seeds), uncentred,
   * r_k = mean_p E_s[g_p g_{p+k}] / sqrt(E_s[g_p^2] E_s[g_{p+k}^2]), over the stored gradients.
   */
  public static String pairCorrelation() {
    String on = ResultViews.KEY_LIST.stream().map(c -> "a." + c + " <=> %1$s." + c).collect(Collectors.joining(" AND "));
    String aKeys = ResultViews.KEY_LIST.stream().map(c -> "a." + c).collect(Collectors.joining(", "));
    return "WITH g AS (\n  SELECT " + K + ", max_lag, gradient, p, v\n"
        + "  FROM series LATERAL VIEW posexplode(gradient) e AS p, v\n  WHERE gradient IS NOT NULL),\n"
        + "m AS (\n  SELECT " + K + ", p, k, count(*) AS n_seeds, avg(v * get(gradient, p + k)) AS m2\n"
        + "  FROM g LATERAL VIEW explode(sequence(0, max_lag)) l AS k\n  WHERE p + k < size(gradient)\n"
        + "  GROUP BY " + K + ", p, k)\n"
        + "SELECT " + aKeys + ", a.k AS lag, max(a.n_seeds) AS n_seeds,\n"
        + "  avg(try_divide(a.m2, sqrt(d0.m2 * dk.m2))) AS r\n"
        + "FROM m a\n  JOIN m d0 ON " + String.format(on, "d0") + " AND d0.p = a.p AND d0.k = 0\n"
        + "  JOIN m dk ON " + String.format(on, "dk") + " AND dk.p = a.p + a.k AND dk.k = 0\n"
        + "WHERE a.k >= 1\nGROUP BY " + aKeys + ", a.k\nORDER BY " + aKeys + ", a.k";
  }

  /** The input of the executor-side matrices: the gradients of a group, one list per group. */
  public static String gradientsByGroup() {
    return "SELECT " + K + ", collect_list(gradient) AS gradients\nFROM series\nWHERE gradient IS NOT NULL\nGROUP BY "
        + K;
  }

  /** Per group and lag: the mean over p of the (centred) ensemble correlation matrix at (p, p + k). */
  public static String matrixByLag() {
    return "SELECT " + K + ", q - p AS lag,\n  avg(correlation) AS correlation_mean, avg(covariance) AS covariance_mean\n"
        + "FROM ensemble_matrix\nWHERE q > p\nGROUP BY " + K + ", q - p\nORDER BY " + K + ", lag";
  }
}
