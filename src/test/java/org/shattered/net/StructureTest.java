package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

/** Properties of the networks that docs/science.md (Networks) states: homogeneity, linearity, gates, determinism. */
class StructureTest {

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"FEEDFORWARD", "RESNET"})
  void withoutNormalizationOrBiasTheGradientTakesTwoValues(Architecture a) {
    TaskSpec spec = Specs.of(a, Normalization.NONE, GradientMode.FROZEN, 4, 16, 64, 0.0, 5);
    double[] x = spec.inputs();
    try (Network net = Networks.build(spec)) {
      double[] g = net.backprop(x).gradient();
      assertEquals(2, Arrays.stream(g).distinct().count(), Arrays.toString(g));
      assertNotEquals(g[0], g[g.length - 1]);
      for (int p = 0; p < g.length; p++) {
        assertEquals(x[p] < 0 ? g[0] : g[g.length - 1], g[p]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Normalization.class)
  void looksLinearGradientIsConstant(Normalization n) {
    TaskSpec spec = Specs.of(Architecture.LOOKS_LINEAR, n, GradientMode.FROZEN, 6, 16, 64, 0.0, 9);
    try (Network net = Networks.build(spec)) {
      double[] g = net.backprop(spec.inputs()).gradient();
      double mean = Arrays.stream(g).average().orElseThrow();
      double meanSquare = Arrays.stream(g).map(v -> v * v).average().orElseThrow();
      double variance = Arrays.stream(g).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      assertTrue(meanSquare > 0);
      assertTrue(variance < 1e-24 * meanSquare, "variance " + variance + " mean square " + meanSquare);
    }
  }

  @Test
  void haarMatrixIsOrthogonal() {
    int n = 40;
    double[] u = Weights.haarOrthogonal(new GaussianStream(1), n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < n; k++) {
          dot += u[i * n + k] * u[j * n + k];
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void gatesHaveOneMatrixPerLayerAndBatchNormHalvesThem(Architecture a) {
    TaskSpec spec = Specs.of(a, Normalization.BATCH, GradientMode.FROZEN, 5, 24, 128, 0.0, 2);
    int units = a == Architecture.LOOKS_LINEAR ? 48 : 24;
    try (Network net = Networks.build(spec)) {
      Backprop b = net.backprop(spec.inputs());
      assertEquals(5, b.gates().size());
      for (GateMatrix gm : b.gates()) {
        assertEquals(units, gm.units());
        assertEquals(128, gm.points());
        long active = 0;
        for (int u = 0; u < gm.units(); u++) {
          int count = 0;
          for (int p = 0; p < gm.points(); p++) {
            count += gm.active(u, p) ? 1 : 0;
          }
          assertTrue(count > 0 && count < gm.points(), "batch norm leaves no unit constant");
          active += count;
        }
        double share = (double) active / (gm.units() * gm.points());
        assertEquals(0.5, share, 0.1);
      }
      if (a == Architecture.LOOKS_LINEAR) {
        GateMatrix gm = b.gates().get(2);
        for (int p = 0; p < 128; p++) {
          assertNotEquals(gm.active(3, p), gm.active(24 + 3, p), "crelu halves are complementary");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void sameSpecGivesBitIdenticalResultsInAnyThread(Architecture a) throws Exception {
    TaskSpec spec = Specs.of(a, Normalization.BATCH, GradientMode.THROUGH_BATCH, 4, 16, 64, 0.3, 4);
    Backprop first = run(spec);
    Backprop second = run(spec);
    assertSame(first, second);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Backprop> f1 = pool.submit(() -> run(spec));
      Future<Backprop> f2 = pool.submit(() -> run(spec));
      assertSame(first, f1.get());
      assertSame(first, f2.get());
    } finally {
      pool.shutdown();
    }
    Backprop other = run(spec.withSeed(5));
    assertTrue(!Arrays.equals(first.gradient(), other.gradient()), "another seed, another network");
  }

  /**
   * A thread's next network of the same shape gets the native blocks of the previous one, its
   * numbers still in them (NativePool): the results must not depend on what was there, here NaN in
   * every element. Several blocks of rows with a partial last one, every mode.
   */
  @ParameterizedTest
  @EnumSource(Architecture.class)
  void reusedNativeMemoryChangesNothing(Architecture a) {
    for (GradientMode mode : GradientMode.values()) {
      for (org.shattered.spec.Precision p : org.shattered.spec.Precision.values()) {
        TaskSpec spec = Specs.of(a, Normalization.BATCH, mode, 6, 100, 210, 0.2, 8).withPrecision(p);
        Backprop first = runOnce(spec);
        runOnce(spec.withSeed(9).withBiasVariance(0.0));
        Backprop afterOther = runOnce(spec);
        NativePool.current().fillFree(Double.NaN);
        Backprop afterNaN = runOnce(spec);
        assertSame(first, afterOther);
        assertSame(first, afterNaN);
      }
    }
  }

  /** One pass on a new network (a second pass would find the first one's numbers, not another network's). */
  private static Backprop runOnce(TaskSpec spec) {
    try (Network net = Networks.build(spec)) {
      return net.backprop(spec.inputs());
    }
  }

  @Test
  void poolHandsBackTheSameNativeArrayForTheSameShape() {
    NativePool pool = NativePool.current();
    org.nd4j.linalg.api.ndarray.INDArray a = pool.take(org.nd4j.linalg.api.buffer.DataType.DOUBLE, new long[] {3, 5});
    pool.give(a);
    assertTrue(a == pool.take(org.nd4j.linalg.api.buffer.DataType.DOUBLE, new long[] {3, 5}), "same shape: reused");
    org.nd4j.linalg.api.ndarray.INDArray b = pool.take(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[] {3, 5});
    assertTrue(a != b, "another type: another array");
    pool.give(a);
    pool.give(b);
  }

  private static Backprop run(TaskSpec spec) {
    try (Network net = Networks.build(spec)) {
      net.backprop(spec.inputs()); // a second pass on the same network must not depend on the first
      return net.backprop(spec.inputs());
    }
  }

  private static void assertSame(Backprop expected, Backprop actual) {
    assertArrayEquals(expected.outputs(), actual.outputs());
    assertArrayEquals(expected.gradient(), actual.gradient());
    assertEquals(expected.gates(), actual.gates());
  }

  @Test
  void closeIsIdempotentAndBiasesLeaveWeightsUnchanged() {
    TaskSpec spec = Specs.of(Architecture.FEEDFORWARD, Normalization.NONE, GradientMode.FROZEN, 2, 4, 8, 0.0, 1);
    try (Blas blas = new Blas(org.nd4j.linalg.api.buffer.DataType.DOUBLE)) {
      AbstractNetwork.Draw plain = Networks.draw(spec, new GaussianStream(3), blas);
      AbstractNetwork.Draw biased = Networks.draw(spec.withBiasVariance(0.1), new GaussianStream(3), blas);
      assertArrayEquals(plain.stem(), biased.stem());
      assertArrayEquals(plain.layers()[0].toDoubleMatrix(), biased.layers()[0].toDoubleMatrix());
      assertArrayEquals(plain.out(), biased.out());
      assertEquals(null, plain.stemBias());
    }
    Network net = Networks.build(spec);
    net.close();
    net.close();
  }
}
