package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The cost model's terms: products, a fixed cost per layer and per task, and tanh's cost per
 * pre-activation (its constants are fitted to measured tasks, docs/commands.md; this checks the
 * formula, and that a tiny grid is not shown as taking no time).
 */
class CostModelTest {
  static final TaskSpec RELU = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.NONE, 30, 200, 1.0, 0)
      .withPoints(128, 1);

  @Test
  void productsPlusAFixedCostPerLayerAndPerTask() {
    double products = 4 * RELU.cost() / CostModel.FLOPS_PER_CORE;
    assertEquals(products + 30 * CostModel.SECONDS_PER_LAYER + CostModel.SECONDS_PER_TASK, CostModel.seconds(RELU),
        1e-15);
    double deeper = CostModel.seconds(RELU.withDepth(60)) - CostModel.seconds(RELU);
    assertEquals(30 * (4.0 * 200 * 200 * 128 / CostModel.FLOPS_PER_CORE + CostModel.SECONDS_PER_LAYER), deeper, 1e-12);
  }

  @Test
  void tanhAddsItsCostPerPreActivationOtherActivationsDoNot() {
    TaskSpec tanh = RELU.withActivation(ActivationSpec.parse("activation", "tanh"), 2.0);
    assertEquals(CostModel.TANH_SECONDS_PER_ELEMENT * 30 * 200 * 128, CostModel.seconds(tanh) - CostModel.seconds(RELU),
        1e-12);
    TaskSpec swish = RELU.withActivation(ActivationSpec.parse("activation", "swish"), 2.0);
    assertEquals(CostModel.seconds(RELU), CostModel.seconds(swish), 1e-15);
  }

  @Test
  void durations() {
    assertEquals("1s", CostModel.duration(0.41));
    assertEquals("0s", CostModel.duration(0));
    assertEquals("7s", CostModel.duration(7.2));
    assertEquals("4m05s", CostModel.duration(245));
    assertEquals("1h02m03s", CostModel.duration(3723));
    assertEquals("0s", CostModel.clock(0.41), "the progress line's clock rounds as before");
  }
}
