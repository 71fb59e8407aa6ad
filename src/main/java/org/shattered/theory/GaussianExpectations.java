package org.shattered.theory;

import org.shattered.net.Activation;
import org.shattered.spec.ActivationSpec;

/**
 * The theory side of an activation phi (neural-tangents' {@code kernel_fn}): expectations of phi and
 * phi' under one centred Gaussian u ~ N(0, q) and two, (u1, u2) with variances q1, q2 and
 * correlation c. These are what the mean-field recursions need ({@link MeanField}). Closed forms
 * where one exists (ReLU, leaky ReLU and linear: the arc-cosine kernel of degree 0 and 1), else
 * quadrature of {@link Activation#value} and {@link Activation#derivative} (tanh, swish), one- and
 * two-dimensional, by {@link GaussianRule#standard()} (its step chosen by
 * GaussianExpectationsTest's convergence test).
 */
public interface GaussianExpectations {

  /** E[phi(u)^2], u ~ N(0, q). */
  double square(double q);

  /** E[phi(u1) phi(u2)]. */
  double cross(double q1, double q2, double c);

  /** E[phi'(u)^2], u ~ N(0, q). */
  double derivativeSquare(double q);

  /** E[phi'(u1) phi'(u2)]. */
  double derivativeCross(double q1, double q2, double c);

  /**
   * {E[phi(u1) phi(u2)], E[phi'(u1) phi'(u2)]} together (quadrature evaluates both on one grid).
   */
  default double[] crossBoth(double q1, double q2, double c) {
    return new double[] {cross(q1, q2, c), derivativeCross(q1, q2, c)};
  }


  /** The expectations of {@code spec}: closed form for relu, leaky-relu and linear, quadrature otherwise. */
  static GaussianExpectations of(ActivationSpec spec) {
    return switch (spec.kind()) {
      case RELU -> new PiecewiseLinear(0.0);
      case LEAKY_RELU -> new PiecewiseLinear(spec.slope());
      case LINEAR -> new PiecewiseLinear(1.0);
      case TANH, SWISH -> new Quadrature(Activation.of(spec), GaussianRule.standard());
    };
  }

  /**
   * phi(v) = a v + (1 - a) max(v, 0) (ReLU a = 0, leaky ReLU 0 &lt; a &lt; 1, linear a = 1), in closed
   * form: with s = sqrt(q1 q2) and the arc-cosine kernels k0(c) = (pi - arccos c) / (2 pi) =
   * E[H(z1) H(z2)] and k1(c) = (sqrt(1 - c^2) + (pi - arccos c) c) / (2 pi) = E[relu(z1) relu(z2)]
   * (unit variances, Cho and Saul 2009):
   *
   * <pre>
   *   E[phi(u1) phi(u2)]   = s ((a^2 + a (1 - a)) c + (1 - a)^2 k1(c))
   *   E[phi'(u1) phi'(u2)] = a^2 + a (1 - a) + (1 - a)^2 k0(c)
   * </pre>
   *
   * (E[u1 relu(u2)] = s c / 2 by the symmetry (u1, u2) -&gt; (-u1, -u2)), and at c = 1
   * E[phi^2] = q (1 + a^2) / 2, E[phi'^2] = (1 + a^2) / 2. For ReLU the ratio
   * E[phi' phi'] / E[phi'^2] is 1/2 + arcsin(c) / pi.
   *
   * @param slope a
   */
  record PiecewiseLinear(double slope) implements GaussianExpectations {
    @Override
    public double square(double q) {
      return q * (1 + slope * slope) / 2;
    }

    @Override
    public double cross(double q1, double q2, double c) {
      double r = clamp(c);
      double k1 = (Math.sqrt(1 - r * r) + (Math.PI - Math.acos(r)) * r) / (2 * Math.PI);
      double a = slope;
      return Math.sqrt(q1 * q2) * ((a * a + a * (1 - a)) * r + (1 - a) * (1 - a) * k1);
    }

    @Override
    public double derivativeSquare(double q) {
      return (1 + slope * slope) / 2;
    }

    @Override
    public double derivativeCross(double q1, double q2, double c) {
      double a = slope;
      double k0 = (Math.PI - Math.acos(clamp(c))) / (2 * Math.PI);
      return a * a + a * (1 - a) + (1 - a) * (1 - a) * k0;
    }
  }

  /**
   * Quadrature: E[f(u)] = sum_i w_i f(sqrt(q) z_i), and for two correlated Gaussians
   * u1 = sqrt(q1) z1, u2 = sqrt(q2) (c z1 + sqrt(1 - c^2) z2) the tensor-product rule over (z1, z2).
   */
  record Quadrature(Activation phi, GaussianRule rule) implements GaussianExpectations {
    @Override
    public double square(double q) {
      return meanSquare(phi::value, q);
    }

    @Override
    public double derivativeSquare(double q) {
      return meanSquare(phi::derivative, q);
    }

    /** E[f(u)^2] for u ~ N(0, q). */
    private double meanSquare(java.util.function.DoubleUnaryOperator f, double q) {
      double r = Math.sqrt(q);
      return rule.expect(z -> {
        double v = f.applyAsDouble(r * z);
        return v * v;
      });
    }

    @Override
    public double cross(double q1, double q2, double c) {
      return crossBoth(q1, q2, c)[0];
    }

    @Override
    public double derivativeCross(double q1, double q2, double c) {
      return crossBoth(q1, q2, c)[1];
    }

    @Override
    public double[] crossBoth(double q1, double q2, double c) {
      double r = clamp(c);
      double s1 = Math.sqrt(q1);
      double s2 = Math.sqrt(q2);
      double orth = Math.sqrt(1 - r * r);
      double[] z = rule.nodes();
      double[] w = rule.weights();
      int n = z.length;
      double values = 0;
      double derivatives = 0;
      for (int i = 0; i < n; i++) {
        double u1 = s1 * z[i];
        double innerValue = 0;
        double innerDerivative = 0;
        for (int j = 0; j < n; j++) {
          double u2 = s2 * (r * z[i] + orth * z[j]);
          innerValue += w[j] * phi.value(u2);
          innerDerivative += w[j] * phi.derivative(u2);
        }
        values += w[i] * phi.value(u1) * innerValue;
        derivatives += w[i] * phi.derivative(u1) * innerDerivative;
      }
      return new double[] {values, derivatives};
    }
  }

  /** c clamped to [-1, 1] (rounding can push a correlation just past 1). */
  static double clamp(double c) {
    return Math.max(-1.0, Math.min(1.0, c));
  }
}
