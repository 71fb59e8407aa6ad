package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CurveData#degenerate}: which groups the figures label as the 1-D degeneracy (a ReLU net of a
 * family whose gradient is a step on a line without normalization or biases), asked of the family
 * rather than of the architecture's name.
 */
class CurveDataDegenerateTest {
  private static final List<String> COLS = List.of("architecture", "normalization", "inputs", "bias_std", "beta_rule",
      "width");

  private static boolean degenerate(String arch, String norm, String inputs, double biasStd) {
    Table t = new Table(COLS, List.of(List.of(arch, norm, inputs, biasStd, "1", 200)));
    return CurveData.degenerate(t, t.rows().get(0));
  }

  @Test
  void feedforwardAndResnetWithoutNormalizationOrBiasesOnALineAreSteps() {
    assertTrue(degenerate("feedforward", "none", "line", 0));
    assertTrue(degenerate("resnet", "none", "line", 0));
  }

  @Test
  void looksLinearNormalizedBiasedSphereAndNoiseRowsAreNot() {
    assertFalse(degenerate("looks-linear", "none", "line", 0), "looks-linear is linear: a constant gradient");
    assertFalse(degenerate("feedforward", "batch", "line", 0));
    assertFalse(degenerate("resnet", "none", "line", 0.1));
    assertFalse(degenerate("feedforward", "none", "sphere", 0));
    assertFalse(degenerate("white-noise", "none", "line", 0));
  }

  @Test
  void theLabelSaysSo() {
    Table t = new Table(COLS, List.of(List.of("resnet", "none", "line", 0.0, "1", 200)));
    assertEquals("resnet, no norm, β=1 [degenerate: dy/dx a step at x=0]",
        CurveData.label(t, t.rows().get(0), true, false));
  }
}
