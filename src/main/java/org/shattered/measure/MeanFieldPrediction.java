package org.shattered.measure;

import java.util.Arrays;
import java.util.List;
import org.shattered.spec.Architecture;

/**
 * The mean-field prediction of the gradient correlation from the measured gates (docs/science.md,
 * Per-task metrics). The backward recursion of E[delta(x) . delta(x')] over random weights, each
 * layer's weights treated as independent of the signal reaching it, multiplies per layer by
 *
 * <pre>
 *   feedforward:   coact_l / active_l
 *   resnet:        (1 + 2 beta^2 kappa_l coact_l) / (1 + 2 beta^2 kappa_l active_l)
 *   looks-linear:  1
 * </pre>
 *
 * for ReLU at He initialization. For another activation or weight variance sigma_w^2, active_l is
 * E[phi'(v)^2] of the layer ({@link LayerStats#meanSquareDerivative()}, the co-activation of an input
 * with itself, equal to the active fraction for ReLU) and the 2 of the resnet form is sigma_w^2.
 *
 * with coact_l the co-activation of the pairs considered (all pairs p &lt; q, or the pairs at lag k)
 * in layer l, active_l its mean active fraction and kappa_l = mean over units of the squared
 * batch-norm gain 1 / (var + eps) on the layer's input (1 without normalization; see
 * {@link LayerStats#kappa()}). At coact = 1/4, active = 1/2 the factors are the theory table's: 1/2,
 * and (1 + beta^2 kappa / 2) / (1 + beta^2 kappa). Looks-linear's W_l crelu(v) = U_l v makes the
 * backward step U_l^T times the frozen gains whatever the gates (the gates of v and -v add up to 1),
 * so its factor is exactly 1. Identical gates at all inputs give 1 in every form.
 *
 * <p>It ignores that the same weights set the gates and carry the gradient: a prediction to test,
 * not a target. A feedforward layer with no active unit (active_l = 0) makes coact_l / active_l =
 * 0/0: the prediction is then NaN (undefined; the gradient is identically zero). A resnet's factor
 * is 1 there (the skip path carries the gradient). With no layers the empty product is 1.
 */
public final class MeanFieldPrediction {

  private MeanFieldPrediction() {
  }

  /** The feedforward form at lags 1..maxLag (kept for callers without an architecture). */
  public static double[] predict(List<LayerStats> layers, int maxLag) {
    return predict(Architecture.FEEDFORWARD, Double.NaN, layers, maxLag);
  }

  /**
   * pred(1..maxLag), pairs at lag k, in the form of {@code architecture}.
   *
   * @param beta the residual branch scale (used by resnet only)
   * @param layers per-layer statistics, each with at least {@code maxLag} lags
   * @param maxLag K, at least 1
   */
  public static double[] predict(Architecture architecture, double beta, List<LayerStats> layers, int maxLag) {
    return predict(architecture, beta, 2.0, layers, maxLag);
  }

  /** {@link #predict(Architecture, double, List, int)} for weights of variance sigma_w^2 ({@code weightVariance}). */
  public static double[] predict(Architecture architecture, double beta, double weightVariance, List<LayerStats> layers,
      int maxLag) {
    if (maxLag < 1) {
      throw new IllegalArgumentException("maxLag must be >= 1, got " + maxLag);
    }
    double[] pred = new double[maxLag];
    Arrays.fill(pred, 1.0);
    for (LayerStats s : layers) {
      if (s.coactivationByLag().length < maxLag) {
        throw new IllegalArgumentException("layer " + s.layer() + " has co-activation at "
            + s.coactivationByLag().length + " lags, prediction needs " + maxLag);
      }
      for (int k = 0; k < maxLag; k++) {
        pred[k] *= architecture.family().meanFieldFactor(beta, weightVariance, s.kappa(), s.coactivationByLag()[k],
            s.meanSquareDerivative());
      }
    }
    return pred;
  }

  /** The prediction over all pairs p &lt; q, in the form of {@code architecture}. */
  public static double predictPairs(Architecture architecture, double beta, List<LayerStats> layers) {
    return predictPairs(architecture, beta, 2.0, layers);
  }

  /** {@link #predictPairs(Architecture, double, List)} for weights of variance sigma_w^2. */
  public static double predictPairs(Architecture architecture, double beta, double weightVariance,
      List<LayerStats> layers) {
    double pred = 1.0;
    for (LayerStats s : layers) {
      pred *= architecture.family().meanFieldFactor(beta, weightVariance, s.kappa(), s.coactivation(),
          s.meanSquareDerivative());
    }
    return pred;
  }
}
