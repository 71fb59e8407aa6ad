package org.shattered.theory;

import org.shattered.spec.ActivationSpec;
import org.shattered.spec.Architecture;

/**
 * Mean-field signal propagation through a random network without normalization (Poole et al. 2016,
 * Schoenholz et al. 2017; docs/science.md, Activations and the phase diagram), for an activation
 * phi with weights N(0, sigma_w^2 / fan-in) and biases N(0, sigma_b^2):
 *
 * <ul>
 *   <li>q-map: q' = sigma_w^2 E[phi(u)^2] + sigma_b^2, u ~ N(0, q);
 *   <li>c-map: the covariance q12' = sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2 of two inputs, and
 *       c' = q12' / sqrt(q1' q2');
 *   <li>chi_1 = sigma_w^2 E[phi'(u)^2] (the gradient's squared-norm growth per layer; chi_1 = 1 is
 *       the order-chaos boundary) and chi_c = sigma_w^2 E[phi'(u1) phi'(u2)];
 *   <li>the depth scale xi_c = -1 / ln(chi_c at the fixed point (q*, c*));
 *   <li>the predicted gradient pair correlation after L layers: the product over layers of
 *       chi_c(l) / sqrt(chi_1(l, p) chi_1(l, q)) along the forward trajectory of (q_p, q_q, c) from the
 *       stem, for feedforward nets; for a resnet r_{l+1} = r_l + beta (W phi(r_l) + b) the stream adds
 *       beta^2 (sigma_w^2 E[phi phi] + sigma_b^2) per layer and the factor is (1 + beta^2 chi_c(l)) /
 *       sqrt((1 + beta^2 chi_1(l, p)) (1 + beta^2 chi_1(l, q))).
 * </ul>
 *
 * For ReLU at sigma_w^2 = 2 without biases the feedforward factor is 1/2 + arcsin(c_l) / pi and
 * the resnet's at c = 0 is {@link TheoryCurves#resnetLayerFactor}; for a linear network it is 1.
 *
 * @param phi the activation's Gaussian expectations
 * @param weightVariance sigma_w^2
 * @param biasVariance sigma_b^2
 */
public record MeanField(GaussianExpectations phi, double weightVariance, double biasVariance) {

  /**
   * How one layer of a family combines the stream it receives with its branch in the recursion of
   * {@link #pairCorrelation}: the next (co)variance is {@code skip} times the current one plus
   * {@code branch} times the branch's, and the layer's gradient factor is (skip + branch chi_c) /
   * sqrt((skip + branch chi_1,p)(skip + branch chi_1,q)). A feedforward layer replaces its input
   * (0, 1); a residual one adds beta^2 times its branch (1, beta^2). Each family says which
   * ({@code ArchitectureFamily.meanFieldLayer}).
   */
  public record Layer(double skip, double branch) {
    /** A layer that replaces its input: the next (co)variance is the branch's. */
    public static final Layer REPLACES = new Layer(0, 1);

    /** A residual layer r + beta (W phi(r) + b). */
    public static Layer residual(double beta) {
      return new Layer(1, beta * beta);
    }
  }

  /** The mean field of a configured activation. */
  public static MeanField of(ActivationSpec activation, double weightVariance, double biasVariance) {
    return new MeanField(GaussianExpectations.of(activation), weightVariance, biasVariance);
  }

  /** q' = sigma_w^2 E[phi(u)^2] + sigma_b^2. */
  public double qMap(double q) {
    return weightVariance * phi.square(q) + biasVariance;
  }

  /** c' = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / sqrt(q1' q2'). */
  public double cMap(double q1, double q2, double c) {
    return (weightVariance * phi.cross(q1, q2, c) + biasVariance) / Math.sqrt(qMap(q1) * qMap(q2));
  }

  /** chi_1 = sigma_w^2 E[phi'(u)^2], u ~ N(0, q). */
  public double chi1(double q) {
    return weightVariance * phi.derivativeSquare(q);
  }

  /** chi_c = sigma_w^2 E[phi'(u1) phi'(u2)]. */
  public double chiC(double q1, double q2, double c) {
    return weightVariance * phi.derivativeCross(q1, q2, c);
  }

  /** The fixed point q* of the q-map, iterated from q = 1 (up to 10000 steps, to relative change 1e-13). */
  public double fixedPointQ() {
    double q = 1;
    for (int i = 0; i < 10000; i++) {
      double next = qMap(q);
      if (!Double.isFinite(next) || Math.abs(next - q) <= 1e-13 * Math.max(1, next)) {
        return next;
      }
      q = next;
    }
    return q;
  }

  /** The stable fixed point c* of the c-map at q*, iterated from c = 0.5. */
  public double fixedPointC() {
    double q = fixedPointQ();
    double c = 0.5;
    for (int i = 0; i < 10000; i++) {
      double next = Math.min(1.0, cMap(q, q, c));
      if (Math.abs(next - c) <= 1e-12) {
        return next;
      }
      c = next;
    }
    return c;
  }

  /**
   * xi_c = -1 / ln(chi_c(q*, c*)): the depth over which correlations approach their fixed point (at
   * c* = 1, chi_c = chi_1, and xi_c diverges at chi_1 = 1).
   */
  double depthScale() {
    double q = fixedPointQ();
    return -1.0 / Math.log(chiC(q, q, fixedPointC()));
  }

  /**
   * The predicted gradient pair correlation of two inputs after each depth 1..maxDepth: element
   * L - 1 for depth L.
   *
   * @param q1 the first pre-activation's variance at layer 1 (the stem: sigma_w^2 |x_1|^2 / d + sigma_b^2)
   * @param q2 the second's
   * @param c their correlation at layer 1 ((sigma_w^2 x_1 . x_2 / d + sigma_b^2) / sqrt(q1 q2))
   * @param beta the branch scale of a resnet (ignored for feedforward)
   * @throws IllegalArgumentException for a family the recursion does not describe (looks-linear)
   */
  public double[] pairCorrelation(Architecture architecture, double beta, double q1, double q2, double c,
      int maxDepth) {
    Layer layer = architecture.family().meanFieldLayer(beta);
    if (layer == null) {
      String why = architecture.family().meanFieldRefusal();
      throw new IllegalArgumentException(architecture.configName() + " has no mean-field recursion"
          + (why == null ? "" : ": " + why));
    }
    return pairCorrelation(layer, q1, q2, c, maxDepth);
  }

  /** {@link #pairCorrelation(Architecture, double, double, double, double, int)} for the layers {@code layer}. */
  public double[] pairCorrelation(Layer layer, double q1, double q2, double c, int maxDepth) {
    double skip = layer.skip();
    double b2 = layer.branch();
    double[] out = new double[maxDepth];
    double product = 1;
    double a = q1;
    double b = q2;
    double cov = c * Math.sqrt(q1 * q2);
    for (int l = 0; l < maxDepth; l++) {
      double r = cov / Math.sqrt(a * b);
      double[] both = phi.crossBoth(a, b, r);
      double chiC = weightVariance * both[1];
      double chiA = chi1(a);
      double chiB = chi1(b);
      product *= (skip + b2 * chiC) / Math.sqrt((skip + b2 * chiA) * (skip + b2 * chiB));
      out[l] = product;
      double crossNext = weightVariance * both[0] + biasVariance;
      double aNext = qMap(a);
      double bNext = qMap(b);
      cov = skip * cov + b2 * crossNext;
      a = skip * a + b2 * aNext;
      b = skip * b + b2 * bNext;
    }
    return out;
  }
}
