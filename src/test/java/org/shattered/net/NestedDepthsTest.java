package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * Nested depths (weights version 3): the depth-L network's weights are a prefix of every deeper
 * network's, and one forward pass to the deepest network gives, bit for bit, the pass of every
 * shallower one as if it had been built and run alone.
 */
class NestedDepthsTest {

  private static final int[] DEPTHS = {1, 2, 3, 5, 8};

  static Stream<Arguments> forwardModeSpecs() {
    List<Arguments> out = new ArrayList<>();
    for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
      for (Normalization n : Normalization.values()) {
        for (Precision p : Precision.values()) {
          for (double bias : new double[] {0.0, 0.3}) {
            out.add(Arguments.of(TaskSpec.of(a, n, 8, 24, 0.5, 7).withPoints(40, 4).withPrecision(p)
                .withBiasVariance(bias)));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("forwardModeSpecs")
  void onePassToTheDeepestGivesEveryShallowerNetworkBitForBit(TaskSpec deepest) {
    double[] x = Inputs.of(deepest);
    List<Backprop> nested;
    try (SharedWeights weights = SharedWeights.draw(deepest); Network net = weights.build(deepest)) {
      assertTrue(net.nestsDepths());
      nested = net.backpropPrefixes(x, DEPTHS);
    }
    assertEquals(DEPTHS.length, nested.size());
    for (int i = 0; i < DEPTHS.length; i++) {
      TaskSpec alone = deepest.withDepth(DEPTHS[i]);
      Backprop expected;
      try (Network net = Networks.build(alone)) {
        expected = net.backprop(x);
      }
      assertSame(expected, nested.get(i), alone.label());
      Backprop shared;
      try (SharedWeights weights = SharedWeights.draw(deepest); Network net = weights.build(alone)) {
        shared = net.backprop(x);
      }
      assertSame(expected, shared, alone.label() + " on shared weights");
    }
  }

  @Test
  void theWeightsOfAShallowNetworkAreAPrefixOfADeepOnes() {
    for (Architecture a : Architecture.values()) {
      TaskSpec deep = TaskSpec.of(a, Normalization.BATCH, 6, 12, 1.0, 4).withBiasVariance(0.2);
      TaskSpec shallow = deep.withDepth(2);
      assertEquals(deep.weightSeed(), shallow.weightSeed());
      try (Blas b1 = new Blas(AbstractNetwork.dataType(Precision.DOUBLE));
          Blas b2 = new Blas(AbstractNetwork.dataType(Precision.DOUBLE))) {
        AbstractNetwork.Draw d = Networks.draw(deep, new GaussianStream(deep.weightSeed()), b1);
        AbstractNetwork.Draw s = Networks.draw(shallow, new GaussianStream(shallow.weightSeed()), b2);
        assertArrayEquals(d.stem(), s.stem(), 0.0);
        assertArrayEquals(d.out(), s.out(), 0.0);
        assertArrayEquals(d.stemBias(), s.stemBias(), 0.0);
        assertEquals(Networks.matrices(a, 2), s.layers().length);
        for (int l = 0; l < s.layers().length; l++) {
          assertArrayEquals(values(d.layers()[l]), values(s.layers()[l]), 0.0, a + " layer " + l);
          assertArrayEquals(d.layerBiases()[l], s.layerBiases()[l], 0.0);
        }
        // and turning biases on leaves every weight unchanged
        AbstractNetwork.Draw plain = Networks.draw(deep.withBiasVariance(0), new GaussianStream(deep.weightSeed()), b1);
        assertArrayEquals(d.stem(), plain.stem(), 0.0);
        assertArrayEquals(values(d.layers()[d.layers().length - 1]), values(plain.layers()[d.layers().length - 1]),
            0.0);
      }
    }
  }

  @Test
  void backwardPassNetworksDoNotClaimNestedDepths() {
    TaskSpec through = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 3, 8, 1.0, 1).withPoints(16, 2)
        .withGradientMode(GradientMode.THROUGH_BATCH);
    TaskSpec looks = TaskSpec.of(Architecture.LOOKS_LINEAR, Normalization.NONE, 3, 8, 1.0, 1).withPoints(16, 2);
    TaskSpec sphere = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.NONE, 3, 8, 1.0, 1).withPoints(16, 2)
        .withInputs(InputKind.SPHERE, 4, 0);
    for (TaskSpec s : List.of(through, looks, sphere)) {
      try (Network net = Networks.build(s)) {
        assertFalse(net.nestsDepths(), s.label());
        assertThrows(UnsupportedOperationException.class, () -> net.backpropPrefixes(Inputs.of(s), new int[] {1, 3}));
      }
    }
  }

  @Test
  void depthsMustAscendWithinTheNetwork() {
    TaskSpec s = TaskSpec.of(Architecture.RESNET, Normalization.NONE, 4, 8, 1.0, 1).withPoints(16, 2);
    try (Network net = Networks.build(s)) {
      assertThrows(IllegalArgumentException.class, () -> net.backpropPrefixes(Inputs.of(s), new int[] {2, 2}));
      assertThrows(IllegalArgumentException.class, () -> net.backpropPrefixes(Inputs.of(s), new int[] {5}));
      assertThrows(IllegalArgumentException.class, () -> net.backpropPrefixes(Inputs.of(s), new int[] {0, 1}));
    }
  }

  private static double[] values(INDArray m) {
    return m.dup('c').data().asDouble();
  }

  private static void assertSame(Backprop expected, Backprop actual, String what) {
    assertArrayEquals(bits(expected.outputs()), bits(actual.outputs()), what + ": outputs");
    assertArrayEquals(bits(expected.gradient()), bits(actual.gradient()), what + ": gradient");
    assertEquals(expected.gates(), actual.gates(), what + ": gates");
    assertEquals(expected.gains().size(), actual.gains().size(), what + ": gain layers");
    for (int l = 0; l < expected.gains().size(); l++) {
      assertArrayEquals(bits(expected.gains().get(l)), bits(actual.gains().get(l)), what + ": gains of layer " + l);
    }
  }

  private static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }
}
