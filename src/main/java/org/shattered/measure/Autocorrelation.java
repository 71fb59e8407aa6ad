package org.shattered.measure;

import java.util.Arrays;

/**
 * The mean-centred autocorrelation of a sequence g_0..g_{P-1} (docs/science.md, Per-task metrics):
 *
 * <pre>
 *   c_k = sum_{p=0}^{P-1-k} (g_p - m)(g_{p+k} - m) / sum_{p=0}^{P-1} (g_p - m)^2,   k = 1..K
 * </pre>
 *
 * with m the mean of g. A numerically constant sequence (population variance below
 * {@value #CONSTANT_THRESHOLD} times its mean square, or all zeros) is perfectly predictable:
 * every c_k is 1 by convention and {@link #constant()} is true.
 *
 * <p>The sums are computed on g divided by max |g|, so huge but finite values do not overflow;
 * c_k is scale-invariant, and {@link #mean()} and {@link #std()} are reported in the original
 * scale. Non-finite input gives NaN results (callers check finiteness first).
 *
 * @param acf c_k for k = 1..K (element k-1)
 * @param constant true when g is numerically constant, so that every c_k is 1 by convention
 * @param mean mean of g
 * @param std population standard deviation of g
 */
public record Autocorrelation(double[] acf, boolean constant, double mean, double std) {

  /** Content equality: the arrays by their elements (a record's own equals compares their identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Autocorrelation that && java.util.Arrays.equals(acf, that.acf)
        && constant == that.constant
        && Double.compare(mean, that.mean) == 0
        && Double.compare(std, that.std) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(java.util.Arrays.hashCode(acf), constant, mean, std);
  }


  /** Relative variance below which a sequence counts as constant. */
  public static final double CONSTANT_THRESHOLD = 1e-24;

  /**
   * Computes c_1..c_maxLag of g.
   *
   * @param g the sequence, at least 2 values
   * @param maxLag K, from 1 to g.length - 1
   */
  public static Autocorrelation of(double[] g, int maxLag) {
    int n = g.length;
    if (n < 2 || maxLag < 1 || maxLag >= n) {
      throw new IllegalArgumentException("autocorrelation needs at least 2 values and 1 <= maxLag < " + n
          + "; got " + n + " values and maxLag " + maxLag);
    }
    double scale = 0;
    for (double v : g) {
      scale = Math.max(scale, Math.abs(v));
    }
    if (Double.isNaN(scale) || Double.isInfinite(scale)) {
      double[] nan = new double[maxLag];
      Arrays.fill(nan, Double.NaN);
      return new Autocorrelation(nan, false, Double.NaN, Double.NaN);
    }
    double[] acf = new double[maxLag];
    if (scale == 0) {
      Arrays.fill(acf, 1.0);
      return new Autocorrelation(acf, true, 0.0, 0.0);
    }
    double[] d = new double[n];
    double sum = 0;
    for (int p = 0; p < n; p++) {
      d[p] = g[p] / scale;
      sum += d[p];
    }
    double m = sum / n;
    double sumSq = 0;
    double ss = 0;
    for (int p = 0; p < n; p++) {
      sumSq += d[p] * d[p];
      d[p] -= m;
      ss += d[p] * d[p];
    }
    double variance = ss / n;
    double meanSquare = sumSq / n;
    double mean = m * scale;
    double std = Math.sqrt(variance) * scale;
    if (variance < CONSTANT_THRESHOLD * meanSquare) {
      Arrays.fill(acf, 1.0);
      return new Autocorrelation(acf, true, mean, std);
    }
    for (int k = 1; k <= maxLag; k++) {
      double c = 0;
      for (int p = 0, end = n - k; p < end; p++) {
        c += d[p] * d[p + k];
      }
      acf[k - 1] = c / ss;
    }
    return new Autocorrelation(acf, false, mean, std);
  }

  /** c_1. */
  public double lag1() {
    return acf[0];
  }
}
