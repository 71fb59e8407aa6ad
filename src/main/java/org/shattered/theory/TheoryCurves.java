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
 *       v_l = v_1 + (1 - 1/pi) (l - 1) beta^2 (the residual stream's batch variance; v_1 = 2 |x|^2 / d)
 *       ~ L^-pi/(2(pi - 1)) = L^-0.733</td></tr>
 *   <tr><td>resnet with batch norm, the paper's heuristic beta^2 kappa_l = 1/l</td>
 *       <td>prod_{l=1..L} (1 + 1/(2l)) / (1 + 1/l) = Gamma(L + 3/2) / (Gamma(3/2) Gamma(L + 2))
 *       ~ 2 / sqrt(pi L)</td></tr>
 *   <tr><td>looks-linear</td><td>1</td></tr>
 * </table>
 *
 * <p>The batch-norm row is the mean-field recursion at co-activation 1/4 and active fraction 1/2,
 * the branch acting with the effective squared scale beta^2 kappa_l. Batch norm divides by the
 * variance over the batch, and that grows by (1 - 1/pi) beta^2 a layer, not beta^2: the ReLU of a
 * normalized unit has batch variance 1/2 - 1/(2 pi) (its mean 1/sqrt(2 pi) is mapped by W to an
 * offset constant over the batch, which the next normalization removes), and W (entries N(0, 2/N))
 * doubles it (docs/science.md, Theory curves). Then beta^2 kappa_l ~ 1 / ((1 - 1/pi) l) and the
 * product decays like L^-1/(2 (1 - 1/pi)); its Gamma form is {@link #resnetBatchNormGamma(double,
 * int, double)}. The paper's heuristic is the same product with growth 1 instead of 1 - 1/pi,
 * v_1 = 1 and beta = 1.
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

  /**
   * The batch variance a batch-normalized ReLU branch adds to a resnet's stream per unit, per
   * beta^2: 1 - 1/pi (2/N times N units of variance 1/2 - 1/(2 pi) each).
   */
  public static final double BRANCH_BATCH_VARIANCE = 1.0 - 1.0 / Math.PI;

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
   * v_l = v_1 + (1 - 1/pi) (l - 1) beta^2, the batch variance of a batch-normalized resnet's stream
   * at the input of layer l (the variance over the P inputs, which batch norm divides by).
   */
  public static double resnetBatchNormStreamVariance(double beta, int layer, double stemVariance) {
    return stemVariance + (layer - 1) * BRANCH_BATCH_VARIANCE * beta * beta;
  }

  /**
   * kappa_l = 1 / v_l ({@link #resnetBatchNormStreamVariance}) at layers 1..depth (element l-1):
   * the mean squared batch-norm gain of the branch input of a resnet if every unit had the stream's
   * batch variance.
   */
  public static double[] resnetBatchNormKappa(double beta, int depth, double stemVariance) {
    requireDepth(depth);
    if (!(stemVariance > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("need stem variance > 0 and finite beta, got " + stemVariance + ", " + beta);
    }
    double[] k = new double[depth];
    for (int l = 1; l <= depth; l++) {
      k[l - 1] = 1.0 / resnetBatchNormStreamVariance(beta, l, stemVariance);
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
      c *= architecture.family().meanFieldFactor(beta, 2.0, kappa[l], coactivation[l], active[l]);
    }
    return c;
  }

  /**
   * The beta-aware batch-norm curve in its Gamma form. With c = 1 - 1/pi, t = 1/c and a = v_1 / (c
   * beta^2), beta^2 kappa_l = t / (a + l - 1), so layer l's factor is (a + l - 1 + t/2) / (a + l - 1
   * + t) and the product over l = 1..L is
   *
   * <pre>
   *   Gamma(a + L + t/2) Gamma(a + t) / (Gamma(a + t/2) Gamma(a + L + t))  ~  L^-t/2
   * </pre>
   *
   * (1 at beta = 0). A second evaluation of {@link #resnetBatchNorm(double, int, double)}, not used
   * by it.
   */
  public static double resnetBatchNormGamma(double beta, int depth, double stemVariance) {
    requireDepth(depth);
    if (beta == 0) {
      return 1.0;
    }
    double t = 1.0 / BRANCH_BATCH_VARIANCE;
    double a = stemVariance / (BRANCH_BATCH_VARIANCE * beta * beta);
    return Math.exp(logGamma(a + depth + t / 2) + logGamma(a + t) - logGamma(a + t / 2) - logGamma(a + depth + t));
  }

  /**
   * The exponent of the beta-aware batch-norm curve's power law, whatever beta and v_1: it decays
   * like L^-e, e = 1 / (2 (1 - 1/pi)) = pi / (2 (pi - 1)) = 0.7335 (the heuristic's is 1/2).
   */
  public static final double RESNET_BATCH_NORM_EXPONENT = 0.5 / BRANCH_BATCH_VARIANCE;

  /**
   * The local exponent -d log c / d log L of a curve between two depths: -log(c(L2) / c(L1)) /
   * log(L2 / L1), what the report measures between neighbouring depths.
   */
  public static double localExponent(int depth1, double value1, int depth2, double value2) {
    return -Math.log(value2 / value1) / Math.log((double) depth2 / depth1);
  }

  /** The paper's heuristic in its Gamma form, Gamma(L + 3/2) / (Gamma(3/2) Gamma(L + 2)), via log-Gamma. */
  public static double resnetBatchNormGamma(int depth) {
    requireDepth(depth);
    return Math.exp(logGamma(depth + 1.5) - logGamma(1.5) - logGamma(depth + 2.0));
  }

  /** The large-L asymptote of the paper's heuristic: 2 / sqrt(pi L). */
  static double resnetBatchNormAsymptotic(int depth) {
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
    return architecture.family().closedForm(normalization, beta, depth, stemVariance);
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
