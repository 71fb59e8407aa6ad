package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
      Estimate e = IndependentGateMonteCarlo.forArchitecture(Architecture.RESNET, Normalization.BATCH, 1.0, l, WIDTH,
          SAMPLES, 400 + l);
      assertAgrees(TheoryCurves.resnetBatchNorm(l), e, "resnet batch L=" + l);
    }
    assertEquals(1.0, IndependentGateMonteCarlo.forArchitecture(Architecture.LOOKS_LINEAR, Normalization.BATCH,
        Double.NaN, 5, WIDTH, SAMPLES, 1).correlation());
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

  /** The literal simulation: explicit weight matrices, products computed in full. */
  private static Estimate explicit(boolean residual, double beta, int depth, int n, int samples, long seed) {
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
          if (rng.nextBoolean()) {
            u[i] = 0;
          }
          if (rng.nextBoolean()) {
            uu[i] = 0;
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
  void aFewThousandSamplesRunQuickly() {
    IndependentGateMonteCarlo.resnet(6, WIDTH, 1.0, 500, 1); // warm-up
    long start = System.nanoTime();
    IndependentGateMonteCarlo.resnet(6, WIDTH, 1.0, 5000, 2);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds < 3.0, "took " + seconds + " s");
  }
}
