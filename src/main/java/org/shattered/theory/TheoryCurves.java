package org.shattered.theory;

import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;

/**
 * Closed-form gradient correlation between two inputs whose gates are independent, after L layers
 * (docs/science.md, Theory curves), and the mean-field product of measured gates:
 *
 * <table>
 *   <caption>curves</caption>
 *   <tr><th>network</th><th>correlation</th></tr>
 *   <tr><td>feedforward</td><td>2^-L</td></tr>
 *   <tr><td>resnet, branch scale beta</td><td>((1 + beta^2/2) / (1 + beta^2))^L</td></tr>
 *   <tr><td>resnet with batch norm</td>
 *       <td>prod_{l=1..L} (1 + beta^2 kappa_l / 2) / (1 + beta^2 kappa_l), kappa_l = 1 / v_l,
 *       v_l = v_1 + (l - 1) beta^2 (the residual stream's variance; v_1 = 2 |x|^2 / d)</td></tr>
 *   <tr><td>resnet with batch norm, the paper's heuristic beta^2 kappa_l = 1/l</td>
 *       <td>prod_{l=1..L} (1 + 1/(2l)) / (1 + 1/l) = Gamma(L + 3/2) / (Gamma(3/2) Gamma(L + 2))
 *       ~ 2 / sqrt(pi L)</td></tr>
 *   <tr><td>looks-linear</td><td>1</td></tr>
 * </table>
 *
 * <p>The batch-norm row is the mean-field recursion at co-activation 1/4 and active fraction 1/2:
 * a normalized branch with unit-variance input adds beta^2 to the stream's variance per layer, so
 * it acts with the effective squared scale beta^2 kappa_l. With v_1 = 1 and beta = 1 it is the
 * heuristic exactly.
 */
public final class TheoryCurves {

  private TheoryCurves() {
  }

  /** Feedforward: 2^-L. */
  public static double feedforward(int depth) {
    requireDepth(depth);
    return Math.scalb(1.0, -depth);
  }

  /** Resnet with branch scale beta: ((1 + beta^2/2) / (1 + beta^2))^L; (3/4)^L at beta = 1. */
  public static double resnet(double beta, int depth) {
    requireDepth(depth);
    double b2 = beta * beta;
    return Math.pow(resnetLayerFactor(b2), depth);
  }

  /** One resnet layer's factor (1 + b2/2) / (1 + b2) for a squared branch scale b2. */
  public static double resnetLayerFactor(double betaSquared) {
    return (1 + betaSquared / 2) / (1 + betaSquared);
  }

  /**
   * Resnet with batch norm, the heuristic that the l-th branch acts like beta_l^2 = 1/l whatever
   * beta: prod_{l=1..L} (1 + 1/(2l)) / (1 + 1/l), evaluated as the product.
   */
  public static double resnetBatchNormHeuristic(int depth) {
    requireDepth(depth);
    double c = 1.0;
    for (int l = 1; l <= depth; l++) {
      c *= resnetLayerFactor(1.0 / l);
    }
    return c;
  }

  /** The stem's variance v_1 = 2 |x|^2 / d of sphere inputs (|x|^2 = d). */
  public static final double SPHERE_STEM_VARIANCE = 2.0;

  /**
   * The stem's variance v_1 = 2 mean(x^2) of {@code points} line inputs linspace(min, max, P): what
   * the batch-norm row uses for 1-D inputs (the stem W0 has entries N(0, 2)).
   */
  public static double lineStemVariance(double min, double max, int points) {
    if (points < 1 || !(max >= min)) {
      throw new IllegalArgumentException("need points >= 1 and max >= min, got " + points + ", " + min + ", " + max);
    }
    double s = 0;
    for (int p = 0; p < points; p++) {
      double x = points == 1 ? min : min + (max - min) * p / (points - 1);
      s += x * x;
    }
    return 2 * s / points;
  }

  /**
   * kappa_l = 1 / v_l, v_l = v_1 + (l - 1) beta^2, at layers 1..depth (element l-1): the mean
   * squared batch-norm gain of the branch input of a resnet if every unit had the stream's variance.
   */
  public static double[] resnetBatchNormKappa(double beta, int depth, double stemVariance) {
    requireDepth(depth);
    if (!(stemVariance > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("need stem variance > 0 and finite beta, got " + stemVariance + ", " + beta);
    }
    double[] k = new double[depth];
    for (int l = 1; l <= depth; l++) {
      k[l - 1] = 1.0 / (stemVariance + (l - 1) * beta * beta);
    }
    return k;
  }

  /**
   * Resnet with batch norm, beta-aware: prod_{l=1..L} (1 + beta^2 kappa_l / 2) / (1 + beta^2 kappa_l)
   * with kappa_l from {@link #resnetBatchNormKappa}.
   */
  public static double resnetBatchNorm(double beta, int depth, double stemVariance) {
    double c = 1.0;
    for (double k : resnetBatchNormKappa(beta, depth, stemVariance)) {
      c *= resnetLayerFactor(beta * beta * k);
    }
    return c;
  }

  /**
   * The mean-field product of given per-layer gate statistics (element l-1 for layer l): for
   * feedforward prod_l coact_l / active_l; for a resnet prod_l (1 + 2 beta^2 kappa_l coact_l) /
   * (1 + 2 beta^2 kappa_l active_l) (kappa_l = 1 without normalization). NaN when a feedforward
   * layer has no active unit. Looks-linear: 1.
   */
  public static double meanField(Architecture architecture, double beta, double[] active, double[] coactivation,
      double[] kappa) {
    if (active.length != coactivation.length || active.length != kappa.length) {
      throw new IllegalArgumentException("need one active fraction, co-activation and kappa per layer, got "
          + active.length + ", " + coactivation.length + ", " + kappa.length);
    }
    double c = 1.0;
    for (int l = 0; l < active.length; l++) {
      c *= switch (architecture) {
        case FEEDFORWARD -> active[l] > 0 ? coactivation[l] / active[l] : Double.NaN;
        case RESNET -> (1 + 2 * beta * beta * kappa[l] * coactivation[l]) / (1 + 2 * beta * beta * kappa[l] * active[l]);
        case LOOKS_LINEAR -> 1.0;
      };
    }
    return c;
  }

  /** The same curve in its Gamma form, Gamma(L + 3/2) / (Gamma(3/2) Gamma(L + 2)), via log-Gamma. */
  public static double resnetBatchNormGamma(int depth) {
    requireDepth(depth);
    return Math.exp(logGamma(depth + 1.5) - logGamma(1.5) - logGamma(depth + 2.0));
  }

  /** The large-L asymptote of the batch-norm resnet curve: 2 / sqrt(pi L). */
  public static double resnetBatchNormAsymptotic(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    return 2.0 / Math.sqrt(Math.PI * depth);
  }

  /** Looks-linear: 1 (the network is linear at initialization). */
  public static double looksLinear(int depth) {
    requireDepth(depth);
    return 1.0;
  }

  /**
   * The closed form for a network family:
   *
   * <ul>
   *   <li>feedforward (with or without batch norm): 2^-L;
   *   <li>resnet without normalization: the branch-scale formula with {@code beta};
   *   <li>resnet with batch norm: the beta-aware product {@link #resnetBatchNorm(double, int, double)}
   *       with the stem variance v_1 of the inputs ({@link #SPHERE_STEM_VARIANCE} for sphere inputs);
   *   <li>looks-linear: 1.
   * </ul>
   */
  public static double forArchitecture(Architecture architecture, Normalization normalization, double beta,
      int depth, double stemVariance) {
    return switch (architecture) {
      case FEEDFORWARD -> feedforward(depth);
      case RESNET -> normalization == Normalization.BATCH ? resnetBatchNorm(beta, depth, stemVariance)
          : resnet(beta, depth);
      case LOOKS_LINEAR -> looksLinear(depth);
    };
  }

  /** {@link #forArchitecture} at depths 1..maxDepth (element L-1). */
  public static double[] curve(Architecture architecture, Normalization normalization, double beta, int maxDepth,
      double stemVariance) {
    double[] c = new double[maxDepth];
    for (int l = 1; l <= maxDepth; l++) {
      c[l - 1] = forArchitecture(architecture, normalization, beta, l, stemVariance);
    }
    return c;
  }

  private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
      771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  /** log Gamma(x) for x >= 0.5 (Lanczos, g = 7; relative error about 1e-15). */
  static double logGamma(double x) {
    if (!(x >= 0.5)) {
      throw new IllegalArgumentException("logGamma needs x >= 0.5, got " + x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  private static void requireDepth(int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("depth must be >= 0, got " + depth);
    }
  }
}
