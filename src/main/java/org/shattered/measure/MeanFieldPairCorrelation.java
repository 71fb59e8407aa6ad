package org.shattered.measure;

import java.util.concurrent.ConcurrentHashMap;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.MeanField;

/**
 * The mean-field prediction of a task's gradient pair correlation from its parameters alone
 * ({@link MeanField}, docs/science.md, Activations and the phase diagram): the predicted correlation
 * after L layers of each input pair, from the pair's correlation at the stem, averaged over the
 * P (P - 1) / 2 pairs, so that sphere inputs (nearly but not exactly orthogonal) are predicted
 * with their actual spread of initial correlations. The column {@code mean_field_pair_corr}.
 *
 * <p>Defined for feedforward and resnet networks without normalization, on sphere inputs (every
 * point has |x|^2 = d, so every layer's variance is the same for all points and the prediction is a
 * function of the initial correlation alone); NaN otherwise. That function is evaluated on
 * {@value #GRID} evenly spaced correlations spanning the pairs' range and interpolated linearly
 * (within 0.1% of the pair-by-pair value, MeanFieldPairCorrelationTest). Results are cached per JVM by
 * everything they depend on (not the seed), since every seed of a group has the same prediction.
 */
public final class MeanFieldPairCorrelation {
  /** Correlations at which the prediction is evaluated exactly. */
  static final int GRID = 33;
  private static final int CACHE_LIMIT = 4096;
  private static final ConcurrentHashMap<String, Double> CACHE = new ConcurrentHashMap<>();

  private MeanFieldPairCorrelation() {
  }

  /** Whether the prediction is defined for {@code spec}. */
  public static boolean applies(TaskSpec spec) {
    return refusal(spec) == null;
  }

  /**
   * Why the prediction is not defined for {@code spec} (a clause naming the option that decides it),
   * or null when it is: it needs no normalization, sphere inputs and a family with the mean-field
   * recursion ({@code ArchitectureFamily.meanFieldLayer}).
   */
  public static String refusal(TaskSpec spec) {
    if (spec.normalization() != Normalization.NONE) {
      return "it needs normalization none (this task's is " + spec.normalization().configName() + ")";
    }
    if (!spec.sphere()) {
      return "it needs sphere inputs (this task's are " + spec.inputKind().configName() + ")";
    }
    if (spec.architecture().family().meanFieldLayer(spec.beta()) == null) {
      String why = spec.architecture().family().meanFieldRefusal();
      return why != null ? why : spec.architecture().configName() + " has no mean-field recursion";
    }
    return null;
  }

  /** The prediction for {@code spec} with inputs {@code x} (P x d, point-major), or NaN where it does not apply. */
  public static double of(TaskSpec spec, double[] x) {
    if (!applies(spec)) {
      return Double.NaN;
    }
    String key = spec.activation().configName() + ";" + spec.weightVariance() + ";" + spec.biasVariance() + ";"
        + spec.architecture().configName() + ";" + spec.beta() + ";" + spec.depth() + ";" + spec.inputPointsSeed();
    Double cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    double value = compute(MeanField.of(spec.activation(), spec.weightVariance(), spec.biasVariance()),
        spec.architecture(), spec.beta(), x, spec.inputDim(), spec.depth(), GRID);
    if (CACHE.size() > CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(key, value);
    return value;
  }

  /**
   * The mean over pairs p &lt; q of the predicted correlation at {@code depth}, from the stem's
   * q = sigma_w^2 |x|^2 / d + sigma_b^2 (the mean over points) and each pair's c = (sigma_w^2 x_p . x_q
   * / d + sigma_b^2) / q; with {@code grid} &lt;= 0 every pair is computed exactly.
   */
  static double compute(MeanField mf, Architecture architecture, double beta, double[] x, int dim, int depth,
      int grid) {
    int points = x.length / dim;
    double[] norm = new double[points];
    double meanNorm = 0;
    for (int p = 0; p < points; p++) {
      norm[p] = dot(x, p, p, dim) / dim;
      meanNorm += norm[p] / points;
    }
    double q = mf.weightVariance() * meanNorm + mf.biasVariance();
    int pairs = points * (points - 1) / 2;
    double[] c = new double[pairs];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (int p = 0; p < points; p++) {
      for (int r = p + 1; r < points; r++) {
        c[i] = (mf.weightVariance() * dot(x, p, r, dim) / dim + mf.biasVariance()) / q;
        lo = Math.min(lo, c[i]);
        hi = Math.max(hi, c[i]);
        i++;
      }
    }
    double sum = 0;
    if (grid <= 0 || hi - lo < 1e-12) {
      for (double ci : c) {
        sum += mf.pairCorrelation(architecture, beta, q, q, ci, depth)[depth - 1];
      }
      return sum / pairs;
    }
    double[] f = new double[grid];
    double step = (hi - lo) / (grid - 1);
    for (int k = 0; k < grid; k++) {
      f[k] = mf.pairCorrelation(architecture, beta, q, q, lo + k * step, depth)[depth - 1];
    }
    for (double ci : c) {
      double t = (ci - lo) / step;
      int k = Math.min(grid - 2, (int) t);
      double frac = t - k;
      sum += f[k] + frac * (f[k + 1] - f[k]);
    }
    return sum / pairs;
  }

  private static double dot(double[] x, int p, int q, int dim) {
    double s = 0;
    for (int j = 0; j < dim; j++) {
      s += x[p * dim + j] * x[q * dim + j];
    }
    return s;
  }
}
