package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shattered.net.GateMatrix;
import org.shattered.net.GateMatrices;

class MeanFieldPredictionTest {

  /** Gates identical across inputs: each unit on everywhere or off everywhere. */
  static GateMatrix constantRows(SplittableRandom rng, int units, int points) {
    double[] pre = new double[points * units];
    boolean[] on = new boolean[units];
    on[0] = true;
    for (int u = 1; u < units; u++) {
      on[u] = rng.nextBoolean();
    }
    for (int p = 0; p < points; p++) {
      for (int u = 0; u < units; u++) {
        pre[p * units + u] = on[u] ? 1 : -1;
      }
    }
    return GateMatrices.fromPointMajor(pre, points, units);
  }

  static GateMatrix independent(SplittableRandom rng, int units, int points) {
    double[] pre = new double[points * units];
    for (int i = 0; i < pre.length; i++) {
      pre[i] = rng.nextBoolean() ? 1 : -1;
    }
    return GateMatrices.fromPointMajor(pre, points, units);
  }

  @Test
  void identicalGatesAcrossInputsPredictOne() {
    SplittableRandom rng = new SplittableRandom(5);
    List<LayerStats> layers = new ArrayList<>();
    for (int l = 1; l <= 6; l++) {
      layers.add(GateStatistics.of(constantRows(rng, 50, 256), 32, l));
    }
    double[] pred = MeanFieldPrediction.predict(layers, 32);
    assertEquals(32, pred.length);
    for (double v : pred) {
      assertEquals(1.0, v, 1e-12);
    }
  }

  @Test
  void independentHalfActiveGatesPredictTwoToTheMinusL() {
    SplittableRandom rng = new SplittableRandom(6);
    for (int depth = 1; depth <= 4; depth++) {
      List<LayerStats> layers = new ArrayList<>();
      for (int l = 1; l <= depth; l++) {
        layers.add(GateStatistics.of(independent(rng, 200, 256), 8, l));
      }
      double[] pred = MeanFieldPrediction.predict(layers, 8);
      double expected = Math.pow(0.5, depth);
      for (double v : pred) {
        // per layer coact/active = 1/2 up to ~1% sampling error at 200 units x 256 points
        assertEquals(expected, v, 0.03 * depth * expected);
      }
    }
  }

  @Test
  void isTheProductOfPerLayerRatios() {
    LayerStats a = new LayerStats(1, 4, 0.5, 0, 0.3, 0.4, new double[] {0.4, 0.3});
    LayerStats b = new LayerStats(2, 4, 0.25, 0, 0.1, 0.2, new double[] {0.2, 0.1, 0.05});
    double[] pred = MeanFieldPrediction.predict(List.of(a, b), 2);
    assertEquals(0.8 * 0.8, pred[0], 1e-15);
    assertEquals(0.6 * 0.4, pred[1], 1e-15);
  }

  @Test
  void deadLayerGivesNaN() {
    LayerStats live = new LayerStats(1, 4, 0.5, 0, 0.3, 0.4, new double[] {0.4, 0.3});
    LayerStats dead = new LayerStats(2, 4, 0.0, 1, 0.0, 0.0, new double[] {0.0, 0.0});
    double[] pred = MeanFieldPrediction.predict(List.of(live, dead), 2);
    assertTrue(Arrays.stream(pred).allMatch(Double::isNaN));
  }

  @Test
  void noLayersIsTheEmptyProductAndTooFewLagsIsAnError() {
    assertEquals(1.0, MeanFieldPrediction.predict(List.of(), 3)[2]);
    LayerStats a = new LayerStats(1, 4, 0.5, 0, 0.3, 0.4, new double[] {0.4});
    assertThrows(IllegalArgumentException.class, () -> MeanFieldPrediction.predict(List.of(a), 2));
  }

  @Test
  void resnetFormByHand() {
    // beta 0.5, kappa 2: b = 2 beta^2 kappa = 1; layer factors (1 + c)/(1 + a)
    LayerStats a = new LayerStats(1, 4, 0.5, 0, 0.3, 0.4, new double[] {0.4, 0.3}, 2.0);
    LayerStats b = new LayerStats(2, 4, 0.25, 0, 0.1, 0.2, new double[] {0.2, 0.1}, 2.0);
    double[] pred = MeanFieldPrediction.predict(org.shattered.spec.Architecture.RESNET, 0.5, List.of(a, b), 2);
    assertEquals((1.4 / 1.5) * (1.2 / 1.25), pred[0], 1e-15);
    assertEquals((1.3 / 1.5) * (1.1 / 1.25), pred[1], 1e-15);
    assertEquals((1.3 / 1.5) * (1.1 / 1.25),
        MeanFieldPrediction.predictPairs(org.shattered.spec.Architecture.RESNET, 0.5, List.of(a, b)), 1e-15);
    // feedforward form on the same layers: coact / active
    assertEquals((0.3 / 0.5) * (0.1 / 0.25),
        MeanFieldPrediction.predictPairs(org.shattered.spec.Architecture.FEEDFORWARD, Double.NaN, List.of(a, b)), 1e-15);
    // looks-linear: the gates cancel, the prediction is 1
    assertEquals(1.0,
        MeanFieldPrediction.predictPairs(org.shattered.spec.Architecture.LOOKS_LINEAR, Double.NaN, List.of(a, b)), 0);
    // a dead resnet layer passes the gradient through the skip path: factor 1, not NaN
    LayerStats dead = new LayerStats(3, 4, 0.0, 1, 0.0, 0.0, new double[] {0.0, 0.0}, 1.0);
    assertEquals(1.0, MeanFieldPrediction.predictPairs(org.shattered.spec.Architecture.RESNET, 1.0, List.of(dead)), 0);
  }

  @Test
  void independentHalfActiveGatesGiveTheTheoryTable() {
    // coact = 1/4, active = 1/2: feedforward 1/2 a layer, resnet (1 + beta^2 kappa / 2) / (1 + beta^2 kappa)
    for (double beta : new double[] {1.0, 0.5, 0.1}) {
      for (double kappa : new double[] {1.0, 0.3}) {
        List<LayerStats> layers = new ArrayList<>();
        for (int l = 1; l <= 5; l++) {
          layers.add(new LayerStats(l, 4, 0.5, 0, 0.25, 0.25, new double[] {0.25}, kappa));
        }
        double resnet = MeanFieldPrediction.predictPairs(org.shattered.spec.Architecture.RESNET, beta, layers);
        double table = kappa == 1.0 ? org.shattered.theory.TheoryCurves.resnet(beta, 5)
            : Math.pow(org.shattered.theory.TheoryCurves.resnetLayerFactor(beta * beta * kappa), 5);
        assertEquals(table, resnet, 1e-14, "beta " + beta + " kappa " + kappa);
        assertEquals(org.shattered.theory.TheoryCurves.feedforward(5),
            MeanFieldPrediction.predictPairs(org.shattered.spec.Architecture.FEEDFORWARD, beta, layers), 1e-15);
      }
    }
  }
}
