package org.shattered.report;

import java.util.List;

/**
 * Finds curves of one chart that lie on top of an earlier curve, so that the chart can say so and draw
 * them visibly (issue: curves exactly on top of each other show one colour and read as one finding).
 * Two curves coincide when they have the same number of points, their x agree within 5% (the depth
 * figures shift coinciding curves sideways by at most 3%) and every |y_i - y'_i| is at most
 * {@link #TOLERANCE} of the chart's y range (of 1 when the range is 0) and at most 2% of the values.
 */
final class Coincident {

  /** Largest difference, as a share of the chart's y range, at which two curves are drawn as one. */
  static final double TOLERANCE = 0.004;

  private Coincident() {
  }

  /** For each curve, the index of the first earlier curve it coincides with, or -1. */
  static int[] earlier(List<Charts.Curve> curves) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Charts.Curve c : curves) {
      for (double y : c.y()) {
        if (Double.isFinite(y)) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
      }
    }
    double tol = TOLERANCE * (hi > lo ? hi - lo : 1);
    int[] out = new int[curves.size()];
    for (int i = 0; i < curves.size(); i++) {
      out[i] = -1;
      for (int j = 0; j < i && out[i] < 0; j++) {
        if (same(curves.get(i), curves.get(j), tol)) {
          out[i] = j;
        }
      }
    }
    return out;
  }

  private static boolean same(Charts.Curve a, Charts.Curve b, double tol) {
    int n = a.x().length;
    if (n == 0 || n != b.x().length) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      double xa = a.x()[k];
      double xb = b.x()[k];
      if (Math.abs(xa - xb) > 0.05 * Math.max(Math.abs(xa), Math.abs(xb)) + 1e-12) {
        return false;
      }
      double ya = a.y()[k];
      double yb = b.y()[k];
      // within the range-relative tolerance, and within 2% of the values themselves: curves at a noise
      // floor (log axes) are close in absolute terms without lying on top of each other
      double d = Math.abs(ya - yb);
      if (Double.isNaN(ya) != Double.isNaN(yb) || d > tol || d > 0.02 * Math.max(Math.abs(ya), Math.abs(yb)) + 1e-12) {
        return false;
      }
    }
    return true;
  }
}
