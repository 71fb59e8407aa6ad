package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;

class TheoryCurvesTest {

  @Test
  void closedForms() {
    assertEquals(1.0, TheoryCurves.feedforward(0));
    assertEquals(0.125, TheoryCurves.feedforward(3));
    assertEquals(Math.pow(0.75, 5), TheoryCurves.resnet(1.0, 5), 1e-15);
    assertEquals(Math.pow(1.125 / 1.25, 4), TheoryCurves.resnet(0.5, 4), 1e-15);
    assertEquals(1.0, TheoryCurves.resnet(0.0, 10));
    assertEquals(0.75, TheoryCurves.resnetBatchNormHeuristic(1), 1e-15); // (3/2) / 2
    assertEquals(0.75 * (1.25 / 1.5), TheoryCurves.resnetBatchNormHeuristic(2), 1e-15);
    assertEquals(1.0, TheoryCurves.looksLinear(50));
  }

  @Test
  void batchNormProductEqualsGammaForm() {
    for (int l = 0; l <= 3000; l += l < 20 ? 1 : 97) {
      double product = TheoryCurves.resnetBatchNormHeuristic(l);
      assertEquals(product, TheoryCurves.resnetBatchNormGamma(l), 1e-11 * product, "L = " + l);
    }
  }

  @Test
  void batchNormCurveApproachesTwoOverSqrtPiL() {
    for (int l : new int[] {1_000, 10_000, 100_000}) {
      double exact = TheoryCurves.resnetBatchNormGamma(l);
      // Gamma(L + 3/2) / Gamma(L + 2) = L^-1/2 (1 - 5/(8L) + O(L^-2))
      double ratio = exact / TheoryCurves.resnetBatchNormAsymptotic(l);
      assertEquals(1.0, ratio, 1.0 / l);
      assertEquals(1.0 - 5.0 / (8.0 * l), ratio, 2.0 / ((double) l * l));
      assertEquals(exact, TheoryCurves.resnetBatchNormHeuristic(l), 1e-9 * exact);
    }
  }

  @Test
  void logGammaKnownValues() {
    assertEquals(0.0, TheoryCurves.logGamma(1), 1e-14);
    assertEquals(0.0, TheoryCurves.logGamma(2), 1e-14);
    assertEquals(Math.log(Math.sqrt(Math.PI) / 2), TheoryCurves.logGamma(1.5), 1e-14);
    assertEquals(Math.log(362880), TheoryCurves.logGamma(10), 1e-12);
  }

  @Test
  void forArchitectureChoosesTheTableRow() {
    assertEquals(0.25, TheoryCurves.forArchitecture(Architecture.FEEDFORWARD, Normalization.NONE, Double.NaN, 2, 2.0));
    assertEquals(0.25, TheoryCurves.forArchitecture(Architecture.FEEDFORWARD, Normalization.BATCH, Double.NaN, 2, 2.0));
    assertEquals(TheoryCurves.resnet(0.5, 7),
        TheoryCurves.forArchitecture(Architecture.RESNET, Normalization.NONE, 0.5, 7, 2.0));
    assertEquals(TheoryCurves.resnetBatchNorm(0.5, 7, 2.0),
        TheoryCurves.forArchitecture(Architecture.RESNET, Normalization.BATCH, 0.5, 7, 2.0));
    assertEquals(1.0, TheoryCurves.forArchitecture(Architecture.LOOKS_LINEAR, Normalization.BATCH, Double.NaN, 7, 2.0));
    double[] curve = TheoryCurves.curve(Architecture.RESNET, Normalization.NONE, 1.0, 4, 2.0);
    assertEquals(4, curve.length);
    assertEquals(Math.pow(0.75, 4), curve[3], 1e-15);
    assertThrows(IllegalArgumentException.class, () -> TheoryCurves.feedforward(-1));
  }

  /**
   * The product written out here, independently of TheoryCurves: the stream's batch variance before
   * layer l is v = v_1 + (1 - 1/pi) beta^2 (l - 1), and layer l multiplies by (1 + beta^2 / (2 v)) /
   * (1 + beta^2 / v).
   */
  private static double directProduct(double beta, int depth, double v1) {
    double c = 1;
    double v = v1;
    for (int l = 1; l <= depth; l++) {
      double x = beta * beta / v;
      c *= (1 + x / 2) / (1 + x);
      v += (1 - 1 / Math.PI) * beta * beta;
    }
    return c;
  }

  @Test
  void betaAwareBatchNormCurveIsTheProductWithBatchVarianceGrowth() {
    for (double beta : new double[] {1.0, 0.5, 0.1, 2.0}) {
      for (double v1 : new double[] {2.0, 8.0 / 3}) {
        for (int l : new int[] {1, 2, 7, 32, 64, 256, 1000}) {
          double direct = directProduct(beta, l, v1);
          assertEquals(direct, TheoryCurves.resnetBatchNorm(beta, l, v1), 1e-12 * direct, beta + " " + v1 + " " + l);
          assertEquals(direct, TheoryCurves.resnetBatchNormGamma(beta, l, v1), 1e-10 * direct,
              "Gamma form " + beta + " " + v1 + " " + l);
        }
      }
    }
    // first layer by hand: kappa_1 = 1/2, (1 + 1/4) / (1 + 1/2)
    assertEquals(1.25 / 1.5, TheoryCurves.resnetBatchNorm(1.0, 1, 2.0), 1e-15);
    // second layer: v_2 = 2 + (1 - 1/pi) = 2.68169..., not 3 (issue 21)
    assertEquals(2 + 1 - 1 / Math.PI, 1 / TheoryCurves.resnetBatchNormKappa(1.0, 2, 2.0)[1], 1e-15);
    assertEquals(1.0, TheoryCurves.resnetBatchNormGamma(0.0, 50, 2.0));
    assertEquals(1.0, TheoryCurves.resnetBatchNorm(0.0, 50, 2.0));
  }

  @Test
  void betaAwareBatchNormCurveDecaysLikeLToTheMinusPiOverTwoPiMinusOne() {
    double e = Math.PI / (2 * (Math.PI - 1));
    assertEquals(e, TheoryCurves.RESNET_BATCH_NORM_EXPONENT, 1e-15);
    assertEquals(0.7335, e, 1e-4);
    for (double beta : new double[] {1.0, 0.5}) {
      // the local exponent approaches e (from below: the offset a = v_1 / ((1 - 1/pi) beta^2) in (a + L))
      int l1 = 1 << 20;
      int l2 = 1 << 21;
      double local = TheoryCurves.localExponent(l1, TheoryCurves.resnetBatchNormGamma(beta, l1, 2.0), l2,
          TheoryCurves.resnetBatchNormGamma(beta, l2, 2.0));
      assertEquals(e, local, 1e-4, "beta " + beta);
    }
    // at the depths the theory job measures, beta = 1: well above the heuristic's 1/2
    double curve = TheoryCurves.localExponent(128, TheoryCurves.resnetBatchNorm(1.0, 128, 2.0), 256,
        TheoryCurves.resnetBatchNorm(1.0, 256, 2.0));
    double heuristic = TheoryCurves.localExponent(128, TheoryCurves.resnetBatchNormHeuristic(128), 256,
        TheoryCurves.resnetBatchNormHeuristic(256));
    assertTrue(curve > 0.7 && curve < e, "curve " + curve);
    assertTrue(heuristic > 0.49 && heuristic < 0.5, "heuristic " + heuristic);
    // the exponent of an exact power law
    assertEquals(0.5, TheoryCurves.localExponent(4, 0.5, 16, 0.25), 1e-15);
  }

  @Test
  void lineStemVarianceIsTwiceTheMeanSquareOfTheGrid() {
    // linspace(-2, 2, 3) = -2, 0, 2: mean x^2 = 8/3
    assertEquals(16.0 / 3, TheoryCurves.lineStemVariance(-2, 2, 3), 1e-15);
    // many points: 2 * (4/3)
    assertEquals(8.0 / 3, TheoryCurves.lineStemVariance(-2, 2, 100_001), 1e-4);
  }
}
