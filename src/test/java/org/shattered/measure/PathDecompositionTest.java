package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-path-length metrics against hand-computed values. */
class PathDecompositionTest {

  @Test
  void sharesCumulativeSharesAndMeanPathLength() {
    // energies (mean squares) 4, 0, 1 and 3 for k = 0..3: total 8
    double[][] rows = {
        {2, 2, 2, 2},
        {0, 0, 0, 0},
        {1, -1, 1, -1},
        {3, -1, -1, 1}};
    // row 3: mean square (9 + 1 + 1 + 1) / 4 = 3
    PathDecomposition d = PathDecomposition.of(rows, 2);
    assertEquals(4, d.lengths().size());
    double[] share = {0.5, 0.0, 0.125, 0.375};
    double cumulative = 0;
    for (int k = 0; k < 4; k++) {
      PathLength p = d.lengths().get(k);
      assertEquals(k, p.pathLength());
      assertEquals(share[k], p.energyShare(), 1e-15);
      cumulative += share[k];
      assertEquals(cumulative, p.cumulativeEnergyShare(), 1e-15);
    }
    assertEquals(Math.sqrt(4), d.lengths().get(0).rms(), 0);
    assertEquals(Math.sqrt(3), d.lengths().get(3).rms(), 1e-15);
    assertEquals(0 * 0.5 + 2 * 0.125 + 3 * 0.375, d.meanPathLength(), 1e-15);
    assertEquals(1.0, d.lengths().get(3).cumulativeEnergyShare(), 1e-15);
    // constant rows are flagged (c_k = 1 by convention), an alternating one has c_1 = -3/4 * 4/4
    assertTrue(d.lengths().get(0).constantGradient());
    assertTrue(d.lengths().get(1).constantGradient());
    assertFalse(d.lengths().get(2).constantGradient());
    assertEquals(-0.75, d.lengths().get(2).acfLag1(), 1e-15);
    // the gradient is the sum of the rows, (6, 0, 2, 2): mean square 44 / 4 = 11 against 8 in the parts
    assertEquals(8.0 / 11, d.energyRatio(), 1e-15);
    assertEquals(8.0 / 11, PathDecomposition.of(rows, new double[] {6, 0, 2, 2}, 2, 1, false).energyRatio(), 1e-15);
  }

  @Test
  void orthogonalPartsHaveAnEnergyRatioOfOne() {
    double[][] rows = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}};
    assertEquals(1.0, PathDecomposition.of(rows, 1).energyRatio(), 1e-15);
    // two points in R^2 (d = 2): parts (1, 0 | 0, 1) and (0, 1 | 1, 0) are orthogonal per point too
    double[][] sphere = {{1, 0, 0, 1}, {0, 1, 1, 0}};
    assertEquals(1.0, PathDecomposition.of(sphere, 1, 2, true).energyRatio(), 1e-15);
  }

  @Test
  void autocorrelationIsTheTasksDefinition() {
    Random r = new Random(3);
    double[][] rows = new double[3][64];
    for (double[] row : rows) {
      for (int p = 0; p < row.length; p++) {
        row[p] = r.nextGaussian();
      }
    }
    PathDecomposition d = PathDecomposition.of(rows, 5);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(Autocorrelation.of(rows[k], 5).acf(), d.lengths().get(k).acf(), 0);
    }
  }

  @Test
  void pathCountsAreBinomialCoefficients() {
    PathDecomposition d = PathDecomposition.of(new double[51][4], 1);
    assertEquals(1.0, d.lengths().get(0).paths());
    assertEquals(50.0, d.lengths().get(1).paths());
    assertEquals(1225.0, d.lengths().get(2).paths());
    assertEquals(126_410_606_437_752.0, d.lengths().get(25).paths()); // binomial(50, 25)
    assertEquals(1.0, d.lengths().get(50).paths());
    assertEquals(9.054851465610328e58, PathDecomposition.binomial(200, 100), 1e45);
  }
}
