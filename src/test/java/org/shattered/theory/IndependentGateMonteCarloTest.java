package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.theory.IndependentGateMonteCarlo.Estimate;

class IndependentGateMonteCarloTest {

  private static final int WIDTH = 100;
  private static final int SAMPLES = 4000;
  private static final double SIGMAS = 4;
  private static final double TOLERANCE = 0.01;

  private static void assertAgrees(double expected, Estimate e, String what) {
    assertTrue(e.agrees(expected, SIGMAS, TOLERANCE),
        what + ": estimate " + e.correlation() + " +- " + e.standardError() + ", theory " + expected);
    assertTrue(e.standardError() > 0 && e.standardError() < 0.05, what + ": standard error " + e.standardError());
  }

  @Test
  void feedforwardMatchesTwoToTheMinusL() {
    for (int l = 1; l <= 4; l++) {
      Estimate e = IndependentGateMonteCarlo.feedforward(l, WIDTH, SAMPLES, 100 + l);
      assertAgrees(TheoryCurves.feedforward(l), e, "feedforward L=" + l);
    }
  }

  @Test
  void resnetMatchesThreeQuartersToTheL() {
    for (int l = 1; l <= 4; l++) {
      Estimate e = IndependentGateMonteCarlo.resnet(l, WIDTH, 1.0, SAMPLES, 200 + l);
      assertAgrees(Math.pow(0.75, l), e, "resnet L=" + l);
    }
  }

  @Test
  void scaledResnetMatchesTheBetaFormula() {
    for (int l = 1; l <= 4; l++) {
      Estimate e = IndependentGateMonteCarlo.resnet(l, WIDTH, 0.5, SAMPLES, 300 + l);
      assertAgrees(TheoryCurves.resnet(0.5, l), e, "resnet beta=0.5 L=" + l);
    }
  }

  @Test
  void batchNormHeuristicMatchesItsProduct() {
    for (int l = 1; l <= 4; l++) {
      Estimate e = IndependentGateMonteCarlo.resnetBatchNormHeuristic(l, WIDTH, SAMPLES, 400 + l);
      assertAgrees(TheoryCurves.resnetBatchNormHeuristic(l), e, "resnet batch heuristic L=" + l);
    }
  }

  @Test
  void betaAwareBatchNormCurveMatchesItsMonteCarlo() {
    int[] depths = {1, 3, 8};
    for (double beta : new double[] {1.0, 0.5, 0.1}) {
      for (int l : depths) {
        Estimate e = IndependentGateMonteCarlo.forArchitecture(Architecture.RESNET, Normalization.BATCH, beta,
            TheoryCurves.SPHERE_STEM_VARIANCE, l, WIDTH, SAMPLES, 450 + l + (long) (100 * beta));
        assertAgrees(TheoryCurves.resnetBatchNorm(beta, l, TheoryCurves.SPHERE_STEM_VARIANCE), e,
            "resnet batch beta=" + beta + " L=" + l);
      }
    }
    // the branch scales written out here (beta / sqrt(v_l), v_l = 2 + (1 - 1/pi) beta^2 (l - 1), the
    // stream's batch variance), not taken from TheoryCurves: the Monte Carlo of those scales agrees with
    // the curve at depth 24, where the old growth (v_l = 2 + beta^2 (l - 1)) gives 0.294 instead of 0.222
    double[] scales = new double[24];
    for (int l = 1; l <= 24; l++) {
      scales[l - 1] = 1.0 / Math.sqrt(2 + (1 - 1 / Math.PI) * (l - 1));
    }
    Estimate deep = IndependentGateMonteCarlo.resnet(scales, WIDTH, 4 * SAMPLES, 480);
    assertAgrees(TheoryCurves.resnetBatchNorm(1.0, 24, TheoryCurves.SPHERE_STEM_VARIANCE), deep, "resnet batch L=24");
    assertTrue(!deep.agrees(0.294, SIGMAS, TOLERANCE), "the old growth agrees too: " + deep);
    // the beta-aware curve at beta = 1 is not the heuristic: the Monte Carlo tells them apart at depth 2
    // (0.720 against 0.625; the two cross near depth 24, and part as L^-0.733 against L^-1/2 beyond)
    Estimate e = IndependentGateMonteCarlo.resnetBatchNorm(2, 1.0, TheoryCurves.SPHERE_STEM_VARIANCE, WIDTH, SAMPLES,
        470);
    assertTrue(Math.abs(e.correlation() - TheoryCurves.resnetBatchNormHeuristic(2)) > 4 * e.standardError(),
        e + " vs heuristic " + TheoryCurves.resnetBatchNormHeuristic(2));
    assertEquals(1.0, IndependentGateMonteCarlo.forArchitecture(Architecture.LOOKS_LINEAR, Normalization.BATCH,
        Double.NaN, 2, 5, WIDTH, SAMPLES, 1).correlation());
  }

  /** Per-layer statistics of a network whose gates drift: active falls, co-activation rises. */
  private static final double[] ACTIVE = {0.5, 0.46, 0.42, 0.40, 0.38};
  private static final double[] COACT = {0.25, 0.29, 0.31, 0.33, 0.34};
  private static final double[] KAPPA = {0.5, 0.36, 0.28, 0.22, 0.2};

  @Test
  void replayOfGivenGateStatisticsMatchesTheMeanFieldProduct() {
    // tolerance: 4 Monte-Carlo standard errors plus 0.01 (the finite-width bias at N = 100)
    for (int l = 1; l <= ACTIVE.length; l += 2) {
      double[] a = Arrays.copyOf(ACTIVE, l);
      double[] c = Arrays.copyOf(COACT, l);
      double[] k = Arrays.copyOf(KAPPA, l);
      Estimate ff = IndependentGateMonteCarlo.replay(Architecture.FEEDFORWARD, 1.0, a, c, k, WIDTH, SAMPLES, 800 + l);
      assertAgrees(TheoryCurves.meanField(Architecture.FEEDFORWARD, 1.0, a, c, k), ff, "replay feedforward L=" + l);
      for (double beta : new double[] {1.0, 0.5}) {
        Estimate rn = IndependentGateMonteCarlo.replay(Architecture.RESNET, beta, a, c, k, WIDTH, SAMPLES,
            900 + l + (long) (10 * beta));
        assertAgrees(TheoryCurves.meanField(Architecture.RESNET, beta, a, c, k), rn,
            "replay resnet beta=" + beta + " L=" + l);
      }
    }
    // at the independent-gate point the replay is the table's curve
    double[] half = {0.5, 0.5, 0.5};
    double[] quarter = {0.25, 0.25, 0.25};
    double[] kappa = TheoryCurves.resnetBatchNormKappa(0.5, 3, 2.0);
    assertEquals(TheoryCurves.resnetBatchNorm(0.5, 3, 2.0),
        TheoryCurves.meanField(Architecture.RESNET, 0.5, half, quarter, kappa), 1e-15);
    assertEquals(0.125, TheoryCurves.meanField(Architecture.FEEDFORWARD, 1, half, quarter, kappa), 1e-15);
  }

  @Test
  void replayRefusesStatisticsThatAreNotAJointLawOfTwoGates() {
    double[] one = {1.0};
    assertThrows(IllegalArgumentException.class, () -> IndependentGateMonteCarlo.replay(Architecture.FEEDFORWARD, 1,
        new double[] {0.3}, new double[] {0.4}, one, WIDTH, 10, 1)); // c > a
    assertThrows(IllegalArgumentException.class, () -> IndependentGateMonteCarlo.replay(Architecture.FEEDFORWARD, 1,
        new double[] {0.8}, new double[] {0.5}, one, WIDTH, 10, 1)); // c < 2a - 1
    assertThrows(IllegalArgumentException.class, () -> IndependentGateMonteCarlo.replay(Architecture.RESNET, 1,
        new double[] {0.5, 0.5}, new double[] {0.25}, one, WIDTH, 10, 1)); // lengths
  }

  @Test
  void jointGatesHaveTheRequestedActiveFractionAndCoactivation() {
    int n = 200_000;
    double[] ones = new double[n];
    Arrays.fill(ones, 1.0);
    double[] u = new double[n];
    double[] uu = new double[n];
    IndependentGateMonteCarlo.jointGates(new SplittableRandom(3), 0.4, 0.3, ones, ones, u, uu, n);
    double a = 0;
    double b = 0;
    double c = 0;
    for (int i = 0; i < n; i++) {
      a += u[i];
      b += uu[i];
      c += u[i] * uu[i];
    }
    double se = Math.sqrt(0.25 / n);
    assertEquals(0.4, a / n, 5 * se);
    assertEquals(0.4, b / n, 5 * se);
    assertEquals(0.3, c / n, 5 * se);
  }

  @Test
  void isDeterministicGivenTheSeed() {
    Estimate a = IndependentGateMonteCarlo.resnet(3, WIDTH, 1.0, 500, 9);
    Estimate b = IndependentGateMonteCarlo.resnet(3, WIDTH, 1.0, 500, 9);
    Estimate c = IndependentGateMonteCarlo.resnet(3, WIDTH, 1.0, 500, 10);
    assertEquals(a, b);
    assertTrue(a.correlation() != c.correlation());
    assertEquals(500, a.samples());
  }

  @Test
  void standardErrorIsCalibrated() {
    // spread of independent estimates vs their reported standard errors
    int runs = 30;
    double sumZ2 = 0;
    for (int s = 0; s < runs; s++) {
      Estimate e = IndependentGateMonteCarlo.feedforward(2, 50, 400, 1000 + s);
      double z = (e.correlation() - 0.25) / e.standardError();
      sumZ2 += z * z;
    }
    double rmsZ = Math.sqrt(sumZ2 / runs);
    assertTrue(rmsZ > 0.6 && rmsZ < 1.5, "rms z " + rmsZ);
  }

  private static Estimate explicit(boolean residual, double beta, int depth, int n, int samples, long seed) {
    return explicit(residual, beta, depth, n, samples, seed, null, null);
  }

  /**
   * The literal simulation: explicit weight matrices, products computed in full. Gates Bernoulli(1/2)
   * at each input (active == null), or D ~ Bernoulli(a) and then D' given D with P(D' = 1 | D = 1) =
   * c/a, P(D' = 1 | D = 0) = (a - c)/(1 - a): the same joint law built another way.
   */
  private static Estimate explicit(boolean residual, double beta, int depth, int n, int samples, long seed,
      double[] active, double[] coact) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] ab = new double[samples];
    double[] aa = new double[samples];
    double[] bb = new double[samples];
    double[] z = new double[n * n];
    for (int s = 0; s < samples; s++) {
      IndependentGateMonteCarlo.fillNormal(rng, z, n);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = Math.sqrt(2) * z[i];
      }
      double[] w = v.clone();
      int matrices = residual ? depth : depth - 1;
      for (int l = 0; l < depth; l++) {
        double[] u = v.clone();
        double[] uu = w.clone();
        for (int i = 0; i < n; i++) {
          if (active == null) {
            if (rng.nextBoolean()) {
              u[i] = 0;
            }
            if (rng.nextBoolean()) {
              uu[i] = 0;
            }
          } else {
            double a = active[l];
            double c = coact[l];
            boolean on = rng.nextDouble() < a;
            boolean onOther = rng.nextDouble() < (on ? c / a : (a - c) / (1 - a));
            if (!on) {
              u[i] = 0;
            }
            if (!onOther) {
              uu[i] = 0;
            }
          }
        }
        if (l < matrices) {
          IndependentGateMonteCarlo.fillNormal(rng, z, n * n);
          double std = Math.sqrt(2.0 / n);
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              a[i] += std * z[i * n + j] * u[j];
              b[i] += std * z[i * n + j] * uu[j];
            }
          }
          if (residual) {
            for (int i = 0; i < n; i++) {
              v[i] += beta * a[i];
              w[i] += beta * b[i];
            }
          } else {
            v = a;
            w = b;
          }
        } else {
          v = u;
          w = uu;
        }
      }
      IndependentGateMonteCarlo.fillNormal(rng, z, n);
      double g = 0;
      double gg = 0;
      for (int i = 0; i < n; i++) {
        g += z[i] / Math.sqrt(n) * v[i];
        gg += z[i] / Math.sqrt(n) * w[i];
      }
      ab[s] = g * gg;
      aa[s] = g * g;
      bb[s] = gg * gg;
    }
    return IndependentGateMonteCarlo.estimate(ab, aa, bb);
  }

  @Test
  void explicitMatrixSimulationAgreesWithTheoryAndTheFastSampler() {
    int n = 24;
    int samples = 3000;
    for (int l = 1; l <= 3; l++) {
      Estimate ff = explicit(false, 0, l, n, samples, 500 + l);
      assertAgrees(TheoryCurves.feedforward(l), ff, "explicit feedforward L=" + l);
      Estimate rn = explicit(true, 1.0, l, n, samples, 600 + l);
      assertAgrees(TheoryCurves.resnet(1.0, l), rn, "explicit resnet L=" + l);
      Estimate fast = IndependentGateMonteCarlo.feedforward(l, n, samples, 700 + l);
      double diff = Math.abs(ff.correlation() - fast.correlation());
      assertTrue(diff < SIGMAS * Math.hypot(ff.standardError(), fast.standardError()) + TOLERANCE,
          "explicit " + ff + " vs fast " + fast);
    }
  }

  @Test
  void explicitMatrixSimulationOfDriftingGatesAgreesWithTheReplay() {
    int n = 24;
    int samples = 3000;
    int l = 3;
    double[] a = Arrays.copyOf(ACTIVE, l);
    double[] c = Arrays.copyOf(COACT, l);
    double[] ones = {1, 1, 1};
    Estimate ff = explicit(false, 0, l, n, samples, 1100, a, c);
    assertAgrees(TheoryCurves.meanField(Architecture.FEEDFORWARD, 1, a, c, ones), ff, "explicit drifting feedforward");
    Estimate rn = explicit(true, 0.5, l, n, samples, 1101, a, c);
    assertAgrees(TheoryCurves.meanField(Architecture.RESNET, 0.5, a, c, ones), rn, "explicit drifting resnet");
    Estimate fast = IndependentGateMonteCarlo.replay(Architecture.RESNET, 0.5, a, c, ones, n, samples, 1102);
    assertTrue(Math.abs(rn.correlation() - fast.correlation())
        < SIGMAS * Math.hypot(rn.standardError(), fast.standardError()) + TOLERANCE, "explicit " + rn + " vs " + fast);
  }
}
