package org.shattered.measure;

/**
 * The theorems' quantity within one task (docs/science.md, per-task metrics): the mean over pairs
 * p &lt; q of the cosine g_p . g_q / (|g_p| |g_q|) between the gradients at two inputs. For inputs in
 * R^d with d &gt;&gt; 1 it self-averages to the ensemble pair correlation over random weights; for
 * d = 1 it is only the mean of the sign products sign(g_p) sign(g_q).
 *
 * <p>A gradient of norm exactly zero has no direction: pairs involving one are left out of the mean
 * (the mean is over the pairs of the n points with a non-zero gradient), and with fewer than two
 * such points the result is NaN. Computed in O(P d) from the unit vectors u_p = g_p / |g_p|:
 * sum_{p &lt; q} u_p . u_q = (|sum_p u_p|^2 - n) / 2, exact algebra whose rounding error (about
 * 1e-16 n^2 absolute) is far below the sampling error of the mean over n (n - 1) / 2 pairs.
 */
public final class PairCosine {
  private PairCosine() {
  }

  /**
   * The mean pair cosine of {@code points} gradients of {@code dim} coordinates each, point-major.
   *
   * @param g P x d values, g_p's coordinates at p * d .. p * d + d - 1
   * @param dim d, at least 1
   */
  public static double of(double[] g, int dim) {
    if (dim < 1 || g.length % dim != 0) {
      throw new IllegalArgumentException(g.length + " gradient values are not points of dimension " + dim);
    }
    int points = g.length / dim;
    double[] sum = new double[dim];
    long n = 0;
    for (int p = 0; p < points; p++) {
      int row = p * dim;
      double scale = 0;
      for (int j = 0; j < dim; j++) {
        scale = Math.max(scale, Math.abs(g[row + j]));
      }
      if (scale == 0) {
        continue;
      }
      double ss = 0; // |g_p / scale|^2, so huge and tiny gradients neither overflow nor underflow
      for (int j = 0; j < dim; j++) {
        double v = g[row + j] / scale;
        ss += v * v;
      }
      double inv = 1.0 / (scale * Math.sqrt(ss));
      for (int j = 0; j < dim; j++) {
        sum[j] += g[row + j] * inv;
      }
      n++;
    }
    if (n < 2) {
      return Double.NaN;
    }
    double s2 = 0;
    for (double v : sum) {
      s2 += v * v;
    }
    return (s2 - n) / ((double) n * (n - 1));
  }
}
