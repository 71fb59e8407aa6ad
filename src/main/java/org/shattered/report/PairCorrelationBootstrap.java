package org.shattered.report;

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
 * The theorems' quantity across seeds (docs/science.md, across seeds), with a bootstrap interval:
 *
 * <pre>
 *   pair_corr = mean over p &lt; q of sum_s g_p^s . g_q^s / sqrt(sum_s |g_p^s|^2 sum_s |g_q^s|^2)
 * </pre>
 *
 * (s over seeds, uncentred, the d coordinates of each gradient pooled in the dot products).
 *
 * <p><b>Where it runs.</b> On the executors, one group at a time: the input row holds a group's
 * keys, its input dimension d and its gradients sorted by seed (P x d values each, point-major),
 * as {@link TheoryAggregates#gradientsByGroup()} selects them. The driver never sees a gradient. A
 * group of S seeds holds S P d doubles (20 seeds of 128 x 100: 2 MB), and the work keeps S Gram
 * matrices of P (P + 1) / 2 entries.
 *
 * <p><b>Interval.</b> Seeds are the independent units (the pairs of one network are not), so the
 * interval resamples seeds: {@value #REPLICATES} bootstrap replicates, each S seeds drawn with
 * replacement, each giving pair_corr of the weighted sums; the 95% interval is the 2.5% and 97.5%
 * percentiles of the replicates (percentile method) and the standard error their standard
 * deviation. The random stream is {@link SplittableRandom} seeded with {@value #BOOTSTRAP_SEED}
 * mixed with the hash of the group's key text, so a group's interval does not depend on which
 * other groups the report holds nor on the partitioning. With one seed there is no interval (NaN).
 */
public final class PairCorrelationBootstrap implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Bootstrap replicates B. */
  public static final int REPLICATES = 1000;

  /** The fixed seed of the bootstrap stream (mixed with each group's key). */
  public static final long BOOTSTRAP_SEED = 20170302L;

  private final List<String> keys;

  /** @param keys the group's key columns, the first fields of each input row */
  public PairCorrelationBootstrap(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  /** The output schema: the keys (types from {@code input}), then the estimate and its interval. */
  public static StructType schema(StructType input, List<String> keys) {
    StructType s = new StructType();
    for (String k : keys) {
      s = s.add(input.apply(k));
    }
    return s.add("n_seeds", DataTypes.IntegerType).add("pair_corr", DataTypes.DoubleType)
        .add("pair_corr_se", DataTypes.DoubleType).add("pair_corr_lo", DataTypes.DoubleType)
        .add("pair_corr_hi", DataTypes.DoubleType).add("bootstrap_replicates", DataTypes.IntegerType)
        .add("bootstrap_seed", DataTypes.LongType);
  }

  @Override
  public Iterator<Row> call(Row group) {
    int n = keys.size();
    int d = group.getInt(n);
    List<Row> seeds = group.getList(n + 1);
    double[][] g = gradients(seeds);
    StringBuilder key = new StringBuilder();
    Object[] out = new Object[n + 7];
    for (int i = 0; i < n; i++) {
      out[i] = group.get(i);
      key.append(out[i]).append('|');
    }
    long seed = BOOTSTRAP_SEED ^ ((long) key.toString().hashCode() << 32);
    Result r = estimate(g, d, REPLICATES, seed);
    out[n] = g.length;
    out[n + 1] = r.pairCorr();
    out[n + 2] = r.standardError();
    out[n + 3] = r.lo();
    out[n + 4] = r.hi();
    out[n + 5] = REPLICATES;
    out[n + 6] = seed;
    return List.of(RowFactory.create(out)).iterator();
  }

  /** The estimate, the bootstrap standard error and the 95% percentile interval. */
  public record Result(double pairCorr, double standardError, double lo, double hi) {
  }

  /**
   * pair_corr of gradients g[s] (P x d values, point-major) and its bootstrap over seeds.
   *
   * @param replicates B (0 for the estimate alone)
   */
  public static Result estimate(double[][] g, int d, int replicates, long seed) {
    int s = g.length;
    if (s == 0 || d < 1 || g[0].length % d != 0) {
      throw new IllegalArgumentException("need gradients of P x d values, got " + s + " seeds, d = " + d);
    }
    int p = g[0].length / d;
    double[][] gram = new double[s][];
    for (int i = 0; i < s; i++) {
      gram[i] = gram(g[i], p, d);
    }
    double[] w = new double[s];
    Arrays.fill(w, 1.0);
    double est = pairCorr(gram, w, p);
    if (s < 2 || replicates < 1) {
      return new Result(est, Double.NaN, Double.NaN, Double.NaN);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] reps = new double[replicates];
    for (int b = 0; b < replicates; b++) {
      Arrays.fill(w, 0.0);
      for (int i = 0; i < s; i++) {
        w[rng.nextInt(s)] += 1.0;
      }
      reps[b] = pairCorr(gram, w, p);
    }
    double mean = Arrays.stream(reps).average().orElse(Double.NaN);
    double var = Arrays.stream(reps).map(x -> (x - mean) * (x - mean)).sum() / (replicates - 1);
    Arrays.sort(reps);
    return new Result(est, Math.sqrt(var), percentile(reps, 0.025), percentile(reps, 0.975));
  }

  /** The q-quantile of sorted values (linear interpolation between order statistics). */
  static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int i = (int) Math.floor(h);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (h - i) * (sorted[j] - sorted[i]);
  }

  /** The upper triangle (q &gt;= p, row by row) of the P x P Gram matrix g_p . g_q. */
  static double[] gram(double[] g, int p, int d) {
    double[] m = new double[p * (p + 1) / 2];
    int k = 0;
    for (int a = 0; a < p; a++) {
      for (int b = a; b < p; b++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += g[a * d + j] * g[b * d + j];
        }
        m[k++] = dot;
      }
    }
    return m;
  }

  /** mean over p &lt; q of M_pq / sqrt(M_pp M_qq), M = sum_s w_s Gram_s; pairs with a zero norm are skipped. */
  static double pairCorr(double[][] gram, double[] w, int p) {
    double[] m = new double[gram[0].length];
    for (int s = 0; s < gram.length; s++) {
      if (w[s] != 0) {
        double ws = w[s];
        double[] gs = gram[s];
        for (int k = 0; k < m.length; k++) {
          m[k] += ws * gs[k];
        }
      }
    }
    double[] diag = new double[p];
    int[] rowStart = new int[p];
    for (int a = 0, k = 0; a < p; a++) {
      rowStart[a] = k;
      diag[a] = m[k];
      k += p - a;
    }
    double sum = 0;
    long count = 0;
    for (int a = 0; a < p; a++) {
      for (int b = a + 1; b < p; b++) {
        double den = diag[a] * diag[b];
        if (den > 0) {
          sum += m[rowStart[a] + b - a] / Math.sqrt(den);
          count++;
        }
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The gradients of a group's seeds (each row: seed, gradient values), in the rows' order. */
  static double[][] gradients(List<Row> seeds) {
    double[][] g = new double[seeds.size()][];
    for (int s = 0; s < g.length; s++) {
      List<Double> v = seeds.get(s).getList(1);
      g[s] = v.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return g;
  }
}
