package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.spec.ActivationSpec;
import org.shattered.spec.Architecture;

/** The mean-field recursions against the ReLU closed forms, the linear network, and the phase boundary. */
class MeanFieldTest {
  private static final ActivationSpec TANH = ActivationSpec.parse("activation", "tanh");

  /**
   * ReLU at He initialization without biases: the layer factor is 1/2 + arcsin(c_l)/pi along the
   * arc-cosine trajectory c_{l+1} = (sqrt(1 - c^2) + (pi - arccos c) c) / pi, written out here; at
   * c = 0 the first factor is TheoryCurves' 2^-1, and a resnet's first is its (1 + beta^2/2) / (1 + beta^2).
   */
  @Test
  void reluIsTheArcsineProduct() {
    MeanField mf = MeanField.of(ActivationSpec.RELU, 2.0, 0.0);
    for (double c0 : new double[] {-0.3, 0.0, 0.1, 0.6}) {
      double[] got = mf.pairCorrelation(Architecture.FEEDFORWARD, Double.NaN, 2.0, 2.0, c0, 20);
      double c = c0;
      double product = 1;
      for (int l = 0; l < 20; l++) {
        product *= 0.5 + Math.asin(c) / Math.PI;
        assertEquals(product, got[l], 1e-14, "depth " + (l + 1) + " c0 " + c0);
        c = (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;
      }
    }
    assertEquals(TheoryCurves.feedforward(1), mf.pairCorrelation(Architecture.FEEDFORWARD, 1, 2, 2, 0, 1)[0], 1e-15);
    for (double beta : new double[] {1.0, 0.5, 0.1}) {
      assertEquals(TheoryCurves.resnetLayerFactor(beta * beta),
          mf.pairCorrelation(Architecture.RESNET, beta, 2, 2, 0, 1)[0], 1e-15);
    }
    assertEquals(1.0, mf.chi1(2.0), 1e-15, "He initialization is critical for ReLU");
  }

  /** A linear network keeps every gradient pair's correlation: the prediction is 1, with or without biases. */
  @Test
  void linearIsOne() {
    ActivationSpec linear = ActivationSpec.parse("activation", "linear");
    for (double sb2 : new double[] {0.0, 0.3}) {
      MeanField mf = MeanField.of(linear, 1.3, sb2);
      for (double v : mf.pairCorrelation(Architecture.FEEDFORWARD, 1, 1.3, 1.3, 0.05, 12)) {
        assertEquals(1.0, v, 1e-15);
      }
      for (double v : mf.pairCorrelation(Architecture.RESNET, 0.5, 1.3, 1.3, -0.2, 12)) {
        assertEquals(1.0, v, 1e-15);
      }
    }
  }

  /**
   * tanh without biases: chi_1 = sigma_w^2 E[sech^4] at q* = 0 is sigma_w^2, so the boundary is
   * sigma_w^2 = 1; the depth scale grows towards it from both sides; deep in the ordered phase c* = 1
   * and gradients stay correlated, deep in the chaotic phase c* &lt; 1 and they decorrelate.
   */
  @Test
  void tanhPhases() {
    assertEquals(1.0, MeanField.of(TANH, 1.0, 0.0).chi1(1e-12), 1e-9);
    double ordered = MeanField.of(TANH, 0.7, 0.05).depthScale();
    double nearOrdered = MeanField.of(TANH, 0.95, 0.0).depthScale();
    double chaotic = MeanField.of(TANH, 3.0, 0.05).depthScale();
    assertTrue(nearOrdered > ordered, nearOrdered + " vs " + ordered);
    assertTrue(ordered > 0 && chaotic > 0 && Double.isFinite(chaotic), ordered + " " + chaotic);
    assertEquals(1.0, MeanField.of(TANH, 0.7, 0.05).fixedPointC(), 1e-6);
    assertTrue(MeanField.of(TANH, 3.0, 0.05).fixedPointC() < 0.9);
    double[] deepOrdered = MeanField.of(TANH, 0.7, 0.05).pairCorrelation(Architecture.FEEDFORWARD, 1, 0.75, 0.75, 0,
        30);
    double[] deepChaotic = MeanField.of(TANH, 3.0, 0.05).pairCorrelation(Architecture.FEEDFORWARD, 1, 3.05, 3.05, 0,
        30);
    assertTrue(deepOrdered[29] > 0.5, "ordered: " + deepOrdered[29]);
    assertTrue(deepChaotic[29] < 1e-3, "chaotic: " + deepChaotic[29]);
  }

  /** The tanh c-map against an independent Monte Carlo of the two-layer covariance (4 standard errors). */
  @Test
  void tanhCMapAgainstMonteCarlo() {
    MeanField mf = MeanField.of(TANH, 1.5, 0.05);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
    double q = 1.55;
    for (double c : new double[] {0.0, 0.5, 0.9}) {
      int n = 400_000;
      double sum = 0;
      double ss = 0;
      double orth = Math.sqrt(1 - c * c);
      for (int i = 0; i < n; i++) {
        double z1 = rng.nextGaussian();
        double z2 = rng.nextGaussian();
        double v = 1.5 * Math.tanh(Math.sqrt(q) * z1) * Math.tanh(Math.sqrt(q) * (c * z1 + orth * z2)) + 0.05;
        sum += v;
        ss += v * v;
      }
      double mean = sum / n;
      double se = Math.sqrt((ss / n - mean * mean) / n);
      double qNext = mf.qMap(q);
      assertEquals(mean / qNext, mf.cMap(q, q, c), 4 * se / qNext, "c = " + c);
    }
  }
}
