package org.shattered.report;

/**
 * The views of a training results directory that the trainability page's queries read, registered
 * by the report and by {@code shattered sql} ({@link ResultViews#registerTraining}), so the SQL shown
 * on the page runs there as it is.
 */
final class TrainingQueries {
  private TrainingQueries() {
  }

  /** The family of a row: architecture, batch norm, resnet's beta rule (a SQL expression). */
  static final String FAMILY = "concat(architecture, CASE WHEN normalization = 'batch' THEN ' + batch norm' ELSE '' "
      + "END, CASE WHEN beta_rule IS NULL THEN '' ELSE concat(', β=', beta_rule) END)";

  /**
   * {@code train_outcome}: one row per finished task with its family, and its accuracies after the
   * budget, a task that diverged counted at chance (0.1: its outputs are not numbers).
   */
  static final String OUTCOME = "SELECT key, " + FAMILY + " AS family, architecture, normalization, beta_rule, depth,"
      + " width, learning_rate, seed, steps,\n  diverged_at_step,\n"
      + "  CASE WHEN diverged_at_step IS NULL THEN final_test_accuracy ELSE 0.1 END AS test_accuracy,\n"
      + "  CASE WHEN diverged_at_step IS NULL THEN final_train_accuracy ELSE 0.1 END AS train_accuracy,\n"
      + "  init_test_accuracy, init_line_c1, init_pair_cosine, init_input_gradient_norm\n"
      + "FROM train_tasks\nWHERE status = 'ok'";

  /**
   * {@code train_cell}: per family, depth and learning rate, the mean test accuracy over seeds with
   * its 95% t-interval, the diverged seeds, the shattering at initialization, and {@code best}: the
   * learning rate of the grid with the highest mean accuracy for the family and depth (ties: the
   * smaller rate).
   */
  static final String CELL = "SELECT *, row_number() OVER (PARTITION BY family, depth ORDER BY accuracy_mean DESC, "
      + "learning_rate) = 1 AS best\nFROM (\n"
      + "  SELECT family, architecture, normalization, beta_rule, depth, learning_rate, count(*) AS n,\n"
      + "    avg(test_accuracy) AS accuracy_mean,\n"
      + "    t975(count(*) - 1) * stddev_samp(test_accuracy) / sqrt(count(*)) AS accuracy_ci95,\n"
      + "    avg(train_accuracy) AS train_accuracy_mean,\n"
      + "    sum(CASE WHEN diverged_at_step IS NULL THEN 0 ELSE 1 END) AS diverged,\n"
      + "    avg(init_line_c1) AS init_line_c1_mean,\n"
      + "    t975(count(*) - 1) * stddev_samp(init_line_c1) / sqrt(count(*)) AS init_line_c1_ci95,\n"
      + "    avg(init_pair_cosine) AS init_pair_cosine_mean,\n"
      + "    t975(count(*) - 1) * stddev_samp(init_pair_cosine) / sqrt(count(*)) AS init_pair_cosine_ci95\n"
      + "  FROM train_outcome\n  GROUP BY family, architecture, normalization, beta_rule, depth, learning_rate\n)";

  /** {@code train_checkpoint}: the rows of {@code training} with their family. */
  static final String CHECKPOINT = "SELECT " + FAMILY + " AS family, *\nFROM training";

  /**
   * Per family, depth and step, at the family's best learning rate for that depth: the mean over
   * seeds (with 95% interval) of {@code column} at the checkpoints, for depths {@code where}.
   *
   * <p>The mean and standard deviation are summed over the seeds' values in sorted order, not with
   * {@code avg}/{@code stddev_samp}: rows reach an aggregate after the join in whatever order the
   * shuffle delivers them, and a floating-point sum depends on that order, so the export would differ
   * in its last digits from one run to the next (it did: {@code learning_curves.csv}, 2026-12-06).
   */
  static String atBestRate(String where, String... columns) {
    String keys = "family, architecture, normalization, beta_rule, depth, learning_rate, step";
    StringBuilder s = new StringBuilder("WITH g AS (\n  SELECT k.family, k.architecture, k.normalization, "
        + "k.beta_rule, k.depth, k.learning_rate, k.step, count(*) AS n");
    for (String c : columns) {
      s.append(",\n    array_sort(collect_list(k.").append(c).append(")) AS ").append(c).append("_v");
    }
    s.append("\n  FROM train_checkpoint k\n    JOIN train_cell c ON k.family = c.family AND k.depth = c.depth"
        + " AND k.learning_rate = c.learning_rate AND c.best\n  WHERE ").append(where)
        .append("\n  GROUP BY k.family, k.architecture, k.normalization, k.beta_rule, k.depth, k.learning_rate, k.step"
            + "\n), m AS (\n  SELECT *");
    for (String c : columns) {
      s.append(",\n    try_divide(aggregate(").append(c).append("_v, 0D, (a, x) -> a + x), size(").append(c)
          .append("_v)) AS ").append(c).append("_mean");
    }
    s.append("\n  FROM g\n)\nSELECT ").append(keys).append(", n");
    for (String c : columns) {
      String v = c + "_v";
      String m = c + "_mean";
      s.append(",\n  ").append(m).append(", t975(n - 1) * sqrt(try_divide(aggregate(").append(v)
          .append(", 0D, (a, x) -> a + (x - ").append(m).append(") * (x - ").append(m).append(")), size(").append(v)
          .append(") - 1)) / sqrt(n) AS ").append(c).append("_ci95");
    }
    s.append("\nFROM m\nORDER BY family, depth, step");
    return s.toString();
  }
}
