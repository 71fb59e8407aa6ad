package org.shattered.train;

/**
 * The rectifier of the training engine, in one place so that another activation can replace it:
 * its value and its slope (0 at 0, as the gates of docs/science.md count a unit active only when its
 * input is strictly positive).
 */
final class Relu {
  private Relu() {}

  static double value(double v) {
    return Math.max(v, 0.0);
  }

  static double slope(double v) {
    return v > 0 ? 1.0 : 0.0;
  }
}
