package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AutocorrelationTest {

  /** The definition, written out directly. */
  static double[] naive(double[] g, int maxLag) {
    double m = Arrays.stream(g).sum() / g.length;
    double den = 0;
    for (double v : g) {
      den += (v - m) * (v - m);
    }
    double[] c = new double[maxLag];
    for (int k = 1; k <= maxLag; k++) {
      double num = 0;
      for (int p = 0; p + k < g.length; p++) {
        num += (g[p] - m) * (g[p + k] - m);
      }
      c[k - 1] = num / den;
    }
    return c;
  }

  @Test
  void matchesNaiveComputationOnRandomVectors() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 50; trial++) {
      int n = 3 + rng.nextInt(300);
      int maxLag = 1 + rng.nextInt(n - 1);
      double offset = rng.nextDouble(-5, 5);
      double scale = Math.pow(10, rng.nextDouble(-3, 3));
      double[] g = new double[n];
      for (int p = 0; p < n; p++) {
        g[p] = offset + scale * rng.nextDouble(-1, 1);
      }
      Autocorrelation a = Autocorrelation.of(g, maxLag);
      assertFalse(a.constant());
      assertArrayEquals(naive(g, maxLag), a.acf(), 1e-12);
      double m = Arrays.stream(g).sum() / n;
      double var = Arrays.stream(g).map(v -> (v - m) * (v - m)).sum() / n;
      assertEquals(m, a.mean(), 1e-12 * (Math.abs(m) + scale));
      assertEquals(Math.sqrt(var), a.std(), 1e-12 * scale);
    }
  }

  @Test
  void alternatingSequenceHasLagOneNearMinusOne() {
    int n = 256;
    double[] g = new double[n];
    for (int p = 0; p < n; p++) {
      g[p] = p % 2 == 0 ? 1 : -1;
    }
    Autocorrelation a = Autocorrelation.of(g, 4);
    // mean 0, sum of squares n: c_k = (-1)^k (n - k) / n
    for (int k = 1; k <= 4; k++) {
      assertEquals((k % 2 == 0 ? 1 : -1) * (n - k) / (double) n, a.acf()[k - 1], 1e-14);
    }
    assertEquals(-1.0, a.lag1(), 0.01);
  }

  @Test
  void linearRampMatchesClosedForm() {
    // g_p = p, p = 0..n-1: sum_{p<n-k} (p - m)(p + k - m) / sum (p - m)^2 with m = (n-1)/2
    int n = 100;
    double[] g = new double[n];
    for (int p = 0; p < n; p++) {
      g[p] = 3.0 * p - 7.0;
    }
    Autocorrelation a = Autocorrelation.of(g, 10);
    double den = n * ((double) n * n - 1) / 12.0;
    for (int k = 1; k <= 10; k++) {
      int m = n - k;
      // sum over p=0..m-1 of (p - c)(p + k - c), c = (n-1)/2, in closed form
      double c = (n - 1) / 2.0;
      double s1 = m * (m - 1) / 2.0;
      double s2 = (m - 1.0) * m * (2.0 * m - 1) / 6.0;
      double num = s2 + (k - 2 * c) * s1 + m * (c * c - k * c);
      assertEquals(num / den, a.acf()[k - 1], 1e-12);
    }
    assertTrue(a.lag1() > 0.96);
  }

  @Test
  void constantVectorIsFlaggedWithUnitCorrelation() {
    double[] g = new double[256];
    Arrays.fill(g, 0.1234567);
    Autocorrelation a = Autocorrelation.of(g, 32);
    assertTrue(a.constant());
    assertEquals(32, a.acf().length);
    assertTrue(Arrays.stream(a.acf()).allMatch(c -> c == 1.0));
    assertEquals(0.1234567, a.mean(), 1e-15);
    assertEquals(0.0, a.std(), 1e-12);
  }

  @Test
  void zeroVectorIsConstant() {
    Autocorrelation a = Autocorrelation.of(new double[10], 3);
    assertTrue(a.constant());
    assertArrayEquals(new double[] {1, 1, 1}, a.acf());
    assertEquals(0.0, a.mean());
    assertEquals(0.0, a.std());
  }

  @Test
  void tinyRelativeVariationBelowThresholdIsConstant() {
    double[] g = new double[64];
    for (int p = 0; p < g.length; p++) {
      g[p] = 5.0 * (1 + 1e-14 * (p % 3)); // relative variance ~1e-28
    }
    assertTrue(Autocorrelation.of(g, 2).constant());
    g[0] = 5.0 * (1 + 1e-9); // relative variance ~1e-20: not constant
    assertFalse(Autocorrelation.of(g, 2).constant());
  }

  @Test
  void hugeFiniteValuesDoNotOverflow() {
    SplittableRandom rng = new SplittableRandom(3);
    double[] g = new double[50];
    double[] big = new double[50];
    for (int p = 0; p < g.length; p++) {
      g[p] = rng.nextDouble(-1, 1);
      big[p] = g[p] * 1e300;
    }
    assertArrayEquals(Autocorrelation.of(g, 5).acf(), Autocorrelation.of(big, 5).acf(), 1e-12);
    assertEquals(Autocorrelation.of(g, 5).std() * 1e300, Autocorrelation.of(big, 5).std(), 1e288);
  }

  @Test
  void rejectsBadLag() {
    assertThrows(IllegalArgumentException.class, () -> Autocorrelation.of(new double[5], 5));
    assertThrows(IllegalArgumentException.class, () -> Autocorrelation.of(new double[5], 0));
  }
}
