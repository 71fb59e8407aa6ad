package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairCorrelationBootstrapTest {

  /**
   * S ensembles of gradients g_p^s = sqrt(rho) z^s + sqrt(1 - rho) e_p^s (d-vectors, z shared by
   * the P points of a seed): every pair has correlation rho over seeds.
   */
  static double[][] ensemble(int seeds, int points, int d, double rho, SplittableRandom rng) {
    double[][] g = new double[seeds][points * d];
    for (int s = 0; s < seeds; s++) {
      double[] z = new double[d];
      for (int j = 0; j < d; j++) {
        z[j] = normal(rng);
      }
      for (int p = 0; p < points; p++) {
        for (int j = 0; j < d; j++) {
          g[s][p * d + j] = Math.sqrt(rho) * z[j] + Math.sqrt(1 - rho) * normal(rng);
        }
      }
    }
    return g;
  }

  static double normal(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  /** The definition, written out: mean over p < q of sum_s sum_j g g / sqrt(sum sum g^2 sum sum g^2). */
  static double direct(double[][] g, int d) {
    int points = g[0].length / d;
    double sum = 0;
    int pairs = 0;
    for (int p = 0; p < points; p++) {
      for (int q = p + 1; q < points; q++) {
        double m = 0;
        double a = 0;
        double b = 0;
        for (double[] s : g) {
          for (int j = 0; j < d; j++) {
            m += s[p * d + j] * s[q * d + j];
            a += s[p * d + j] * s[p * d + j];
            b += s[q * d + j] * s[q * d + j];
          }
        }
        sum += m / Math.sqrt(a * b);
        pairs++;
      }
    }
    return sum / pairs;
  }

  @Test
  void estimateIsTheDefinitionWithCoordinatesPooled() {
    double[][] g = ensemble(7, 9, 5, 0.3, new SplittableRandom(1));
    PairCorrelationBootstrap.Result r = PairCorrelationBootstrap.estimate(g, 5, 200, 3);
    assertEquals(direct(g, 5), r.pairCorr(), 1e-12);
    assertTrue(r.lo() < r.pairCorr() && r.pairCorr() < r.hi(), r.toString());
    // d = 1: the mean off-diagonal entry of the uncentred correlation matrix
    double[][] line = ensemble(5, 8, 1, 0.5, new SplittableRandom(2));
    assertEquals(direct(line, 1), PairCorrelationBootstrap.estimate(line, 1, 0, 0).pairCorr(), 1e-12);
  }

  @Test
  void bootstrapIsDeterministicGivenTheSeedAndUndefinedForOneSeed() {
    double[][] g = ensemble(6, 5, 3, 0.2, new SplittableRandom(4));
    assertEquals(PairCorrelationBootstrap.estimate(g, 3, 300, 11), PairCorrelationBootstrap.estimate(g, 3, 300, 11));
    assertTrue(Double.isNaN(PairCorrelationBootstrap.estimate(new double[][] {g[0]}, 3, 300, 11).standardError()));
  }

  @Test
  void bootstrapStandardErrorMatchesTheSpreadOfIndependentEnsembles() {
    // 40 independent ensembles of the same law: their estimates scatter by about the bootstrap SE
    int runs = 40;
    double[] est = new double[runs];
    double[] se = new double[runs];
    int covered = 0;
    double rho = 0.25;
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < runs; i++) {
      PairCorrelationBootstrap.Result r = PairCorrelationBootstrap.estimate(ensemble(12, 6, 3, rho, rng), 3, 400,
          100 + i);
      est[i] = r.pairCorr();
      se[i] = r.standardError();
      if (r.lo() <= rho && rho <= r.hi()) {
        covered++;
      }
    }
    double mean = java.util.Arrays.stream(est).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(est).map(x -> (x - mean) * (x - mean)).sum() / (runs - 1));
    double meanSe = java.util.Arrays.stream(se).average().orElseThrow();
    // the spread of 40 estimates is known to about 11%; the bootstrap of 12 seeds is biased low by ~1/S
    assertTrue(meanSe / sd > 0.65 && meanSe / sd < 1.4, "bootstrap SE " + meanSe + " vs spread " + sd);
    // a 95% interval covers the true value in most runs (binomial: 34 or more of 40 with probability > 0.95
    // at 0.95 coverage; 30 leaves room for the percentile interval's small-sample undercoverage)
    assertTrue(covered >= 30, "covered " + covered + " of " + runs);
  }

  @Test
  void percentileInterpolatesBetweenOrderStatistics() {
    double[] v = {0, 1, 2, 3, 4};
    assertEquals(0.1, PairCorrelationBootstrap.percentile(v, 0.025), 1e-15);
    assertEquals(3.9, PairCorrelationBootstrap.percentile(v, 0.975), 1e-15);
    assertEquals(2.0, PairCorrelationBootstrap.percentile(v, 0.5), 1e-15);
  }
}
