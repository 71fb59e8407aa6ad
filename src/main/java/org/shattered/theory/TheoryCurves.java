package org.shattered.theory;

import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;

/**
 * Closed-form gradient correlation between two inputs whose gates are independent, after L layers
 * (docs/science.md, Theory curves):
 *
 * <table>
 *   <caption>curves</caption>
 *   <tr><th>network</th><th>correlation</th></tr>
 *   <tr><td>feedforward</td><td>2^-L</td></tr>
 *   <tr><td>resnet, branch scale beta</td><td>((1 + beta^2/2) / (1 + beta^2))^L</td></tr>
 *   <tr><td>resnet with batch norm (branch acts like beta_l^2 = 1/l)</td>
 *       <td>prod_{l=1..L} (1 + 1/(2l)) / (1 + 1/l) = Gamma(L + 3/2) / (Gamma(3/2) Gamma(L + 2))
 *       ~ 2 / sqrt(pi L)</td></tr>
 *   <tr><td>looks-linear</td><td>1</td></tr>
 * </table>
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
   * Resnet with batch norm, the heuristic that the l-th branch acts like beta_l^2 = 1/l:
   * prod_{l=1..L} (1 + 1/(2l)) / (1 + 1/l), evaluated as the product.
   */
  public static double resnetBatchNorm(int depth) {
    requireDepth(depth);
    double c = 1.0;
    for (int l = 1; l <= depth; l++) {
      c *= resnetLayerFactor(1.0 / l);
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
   * The curve to overlay for a network family:
   *
   * <ul>
   *   <li>feedforward (with or without batch norm): 2^-L;
   *   <li>resnet without normalization: the branch-scale formula with {@code beta};
   *   <li>resnet with batch norm: the batch-norm heuristic of the theory table (docs/science.md), which models the
   *       growth of the residual stream (beta_l^2 ~ 1/l) and ignores {@code beta}; it is the
   *       table's curve for beta = 1, and only a rough guide for other values;
   *   <li>looks-linear: 1.
   * </ul>
   */
  public static double forArchitecture(Architecture architecture, Normalization normalization, double beta,
      int depth) {
    return switch (architecture) {
      case FEEDFORWARD -> feedforward(depth);
      case RESNET -> normalization == Normalization.BATCH ? resnetBatchNorm(depth) : resnet(beta, depth);
      case LOOKS_LINEAR -> looksLinear(depth);
    };
  }

  /** {@link #forArchitecture} at depths 1..maxDepth (element L-1). */
  public static double[] curve(Architecture architecture, Normalization normalization, double beta, int maxDepth) {
    double[] c = new double[maxDepth];
    for (int l = 1; l <= maxDepth; l++) {
      c[l - 1] = forArchitecture(architecture, normalization, beta, l);
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
