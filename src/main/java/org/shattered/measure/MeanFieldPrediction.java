package org.shattered.measure;

import java.util.Arrays;
import java.util.List;

/**
 * The mean-field prediction of the lag-k gradient correlation from the gates (docs/science.md,
 * Per-task metrics):
 *
 * <pre>
 *   pred(k) = prod_l coact_l(k) / active_l,   k = 1..K
 * </pre>
 *
 * with coact_l(k) the co-activation of pairs at lag k in layer l and active_l its mean active
 * fraction. Identical gates at all inputs give 1; gates independent across inputs, each active with
 * probability 1/2, give about 2^-L. It ignores that the same weights set the gates and carry the
 * gradient, so it is a diagnostic beside the measured correlation, not a target.
 *
 * <p>A layer with no active unit at any input (active_l = 0) makes coact_l(k) / active_l = 0/0:
 * the prediction is then NaN at every lag (undefined; the gradient is identically zero). With no
 * layers the empty product is 1.
 */
public final class MeanFieldPrediction {

  private MeanFieldPrediction() {
  }

  /**
   * pred(1..maxLag) from the layers' statistics.
   *
   * @param layers per-layer statistics, each with at least {@code maxLag} lags
   * @param maxLag K, at least 1
   */
  public static double[] predict(List<LayerStats> layers, int maxLag) {
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
      if (!(s.activeFraction() > 0)) {
        Arrays.fill(pred, Double.NaN);
        return pred;
      }
      for (int k = 0; k < maxLag; k++) {
        pred[k] *= s.coactivationByLag()[k] / s.activeFraction();
      }
    }
    return pred;
  }
}
