package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shattered.net.Backprop;
import org.shattered.net.GateMatrix;
import org.shattered.net.Network;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

class TaskMeasurerTest {

  /** A hand-written network: returns a fixed gradient and fixed gate matrices. */
  static final class FakeNetwork implements Network {
    final double[] gradient;
    final double[] outputs;
    final List<GateMatrix> gates;
    int closed;
    double[] seenInputs;

    FakeNetwork(double[] gradient, double[] outputs, List<GateMatrix> gates) {
      this.gradient = gradient;
      this.outputs = outputs;
      this.gates = gates;
    }

    @Override
    public double[] outputs(double[] x) {
      return outputs.clone();
    }

    @Override
    public double[] outputs(double[] x, double[] statisticsFrom) {
      return outputs.clone();
    }

    @Override
    public Backprop backprop(double[] x) {
      seenInputs = x.clone();
      return new Backprop(outputs.clone(), gradient.clone(), gates);
    }

    @Override
    public void close() {
      closed++;
    }
  }

  static final TaskSpec SPEC = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 3, 16, 1.0, 2)
      .withPoints(100, 10);

  static FakeNetwork fake(TaskSpec spec, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int points = spec.points();
    double[] x = spec.inputs();
    double[] g = new double[points];
    double[] y = new double[points];
    for (int p = 0; p < points; p++) {
      g[p] = Math.sin(3 * x[p]) + 0.3 * rng.nextDouble(-1, 1);
      y[p] = Math.cos(x[p]);
    }
    List<GateMatrix> gates = new ArrayList<>();
    for (int l = 0; l < spec.depth(); l++) {
      gates.add(GateStatisticsTest.random(rng, spec.width(), points));
    }
    return new FakeNetwork(g, y, gates);
  }

  @Test
  void fieldsEqualIndependentlyComputedValues() {
    FakeNetwork net = fake(SPEC, 11);
    Measurement m = TaskMeasurer.measure(SPEC, net);
    assertArrayEquals(SPEC.inputs(), net.seenInputs);
    assertEquals(0, net.closed, "the caller owns the network");
    assertEquals(SPEC, m.spec());
    assertEquals(SPEC.key(), m.key());
    assertArrayEquals(net.gradient, m.gradient());
    assertArrayEquals(AutocorrelationTest.naive(net.gradient, 10), m.acf(), 1e-12);
    assertEquals(m.acf()[0], m.acfLag1());
    assertFalse(m.constantGradient());
    double mean = 0;
    for (double v : net.gradient) {
      mean += v;
    }
    mean /= net.gradient.length;
    double var = 0;
    for (double v : net.gradient) {
      var += (v - mean) * (v - mean);
    }
    assertEquals(mean, m.gradientMean(), 1e-12);
    assertEquals(Math.sqrt(var / net.gradient.length), m.gradientStd(), 1e-12);
    assertEquals(3, m.layers().size());
    double[] pred = new double[10];
    java.util.Arrays.fill(pred, 1.0);
    double pairs = 1.0;
    for (int l = 0; l < 3; l++) {
      LayerStats expected = GateStatisticsTest.naive(net.gates.get(l), 10, l + 1);
      GateStatisticsTest.assertSame(expected, m.layers().get(l));
      assertEquals(1.0, m.layers().get(l).kappa(), "no batch-norm gains: kappa 1");
      // resnet form, beta = 1, kappa = 1: (1 + 2 coact) / (1 + 2 active)
      for (int k = 0; k < 10; k++) {
        pred[k] *= (1 + 2 * expected.coactivationByLag()[k]) / (1 + 2 * expected.activeFraction());
      }
      pairs *= (1 + 2 * expected.coactivation()) / (1 + 2 * expected.activeFraction());
    }
    assertEquals(3, m.lastLayer().layer());
    assertArrayEquals(pred, m.predictedCorrelation(), 1e-12);
    assertEquals(pairs, m.predictedPairCorrelation(), 1e-12);
    assertEquals(PairCosineTest.direct(net.gradient, 1), m.pairCosine(), 1e-12);
    assertEquals(0.0, m.precisionLossBits());
    assertFalse(m.precisionFlag());
    assertTrue(m.millis() >= 0 && Double.isFinite(m.millis()), "millis is a duration: finite, not negative");
  }

  @Test
  void factoryVariantClosesTheNetwork() {
    List<FakeNetwork> built = new ArrayList<>();
    Measurement m = TaskMeasurer.measure(SPEC, spec -> {
      FakeNetwork n = fake(spec, 12);
      built.add(n);
      return n;
    });
    assertEquals(1, built.size());
    assertEquals(1, built.get(0).closed);
    assertArrayEquals(built.get(0).gradient, m.gradient());
  }

  @Test
  void constantGradientIsFlagged() {
    FakeNetwork net = fake(SPEC, 13);
    java.util.Arrays.fill(net.gradient, -0.75);
    Measurement m = TaskMeasurer.measure(SPEC, net);
    assertTrue(m.constantGradient());
    assertEquals(1.0, m.acfLag1());
    assertEquals(-0.75, m.gradientMean(), 1e-15);
  }

  @Test
  void theFlagWinsOverAConstantGradient() {
    // looks-linear with batch norm on a line: the frozen gradient is constant to rounding, but the
    // forward pass has lost more than 20 bits (docs/science.md, Choices), so the constant is not exact
    TaskSpec spec = TaskSpec.of(Architecture.LOOKS_LINEAR, Normalization.BATCH, 8, 200, 1.0, 0);
    Measurement m = TaskMeasurer.measure(spec, org.shattered.net.Networks::build);
    assertTrue(m.precisionFlag(), "bits lost " + m.precisionLossBits());
    assertTrue(TaskMeasurer.constantAcrossPoints(m.gradient(), 1), "the gradient is constant to rounding");
    assertFalse(m.constantGradient());
    assertEquals(null, m.acf(), "c_k = 1 is the convention of an exact constant only");
    // without batch norm nothing is lost and the exact constant is reported
    Measurement exact = TaskMeasurer.measure(TaskSpec.of(Architecture.LOOKS_LINEAR, Normalization.NONE, 8, 200, 1.0, 0),
        org.shattered.net.Networks::build);
    assertFalse(exact.precisionFlag());
    assertTrue(exact.constantGradient());
    assertEquals(1.0, exact.acfLag1());
  }

  @Test
  void nanGradientThrowsNamingTheTask() {
    FakeNetwork net = fake(SPEC, 14);
    net.gradient[17] = Double.NaN;
    net.gradient[40] = Double.POSITIVE_INFINITY;
    NonFiniteResultException e = assertThrows(NonFiniteResultException.class, () -> TaskMeasurer.measure(SPEC, spec -> net));
    assertEquals(1, net.closed);
    assertEquals("gradient", e.quantity());
    assertEquals(SPEC.label(), e.taskLabel());
    assertTrue(e.getMessage().contains(SPEC.label()), e.getMessage());
    assertTrue(e.getMessage().contains("gradient at 2 of 100 inputs (first at p=17: NaN)"), e.getMessage());
  }

  @Test
  void infiniteOutputThrows() {
    FakeNetwork net = fake(SPEC, 15);
    net.outputs[0] = Double.NEGATIVE_INFINITY;
    NonFiniteResultException e = assertThrows(NonFiniteResultException.class, () -> TaskMeasurer.measure(SPEC, net));
    assertEquals("output", e.quantity());
  }

  @Test
  void wrongShapeIsAnIllegalState() {
    FakeNetwork net = fake(SPEC.withPoints(100, 10), 16);
    TaskSpec deeper = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 4, 16, 1.0, 2).withPoints(100, 10);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskMeasurer.measure(deeper, net));
    assertTrue(e.getMessage().contains("3 gate matrices for depth 4"), e.getMessage());
  }

  @Test
  void sphereInputsGiveVectorGradientsAPairCosineAndNoAutocorrelation() {
    TaskSpec spec = SPEC.withInputs(org.shattered.spec.InputKind.SPHERE, 5, 0);
    FakeNetwork line = fake(SPEC, 17);
    SplittableRandom rng = new SplittableRandom(18);
    double[] g = new double[100 * 5];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextGaussian() + (i % 5 == 2 ? 1 : 0);
    }
    FakeNetwork net = new FakeNetwork(g, line.outputs, line.gates);
    Measurement m = TaskMeasurer.measure(spec, net);
    assertEquals(500, net.seenInputs.length, "100 points in R^5");
    assertEquals(null, m.acf());
    assertTrue(Double.isNaN(m.acfLag1()));
    assertEquals(PairCosineTest.direct(g, 5), m.pairCosine(), 1e-12);
    assertFalse(m.constantGradient());
    for (int p = 0; p < 100; p++) {
      System.arraycopy(g, 0, net.gradient, p * 5, 5); // the same vector at every point
    }
    Measurement constant = TaskMeasurer.measure(spec, net);
    assertTrue(constant.constantGradient());
    assertEquals(1.0, constant.pairCosine(), 1e-12);
    FakeNetwork wrong = new FakeNetwork(line.gradient, line.outputs, line.gates);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskMeasurer.measure(spec, wrong));
    assertTrue(e.getMessage().contains("100 gradient values"), e.getMessage());
  }
}
