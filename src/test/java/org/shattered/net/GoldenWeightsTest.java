package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shattered.spec.Architecture;
import org.shattered.spec.Golden;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

/**
 * Golden values of the weight stream and of the weights of two small networks, taken at weights
 * version 3 ({@link Golden#WEIGHTS_VERSION}: nested depths, layer matrices drawn last). Plain Java (no BLAS): they must match on every
 * machine. A change of the stream, the drawing order, a scale or the Haar construction fails here
 * unless {@code TaskKey.WEIGHTS_VERSION} is bumped, and a bump fails until these are taken again.
 */
class GoldenWeightsTest {

  private static final String VERSION = "WEIGHTS_VERSION";

  @Test
  void theFirstNumbersOfTheStreamForSeed42AreGolden() {
    Golden.requireWeightsVersion("GaussianStream(42)");
    long[] golden = {0xbfde3bd340cdfc4dL, 0x3fc1762cc7231653L, 0x3fefead9a02af9c1L, 0x3fe3bc43afcda38eL,
        0x3fc7f0b8d2e2f81aL, 0xbfc2d8c1af60b3c1L};
    GaussianStream rng = new GaussianStream(42);
    for (int i = 0; i < golden.length; i++) {
      Golden.assertBits(golden[i], rng.next(), "GaussianStream(42) number " + i, VERSION);
    }
    // fill() is the same stream as next(), scaled
    double[] filled = new GaussianStream(42).fill(golden.length, 2.0);
    for (int i = 0; i < golden.length; i++) {
      assertEquals(2.0 * Double.longBitsToDouble(golden[i]), filled[i], 0.0);
    }
  }

  @Test
  void theWeightsOfAFeedforwardNetAreGolden() {
    TaskSpec spec = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 3, 16, 1.0, 5).withPoints(32, 4);
    Golden.requireWeightsVersion("the weights of " + spec.label());
    Golden.assertGolden("bca075ab02a05b59cd0e75a4fad4a8c4466cfa55950f43618501ce3a807ae50a", Golden.sha256(allWeights(spec)),
        "SHA-256 of the weights of " + spec.label(), VERSION);
    double[] w = allWeights(spec);
    Golden.assertBits(0x3fdb4f7182165a56L, w[0], "the stem's first weight of " + spec.label(), VERSION);
    Golden.assertBits(0x3fe042f1802d24bcL, w[16 + 15], "the last output weight of " + spec.label(), VERSION);
  }

  @Test
  void theWeightsOfALooksLinearNetAreGolden() {
    TaskSpec spec = TaskSpec.of(Architecture.LOOKS_LINEAR, Normalization.NONE, 2, 16, 1.0, 5).withPoints(32, 4);
    Golden.requireWeightsVersion("the weights of " + spec.label());
    Golden.assertGolden("ae058ee72887b41155ecb8e0c07c78598eb1f2c3c5da867098785e1a25940af0", Golden.sha256(allWeights(spec)),
        "SHA-256 of the weights of " + spec.label(), VERSION);
    double[] w = allWeights(spec);
    // W_1 = [U_1, -U_1], 16 x 32 row-major after the 16 stem and 16 output weights: U_1[0,0] and -U_1[3,15]
    Golden.assertBits(0x3fd23e33ca0388d5L, w[32], "U_1[0,0] of " + spec.label(), VERSION);
    Golden.assertBits(0x3fdad2636fefb91cL, w[32 + 3 * 32 + 31], "W_1[3,31] = -U_1[3,15] of " + spec.label(), VERSION);
  }

  /** Every weight of the spec's network in drawing order: stem, output, layer matrices row-major. */
  private static double[] allWeights(TaskSpec spec) {
    try (Blas blas = new Blas(AbstractNetwork.dataType(spec.precision()))) {
      AbstractNetwork.Draw d = Networks.draw(spec, new GaussianStream(spec.weightSeed()), blas);
      List<double[]> parts = new ArrayList<>();
      parts.add(d.stem());
      parts.add(d.out());
      for (var m : d.layers()) {
        parts.add(m.dup('c').data().asDouble());
      }
      int n = parts.stream().mapToInt(a -> a.length).sum();
      double[] all = new double[n];
      int at = 0;
      for (double[] p : parts) {
        System.arraycopy(p, 0, all, at, p.length);
        at += p.length;
      }
      return all;
    }
  }
}
