package org.shattered.report;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Spearman's rank correlation of two samples, the partial rank correlation after controlling for a
 * third, and their percentile bootstrap intervals (observations resampled with replacement, a fixed
 * seed, so a report is reproducible). Ranks of ties are their average rank.
 */
final class RankCorrelation {
  /** Bootstrap resamplings. */
  static final int REPLICATES = 2000;

  private RankCorrelation() {
  }

  /**
   * An estimate with its 95% percentile bootstrap interval.
   *
   * @param n observations
   */
  record Estimate(double value, double lo, double hi, int n) {
  }

  /** Average ranks (1-based) of {@code v}. */
  static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; ) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }

  /** Pearson's correlation (NaN when either sample is constant). */
  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  static double spearman(double[] x, double[] y) {
    return pearson(ranks(x), ranks(y));
  }

  /** The partial rank correlation of x and y given z: (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)). */
  static double partialSpearman(double[] x, double[] y, double[] z) {
    double rxy = spearman(x, y);
    double rxz = spearman(x, z);
    double ryz = spearman(y, z);
    return (rxy - rxz * ryz) / Math.sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
  }

  /** Spearman's rho of (x, y) with its bootstrap interval. */
  static Estimate spearmanInterval(double[] x, double[] y, long seed) {
    return interval(spearman(x, y), x.length, seed, idx -> spearman(pick(x, idx), pick(y, idx)));
  }

  /** The partial rank correlation of (x, y) given z with its bootstrap interval. */
  static Estimate partialInterval(double[] x, double[] y, double[] z, long seed) {
    return interval(partialSpearman(x, y, z), x.length, seed,
        idx -> partialSpearman(pick(x, idx), pick(y, idx), pick(z, idx)));
  }

  private static Estimate interval(double value, int n, long seed,
      java.util.function.Function<int[], Double> statistic) {
    if (n < 4) {
      return new Estimate(value, Double.NaN, Double.NaN, n);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] reps = new double[REPLICATES];
    int kept = 0;
    int[] idx = new int[n];
    for (int b = 0; b < REPLICATES; b++) {
      for (int i = 0; i < n; i++) {
        idx[i] = rnd.nextInt(n);
      }
      double s = statistic.apply(idx);
      if (!Double.isNaN(s)) {
        reps[kept++] = s;
      }
    }
    if (kept < REPLICATES / 2) {
      return new Estimate(value, Double.NaN, Double.NaN, n);
    }
    double[] sorted = Arrays.copyOf(reps, kept);
    Arrays.sort(sorted);
    return new Estimate(value, quantile(sorted, 0.025), quantile(sorted, 0.975), n);
  }

  /** The q-quantile of sorted values (linear interpolation between order statistics). */
  static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int i = (int) Math.floor(at);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (at - i) * (sorted[j] - sorted[i]);
  }

  private static double[] pick(double[] v, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }
}
