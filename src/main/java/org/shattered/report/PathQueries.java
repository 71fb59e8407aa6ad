package org.shattered.report;

/**
 * The Spark SQL of the path-decomposition aggregates (over the {@code paths} table and
 * {@code tasks.mean_path_length}), grouped by {@link ResultViews#KEYS} like the others, with the
 * binomial prediction computed in the same query from the stored columns.
 *
 * <p>The prediction: if every residual branch multiplied the squared size of the signal it carries
 * by beta^2 independently of the others (He weights: E|W D t|^2 = |t|^2 for a ReLU gate open half
 * the time), the paths through k branches would carry binomial(L, k) beta^(2k) of the energy, so
 * the predicted share is binomial(L, k) beta^(2k) / (1 + beta^2)^L (the Binomial(L, beta^2 / (1 +
 * beta^2)) distribution; the shares sum to 1 by the binomial theorem) and the predicted mean path
 * length L beta^2 / (1 + beta^2). It ignores batch norm's division by the growing spread of the
 * residual stream.
 */
final class PathQueries {
  private static final String K = ResultViews.KEYS;

  private PathQueries() {
  }

  /** Per group and path length: seeds, binomial(L, k), energy share, cumulative share, rms and c_1 of g^(k). */
  static String pathSummary() {
    return "SELECT " + K + ", path_length,\n  count(*) AS n_seeds, avg(beta) AS beta, first(paths) AS paths,\n"
        + AggregateQueries.stats("energy_share", "energy_share") + ",\n"
        + AggregateQueries.stats("cumulative_energy_share", "cumulative_energy_share") + ",\n"
        + AggregateQueries.stats("rms", "rms") + ",\n"
        + AggregateQueries.stats("acf_lag1", "acf_lag1") + ",\n"
        + AggregateQueries.stats("pair_cosine", "pair_cosine") + ",\n"
        + "  min(inputs) AS inputs,\n"
        + "  first(paths) * power(avg(beta), 2 * path_length) / power(1 + avg(beta) * avg(beta), depth)"
        + " AS predicted_share\nFROM paths\nGROUP BY " + K + ", path_length\nORDER BY " + K + ", path_length";
  }

  /**
   * Per group: the energy-weighted mean path length and its binomial prediction L beta^2 / (1 + beta^2),
   * and the path energy ratio sum_k E_k / E (1 when the parts are orthogonal over the inputs, so that
   * the energy shares are shares of the gradient's energy).
   */
  static String meanPathLength() {
    return "SELECT " + K + ",\n  count(*) AS n_seeds, avg(beta) AS beta,\n"
        + AggregateQueries.stats("mean_path_length", "mean_path_length") + ",\n"
        + AggregateQueries.stats("path_energy_ratio", "path_energy_ratio") + ",\n"
        + "  min(inputs) AS inputs,\n"
        + "  depth * avg(beta) * avg(beta) / (1 + avg(beta) * avg(beta)) AS predicted_mean_path_length\n"
        + "FROM tasks\nWHERE status = 'ok' AND mean_path_length IS NOT NULL\nGROUP BY " + K + "\nORDER BY " + K;
  }
}
