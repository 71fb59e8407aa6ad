package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The ziggurat stream against the normal distribution: moments, the tail beyond the ziggurat's
 * base (where its slow path works), and the Kolmogorov-Smirnov distance to the normal CDF, with
 * two million draws. Tolerances are several standard errors of each statistic.
 */
class GaussianStreamTest {
  static final int N = 2_000_000;

  @Test
  void momentsTailsAndDistributionMatchTheStandardNormal() {
    double[] x = new GaussianStream(42).fill(N, 1.0);
    double mean = Arrays.stream(x).average().orElseThrow();
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / N;
    double kurt = Arrays.stream(x).map(v -> Math.pow(v - mean, 4)).sum() / N / (var * var);
    assertEquals(0, mean, 5 / Math.sqrt(N));
    assertEquals(1, var, 5 * Math.sqrt(2.0 / N));
    assertEquals(3, kurt, 5 * Math.sqrt(24.0 / N));
    // P(|x| > 3.5) = 4.65e-4, beyond the ziggurat's base at r = 3.44: the tail algorithm
    long beyond = Arrays.stream(x).filter(v -> Math.abs(v) > 3.5).count();
    double expected = 4.6527e-4 * N;
    assertEquals(expected, beyond, 5 * Math.sqrt(expected));
    // P(1 < x < 1.5) = 0.09184, inside the wedges
    long wedge = Arrays.stream(x).filter(v -> v > 1 && v < 1.5).count();
    assertEquals(0.091848 * N, wedge, 5 * Math.sqrt(0.091848 * N));
    // Kolmogorov-Smirnov: sqrt(N) D below 1.95 (p = 0.001)
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    double d = 0;
    for (int i = 0; i < N; i += 97) {
      double cdf = phi(sorted[i]);
      d = Math.max(d, Math.max(Math.abs(cdf - (double) i / N), Math.abs(cdf - (double) (i + 1) / N)));
    }
    assertTrue(Math.sqrt(N) * d < 1.95, "KS statistic " + Math.sqrt(N) * d);
  }

  @Test
  void neighboursAreUncorrelatedAndTheStreamIsASeededFunction() {
    double[] x = new GaussianStream(7).fill(N, 1.0);
    double lag1 = 0;
    for (int i = 1; i < N; i++) {
      lag1 += x[i] * x[i - 1];
    }
    assertEquals(0, lag1 / N, 5 / Math.sqrt(N));
    assertArrayEquals(new GaussianStream(7).fill(1000, 2.0), new GaussianStream(7).fill(1000, 2.0), 0.0);
    assertTrue(new GaussianStream(7).next() != new GaussianStream(8).next());
  }

  /** Normal CDF via erf (Abramowitz-Stegun 7.1.26 is too coarse; use a continued series). */
  static double phi(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** erfc by the Numerical Recipes Chebyshev fit (relative error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
