package org.shattered.report;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark SQL of the phase diagram (docs/activations.md): per point of (activation, sigma_w^2,
 * sigma_b^2) and depth, the mean over seeds of each network's {@code pair_cosine} with its standard
 * error and 95% Student-t half-width, the mean-field prediction {@code mean_field_pair_corr} (the
 * same for every seed of a point: it depends on the inputs, not on the weights) and the z-score
 * (measured - mean field) / SE. Tasks without normalization on sphere inputs, where the mean field
 * applies. The standard aggregates group by {@link ResultViews#KEYS}, which do not hold the
 * activation or the variances, so a phase sweep has this aggregate of its own.
 */
final class PhaseQueries {

  /** The grouping columns of {@link #summary()}. */
  static final String KEYS = "activation, weight_variance, bias_variance, architecture, width, depth, inputs, "
      + "input_dim, points";

  private PhaseQueries() {
  }

  /** The aggregate {@code phase_summary}. */
  static String summary() {
    return "SELECT " + KEYS + ",\n  count(pair_cosine) AS n_seeds,\n"
        + "  avg(pair_cosine) AS pair_cosine_mean, stddev_samp(pair_cosine) AS pair_cosine_sd,\n"
        + "  stddev_samp(pair_cosine) / sqrt(count(pair_cosine)) AS pair_cosine_se,\n"
        + "  t975(count(pair_cosine) - 1) * stddev_samp(pair_cosine) / sqrt(count(pair_cosine)) AS pair_cosine_ci95,\n"
        + "  avg(mean_field_pair_corr) AS mean_field_pair_corr,\n"
        + "  try_divide(avg(pair_cosine) - avg(mean_field_pair_corr),\n"
        + "    stddev_samp(pair_cosine) / sqrt(count(pair_cosine))) AS z\n"
        + "FROM tasks\nWHERE status = 'ok' AND normalization = 'none' AND inputs = 'sphere'\n"
        + "  AND mean_field_pair_corr IS NOT NULL\nGROUP BY " + KEYS + "\nORDER BY " + KEYS;
  }

  /**
   * Whether the sweep varies the activation or a variance among the tasks the summary reads (only
   * then does the report compute it, so the pages of other sweeps keep their aggregates).
   */
  static boolean varies(SparkSession spark) {
    return available(spark) && spark.sql("SELECT count(DISTINCT activation, weight_variance, bias_variance) FROM tasks "
        + "WHERE status = 'ok' AND normalization = 'none' AND inputs = 'sphere'").first().getLong(0) > 1;
  }

  /** Whether the tasks table has the columns the summary reads (results of engine 6 and later). */
  static boolean available(SparkSession spark) {
    return Arrays.asList(spark.table("tasks").columns()).containsAll(List.of("activation", "weight_variance",
        "bias_variance", "mean_field_pair_corr", "pair_cosine", "inputs"));
  }
}
