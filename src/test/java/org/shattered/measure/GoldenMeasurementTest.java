package org.shattered.measure;

import org.junit.jupiter.api.Test;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.Golden;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * Golden values of whole small tasks, taken at engine version 6 ({@link Golden#ENGINE_VERSION}; from
 * engine 4 the weights changed, to nested depths, weights version 3; engine 6 kept every earlier value
 * and added the last layer's spread of co-activation over pairs and its null):
 * the gradient's bits (SHA-256 of every value, and its first value), c_1, the mean-field
 * prediction and the last layer's gate statistics. One task per way of computing the gradient:
 * forward mode (feedforward, batch norm, frozen), the backward pass (resnet, through-batch) and
 * float arithmetic (resnet, no normalization). A change of numbers fails here unless
 * {@code TaskKey.ENGINE_VERSION} is bumped, and a bump fails until these are taken again. The
 * products run in the BLAS: on another CPU, OpenBLAS may round them differently (see
 * {@link Golden}).
 */
class GoldenMeasurementTest {

  private static final String VERSION = "ENGINE_VERSION";

  @Test
  void aFeedforwardTaskInForwardModeIsGolden() {
    check(TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 3, 16, 1.0, 5).withPoints(32, 4),
        "0bfe7e99f4742856826f9bb8c3e427000a4870c699a1a64adc6451e8864327a7", 0x3fa189174c079818L,
        0x3fc35b54a335b15aL, 0x3febf06698c6a267L, 0x3fd3b18c6318c632L, 0x3fe0842108421084L, 0x3fe1800000000000L, 0x3fc3b45dc1494707L,
        0x3fbc409f3df4cdd1L);
  }

  @Test
  void aResnetTaskThroughTheBatchIsGolden() {
    check(TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 3, 16, 0.5, 5).withPoints(32, 4)
            .withGradientMode(GradientMode.THROUGH_BATCH),
        "74bb9cae2dc9e1fb25434fecdd7d211d9c3359f562b16828612ee70f5e6b0842", 0x3ff34f9899d43935L,
        0x3fdf9756ca0fb91aL, 0x3fee7ed9fc979d5aL, 0x3fd075ad6b5ad6b6L, 0x3fdf5ad6b5ad6b5bL, 0x3fe0400000000000L, 0x3fc899e89761c7a3L,
        0x3fbb6495b6adfef4L);
  }

  @Test
  void aFloatResnetTaskIsGolden() {
    check(TaskSpec.of(Architecture.RESNET, Normalization.NONE, 4, 16, 1.0, 2).withPoints(32, 4)
            .withPrecision(Precision.FLOAT),
        "8d6a73d45dd534ab65874e854b83907b26da62a0fde9e3258064e1c3ccf8a819", 0xc00472f3c0000000L,
        0x3fed000002a563d2L, 0x3feec49af05fc90fL, 0x3fd8b5ad6b5ad6b6L, 0x3fe0b5ad6b5ad6b6L, 0x3fe1000000000000L, 0x3fc6be05f947a2d4L,
        0x3fb48e6711912a11L);
  }

  private static void check(TaskSpec spec, String gradientSha, long gradient0, long acfLag1, long predictedLag1,
      long coactivation, long coactivationLag1, long activeFraction, long pairSd, long pairSdNull) {
    Golden.requireEngineVersion("the measurement of " + spec.label());
    Measurement m = TaskMeasurer.measure(spec, Networks::build);
    String of = " of " + spec.label() + " " + spec.gradientMode().configName() + " " + spec.precision().configName();
    Golden.assertGolden(gradientSha, Golden.sha256(m.gradient()), "SHA-256 of the gradient" + of, VERSION);
    Golden.assertBits(gradient0, m.gradient()[0], "g_0" + of, VERSION);
    Golden.assertBits(acfLag1, m.acfLag1(), "acf_lag1" + of, VERSION);
    Golden.assertBits(predictedLag1, m.predictedCorrelation()[0], "predicted_corr_lag1" + of, VERSION);
    Golden.assertBits(coactivation, m.lastLayer().coactivation(), "coactivation_last" + of, VERSION);
    Golden.assertBits(coactivationLag1, m.lastLayer().coactivationLag1(), "coactivation_lag1_last" + of, VERSION);
    Golden.assertBits(activeFraction, m.lastLayer().activeFraction(), "active_fraction_last" + of, VERSION);
    Golden.assertBits(pairSd, m.lastLayer().coactivationPairSd(), "coactivation_pair_sd_last" + of, VERSION);
    Golden.assertBits(pairSdNull, m.lastLayer().coactivationPairSdNull(), "coactivation_pair_sd_null_last" + of,
        VERSION);
  }
}
