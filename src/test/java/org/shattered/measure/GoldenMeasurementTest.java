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
 * Golden values of whole small tasks, taken at engine version 4 ({@link Golden#ENGINE_VERSION}; from
 * engine 3 only the resnets' predicted_corr_lag1 changed, to the resnet form of the prediction):
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
        "64a2c5f8b650a10db8c7933fbf477f7d3352128df8a6cb8d05b46b1ac3ce18fe", 0x3fe7c131b96f1e04L,
        0x3fe9a53e3228b92dL, 0x3feb544eec995eceL, 0x3fcf56b5ad6b5ad7L, 0x3fdd294a5294a529L, 0x3fdf600000000000L);
  }

  @Test
  void aResnetTaskThroughTheBatchIsGolden() {
    check(TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 3, 16, 0.5, 5).withPoints(32, 4)
            .withGradientMode(GradientMode.THROUGH_BATCH),
        "6866b13a7053336d55346cf9da5d3bb7dda518e23efa629c4051f1861751441a", 0x3ff8dc5f729e80a1L,
        0x3fd3eac3bfe180bfL, 0x3fee02b501e4cac7L, 0x3fcf6f7bdef7bdefL, 0x3fdeb5ad6b5ad6b6L, 0x3fdfc00000000000L);
  }

  @Test
  void aFloatResnetTaskIsGolden() {
    check(TaskSpec.of(Architecture.RESNET, Normalization.NONE, 4, 16, 1.0, 2).withPoints(32, 4)
            .withPrecision(Precision.FLOAT),
        "94d5e11a2f68296aadbc2ae6293027269cb3de1bfee6a736aa43443c83e142bf", 0x3fc1847e80000000L,
        0x3fed000002ba9c08L, 0x3fee79fbcb74eb2cL, 0x3fd8b5ad6b5ad6b6L, 0x3fe0b5ad6b5ad6b6L, 0x3fe1000000000000L);
  }

  private static void check(TaskSpec spec, String gradientSha, long gradient0, long acfLag1, long predictedLag1,
      long coactivation, long coactivationLag1, long activeFraction) {
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
  }
}
