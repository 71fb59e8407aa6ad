package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.theory.TheoryCurves;

/** {@link ArchitectureFamily#heuristic}: the resnet batch-norm heuristic where it is defined (beta = 1), NaN elsewhere. */
class ArchitectureFamilyHeuristicTest {

  @Test
  void resnetWithBatchNormAtBetaOneHasThePapersHeuristic() {
    for (int depth : new int[] {1, 2, 10, 50}) {
      assertEquals(TheoryCurves.resnetBatchNormHeuristic(depth),
          Architecture.RESNET.family().heuristic(Normalization.BATCH, 1.0, depth), 0.0);
    }
    // independent check at L = 1: (1 + 1/2) / (1 + 1)
    assertEquals(0.75, Architecture.RESNET.family().heuristic(Normalization.BATCH, 1.0, 1), 1e-15);
  }

  @Test
  void noHeuristicElsewhere() {
    assertTrue(Double.isNaN(Architecture.RESNET.family().heuristic(Normalization.BATCH, 0.5, 10)), "it has no beta");
    assertTrue(Double.isNaN(Architecture.RESNET.family().heuristic(Normalization.NONE, 1.0, 10)));
    for (Architecture a : new Architecture[] {Architecture.FEEDFORWARD, Architecture.LOOKS_LINEAR}) {
      for (Normalization n : Normalization.values()) {
        assertTrue(Double.isNaN(a.family().heuristic(n, 1.0, 10)), a + " " + n);
      }
    }
  }
}
