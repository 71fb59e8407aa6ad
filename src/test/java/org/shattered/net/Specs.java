package org.shattered.net;

import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/** Small task specs for the net tests. */
final class Specs {
  private Specs() {}

  static TaskSpec of(Architecture a, Normalization n, GradientMode mode, int depth, int width, int points,
      double biasStd, long seed) {
    return new TaskSpec(a, n, mode, Precision.DOUBLE, depth, width, 1.0, biasStd, points,
        TaskSpec.DEFAULT_INPUT_MIN, TaskSpec.DEFAULT_INPUT_MAX, 1, seed);
  }

  static double rms(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s / a.length);
  }

  /** rms(a - b) / rms(b). */
  static double relativeError(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return rms(d) / rms(b);
  }
}
