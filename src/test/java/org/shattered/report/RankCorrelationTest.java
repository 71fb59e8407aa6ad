package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Spearman's rho, the partial rank correlation and their bootstrap intervals, against independent computations. */
class RankCorrelationTest {

  @Test
  void tiesGetTheirAverageRank() {
    assertArrayEquals(new double[] {2.5, 1, 2.5, 4}, RankCorrelation.ranks(new double[] {3, 1, 3, 7}), 0);
  }

  @Test
  void spearmanWithoutTiesIsTheClassicalFormula() {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 37;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble();
      y[i] = x[i] + rnd.nextGaussian() * 0.5;
    }
    double[] rx = RankCorrelation.ranks(x);
    double[] ry = RankCorrelation.ranks(y);
    double d2 = 0;
    for (int i = 0; i < n; i++) {
      d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
    }
    assertEquals(1 - 6 * d2 / (n * ((double) n * n - 1)), RankCorrelation.spearman(x, y), 1e-12);
  }

  @Test
  void partialRankCorrelationIsTheCorrelationOfRankResiduals() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 60;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = rnd.nextGaussian();
      x[i] = z[i] + rnd.nextGaussian();
      y[i] = 2 * z[i] + 0.3 * x[i] + rnd.nextGaussian();
    }
    double[] rx = RankCorrelation.ranks(x);
    double[] ry = RankCorrelation.ranks(y);
    double[] rz = RankCorrelation.ranks(z);
    double expected = RankCorrelation.pearson(residual(rx, rz), residual(ry, rz));
    assertEquals(expected, RankCorrelation.partialSpearman(x, y, z), 1e-12);
  }

  /** a minus its least-squares fit on b (with intercept). */
  private static double[] residual(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / a.length;
      mb += b[i] / a.length;
    }
    double sab = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    double slope = sab / sbb;
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] - ma - slope * (b[i] - mb);
    }
    return r;
  }

  /**
   * For a bivariate normal with correlation 0.6, Spearman's rho is (6/pi) asin(0.3) = 0.5853; the
   * 95% bootstrap interval of 40 samples of n = 80 covers it in at least 32 of them (at 95%
   * coverage, fewer than 32 has probability below 0.5%).
   */
  @Test
  void theBootstrapIntervalCoversThePopulationValue() {
    double truth = 6 / Math.PI * Math.asin(0.3);
    SplittableRandom rnd = new SplittableRandom(11);
    int covered = 0;
    for (int s = 0; s < 40; s++) {
      int n = 80;
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextGaussian();
        y[i] = 0.6 * x[i] + 0.8 * rnd.nextGaussian();
      }
      RankCorrelation.Estimate e = RankCorrelation.spearmanInterval(x, y, s);
      assertTrue(e.lo() <= e.value() && e.value() <= e.hi(), e.toString());
      if (e.lo() <= truth && truth <= e.hi()) {
        covered++;
      }
    }
    assertTrue(covered >= 32, covered + " of 40");
  }
}
