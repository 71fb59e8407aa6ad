package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shattered.net.GateMatrices;
import org.shattered.net.GateMatrix;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

class PairCoactivationTest {

  /** The variance over pairs p &lt; q of c_pq, written out from A[u, p] in two passes. */
  static double bruteForceVariance(GateMatrix a) {
    int points = a.points();
    int units = a.units();
    int pairs = points * (points - 1) / 2;
    double[] c = new double[pairs];
    int i = 0;
    double mean = 0;
    for (int p = 0; p < points; p++) {
      for (int q = p + 1; q < points; q++) {
        int both = 0;
        for (int u = 0; u < units; u++) {
          both += a.active(u, p) && a.active(u, q) ? 1 : 0;
        }
        c[i++] = both / (double) units;
        mean += both / (double) units;
      }
    }
    mean /= pairs;
    double ss = 0;
    for (double v : c) {
      ss += (v - mean) * (v - mean);
    }
    return ss / pairs;
  }

  /** Each unit's row of A permuted over the points independently (Fisher-Yates). */
  static GateMatrix permuted(GateMatrix a, SplittableRandom rng) {
    int points = a.points();
    int units = a.units();
    double[] pre = new double[points * units];
    int[] order = new int[points];
    for (int u = 0; u < units; u++) {
      for (int p = 0; p < points; p++) {
        order[p] = p;
      }
      for (int p = points - 1; p > 0; p--) {
        int j = rng.nextInt(p + 1);
        int t = order[p];
        order[p] = order[j];
        order[j] = t;
      }
      for (int p = 0; p < points; p++) {
        pre[p * units + u] = a.active(u, order[p]) ? 1 : -1;
      }
    }
    return GateMatrices.fromPointMajor(pre, points, units);
  }

  @ParameterizedTest
  @CsvSource({"17, 100", "9, 70", "64, 65", "65, 64", "130, 33", "3, 2", "200, 129"})
  void sdMatchesABruteForceComputation(int units, int points) {
    SplittableRandom rng = new SplittableRandom(7L * units + points);
    for (int trial = 0; trial < 3; trial++) {
      GateMatrix a = GateStatisticsTest.random(rng, units, points);
      assertEquals(Math.sqrt(bruteForceVariance(a)), PairCoactivation.sd(a), 1e-12);
    }
  }

  @Test
  void theNullIsTheMeanVarianceOverIndependentPermutations() {
    SplittableRandom rng = new SplittableRandom(11);
    GateMatrix a = GateStatisticsTest.random(rng, 40, 48);
    int draws = 400;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < draws; i++) {
      double v = bruteForceVariance(permuted(a, rng));
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / draws;
    double se = Math.sqrt((sumSq / draws - mean * mean) / (draws - 1));
    double expected = PairCoactivation.nullSd(a) * PairCoactivation.nullSd(a);
    assertEquals(expected, mean, 4 * se, "mean variance over " + draws + " permutations, standard error " + se);
    assertTrue(se < 0.02 * expected, "the Monte Carlo must resolve the null to 2%: se " + se);
  }

  @Test
  void independentRandomGatesGiveARatioNearOne() {
    SplittableRandom rng = new SplittableRandom(3);
    int units = 200;
    int points = 256;
    double[] pre = new double[units * points];
    for (int i = 0; i < pre.length; i++) {
      pre[i] = rng.nextBoolean() ? 1 : -1;
    }
    GateMatrix a = GateMatrices.fromPointMajor(pre, points, units);
    double ratio = PairCoactivation.sd(a) / PairCoactivation.nullSd(a);
    assertEquals(1.0, ratio, 0.05);
    // Bernoulli(1/2) gates: each c_pq is Binomial(200, 1/4) / 200, sd sqrt(3/16 / 200)
    assertEquals(Math.sqrt(3.0 / 16 / units), PairCoactivation.nullSd(a), 0.002);
  }

  @Test
  void theDepthOneLineNetHasDependentGatesThatTheAllPairsMeanCannotSee() {
    // batch norm without biases on a line: every gate flips at x = 0, so c_pq is about 1/2 on one
    // side and 0 across; the all-pairs mean is still 1/4
    TaskSpec spec = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 1, 200, 1.0, 0);
    LayerStats layer = TaskMeasurer.measure(spec, Networks::build).lastLayer();
    assertEquals(0.25, layer.coactivation(), 0.005);
    assertTrue(layer.coactivationPairRatio() > 5, "ratio " + layer.coactivationPairRatio());
    assertEquals(0.25, layer.coactivationPairSd(), 0.01); // half the pairs at ~1/2, half at 0
  }
}
