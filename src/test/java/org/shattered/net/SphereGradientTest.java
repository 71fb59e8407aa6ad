package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * Inputs in R^d (sphere inputs): the gradient's d coordinates at every point against central
 * finite differences in each coordinate, for every architecture, normalization, gradient mode and
 * with and without biases; float against double on the same weights; and the sphere's points.
 */
class SphereGradientTest {
  private static final double H = 1e-6;

  static TaskSpec sphere(Architecture a, Normalization n, GradientMode m, int depth, int width, int points, int d,
      double bias, long seed) {
    return Specs.of(a, n, m, depth, width, points, bias, seed).withInputs(InputKind.SPHERE, d, 5);
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Architecture a : Architecture.values()) {
      for (Normalization n : Normalization.values()) {
        for (GradientMode m : GradientMode.values()) {
          for (double bias : new double[] {0.0, 0.5}) {
            // through-batch perturbs one coordinate of one point at a time: keep P x d small
            int points = m == GradientMode.THROUGH_BATCH ? 10 : 24;
            cases.add(Arguments.of(sphere(a, n, m, 3, 12, points, 4, bias, 7)));
          }
        }
      }
    }
    cases.add(Arguments.of(sphere(Architecture.RESNET, Normalization.BATCH, GradientMode.FROZEN, 6, 20, 40, 9, 0.0,
        2)));
    // every other activation x architecture x normalization x gradient mode, through the backward pass
    GradientTest.activationCases(3, 12, 24).forEach(s -> cases.add(Arguments.of(s
        .withPoints(s.gradientMode() == GradientMode.THROUGH_BATCH ? 10 : 24, 1).withInputs(InputKind.SPHERE, 4, 5))));
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyCoordinateMatchesFiniteDifferences(TaskSpec spec) {
    double[] x = Inputs.of(spec);
    int d = spec.inputDim();
    assertEquals(spec.points() * d, x.length);
    try (Network net = Networks.build(spec)) {
      assertFalse(((AbstractNetwork) net).forwardMode, "inputs in R^d use the backward pass");
      double[] g = net.backprop(x).gradient();
      assertEquals(x.length, g.length);
      double[] fd = spec.gradientMode() == GradientMode.FROZEN ? frozen(net, x, d) : throughBatch(net, x);
      double err = Specs.relativeError(g, fd) * Specs.rms(fd) / (Specs.rms(fd) + 0.1);
      assertTrue(err < 1e-6, spec.label() + " " + spec.gradientMode() + " bias variance " + spec.biasVariance() + ": error " + err);
      // sum_p y_p does not depend on x when the last layer is a centred linear function of the
      // batch: looks-linear, and a linear feedforward net, with batch norm through the batch
      boolean linearInBatch = spec.architecture() == Architecture.LOOKS_LINEAR
          || (spec.architecture() == Architecture.FEEDFORWARD && spec.activation().kind()
              == org.shattered.spec.ActivationSpec.Kind.LINEAR);
      if (!(linearInBatch && spec.normalization() == Normalization.BATCH
          && spec.gradientMode() == GradientMode.THROUGH_BATCH)) {
        assertTrue(Specs.rms(g) > 1e-3, spec.label() + ": a non-trivial gradient");
      }
    }
  }

  /** Coordinate j of every point moved at once, statistics held at those of x: y_p depends on x_p alone. */
  private static double[] frozen(Network net, double[] x, int d) {
    int points = x.length / d;
    double[] fd = new double[x.length];
    for (int j = 0; j < d; j++) {
      double[] up = x.clone();
      double[] down = x.clone();
      for (int p = 0; p < points; p++) {
        up[p * d + j] += H;
        down[p * d + j] -= H;
      }
      double[] yu = net.outputs(up, x);
      double[] yd = net.outputs(down, x);
      for (int p = 0; p < points; p++) {
        fd[p * d + j] = (yu[p] - yd[p]) / (2 * H);
      }
    }
    return fd;
  }

  /** d(sum_p y_p)/dx[q, j], one coordinate of one point at a time, statistics recomputed. */
  private static double[] throughBatch(Network net, double[] x) {
    double[] fd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += H;
      down[i] -= H;
      fd[i] = (sum(net.outputs(up)) - sum(net.outputs(down))) / (2 * H);
    }
    return fd;
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
        for (GradientMode m : GradientMode.values()) {
          cases.add(Arguments.of(sphere(a, n, m, 3, 16, 32, 6, 0.0, 11)));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("floatCases")
  void floatAgreesWithDoubleOnTheSameWeights(TaskSpec spec) {
    double[] x = Inputs.of(spec);
    try (Network d = Networks.build(spec);
        Network f = Networks.build(spec.withPrecision(Precision.FLOAT))) {
      Backprop bd = d.backprop(x);
      Backprop bf = f.backprop(x);
      assertTrue(Specs.relativeError(bf.outputs(), bd.outputs()) < 1e-4, spec.label() + " float outputs");
      double rms = Specs.rms(bd.gradient());
      double err = Specs.relativeError(bf.gradient(), bd.gradient()) * rms / (rms + 0.1);
      assertTrue(err < 1e-4, spec.label() + " float gradient error " + err);
    }
  }

  @Test
  void spherePointsHaveRadiusSqrtDAndDependOnlyOnInputSeedDimensionAndCount() {
    TaskSpec a = sphere(Architecture.FEEDFORWARD, Normalization.BATCH, GradientMode.FROZEN, 2, 8, 50, 30, 0, 1);
    double[] x = Inputs.of(a);
    double meanDot = 0;
    for (int p = 0; p < 50; p++) {
      double ss = 0;
      for (int j = 0; j < 30; j++) {
        ss += x[p * 30 + j] * x[p * 30 + j];
      }
      assertEquals(30.0, ss, 1e-12);
      if (p > 0) {
        double dot = 0;
        for (int j = 0; j < 30; j++) {
          dot += x[p * 30 + j] * x[(p - 1) * 30 + j];
        }
        meanDot += Math.abs(dot / 30) / 49;
      }
    }
    // cosine of two random points is about N(0, 1/d): mean |cos| = sqrt(2 / (pi d)) = 0.146
    assertEquals(Math.sqrt(2 / (Math.PI * 30)), meanDot, 0.05);
    TaskSpec other = sphere(Architecture.RESNET, Normalization.NONE, GradientMode.THROUGH_BATCH, 7, 9, 50, 30, 0.5, 4);
    org.junit.jupiter.api.Assertions.assertArrayEquals(x, Inputs.of(other), "the same points for every seed and net");
    assertFalse(java.util.Arrays.equals(x, Inputs.of(a.withInputs(InputKind.SPHERE, 30, 6))), "input seed");
    assertFalse(java.util.Arrays.equals(x, Inputs.of(a.withPoints(51, 1)).clone()), "point count");
    org.junit.jupiter.api.Assertions.assertArrayEquals(TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 1, 2,
        1, 0).inputs(), Inputs.of(TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 1, 2, 1, 0)));
  }

  @Test
  void theStemOfInputsInRdHasVarianceTwoOverD() {
    TaskSpec spec = sphere(Architecture.FEEDFORWARD, Normalization.NONE, GradientMode.FROZEN, 1, 400, 8, 50, 0, 3);
    try (Blas blas = new Blas(AbstractNetwork.dataType(Precision.DOUBLE))) {
      double[] stem = Networks.draw(spec, new GaussianStream(spec.weightSeed()), blas).stem();
      assertEquals(400 * 50, stem.length);
      double ss = 0;
      for (double v : stem) {
        ss += v * v;
      }
      // 20,000 draws: the sample variance is within 4% (4 sd) of 2/d
      assertEquals(2.0 / 50, ss / stem.length, 0.04 * 2.0 / 50);
    }
  }
}
