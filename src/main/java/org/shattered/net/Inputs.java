package org.shattered.net;

import org.shattered.spec.TaskSpec;

/**
 * The inputs of a task (docs/science.md, Inputs), P x d values, point-major:
 *
 * <ul>
 *   <li>line: x_p = linspace(input-min, input-max, P), d = 1 ({@link TaskSpec#inputs()});
 *   <li>sphere: P points drawn iid uniform on the sphere of radius sqrt(d) in R^d. Point p is d
 *       standard normal values from {@code new GaussianStream(spec.inputPointsSeed())} (drawn in
 *       order, point after point) rescaled to norm sqrt(d): v * (sqrt(d) / |v|), with |v| the square
 *       root of the sum of squares accumulated in coordinate order. The stream depends only on
 *       (input seed, d, P), so every seed index of a group, and every architecture and depth, sees
 *       the same points, and ensemble statistics over weights are well defined.
 * </ul>
 */
public final class Inputs {
  private Inputs() {}

  /** The task's inputs, P x d point-major (P values for line inputs). */
  public static double[] of(TaskSpec spec) {
    if (!spec.sphere()) {
      return spec.inputs();
    }
    int d = spec.inputDim();
    int points = spec.points();
    GaussianStream rng = new GaussianStream(spec.inputPointsSeed());
    double[] x = rng.fill(points * d, 1.0);
    double radius = Math.sqrt(d);
    for (int p = 0; p < points; p++) {
      double ss = 0;
      for (int j = 0; j < d; j++) {
        ss += x[p * d + j] * x[p * d + j];
      }
      double scale = radius / Math.sqrt(ss);
      for (int j = 0; j < d; j++) {
        x[p * d + j] *= scale;
      }
    }
    return x;
  }
}
