package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

  @Test
  void betaAwareBatchNormCurveMatchesTheContractTable() {
    // docs/science.md: beta = 1, sphere inputs (v_1 = 2): 0.833, 0.602, 0.470, 0.352, 0.257 at L = 1, 4, 8, 16, 32
    int[] depths = {1, 4, 8, 16, 32};
    double[] table = {0.833, 0.602, 0.470, 0.352, 0.257};
    for (int i = 0; i < depths.length; i++) {
      assertEquals(table[i], TheoryCurves.resnetBatchNorm(1.0, depths[i], TheoryCurves.SPHERE_STEM_VARIANCE), 5e-4,
          "L = " + depths[i]);
    }
    // first layer by hand: kappa_1 = 1/2, (1 + 1/4) / (1 + 1/2)
    assertEquals(1.25 / 1.5, TheoryCurves.resnetBatchNorm(1.0, 1, 2.0), 1e-15);
    // beta = 0.1: kappa_2 = 1 / (2 + 0.01)
    double k2 = 1 / 2.01;
    assertEquals((1 + 0.005 * 0.5) / (1 + 0.01 * 0.5) * (1 + 0.005 * k2) / (1 + 0.01 * k2),
        TheoryCurves.resnetBatchNorm(0.1, 2, 2.0), 1e-15);
  }

  @Test
  void betaAwareCurveWithUnitStemIsTheHeuristicAtBetaOne() {
    // v_1 = 1, beta = 1: v_l = l, so beta^2 kappa_l = 1/l, the paper's heuristic
    for (int l = 1; l <= 200; l += 7) {
      assertEquals(TheoryCurves.resnetBatchNormGamma(l), TheoryCurves.resnetBatchNorm(1.0, l, 1.0), 1e-12, "L = " + l);
    }
  }

  @Test
  void lineStemVarianceIsTwiceTheMeanSquareOfTheGrid() {
    // linspace(-2, 2, 3) = -2, 0, 2: mean x^2 = 8/3
    assertEquals(16.0 / 3, TheoryCurves.lineStemVariance(-2, 2, 3), 1e-15);
    // many points: 2 * (4/3)
    assertEquals(8.0 / 3, TheoryCurves.lineStemVariance(-2, 2, 100_001), 1e-4);
  }
}
