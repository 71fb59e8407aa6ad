package org.shattered.report;

/**
 * The two-sided 95% quantile of Student's t distribution, t_{0.975, df}, used for the confidence
 * intervals of the aggregates: mean ± t_{0.975, n-1} · sd / sqrt(n). Exact table values for df
 * 1..30, the Cornish-Fisher expansion around the normal quantile 1.959964 beyond (error below
 * 1e-4 for df &gt; 30).
 */
public final class StudentT {

  private static final double Z = 1.959963984540054;

  private static final double[] TABLE = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
      2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796,
      2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

  private StudentT() {
  }

  /** t_{0.975, df}; NaN for df &lt; 1 (one seed has no interval). */
  public static double quantile975(long df) {
    if (df < 1) {
      return Double.NaN;
    }
    if (df <= TABLE.length) {
      return TABLE[(int) df - 1];
    }
    double v = df;
    double z3 = Z * Z * Z;
    double z5 = z3 * Z * Z;
    double z7 = z5 * Z * Z;
    return Z + (z3 + Z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * Z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * Z) / (384 * v * v * v);
  }
}
