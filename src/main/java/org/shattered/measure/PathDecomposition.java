package org.shattered.measure;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's gradient split by path length (see {@code Network#pathGradients}): one
 * {@link PathLength} per k = 0..L and the energy-weighted mean path length.
 *
 * @param lengths path lengths 0..L in order
 * @param meanPathLength sum_k k * energy_share_k, the effective depth of the gradient
 * @param energyRatio sum_k E_k / E, E_k = mean_p |g_p^(k)|^2 and E = mean_p |g_p|^2 the gradient's own
 *     energy: 1 when the g^(k) are orthogonal over the inputs, so that the energy shares are shares
 *     of the gradient's energy; far from 1 when the cross terms 2 g^(j) . g^(k) dominate (they cancel
 *     or add), and the shares then describe the components, not the gradient
 */
public record PathDecomposition(List<PathLength> lengths, double meanPathLength, double energyRatio)
    implements java.io.Serializable {

  public PathDecomposition {
    lengths = List.copyOf(lengths);
  }

  /** {@link #of(double[][], int, int, boolean)} for line inputs (d = 1, autocorrelation). */
  public static PathDecomposition of(double[][] byLength, int maxLag) {
    return of(byLength, maxLag, 1, false);
  }

  /**
   * The metrics of g^(k) for every k.
   *
   * @param byLength row k holds g^(k)_p for the P inputs (k = 0..L), P x d values point-major
   * @param maxLag K, the largest autocorrelation lag
   * @param dim d, the coordinates of each g_p
   * @param sphere sphere inputs: no autocorrelation (the points have no order)
   */
  public static PathDecomposition of(double[][] byLength, int maxLag, int dim, boolean sphere) {
    double[] sum = new double[byLength[0].length];
    for (double[] row : byLength) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += row[i];
      }
    }
    return of(byLength, sum, maxLag, dim, sphere);
  }

  /**
   * {@link #of(double[][], int, int, boolean)} with the task's gradient g (P x d values, the sum of
   * the rows up to rounding), the denominator of {@link #energyRatio}.
   */
  public static PathDecomposition of(double[][] byLength, double[] gradient, int maxLag, int dim, boolean sphere) {
    int depth = byLength.length - 1;
    double[] energy = new double[depth + 1];
    double total = 0;
    for (int k = 0; k <= depth; k++) {
      double s = 0;
      for (double v : byLength[k]) {
        s += v * v;
      }
      energy[k] = s / (byLength[k].length / dim); // mean over points of |g_p^(k)|^2
      total += energy[k];
    }
    List<PathLength> out = new ArrayList<>(depth + 1);
    double cumulative = 0;
    double mean = 0;
    for (int k = 0; k <= depth; k++) {
      double share = energy[k] / total;
      cumulative += share;
      mean += k * share;
      double[] acf = null;
      boolean constant;
      if (sphere) {
        constant = TaskMeasurer.constantAcrossPoints(byLength[k], dim);
      } else {
        Autocorrelation a = Autocorrelation.of(byLength[k], maxLag);
        acf = a.acf();
        constant = a.constant();
      }
      out.add(new PathLength(k, binomial(depth, k), Math.sqrt(energy[k]), share, cumulative, acf, constant,
          PairCosine.of(byLength[k], dim)));
    }
    double gradientEnergy = 0;
    for (double v : gradient) {
      gradientEnergy += v * v;
    }
    gradientEnergy /= gradient.length / dim;
    return new PathDecomposition(out, mean, total / gradientEnergy);
  }

  /** binomial(n, k) rounded once to the nearest double. */
  static double binomial(int n, int k) {
    BigInteger b = BigInteger.ONE;
    for (int i = 1; i <= k; i++) {
      b = b.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
    }
    return b.doubleValue();
  }
}
