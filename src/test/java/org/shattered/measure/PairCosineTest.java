package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairCosineTest {

  /** The definition, pair by pair: O(P^2 d), pairs with a zero-norm gradient left out. */
  static double direct(double[] g, int d) {
    int points = g.length / d;
    double sum = 0;
    long pairs = 0;
    for (int p = 0; p < points; p++) {
      for (int q = p + 1; q < points; q++) {
        double dot = 0;
        double np = 0;
        double nq = 0;
        for (int j = 0; j < d; j++) {
          dot += g[p * d + j] * g[q * d + j];
          np += g[p * d + j] * g[p * d + j];
          nq += g[q * d + j] * g[q * d + j];
        }
        if (np == 0 || nq == 0) {
          continue;
        }
        sum += dot / Math.sqrt(np * nq);
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  @Test
  void matchesTheDirectComputation() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int d : new int[] {1, 2, 7, 100}) {
      for (int points : new int[] {2, 3, 17, 128}) {
        double[] g = new double[points * d];
        double shift = rng.nextDouble(); // a shared component: cosines well away from 0
        for (int i = 0; i < g.length; i++) {
          g[i] = rng.nextGaussian() + (i % d == 0 ? 3 * shift : 0);
        }
        assertEquals(direct(g, d), PairCosine.of(g, d), 1e-12, "d=" + d + " P=" + points);
      }
    }
  }

  @Test
  void identicalDirectionsGiveOneAndScaleDoesNotMatter() {
    double[] g = {1, 2, 3, 2, 4, 6, 1e-200, 2e-200, 3e-200, 1e200, 2e200, 3e200};
    assertEquals(1.0, PairCosine.of(g, 3), 1e-14);
    double[] opposite = {1, 0, -1, 0};
    assertEquals(-1.0, PairCosine.of(opposite, 2), 0);
  }

  @Test
  void oneDimensionalGradientsGiveTheMeanSignProduct() {
    // signs + + - : pairs (+,+) = 1, (+,-) = -1 twice: mean -1/3
    assertEquals(-1.0 / 3, PairCosine.of(new double[] {0.5, 2, -3}, 1), 1e-15);
  }

  @Test
  void zeroGradientsAreLeftOutAndNoPairIsNaN() {
    assertEquals(direct(new double[] {1, 0, 0, 0, 1, 1, 0, 0}, 2), PairCosine.of(new double[] {1, 0, 0, 0, 1, 1, 0, 0},
        2), 1e-15);
    // points (1,0), (0,0), (1,1), (0,0): pairs among the two non-zero ones only: cos 45 degrees
    assertEquals(Math.sqrt(0.5), PairCosine.of(new double[] {1, 0, 0, 0, 1, 1, 0, 0}, 2), 1e-15);
    assertTrue(Double.isNaN(PairCosine.of(new double[] {0, 0, 0, 0, 3, 4}, 2)), "one non-zero point: no pair");
    assertTrue(Double.isNaN(PairCosine.of(new double[6], 3)));
    assertThrows(IllegalArgumentException.class, () -> PairCosine.of(new double[11], 2), "11 values are not 2-D points");
  }
}
