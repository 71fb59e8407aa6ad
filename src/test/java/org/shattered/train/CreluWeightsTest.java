package org.shattered.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.net.InitialWeights;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;

/**
 * crelu has looks-linear's shapes and per-entry variance (1/N) but independent, unmirrored weights;
 * the readout rows 1..9 nest by depth like the layer matrices.
 */
class CreluWeightsTest {
  static TrainSpec spec(Family f, int depth) {
    return new TrainSpec(f, Normalization.NONE, Precision.DOUBLE, depth, 200, 1.0, 4, 0.01, 0.9, 8, 1, 1);
  }

  @Test
  void unmirroredWithLooksLinearShapeAndVariance() {
    InitialWeights ll = InitialWeights.draw(spec(Family.LOOKS_LINEAR, 3).measured(784, 3), false, 10);
    InitialWeights cr = InitialWeights.draw(spec(Family.CRELU, 3).measured(784, 3), true, 10);
    int n = 200;
    for (int l = 0; l < 3; l++) {
      double[] a = ll.layers()[l];
      double[] b = cr.layers()[l];
      assertEquals(a.length, b.length);
      assertEquals(2 * n * n, b.length);
      double sa = 0;
      double sb = 0;
      int mirrored = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          mirrored += b[i * 2 * n + j] == -b[i * 2 * n + n + j] ? 1 : 0;
          assertEquals(a[i * 2 * n + j], -a[i * 2 * n + n + j]);
        }
      }
      for (int i = 0; i < a.length; i++) {
        sa += a[i] * a[i];
        sb += b[i] * b[i];
      }
      assertEquals(0, mirrored);
      // mean square 1/N: exactly for [U, -U] (orthonormal rows), within 3 standard errors for Gaussian entries
      assertEquals(1.0 / n, sa / a.length, 1e-12);
      assertEquals(1.0 / n, sb / b.length, 3 * Math.sqrt(2.0 / b.length) / n);
    }
    assertNotEquals(ll.stem()[0], cr.stem()[0]);
  }

  @Test
  void readoutNestsByDepth() {
    for (Family f : Family.values()) {
      InitialWeights a = InitialWeights.draw(spec(f, 2).measured(784, 3), f == Family.CRELU, 10);
      InitialWeights b = InitialWeights.draw(spec(f, 5).measured(784, 3), f == Family.CRELU, 10);
      assertTrue(java.util.Arrays.equals(a.readout(), b.readout()), f.toString());
      assertTrue(java.util.Arrays.equals(a.layers()[0], b.layers()[0]), f.toString());
    }
  }
}
