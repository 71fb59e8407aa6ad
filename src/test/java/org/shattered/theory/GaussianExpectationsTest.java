package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shattered.net.Activation;
import org.shattered.spec.ActivationSpec;

/** Gauss-Hermite rules, the quadrature order, and the closed forms against Monte Carlo. */
class GaussianExpectationsTest {

  @Test
  void ruleIntegratesMomentsAndSmoothFunctions() {
    GaussianRule g = GaussianRule.standard();
    assertEquals(121, g.order());
    assertEquals(1.0, g.expect(z -> 1), 1e-12, "weights sum");
    assertEquals(1.0, g.expect(z -> z * z), 1e-12, "E Z^2");
    assertEquals(3.0, g.expect(z -> z * z * z * z), 1e-11, "E Z^4");
    assertEquals(Math.exp(-0.5), g.expect(Math::cos), 1e-13, "E cos Z");
    assertEquals(Math.exp(2), g.expect(z -> Math.exp(2 * z)), 1e-9, "E exp(2Z)");
  }

  /**
   * The rule used for tanh and swish is converged: halving its step and widening its range change
   * no expectation by more than 1e-9 over the phase diagram's range and beyond (q from 0.05 to 6, c
   * from -0.99 to 0.999; q* is at most 4.5 there), while twice the step changes some by more (so the test would see a
   * too-coarse rule).
   */
  @Test
  void quadratureIsConverged() {
    double worstHalf = 0;
    for (String name : new String[] {"tanh", "swish"}) {
      Activation phi = Activation.of(ActivationSpec.parse("activation", name));
      var chosen = new GaussianExpectations.Quadrature(phi, GaussianRule.standard());
      var twice = new GaussianExpectations.Quadrature(phi, GaussianRule.trapezoid(0.07, 9.5));
      var half = new GaussianExpectations.Quadrature(phi, GaussianRule.trapezoid(0.28, 8.4));
      for (double q : new double[] {0.05, 0.5, 1, 2, 4.5, 6}) {
        assertEquals(twice.square(q), chosen.square(q), 1e-9, name + " E phi^2 q=" + q);
        assertEquals(twice.derivativeSquare(q), chosen.derivativeSquare(q), 1e-9, name + " E phi'^2 q=" + q);
        for (double c : new double[] {-0.99, -0.3, 0, 0.4, 0.9, 0.999}) {
          assertEquals(twice.cross(q, q * 1.3, c), chosen.cross(q, q * 1.3, c), 1e-9, name + " cross " + q + " " + c);
          assertEquals(twice.derivativeCross(q, q, c), chosen.derivativeCross(q, q, c), 1e-9,
              name + " derivative cross " + q + " " + c);
          worstHalf = Math.max(worstHalf, Math.abs(half.derivativeCross(q, q, c) - twice.derivativeCross(q, q, c)));
        }
      }
    }
    assertTrue(worstHalf > 1e-9, "twice the step is not converged (" + worstHalf + ")");
  }

  /** Closed forms (ReLU, leaky ReLU, linear) and quadrature (tanh, swish) against Monte Carlo, 4 standard errors. */
  @Test
  void expectationsMatchMonteCarlo() {
    SplittableRandom rng = new SplittableRandom(20170302);
    int samples = 400_000;
    double[] z1 = new double[samples];
    double[] z2 = new double[samples];
    for (int i = 0; i < samples; i++) {
      z1[i] = gaussian(rng);
      z2[i] = gaussian(rng);
    }
    double q1 = 1.7;
    double q2 = 0.6;
    for (String name : new String[] {"relu", "leaky-relu:0.2", "linear", "tanh", "swish"}) {
      ActivationSpec spec = ActivationSpec.parse("activation", name);
      Activation phi = Activation.of(spec);
      GaussianExpectations e = GaussianExpectations.of(spec);
      for (double c : new double[] {-0.6, 0.0, 0.35, 0.95}) {
        double orth = Math.sqrt(1 - c * c);
        double[] f = new double[samples];
        double[] d = new double[samples];
        double[] sq = new double[samples];
        double[] dsq = new double[samples];
        for (int i = 0; i < samples; i++) {
          double u1 = Math.sqrt(q1) * z1[i];
          double u2 = Math.sqrt(q2) * (c * z1[i] + orth * z2[i]);
          f[i] = phi.value(u1) * phi.value(u2);
          d[i] = phi.derivative(u1) * phi.derivative(u2);
          sq[i] = phi.value(u1) * phi.value(u1);
          dsq[i] = phi.derivative(u1) * phi.derivative(u1);
        }
        within(f, e.cross(q1, q2, c), name + " E phi phi c=" + c);
        within(d, e.derivativeCross(q1, q2, c), name + " E phi' phi' c=" + c);
        within(sq, e.square(q1), name + " E phi^2");
        within(dsq, e.derivativeSquare(q1), name + " E phi'^2");
      }
    }
  }

  private static void within(double[] x, double expected, String what) {
    double m = 0;
    for (double v : x) {
      m += v / x.length;
    }
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    double se = Math.sqrt(ss / (x.length - 1) / x.length);
    assertTrue(Math.abs(m - expected) <= 4 * se + 1e-9, what + ": Monte Carlo " + m + " +- " + se + ", got " + expected);
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
