package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.net.Inputs;
import org.shattered.spec.ActivationSpec;
import org.shattered.spec.Architecture;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.MeanField;

/** The per-task prediction: interpolation over the pairs' initial correlations against every pair computed exactly (within 0.1%; 2e-4 relative at d = 20, where the correlations spread widest). */
class MeanFieldPairCorrelationTest {

  @Test
  void interpolationMatchesEveryPair() {
    TaskSpec spec = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.NONE, 10, 50, 1.0, 0)
        .withPoints(40, 1).withInputs(InputKind.SPHERE, 20, 3);
    double[] x = Inputs.of(spec);
    for (String phi : new String[] {"tanh", "relu"}) {
      for (double[] v : new double[][] {{1.5, 0.05}, {3.5, 0.0}, {0.8, 0.3}}) {
        MeanField mf = MeanField.of(ActivationSpec.parse("activation", phi), v[0], v[1]);
        for (Architecture a : new Architecture[] {Architecture.FEEDFORWARD, Architecture.RESNET}) {
          double exact = MeanFieldPairCorrelation.compute(mf, a, 0.5, x, 20, 10, 0);
          double grid = MeanFieldPairCorrelation.compute(mf, a, 0.5, x, 20, 10, MeanFieldPairCorrelation.GRID);
          assertEquals(exact, grid, 1e-3 * Math.max(1e-3, Math.abs(exact)), phi + " " + a + " " + v[0] + " " + v[1]);
        }
      }
    }
  }

  @Test
  void appliesWithoutNormalizationOnSphereInputsOnly() {
    TaskSpec none = TaskSpec.of(Architecture.RESNET, Normalization.NONE, 3, 8, 1.0, 0);
    assertTrue(!MeanFieldPairCorrelation.applies(none), "line inputs");
    assertTrue(MeanFieldPairCorrelation.applies(none.withInputs(InputKind.SPHERE, 4, 0)));
    assertTrue(Double.isNaN(MeanFieldPairCorrelation.of(TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 3, 8,
        1.0, 0).withInputs(InputKind.SPHERE, 4, 0), new double[0])));
  }
}
