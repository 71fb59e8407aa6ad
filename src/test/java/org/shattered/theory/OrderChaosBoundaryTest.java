package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.spec.ActivationSpec;

class OrderChaosBoundaryTest {

  private static final ActivationSpec TANH = ActivationSpec.parse("activation", "tanh");

  @Test
  void reluBoundaryIsHeInitializationWhateverTheBiases() {
    // chi_1 = sigma_w^2 / 2 for ReLU at any q
    for (double b : new double[] {0.0, 0.1, 0.5}) {
      assertEquals(2.0, OrderChaosBoundary.weightVariance(ActivationSpec.RELU, b, 0.5, 4.0), 1e-5, "b=" + b);
    }
    ActivationSpec leaky = ActivationSpec.parse("activation", "leaky-relu:0.5");
    // chi_1 = sigma_w^2 (1 + a^2) / 2: 1.6 at a = 1/2
    assertEquals(1.6, OrderChaosBoundary.weightVariance(leaky, 0.1, 0.5, 4.0), 1e-5);
  }

  @Test
  void tanhWithoutBiasesIsCriticalAtOne() {
    // q* = 0 below sigma_w^2 = 1 (chi_1 = sigma_w^2 tanh'(0)^2), chi_1* - 1 of second order above it
    assertEquals(1.0, OrderChaosBoundary.weightVariance(TANH, 0.0, 0.5, 4.0), 0.02);
  }

  @Test
  void tanhBoundaryAgainstAnIndependentFixedPoint() {
    for (double b : new double[] {0.05, 0.1, 0.3, 0.5}) {
      double w = OrderChaosBoundary.weightVariance(TANH, b, 0.5, 4.0);
      assertTrue(w > 1 && w < 4, "b=" + b + ": " + w);
      // q* and chi_1 by Simpson's rule on [-10, 10] (not the project's quadrature)
      double q = 1;
      for (int i = 0; i < 2000; i++) {
        double s = Math.sqrt(q);
        q = w * simpson(z -> Math.pow(Math.tanh(s * z), 2)) + b;
      }
      double s = Math.sqrt(q);
      double chi1 = w * simpson(z -> Math.pow(1 / Math.cosh(s * z), 4));
      assertEquals(1.0, chi1, 1e-4, "b=" + b + ", sigma_w^2=" + w);
      assertTrue(OrderChaosBoundary.chi1AtFixedPoint(TANH, w * 0.95, b) < 1);
      assertTrue(OrderChaosBoundary.chi1AtFixedPoint(TANH, w * 1.05, b) > 1);
    }
    // the boundary moves to larger weights with larger biases
    assertTrue(OrderChaosBoundary.weightVariance(TANH, 0.1, 0.5, 4.0)
        < OrderChaosBoundary.weightVariance(TANH, 0.3, 0.5, 4.0));
  }

  @Test
  void noCrossingIsNaN() {
    assertTrue(Double.isNaN(OrderChaosBoundary.weightVariance(ActivationSpec.RELU, 0.1, 2.5, 4.0)));
  }

  /** E[f(Z)], Z ~ N(0, 1), by Simpson's rule with 4000 intervals on [-10, 10]. */
  private static double simpson(java.util.function.DoubleUnaryOperator f) {
    int n = 4000;
    double h = 20.0 / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double z = -10 + i * h;
      double wgt = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
      sum += wgt * f.applyAsDouble(z) * Math.exp(-z * z / 2);
    }
    return sum * h / 3 / Math.sqrt(2 * Math.PI);
  }
}
