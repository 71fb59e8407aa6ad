package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/** Backpropagated dy/dx against central finite differences, for every architecture and mode. */
class GradientTest {
  private static final double H = 1e-6;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int[][] sizes = {{1, 8, 16}, {3, 12, 24}};
    for (Architecture a : Architecture.values()) {
      for (Normalization n : Normalization.values()) {
        for (GradientMode m : GradientMode.values()) {
          for (double bias : new double[] {0.0, 0.5}) {
            for (int[] s : sizes) {
              cases.add(Arguments.of(Specs.of(a, n, m, s[0], s[1], s[2], bias, 7)));
            }
          }
        }
      }
    }
    cases.add(Arguments.of(Specs.of(Architecture.RESNET, Normalization.BATCH, GradientMode.THROUGH_BATCH, 4, 16,
        32, 0.0, 3).withSeed(3)));
    cases.addAll(activationCases(3, 12, 24).map(a -> Arguments.of(a)).toList());
    return cases.stream();
  }

  /** The activations other than ReLU, each with every architecture that takes it, normalization and gradient mode. */
  static final List<String> ACTIVATIONS = List.of("leaky-relu:0.2", "tanh", "swish", "linear");

  /**
   * Specs of every activation but ReLU x architecture (feedforward, resnet; looks-linear is
   * ReLU-only) x normalization x gradient mode, with biases (sigma_b^2 = 0.25) and sigma_w^2 = 1.5.
   */
  static Stream<TaskSpec> activationCases(int depth, int width, int points) {
    List<TaskSpec> out = new ArrayList<>();
    for (String name : ACTIVATIONS) {
      for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
        for (Normalization n : Normalization.values()) {
          for (GradientMode m : GradientMode.values()) {
            out.add(Specs.of(a, n, m, depth, width, points, 0.25, 7)
                .withActivation(org.shattered.spec.ActivationSpec.parse("activation", name), 1.5));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesFiniteDifferences(TaskSpec spec) {
    double[] x = spec.inputs();
    try (Network net = Networks.build(spec)) {
      double[] g = net.backprop(x).gradient();
      double[] fd = spec.gradientMode() == GradientMode.FROZEN ? frozen(net, x) : throughBatch(net, x);
      // FD rounding noise is about 1e-16 * sum|y| / H in absolute terms; some gradients are exactly 0
      // (looks-linear with batch norm through the batch: sum_p y_p does not depend on x).
      double err = Specs.relativeError(g, fd) * Specs.rms(fd) / (Specs.rms(fd) + 0.1);
      assertTrue(err < 1e-6, spec.label() + " " + spec.gradientMode() + " bias variance " + spec.biasVariance() + ": error "
          + err + "\n g=" + Arrays.toString(g) + "\nfd=" + Arrays.toString(fd));
    }
  }

  /** (y(x + h; stats of x) - y(x - h; stats of x)) / 2h, all points at once. */
  private static double[] frozen(Network net, double[] x) {
    double[] up = net.outputs(shift(x, H), x);
    double[] down = net.outputs(shift(x, -H), x);
    double[] fd = new double[x.length];
    for (int p = 0; p < x.length; p++) {
      fd[p] = (up[p] - down[p]) / (2 * H);
    }
    return fd;
  }

  /** d(sum_p y_p)/dx_q, perturbing one x_q at a time, statistics recomputed. */
  private static double[] throughBatch(Network net, double[] x) {
    double[] fd = new double[x.length];
    for (int q = 0; q < x.length; q++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[q] += H;
      down[q] -= H;
      fd[q] = (sum(net.outputs(up)) - sum(net.outputs(down))) / (2 * H);
    }
    return fd;
  }

  private static double[] shift(double[] x, double h) {
    double[] s = x.clone();
    for (int p = 0; p < s.length; p++) {
      s[p] += h;
    }
    return s;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  static Stream<Arguments> floatCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Architecture a : Architecture.values()) {
      for (Normalization n : Normalization.values()) {
        cases.add(Arguments.of(Specs.of(a, n, GradientMode.FROZEN, 3, 16, 32, 0.0, 11)));
        cases.add(Arguments.of(Specs.of(a, n, GradientMode.THROUGH_BATCH, 3, 16, 32, 0.5, 11)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("floatCases")
  void floatAgreesWithDoubleOnTheSameWeights(TaskSpec spec) {
    // precision is not part of the weight seed: the float twin of a task has the same weights
    assertEquals(spec.weightSeed(), spec.withPrecision(Precision.FLOAT).weightSeed());
    double[] x = spec.inputs();
    try (Network d = Networks.build(spec);
        Network f = Networks.build(spec.withPrecision(Precision.FLOAT))) {
      Backprop bd = d.backprop(x);
      Backprop bf = f.backprop(x);
      // Float rounding is amplified where batch norm divides by small spreads; looks-linear with
      // batch norm through the batch has an exactly zero gradient, hence the absolute floor.
      double outErr = Specs.relativeError(bf.outputs(), bd.outputs());
      assertTrue(outErr < 1e-4, spec.label() + " float output error " + outErr);
      double rms = Specs.rms(bd.gradient());
      double err = Specs.relativeError(bf.gradient(), bd.gradient()) * rms / (rms + 0.1);
      assertTrue(err < 1e-4, spec.label() + " float gradient error " + err);
      assertEquals(bd.gates().size(), bf.gates().size());
    }
  }

  static Stream<Arguments> forwardModeCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
      for (Normalization n : Normalization.values()) {
        for (Precision p : Precision.values()) {
          for (double bias : new double[] {0.0, 0.5}) {
            cases.add(Arguments.of(Specs.of(a, n, GradientMode.FROZEN, 12, 24, 48, bias, 5).withPrecision(p)));
          }
          // several blocks of rows (20 at width 100) with a partial last one, and a partial gate word
          cases.add(Arguments.of(Specs.of(a, n, GradientMode.FROZEN, 5, 100, 210, 0.5, 6).withPrecision(p)));
          // Not with batch norm: an odd phi (tanh, linear) keeps every layer of line inputs rank 1
          // (units are +-phi(x-hat)), so batch norm amplifies the two passes' different rounding.
          for (String name : n == Normalization.BATCH ? List.<String>of() : ACTIVATIONS) {
            cases.add(Arguments.of(Specs.of(a, n, GradientMode.FROZEN, 6, 24, 48, 0.25, 5).withPrecision(p)
                .withActivation(org.shattered.spec.ActivationSpec.parse("activation", name), 1.5)));
          }
        }
      }
    }
    return cases.stream();
  }

  /**
   * The forward-mode gradient (what {@link Networks#build} uses for frozen statistics) against the
   * backward pass on the same weights: equal up to rounding, with identical outputs and gates.
   */
  @ParameterizedTest
  @MethodSource("forwardModeCases")
  void forwardModeAgreesWithBackwardPass(TaskSpec spec) {
    double[] x = spec.inputs();
    try (Network forward = Networks.build(spec);
        Network backward = Networks.build(spec, false)) {
      Backprop f = forward.backprop(x);
      Backprop b = backward.backprop(x);
      assertTrue(((AbstractNetwork) forward).forwardMode);
      assertTrue(!((AbstractNetwork) backward).forwardMode);
      double tolerance = spec.precision() == Precision.FLOAT ? 1e-4 : 1e-11;
      double err = Specs.relativeError(f.gradient(), b.gradient());
      assertTrue(err < tolerance, spec.label() + " forward vs backward gradient error " + err);
      assertTrue(Specs.relativeError(f.outputs(), b.outputs()) < tolerance, spec.label() + " outputs");
      if (spec.activation().relu()) {
        assertEquals(b.gates(), f.gates(), spec.label() + " gates");
        return;
      }
      // phi'(v) of a smooth phi moves with v's rounding, which the two passes do differently
      for (int l = 0; l < b.gates().size(); l++) {
        assertTrue(Specs.relativeError(f.gates().get(l).derivatives(), b.gates().get(l).derivatives()) < tolerance,
            spec.label() + " derivative matrix of layer " + (l + 1));
      }
    }
  }
}
