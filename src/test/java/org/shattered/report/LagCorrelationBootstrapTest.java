package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LagCorrelationBootstrapTest {

  /** S seeds of a stationary AR(1) sequence of P points, unit variance: E[g_p g_{p+k}] = rho^k. */
  private static double[][] ar1(int seeds, int points, double rho, SplittableRandom rng) {
    double[][] g = new double[seeds][points];
    for (int s = 0; s < seeds; s++) {
      g[s][0] = PairCorrelationBootstrapTest.normal(rng);
      for (int p = 1; p < points; p++) {
        g[s][p] = rho * g[s][p - 1] + Math.sqrt(1 - rho * rho) * PairCorrelationBootstrapTest.normal(rng);
      }
    }
    return g;
  }

  /** r_k written out: the mean over p of sum_s g_p g_{p+k} / sqrt(sum_s g_p^2 sum_s g_{p+k}^2). */
  static double definition(double[][] g, int k) {
    int points = g[0].length;
    double sum = 0;
    for (int p = 0; p + k < points; p++) {
      double m = 0;
      double a = 0;
      double b = 0;
      for (double[] s : g) {
        m += s[p] * s[p + k];
        a += s[p] * s[p];
        b += s[p + k] * s[p + k];
      }
      sum += m / Math.sqrt(a * b);
    }
    return sum / (points - k);
  }

  @Test
  void theEstimateIsTheDefinitionOnTheGradients() {
    double[][] g = ar1(7, 40, 0.6, new SplittableRandom(3));
    List<PairCorrelationBootstrap.Result> r = LagCorrelationBootstrap.estimate(g, 5, 50, 1L);
    assertEquals(5, r.size());
    for (int k = 1; k <= 5; k++) {
      assertEquals(definition(g, k), r.get(k - 1).pairCorr(), 1e-12, "lag " + k);
      assertTrue(r.get(k - 1).lo() <= r.get(k - 1).hi());
    }
  }

  @Test
  void theIntervalCoversTheTruthAndItsSpreadIsTheSpreadOverEnsembles() {
    // 120 independent ensembles of 20 seeds: the 95% interval covers rho^1 = 0.5 in >= 85% of them
    // (binomial sd of the coverage about 2%), and the mean bootstrap SE is the sd of the estimates
    // across ensembles within 25%
    SplittableRandom rng = new SplittableRandom(11);
    int groups = 120;
    int covered = 0;
    double[] est = new double[groups];
    double se = 0;
    for (int i = 0; i < groups; i++) {
      PairCorrelationBootstrap.Result r = LagCorrelationBootstrap.estimate(ar1(20, 32, 0.5, rng), 1, 400, i).get(0);
      covered += r.lo() <= 0.5 && 0.5 <= r.hi() ? 1 : 0;
      est[i] = r.pairCorr();
      se += r.standardError() / groups;
    }
    double mean = java.util.Arrays.stream(est).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(est).map(x -> (x - mean) * (x - mean)).sum() / (groups - 1));
    assertTrue(covered >= 0.85 * groups, covered + " of " + groups);
    assertEquals(sd, se, 0.25 * sd);
  }

  @Test
  void oneSeedHasNoIntervalAndTheSameSeedGivesTheSameInterval() {
    double[][] one = ar1(1, 16, 0.3, new SplittableRandom(5));
    assertTrue(Double.isNaN(LagCorrelationBootstrap.estimate(one, 2, 100, 7L).get(0).lo()));
    double[][] g = ar1(6, 16, 0.3, new SplittableRandom(5));
    assertEquals(LagCorrelationBootstrap.estimate(g, 2, 100, 7L), LagCorrelationBootstrap.estimate(g, 2, 100, 7L));
  }
}
