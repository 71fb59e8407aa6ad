package org.shattered.theory;

import org.shattered.spec.ActivationSpec;

/**
 * The order-chaos boundary chi_1 = 1 of the mean field ({@link MeanField}) in the (sigma_w^2,
 * sigma_b^2) plane, drawn over the report's phase diagrams: chi_1* = sigma_w^2 E[phi'(u)^2] at the
 * q-map's fixed point q*, as a function of sigma_w^2 at a fixed sigma_b^2. Where the q-map has no
 * finite fixed point (ReLU at sigma_w^2 &gt;= 2: q grows without bound) chi_1 is taken at the last
 * iterate {@link MeanField#fixedPointQ} reached, which for a positively homogeneous phi does not
 * depend on q anyway (chi_1 = sigma_w^2 (1 + a^2) / 2).
 */
public final class OrderChaosBoundary {

  /** Scan steps over the sigma_w^2 range before bisection. */
  static final int SCAN = 48;

  private OrderChaosBoundary() {
  }

  /** chi_1 at the fixed point q* of the q-map (the phase of a point: &lt; 1 ordered, &gt; 1 chaotic). */
  public static double chi1AtFixedPoint(ActivationSpec activation, double weightVariance, double biasVariance) {
    MeanField mf = MeanField.of(activation, weightVariance, biasVariance);
    double q = mf.fixedPointQ();
    return mf.chi1(Double.isFinite(q) ? q : Double.MAX_VALUE);
  }

  /** The depth scale xi_c of a point ({@link MeanField}), the report's measure of how fast correlations settle. */
  public static double depthScale(ActivationSpec activation, double weightVariance, double biasVariance) {
    return MeanField.of(activation, weightVariance, biasVariance).depthScale();
  }

  /**
   * The smallest sigma_w^2 in [lo, hi] where chi_1* crosses 1 at sigma_b^2 = {@code biasVariance}
   * (a scan of {@value #SCAN} steps, then bisection to 1e-6 relative), or NaN when it does not cross
   * there. It is exact at a grid point where chi_1* = 1 (ReLU at sigma_w^2 = 2).
   */
  public static double weightVariance(ActivationSpec activation, double biasVariance, double lo, double hi) {
    double prevW = lo;
    double prevF = chi1AtFixedPoint(activation, lo, biasVariance) - 1;
    if (prevF == 0) {
      return lo;
    }
    for (int i = 1; i <= SCAN; i++) {
      double w = lo + (hi - lo) * i / SCAN;
      double f = chi1AtFixedPoint(activation, w, biasVariance) - 1;
      if (f == 0) {
        return w;
      }
      if (Math.signum(f) != Math.signum(prevF)) {
        double a = prevW;
        double fa = prevF;
        double b = w;
        while (b - a > 1e-6 * b) {
          double m = 0.5 * (a + b);
          double fm = chi1AtFixedPoint(activation, m, biasVariance) - 1;
          if (fm == 0) {
            return m;
          }
          if (Math.signum(fm) == Math.signum(fa)) {
            a = m;
            fa = fm;
          } else {
            b = m;
          }
        }
        return 0.5 * (a + b);
      }
      prevW = w;
      prevF = f;
    }
    return Double.NaN;
  }
}
