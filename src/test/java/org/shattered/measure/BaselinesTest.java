package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  private static final int P = 256;
  private static final int SEEDS = 50;

  @Test
  void whiteNoiseHasLagOneNearZero() {
    double sum = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      Autocorrelation a = Autocorrelation.of(Baselines.whiteNoise(P, seed), 32);
      assertFalse(a.constant());
      // one sequence: c_1 has standard deviation about 1/sqrt(P) = 0.0625
      assertTrue(Math.abs(a.lag1()) < 5 / Math.sqrt(P), "seed " + seed + ": c_1 = " + a.lag1());
      sum += a.lag1();
    }
    // the mean over seeds: standard error about 1/sqrt(P * SEEDS) = 0.009, bias about -1/P
    assertEquals(0.0, sum / SEEDS, 0.03);
  }

  @Test
  void whiteNoiseIsStandardNormal() {
    double s1 = 0;
    double s2 = 0;
    int n = 0;
    for (long seed = 0; seed < 40; seed++) {
      for (double v : Baselines.whiteNoise(P, seed)) {
        s1 += v;
        s2 += v * v;
        n++;
      }
    }
    assertEquals(0.0, s1 / n, 4 / Math.sqrt(n));
    assertEquals(1.0, s2 / n, 4 * Math.sqrt(2.0 / n));
  }

  @Test
  void brownNoiseHasLagOneNearOne() {
    double sum = 0;
    double min = 1;
    for (long seed = 0; seed < SEEDS; seed++) {
      double c1 = Autocorrelation.of(Baselines.brownNoise(P, seed), 32).lag1();
      sum += c1;
      min = Math.min(min, c1);
    }
    assertTrue(sum / SEEDS > 0.95, "mean c_1 " + sum / SEEDS);
    assertTrue(min > 0.9, "min c_1 " + min);
  }

  @Test
  void brownNoiseIsTheCumulativeSumAndSeedsAreDeterministic() {
    double[] white = Baselines.whiteNoise(P, 42);
    double[] brown = Baselines.brownNoise(P, 42);
    double acc = 0;
    for (int p = 0; p < P; p++) {
      acc += white[p];
      assertEquals(acc, brown[p], 1e-12);
    }
    assertArrayEquals(white, Baselines.whiteNoise(P, 42));
    assertFalse(Arrays.equals(white, Baselines.whiteNoise(P, 43)));
    assertEquals(7, Baselines.whiteNoise(7, 1).length);
  }
}
