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
    assertEquals(0.75, TheoryCurves.resnetBatchNorm(1), 1e-15); // (3/2) / 2
    assertEquals(0.75 * (1.25 / 1.5), TheoryCurves.resnetBatchNorm(2), 1e-15);
    assertEquals(1.0, TheoryCurves.looksLinear(50));
  }

  @Test
  void batchNormProductEqualsGammaForm() {
    for (int l = 0; l <= 3000; l += l < 20 ? 1 : 97) {
      double product = TheoryCurves.resnetBatchNorm(l);
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
      assertEquals(exact, TheoryCurves.resnetBatchNorm(l), 1e-9 * exact);
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
    assertEquals(0.25, TheoryCurves.forArchitecture(Architecture.FEEDFORWARD, Normalization.NONE, Double.NaN, 2));
    assertEquals(0.25, TheoryCurves.forArchitecture(Architecture.FEEDFORWARD, Normalization.BATCH, Double.NaN, 2));
    assertEquals(TheoryCurves.resnet(0.5, 7),
        TheoryCurves.forArchitecture(Architecture.RESNET, Normalization.NONE, 0.5, 7));
    assertEquals(TheoryCurves.resnetBatchNorm(7),
        TheoryCurves.forArchitecture(Architecture.RESNET, Normalization.BATCH, 0.5, 7));
    assertEquals(1.0, TheoryCurves.forArchitecture(Architecture.LOOKS_LINEAR, Normalization.BATCH, Double.NaN, 7));
    double[] curve = TheoryCurves.curve(Architecture.RESNET, Normalization.NONE, 1.0, 4);
    assertEquals(4, curve.length);
    assertEquals(Math.pow(0.75, 4), curve[3], 1e-15);
    assertThrows(IllegalArgumentException.class, () -> TheoryCurves.feedforward(-1));
  }
}
