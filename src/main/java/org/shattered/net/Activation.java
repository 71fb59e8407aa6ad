package org.shattered.net;

import org.shattered.spec.ActivationSpec;

/**
 * The activation phi of a network's hidden units: its value and derivative, elementwise, on the
 * row-major P x N arrays of pre-activations the networks keep in Java (the ND4J matrices carry only
 * the products). In the style of neural-tangents' {@code stax.Elementwise(fn, kernel_fn)}: this is
 * {@code fn} with its derivative; the kernel side (expectations under one and two correlated
 * Gaussians, for the mean-field theory) is {@code org.shattered.theory.GaussianExpectations}.
 *
 * <p>Every place a network applies phi or phi' goes through here: the fused normalize-and-activate
 * of {@link BatchNorm#forward}, the forward-mode step ({@link ForwardPass}), the backward passes
 * (grad times phi'(v)), and the layer's derivative matrix ({@link GateMatrix}: bits when phi' is a
 * gate, as for ReLU, else the values phi'(v)). ReLU computes exactly what the networks computed
 * before activations were an axis (GoldenWeightsTest, GoldenMeasurementTest).
 *
 * <p>In single precision each stored phi(v) and grad * phi'(v) is rounded to float (for ReLU the
 * rounding changes nothing: max(v, 0) of a float and a product with 0 or 1 are exact).
 */
public interface Activation extends java.io.Serializable {

  /** phi(v). */
  double value(double v);

  /** phi'(v) (at a kink, the right-hand derivative's convention of each implementation). */
  double derivative(double v);

  /** The configured choice this implements. */
  ActivationSpec spec();

  /**
   * Whether phi'(v) is 1 where v &gt; 0 and 0 elsewhere (ReLU): then a layer's derivative matrix is
   * its binary gate matrix, stored as bits.
   */
  default boolean gated() {
    return false;
  }

  /** out[i] = phi(v[i]) for i &lt; v.length, rounded to float when {@code single}. */
  default void values(double[] v, double[] out, boolean single) {
    for (int i = 0; i < v.length; i++) {
      out[i] = Ops.round(value(v[i]), single);
    }
  }

  /** grad[i] = grad[i] * phi'(v[i]), rounded to float when {@code single}: the backward step through phi. */
  default void multiplyByDerivative(double[] grad, double[] v, boolean single) {
    for (int i = 0; i < v.length; i++) {
      grad[i] = Ops.round(grad[i] * derivative(v[i]), single);
    }
  }

  /** The implementation of {@code spec}. */
  static Activation of(ActivationSpec spec) {
    return switch (spec.kind()) {
      case RELU -> Relu.INSTANCE;
      case LEAKY_RELU -> new LeakyRelu(spec.slope());
      case TANH -> Tanh.INSTANCE;
      case SWISH -> Swish.INSTANCE;
      case LINEAR -> Linear.INSTANCE;
    };
  }

  /** rho(v) = max(v, 0), phi' the gate v &gt; 0 (branch-free, see {@link Ops#positive}). */
  final class Relu implements Activation {
    public static final Relu INSTANCE = new Relu();
    private static final long serialVersionUID = 1L;

    private Relu() {}

    @Override
    public double value(double v) {
      return Math.max(v, 0.0);
    }

    /** 1 where v &gt; 0, else 0 (a NaN counts as positive; it makes the task fail anyway). */
    @Override
    public double derivative(double v) {
      return Ops.positive(v);
    }

    @Override
    public ActivationSpec spec() {
      return ActivationSpec.RELU;
    }

    @Override
    public boolean gated() {
      return true;
    }

    /** max(v, 0): exact in either precision. */
    @Override
    public void values(double[] v, double[] out, boolean single) {
      for (int i = 0; i < v.length; i++) {
        out[i] = Math.max(v[i], 0.0);
      }
    }

    /** grad *= (v &gt; 0): exact in either precision. */
    @Override
    public void multiplyByDerivative(double[] grad, double[] v, boolean single) {
      for (int i = 0; i < v.length; i++) {
        grad[i] *= Ops.step(v[i]);
      }
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** v for v &gt; 0, a v otherwise (0 &lt;= a &lt; 1); phi' is 1 or a. */
  record LeakyRelu(double slope) implements Activation {
    @Override
    public double value(double v) {
      return v > 0 ? v : slope * v;
    }

    @Override
    public double derivative(double v) {
      return v > 0 ? 1.0 : slope;
    }

    @Override
    public ActivationSpec spec() {
      return new ActivationSpec(ActivationSpec.Kind.LEAKY_RELU, slope);
    }
  }

  /** tanh(v), phi' = 1 - tanh(v)^2. */
  final class Tanh implements Activation {
    static final Tanh INSTANCE = new Tanh();
    private static final long serialVersionUID = 1L;

    private Tanh() {}

    @Override
    public double value(double v) {
      return Math.tanh(v);
    }

    @Override
    public double derivative(double v) {
      double t = Math.tanh(v);
      return 1 - t * t;
    }

    @Override
    public ActivationSpec spec() {
      return new ActivationSpec(ActivationSpec.Kind.TANH, 0);
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Swish (SiLU) v sigma(v), sigma the logistic function; phi' = sigma(v) (1 + v (1 - sigma(v))). */
  final class Swish implements Activation {
    static final Swish INSTANCE = new Swish();
    private static final long serialVersionUID = 1L;

    private Swish() {}

    private static double sigmoid(double v) {
      return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }

    @Override
    public double value(double v) {
      return v * sigmoid(v);
    }

    @Override
    public double derivative(double v) {
      double s = sigmoid(v);
      return s * (1 + v * (1 - s));
    }

    @Override
    public ActivationSpec spec() {
      return new ActivationSpec(ActivationSpec.Kind.SWISH, 0);
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** phi(v) = v: a deep linear network (phi' = 1). */
  final class Linear implements Activation {
    static final Linear INSTANCE = new Linear();
    private static final long serialVersionUID = 1L;

    private Linear() {}

    @Override
    public double value(double v) {
      return v;
    }

    @Override
    public double derivative(double v) {
      return 1.0;
    }

    @Override
    public ActivationSpec spec() {
      return new ActivationSpec(ActivationSpec.Kind.LINEAR, 0);
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }
}
