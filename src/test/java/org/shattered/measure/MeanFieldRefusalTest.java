package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.spec.ActivationSpec;
import org.shattered.spec.Architecture;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.MeanField;

/**
 * Where the parameter-only mean field applies ({@link MeanFieldPairCorrelation#refusal}): no
 * normalization, sphere inputs, a family with the recursion (feedforward, resnet; not looks-linear),
 * and the reason otherwise, which the task command prints.
 */
class MeanFieldRefusalTest {
  private static TaskSpec sphere(Architecture a, Normalization n) {
    return TaskSpec.of(a, n, 4, 16, 1.0, 0).withInputs(InputKind.SPHERE, 10, 0);
  }

  @Test
  void appliesToFeedforwardAndResnetWithoutNormalizationOnSpheres() {
    assertNull(MeanFieldPairCorrelation.refusal(sphere(Architecture.FEEDFORWARD, Normalization.NONE)));
    assertNull(MeanFieldPairCorrelation.refusal(sphere(Architecture.RESNET, Normalization.NONE)));
    assertTrue(MeanFieldPairCorrelation.applies(sphere(Architecture.RESNET, Normalization.NONE)));
  }

  @Test
  void saysWhyOtherwise() {
    assertEquals("it needs normalization none (this task's is batch)",
        MeanFieldPairCorrelation.refusal(sphere(Architecture.FEEDFORWARD, Normalization.BATCH)));
    assertEquals("it needs sphere inputs (this task's are line)", MeanFieldPairCorrelation.refusal(
        TaskSpec.of(Architecture.RESNET, Normalization.NONE, 4, 16, 1.0, 0)));
    assertTrue(MeanFieldPairCorrelation.refusal(sphere(Architecture.LOOKS_LINEAR, Normalization.NONE))
        .contains("linear at initialization"));
    assertFalse(MeanFieldPairCorrelation.applies(sphere(Architecture.LOOKS_LINEAR, Normalization.NONE)));
  }

  @Test
  void theRecursionRefusesLooksLinearAndTakesEachFamilysLayer() {
    MeanField mf = MeanField.of(ActivationSpec.parse("activation", "tanh"), 1.5, 0.05);
    assertThrows(IllegalArgumentException.class,
        () -> mf.pairCorrelation(Architecture.LOOKS_LINEAR, 1.0, 1.0, 1.0, 0.1, 3));
    assertEquals(mf.pairCorrelation(MeanField.Layer.REPLACES, 1.2, 1.2, 0.3, 5)[4],
        mf.pairCorrelation(Architecture.FEEDFORWARD, 0.7, 1.2, 1.2, 0.3, 5)[4], 0.0);
    assertEquals(mf.pairCorrelation(MeanField.Layer.residual(0.7), 1.2, 1.2, 0.3, 5)[4],
        mf.pairCorrelation(Architecture.RESNET, 0.7, 1.2, 1.2, 0.3, 5)[4], 0.0);
  }
}
