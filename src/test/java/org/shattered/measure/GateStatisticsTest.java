package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shattered.net.GateMatrix;
import org.shattered.net.GateMatrices;

class GateStatisticsTest {

  /** A random gate matrix; each unit has its own activation probability, some units constant. */
  static GateMatrix random(SplittableRandom rng, int units, int points) {
    double[] pre = new double[points * units];
    double[] prob = new double[units];
    for (int u = 0; u < units; u++) {
      int kind = rng.nextInt(6);
      prob[u] = kind == 0 ? 0.0 : kind == 1 ? 1.0 : rng.nextDouble();
    }
    for (int p = 0; p < points; p++) {
      for (int u = 0; u < units; u++) {
        pre[p * units + u] = rng.nextDouble() < prob[u] ? 1.0 : -1.0;
      }
    }
    return GateMatrices.fromPointMajor(pre, points, units);
  }

  /** The definitions, written out over all pairs from A[u, p]. */
  static LayerStats naive(GateMatrix a, int maxLag, int layer) {
    int units = a.units();
    int points = a.points();
    double active = 0;
    int constant = 0;
    for (int u = 0; u < units; u++) {
      int s = 0;
      for (int p = 0; p < points; p++) {
        s += a.active(u, p) ? 1 : 0;
      }
      active += s;
      if (s == 0 || s == points) {
        constant++;
      }
    }
    double pairSum = 0;
    long pairs = 0;
    for (int p = 0; p < points; p++) {
      for (int q = p + 1; q < points; q++) {
        int both = 0;
        for (int u = 0; u < units; u++) {
          both += a.active(u, p) && a.active(u, q) ? 1 : 0;
        }
        pairSum += both / (double) units;
        pairs++;
      }
    }
    double[] byLag = new double[maxLag];
    for (int k = 1; k <= maxLag; k++) {
      long both = 0;
      for (int u = 0; u < units; u++) {
        for (int p = 0; p + k < points; p++) {
          both += a.active(u, p) && a.active(u, p + k) ? 1 : 0;
        }
      }
      byLag[k - 1] = both / ((double) units * (points - k));
    }
    long lag1 = 0;
    for (int u = 0; u < units; u++) {
      for (int p = 0; p + 1 < points; p++) {
        lag1 += a.active(u, p) && a.active(u, p + 1) ? 1 : 0;
      }
    }
    return new LayerStats(layer, units, active / ((double) units * points), constant / (double) units,
        pairSum / pairs, lag1 / ((double) units * (points - 1)), byLag);
  }

  static void assertSame(LayerStats expected, LayerStats actual) {
    assertEquals(expected.layer(), actual.layer());
    assertEquals(expected.units(), actual.units());
    assertEquals(expected.activeFraction(), actual.activeFraction(), 1e-12);
    assertEquals(expected.constantUnits(), actual.constantUnits(), 1e-12);
    assertEquals(expected.coactivation(), actual.coactivation(), 1e-12);
    assertEquals(expected.coactivationLag1(), actual.coactivationLag1(), 1e-12);
    assertArrayEquals(expected.coactivationByLag(), actual.coactivationByLag(), 1e-12);
  }

  @ParameterizedTest
  @CsvSource({"17, 100, 32", "9, 256, 32", "13, 70, 69", "5, 64, 63", "7, 65, 64", "3, 2, 1", "11, 200, 130",
      "4, 129, 0"})
  void matchesNaiveComputation(int units, int points, int maxLag) {
    SplittableRandom rng = new SplittableRandom(31L * units + points);
    for (int trial = 0; trial < 3; trial++) {
      GateMatrix a = random(rng, units, points);
      assertSame(naive(a, maxLag, 4), GateStatistics.of(a, maxLag, 4));
    }
  }

  @Test
  void knownValuesForConstantAndAlternatingUnits() {
    int points = 100;
    double[] pre = new double[points * 3];
    for (int p = 0; p < points; p++) {
      pre[p * 3] = 1; // always on
      pre[p * 3 + 1] = -1; // always off
      pre[p * 3 + 2] = p % 2 == 0 ? 1 : -1; // alternating
    }
    LayerStats s = GateStatistics.of(GateMatrices.fromPointMajor(pre, points, 3), 2, 1);
    assertEquals(0.5, s.activeFraction(), 1e-15);
    assertEquals(2.0 / 3, s.constantUnits(), 1e-15);
    assertEquals(1.0 / 3, s.coactivationLag1(), 1e-15); // only the always-on unit
    assertEquals((98 + 49) / (3.0 * 98), s.coactivationAtLag(2), 1e-15);
    double allPairs = (100 * 99 / 2 + 50 * 49 / 2) / (3.0 * 100 * 99 / 2);
    assertEquals(allPairs, s.coactivation(), 1e-15);
  }

  @Test
  void layersAreNumberedFromOne() {
    SplittableRandom rng = new SplittableRandom(1);
    List<LayerStats> stats = GateStatistics.ofLayers(List.of(random(rng, 4, 10), random(rng, 4, 10)), 3);
    assertEquals(1, stats.get(0).layer());
    assertEquals(2, stats.get(1).layer());
    assertEquals(0, GateStatistics.of(random(rng, 4, 10), 3).layer());
  }

}
