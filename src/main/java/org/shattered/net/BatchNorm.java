package org.shattered.net;

import java.util.Arrays;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;

/**
 * n(v) of docs/science.md (Networks) for every activated layer of a network, in place on a row-major P x N
 * pre-activation array (points as rows): per unit, over the P points, (v - mean) / sqrt(var +
 * 1e-5) with the population variance (two passes: mean, then mean squared deviation) and no
 * affine, applied as (v - mean) * (1 / sqrt(var + 1e-5)); the identity when normalization is off.
 * Keeps each layer's mean and inverse standard deviation
 * so that a later pass can reuse them (frozen statistics).
 */
final class BatchNorm {
  static final double EPS = 1e-5;

  private final boolean enabled;
  private final boolean throughBatch;
  private final boolean single;
  private final int points;
  private final int units;
  /** phi, applied in the same pass as the normalization ({@link #forward}). */
  private final Activation phi;
  private final double[][] mean;
  /** 1 / sqrt(var + eps) per layer and unit. */
  private final double[][] invStd;
  private final double[] sumA;
  private final double[] sumB;

  BatchNorm(Normalization normalization, GradientMode mode, boolean single, int layers, int points, int units,
      Activation phi) {
    this.phi = phi;
    enabled = normalization == Normalization.BATCH;
    throughBatch = enabled && mode == GradientMode.THROUGH_BATCH;
    this.single = single;
    this.points = points;
    this.units = units;
    mean = new double[enabled ? layers : 0][units];
    invStd = new double[enabled ? layers : 0][units];
    sumA = new double[units];
    sumB = new double[units];
  }

  /**
   * Normalizes z in place. With {@code reuse} the statistics last computed for this layer are
   * applied; otherwise they are computed over z's rows and stored.
   */
  void forward(int layer, double[] z, boolean reuse) {
    forward(layer, z, z, null, reuse);
  }

  /**
   * Normalizes the first P rows of {@code src} into {@code dst} (they may be the same array) and,
   * when {@code activated} is not null, writes phi(dst) into its first P rows in the same pass: one
   * pass over the layer instead of a copy, a normalization and an activation, with the same
   * operations on every element.
   */
  void forward(int layer, double[] src, double[] dst, double[] activated, boolean reuse) {
    if (!enabled) {
      if (dst != src) {
        System.arraycopy(src, 0, dst, 0, points * units);
      }
      if (activated != null) {
        phi.values(dst, activated, single);
      }
      return;
    }
    double[] mu = mean[layer];
    double[] s = invStd[layer];
    if (!reuse) {
      statistics(layer, src, null);
    }
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        double n = Ops.round(Ops.round(src[row + u] - mu[u], single) * s[u], single);
        dst[row + u] = n;
        if (activated != null) {
          activated[row + u] = Ops.round(phi.value(n), single);
        }
      }
    }
  }


  /**
   * Computes and stores layer l's mean and 1 / std over the first P rows of {@code src} (nothing
   * without normalization). {@code columnSums}, when not null, holds sum_p src[p, u] accumulated in
   * row order, exactly as the mean pass would, and saves that pass.
   */
  void statistics(int layer, double[] src, double[] columnSums) {
    if (!enabled) {
      return;
    }
    double[] mu = mean[layer];
    double[] s = invStd[layer];
    if (columnSums == null) {
      columnMeans(src, mu);
    } else {
      System.arraycopy(columnSums, 0, mu, 0, units);
      divide(mu);
    }
    Arrays.fill(sumA, 0);
    if (single) {
      squaredDeviationsSingle(src, mu);
    } else {
      squaredDeviationsDouble(src, mu);
    }
    for (int u = 0; u < units; u++) {
      s[u] = Ops.round(1.0 / Math.sqrt(Ops.round(Ops.round(sumA[u] / points, single) + EPS, single)), single);
    }
  }

  // sumA[u] += (src - mu)^2 over the rows, the deviation rounded in float; separate loops for the two
  // precisions (see ForwardPass).

  private void squaredDeviationsDouble(double[] src, double[] mu) {
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        double d = src[row + u] - mu[u];
        sumA[u] += d * d;
      }
    }
  }

  private void squaredDeviationsSingle(double[] src, double[] mu) {
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        double d = (float) (src[row + u] - mu[u]);
        sumA[u] += d * d;
      }
    }
  }

  /** Whether this normalizes at all. */
  boolean enabled() {
    return enabled;
  }

  /** Copies of every layer's per-unit gain 1 / sqrt(var + eps) as last computed; empty without normalization. */
  java.util.List<double[]> gains() {
    java.util.List<double[]> out = new java.util.ArrayList<>(invStd.length);
    for (double[] s : invStd) {
      out.add(s.clone());
    }
    return out;
  }

  /** The stored per-unit mean of layer l (normalization on). */
  double[] mean(int layer) {
    return mean[layer];
  }

  /**
   * Turns dv (gradient of sum_p y_p at this layer's normalized values v) into the gradient at its
   * input z, in place. Frozen: dv / std. Through the batch (mean and variance differentiated too):
   * (dv - mean_p(dv) - v mean_p(dv v)) / std (times the stored 1 / std).
   */
  void backward(int layer, double[] dv, double[] v) {
    if (!enabled) {
      return;
    }
    double[] s = invStd[layer];
    if (throughBatch) {
      columnMeans(dv, sumA);
      columnProductMeans(dv, v, sumB);
      for (int p = 0; p < points; p++) {
        int row = p * units;
        for (int u = 0; u < units; u++) {
          double centred = Ops.round(dv[row + u] - sumA[u], single);
          double t = Ops.round(v[row + u] * sumB[u], single);
          dv[row + u] = Ops.round(Ops.round(centred - t, single) * s[u], single);
        }
      }
      return;
    }
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        dv[row + u] = Ops.round(dv[row + u] * s[u], single);
      }
    }
  }

  /**
   * Whether {@link #backward} is a plain per-unit scaling (frozen statistics, or no normalization),
   * which callers may fuse into their own loops with {@link #frozenScale}.
   */
  boolean backwardIsScaling() {
    return !throughBatch;
  }

  /** The per-unit factor of the frozen backward pass of a layer (1 / std), or null without normalization. */
  double[] frozenScale(int layer) {
    if (throughBatch) {
      throw new IllegalStateException("through-batch gradients are not a scaling");
    }
    return enabled ? invStd[layer] : null;
  }

  /** out[u] = mean_p a[p, u], rounded. */
  private void columnMeans(double[] a, double[] out) {
    Arrays.fill(out, 0);
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        out[u] += a[row + u];
      }
    }
    divide(out);
  }

  /** out[u] = mean_p a[p, u] b[p, u], rounded. */
  private void columnProductMeans(double[] a, double[] b, double[] out) {
    Arrays.fill(out, 0);
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        out[u] += a[row + u] * b[row + u];
      }
    }
    divide(out);
  }

  private void divide(double[] sums) {
    for (int u = 0; u < units; u++) {
      sums[u] = Ops.round(sums[u] / points, single);
    }
  }
}
