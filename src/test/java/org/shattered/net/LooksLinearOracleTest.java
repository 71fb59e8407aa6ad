package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.measure.PrecisionLoss;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * Looks-linear with batch norm on 1-D inputs, against its exact answer (docs/science.md, Inputs):
 * with mu and sigma^2 the mean and population variance of the inputs, every normalized layer is
 * v_l = c_l (x - mu) with
 *
 * <pre>
 *   a_1 = w0,  c_l[u] = a_l[u] / sqrt(a_l[u]^2 sigma^2 + eps),  a_{l+1} = U_l c_l,
 * </pre>
 *
 * (z_{l+1} = [U_l, -U_l] crelu(v_l) = U_l v_l, a rank-1 batch whose mean is 0), so the batch-norm
 * gains are 1 / sqrt(a_l^2 sigma^2 + eps), every gate of unit u is a step at x = mu in the direction
 * of sign(a_l[u]), and the frozen gradient is the constant w_out . a_{L+1}. The oracle is computed in
 * plain Java from the network's own weights; it is exact where the network's rounding is harmless,
 * which {@link PrecisionLoss} predicts.
 */
class LooksLinearOracleTest {

  /** The oracle's gains (per layer, per unit), gates and gradient. */
  record Oracle(List<double[]> gains, List<GateMatrix> gates, double gradient) {
  }

  static Oracle oracle(TaskSpec spec) {
    int n = spec.width();
    double[] x = spec.inputs();
    int points = x.length;
    double mu = 0;
    for (double v : x) {
      mu += v;
    }
    mu /= points;
    double var = 0;
    for (double v : x) {
      var += (v - mu) * (v - mu);
    }
    var /= points;
    try (Blas blas = new Blas(AbstractNetwork.dataType(Precision.DOUBLE))) {
      AbstractNetwork.Draw draw = Networks.draw(spec, new GaussianStream(spec.weightSeed()), blas);
      double[] a = draw.stem().clone();
      List<double[]> gains = new ArrayList<>();
      List<GateMatrix> gates = new ArrayList<>();
      for (int l = 0; l < spec.depth(); l++) {
        double[] s = new double[n];
        double[] c = new double[n];
        for (int u = 0; u < n; u++) {
          s[u] = 1.0 / Math.sqrt(a[u] * a[u] * var + 1e-5);
          c[u] = a[u] * s[u];
        }
        gains.add(s);
        double[] pre = new double[points * 2 * n];
        for (int p = 0; p < points; p++) {
          for (int u = 0; u < n; u++) {
            pre[p * 2 * n + u] = c[u] * (x[p] - mu);
            pre[p * 2 * n + n + u] = -c[u] * (x[p] - mu);
          }
        }
        gates.add(GateMatrices.fromPointMajor(pre, points, 2 * n));
        INDArray w = draw.layers()[l]; // [U, -U], N x 2N
        double[][] m = w.toDoubleMatrix();
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
          double sum = 0;
          for (int u = 0; u < n; u++) {
            sum += m[i][u] * c[u];
          }
          next[i] = sum;
        }
        a = next;
      }
      double g = 0;
      for (int u = 0; u < n; u++) {
        g += draw.out()[u] * a[u];
      }
      return new Oracle(gains, gates, g);
    }
  }

  static TaskSpec spec(int depth, int width, long seed, GradientMode mode) {
    return Specs.of(Architecture.LOOKS_LINEAR, Normalization.BATCH, mode, depth, width, 40, 0.0, seed);
  }

  @ParameterizedTest
  @CsvSource({"1, 16, 1", "2, 16, 2", "3, 24, 3", "4, 32, 4", "5, 64, 5"})
  void shallowNetworksAreTheExactAnswer(int depth, int width, long seed) {
    TaskSpec spec = spec(depth, width, seed, GradientMode.FROZEN);
    Oracle o = oracle(spec);
    try (Network net = Networks.build(spec)) {
      Backprop b = net.backprop(spec.inputs());
      double bits = PrecisionLoss.totalBits(b.gains(), false);
      assertTrue(bits < PrecisionLoss.FLAG_BITS, "a shallow net loses few bits: " + bits);
      for (int l = 0; l < depth; l++) {
        for (int u = 0; u < width; u++) {
          assertEquals(o.gains().get(l)[u], b.gains().get(l)[u], 1e-6 * o.gains().get(l)[u], "gain " + l + "," + u);
        }
        assertEquals(o.gates().get(l), b.gates().get(l), "gates of layer " + (l + 1));
      }
      assertEquals(bits, PrecisionLoss.totalBits(o.gains(), false), 1e-6, "the oracle's precision loss");
      for (double g : b.gradient()) {
        assertEquals(o.gradient(), g, 1e-9 * Math.abs(o.gradient()));
      }
    }
    try (Network net = Networks.build(spec.withGradientMode(GradientMode.THROUGH_BATCH))) {
      for (double g : net.backprop(spec.inputs()).gradient()) {
        assertEquals(0.0, g, 1e-9 * Math.abs(o.gradient()), "sum_p y_p does not depend on x");
      }
    }
  }

  /**
   * The precision loss predicts where the forward pass stops being the exact answer: the frozen
   * gradient's relative error stays within 2^(bits - 53 + 6) of the oracle (double carries 53 bits;
   * 6 bits of margin), the gates are exact while fewer than 40 bits are lost, and a deep net that
   * loses more than 53 bits has gates that are rounding noise (measured at N = 200: about 3.5-4.5
   * bits a layer; errors 1e-7 at 30 bits, 1e-5 at 39, 1e-3 to 4e-2 at 43, wrong gates from 51).
   */
  @ParameterizedTest
  @CsvSource({"4, 0", "8, 1", "10, 2", "12, 0", "24, 1"})
  void thePrecisionLossPredictsTheErrorAgainstTheExactAnswer(int depth, long seed) {
    TaskSpec spec = spec(depth, 200, seed, GradientMode.FROZEN);
    Oracle o = oracle(spec);
    try (Network net = Networks.build(spec)) {
      Backprop b = net.backprop(spec.inputs());
      double bits = PrecisionLoss.totalBits(b.gains(), false);
      boolean gatesExact = true;
      for (int l = 0; l < depth; l++) {
        gatesExact &= o.gates().get(l).equals(b.gates().get(l));
      }
      double err = Math.abs(b.gradient()[0] - o.gradient()) / Math.abs(o.gradient());
      if (bits < 45) {
        assertTrue(err <= Math.scalb(1.0, (int) Math.ceil(bits) - 53 + 6), "error " + err + " at " + bits + " bits");
      }
      if (bits < 40) {
        assertTrue(gatesExact, "gates exact at " + bits + " bits");
      }
      if (depth == 24) {
        assertTrue(bits > 53 && PrecisionLoss.flagged(bits), "a deep net loses everything: " + bits + " bits");
        assertFalse(gatesExact, "its gates are rounding noise");
        assertNotEquals(o.gradient(), b.gradient()[0]);
      }
    }
  }
}
