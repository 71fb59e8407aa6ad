package org.shattered.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.shattered.measure.PrecisionLoss;
import org.shattered.net.Inputs;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

/**
 * The variance growth behind the batch-norm resnet row (docs/science.md, Theory curves), measured on
 * real networks (N = 200, sphere inputs P = 128, d = 100, depth 64, 6 seeds): the batch variance of
 * the stream at the input of layer l, from the batch-norm gains s_u the network used (mean over units
 * of 1/s_u^2 - eps), against v_l = 2 + (1 - 1/pi) beta^2 (l - 1); and the measured {@code kappa}
 * (mean over units of s_u^2, what the mean-field prediction uses) against 1 / v_l.
 *
 * <p>Tolerances. The variance: 4 standard errors of the mean over seeds (from the seeds' spread)
 * plus 2% of v_l, the size of the Gaussian approximation's error (a unit's batch values are not
 * exactly Gaussian, which changes the ReLU's variance 1/2 - 1/(2 pi) slightly; measured: 0.5-1.5%
 * above v_l). kappa: kappa_l v_l within 1 +- 0.07, kappa being the mean of 1/var over units, which
 * exceeds 1/(mean var) by the spread of the unit variances (measured 2-4%). The old form v_l = 2 +
 * beta^2 (l - 1) (33 and 65 at layers 32 and 64 for beta = 1) must fail both checks there.
 */
class StreamBatchVarianceTest {

  private static final int SEEDS = 6;
  private static final int DEPTH = 64;
  private static final int[] LAYERS = {2, 8, 16, 32, 64};

  @Test
  void streamBatchVarianceGrowsByOneMinusOneOverPiBetaSquaredPerLayer() {
    for (double beta : new double[] {1.0, 0.5}) {
      double[][] var = new double[LAYERS.length][SEEDS];
      double[][] kappa = new double[LAYERS.length][SEEDS];
      for (int s = 0; s < SEEDS; s++) {
        TaskSpec spec = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, DEPTH, 200, beta, s).withPoints(128, 32)
            .withInputs(InputKind.SPHERE, 100, 0);
        List<double[]> gains = Networks.build(spec).backprop(Inputs.of(spec)).gains();
        for (int i = 0; i < LAYERS.length; i++) {
          double[] g = gains.get(LAYERS[i] - 1);
          double m = 0;
          for (double x : g) {
            m += 1 / (x * x) - 1e-5;
          }
          var[i][s] = m / g.length;
          kappa[i][s] = PrecisionLoss.kappa(g);
        }
      }
      for (int i = 0; i < LAYERS.length; i++) {
        int l = LAYERS[i];
        double v = TheoryCurves.resnetBatchNormStreamVariance(beta, l, TheoryCurves.SPHERE_STEM_VARIANCE);
        double old = 2 + beta * beta * (l - 1);
        double mean = mean(var[i]);
        double tolerance = 4 * sd(var[i], mean) / Math.sqrt(SEEDS) + 0.02 * v;
        double kv = mean(kappa[i]) * v;
        String what = String.format(Locale.ROOT, "beta %.1f layer %d: batch variance %.3f, v_l %.3f (tolerance %.3f),"
            + " kappa v_l %.4f", beta, l, mean, v, tolerance, kv);
        assertTrue(Math.abs(mean - v) <= tolerance, what);
        assertTrue(Math.abs(kv - 1) <= 0.07, what);
        if (beta == 1.0 && l >= 32) {
          assertTrue(Math.abs(mean - old) > tolerance && Math.abs(mean(kappa[i]) * old - 1) > 0.07,
              what + ": the old form " + old + " passes too");
        }
      }
    }
  }

  private static double mean(double[] x) {
    double m = 0;
    for (double v : x) {
      m += v / x.length;
    }
    return m;
  }

  private static double sd(double[] x, double mean) {
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1));
  }
}
