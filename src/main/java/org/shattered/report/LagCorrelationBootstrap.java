package org.shattered.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A bootstrap interval over seeds for the ensemble correlation of line-input gradients at lag k
 * (the {@code pair_correlation} view, docs/science.md, across seeds):
 *
 * <pre>
 *   r_k = mean over p of sum_s g_p^s g_{p+k}^s / sqrt(sum_s (g_p^s)^2 sum_s (g_{p+k}^s)^2)
 * </pre>
 *
 * (uncentred; points p with a zero denominator are skipped, as the view's {@code try_divide} does).
 * It is one number per group and lag with no spread over seeds of its own, so the interval
 * resamples the seeds, the independent units, exactly as {@link PairCorrelationBootstrap} does for
 * the theorems' pair correlation: {@value PairCorrelationBootstrap#REPLICATES} replicates of S seeds
 * drawn with replacement, the 95% percentile interval and the replicates' standard deviation. The
 * stream is seeded with {@link PairCorrelationBootstrap#BOOTSTRAP_SEED} mixed with the group's key
 * text, so a group's interval depends on nothing but its own gradients.
 *
 * <p>Runs on the executors, one group per input row (keys, max_lag, gradients sorted by seed, as
 * {@link #query()} selects them); a group keeps S (K + 1) P products.
 */
public final class LagCorrelationBootstrap implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final List<String> keys;

  /** @param keys the group's key columns, the first fields of each input row */
  public LagCorrelationBootstrap(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  /** The input: per group (the report's keys), the largest lag and the gradients sorted by seed. */
  static String query() {
    return "SELECT " + ResultViews.KEYS + ", max(max_lag) AS max_lag, sort_array(collect_list(struct(seed, gradient)))"
        + " AS gradients\nFROM series\nWHERE gradient IS NOT NULL\nGROUP BY " + ResultViews.KEYS;
  }

  /** The output schema: the keys (types from {@code input}), the lag, the estimate and its interval. */
  public static StructType schema(StructType input, List<String> keys) {
    StructType s = new StructType();
    for (String k : keys) {
      s = s.add(input.apply(k));
    }
    return s.add("lag", DataTypes.IntegerType).add("n_seeds", DataTypes.IntegerType).add("r", DataTypes.DoubleType)
        .add("r_se", DataTypes.DoubleType).add("r_lo", DataTypes.DoubleType).add("r_hi", DataTypes.DoubleType);
  }

  @Override
  public Iterator<Row> call(Row group) {
    int n = keys.size();
    int maxLag = group.getInt(n);
    double[][] g = PairCorrelationBootstrap.gradients(group.getList(n + 1));
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < n; i++) {
      key.append(group.get(i)).append('|');
    }
    long seed = PairCorrelationBootstrap.BOOTSTRAP_SEED ^ ((long) key.toString().hashCode() << 32);
    List<PairCorrelationBootstrap.Result> byLag = estimate(g, maxLag, PairCorrelationBootstrap.REPLICATES, seed);
    List<Row> out = new ArrayList<>();
    for (int k = 1; k <= byLag.size(); k++) {
      PairCorrelationBootstrap.Result r = byLag.get(k - 1);
      Object[] row = new Object[n + 6];
      for (int i = 0; i < n; i++) {
        row[i] = group.get(i);
      }
      row[n] = k;
      row[n + 1] = g.length;
      row[n + 2] = r.pairCorr();
      row[n + 3] = r.standardError();
      row[n + 4] = r.lo();
      row[n + 5] = r.hi();
      out.add(RowFactory.create(row));
    }
    return out.iterator();
  }

  /**
   * r_k for k = 1..maxLag of gradients g[s] (P values each) and their bootstrap over seeds; with one
   * seed, or no replicates, the interval is NaN.
   */
  static List<PairCorrelationBootstrap.Result> estimate(double[][] g, int maxLag, int replicates, long seed) {
    int s = g.length;
    int p = g[0].length;
    int lags = Math.min(maxLag, p - 1);
    // prod[i][k][q] = g_q g_{q+k} of seed i
    double[][][] prod = new double[s][lags + 1][];
    for (int i = 0; i < s; i++) {
      for (int k = 0; k <= lags; k++) {
        prod[i][k] = new double[p - k];
        for (int q = 0; q + k < p; q++) {
          prod[i][k][q] = g[i][q] * g[i][q + k];
        }
      }
    }
    double[] w = new double[s];
    Arrays.fill(w, 1.0);
    double[] est = correlations(prod, w, lags, p);
    double[][] reps = new double[lags][replicates];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int b = 0; b < replicates && s > 1; b++) {
      Arrays.fill(w, 0.0);
      for (int i = 0; i < s; i++) {
        w[rng.nextInt(s)] += 1.0;
      }
      double[] r = correlations(prod, w, lags, p);
      for (int k = 0; k < lags; k++) {
        reps[k][b] = r[k];
      }
    }
    List<PairCorrelationBootstrap.Result> out = new ArrayList<>();
    for (int k = 0; k < lags; k++) {
      if (s < 2 || replicates < 1) {
        out.add(new PairCorrelationBootstrap.Result(est[k], Double.NaN, Double.NaN, Double.NaN));
        continue;
      }
      // a replicate whose every point has a zero denominator is NaN: left out of the interval
      double[] ok = Arrays.stream(reps[k]).filter(Double::isFinite).sorted().toArray();
      if (ok.length < 2) {
        out.add(new PairCorrelationBootstrap.Result(est[k], Double.NaN, Double.NaN, Double.NaN));
        continue;
      }
      double mean = Arrays.stream(ok).average().orElse(Double.NaN);
      double var = Arrays.stream(ok).map(x -> (x - mean) * (x - mean)).sum() / (ok.length - 1);
      out.add(new PairCorrelationBootstrap.Result(est[k], Math.sqrt(var), PairCorrelationBootstrap.percentile(ok,
          0.025), PairCorrelationBootstrap.percentile(ok, 0.975)));
    }
    return out;
  }

  /** r_1..r_lags of the seeds weighted by w (index k - 1). */
  private static double[] correlations(double[][][] prod, double[] w, int lags, int p) {
    double[][] m = new double[lags + 1][];
    for (int k = 0; k <= lags; k++) {
      m[k] = new double[p - k];
    }
    for (int i = 0; i < prod.length; i++) {
      if (w[i] != 0) {
        for (int k = 0; k <= lags; k++) {
          double[] src = prod[i][k];
          double[] dst = m[k];
          for (int q = 0; q < dst.length; q++) {
            dst[q] += w[i] * src[q];
          }
        }
      }
    }
    double[] r = new double[lags];
    for (int k = 1; k <= lags; k++) {
      double sum = 0;
      int count = 0;
      for (int q = 0; q + k < p; q++) {
        double den = m[0][q] * m[0][q + k];
        if (den > 0) {
          sum += m[k][q] / Math.sqrt(den);
          count++;
        }
      }
      r[k - 1] = count == 0 ? Double.NaN : sum / count;
    }
    return r;
  }
}
