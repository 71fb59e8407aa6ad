package org.shattered.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * What the three architectures share: the normalized pre-activations v_l of the ReLU layers
 * (row-major P x N Java arrays, points as rows: the ReLU inputs, from which masks and gates come),
 * batch norm, the matrix products, and the public passes built on a subclass's {@link #forward},
 * {@link #backward} and, where the gradient is a per-point derivative, {@link #forwardGradient}.
 *
 * <p>Two ways to the gradient, both checked against finite differences and against each other
 * (GradientTest): a backward pass after a forward pass that keeps every v_l (batch statistics
 * differentiated through, and looks-linear), and forward mode, one pass carrying each point's
 * tangent dh/dx beside its activations, keeping only the gate bits (frozen statistics or no
 * normalization, feedforward and resnet). Forward mode does the same number of flops in half as
 * many, twice as tall, products, with no second pass over stored layers.
 */
abstract class AbstractNetwork implements Network {
  protected final TaskSpec spec;
  protected final int points;
  protected final int units;
  protected final int depth;
  /** Input dimension d: x and g are P x d, point-major. */
  protected final int dim;
  protected final boolean single;
  /** phi of the hidden units (ReLU for looks-linear, which is defined by it). */
  protected final Activation activation;
  protected final Blas blas;
  protected final BatchNorm norm;
  /**
   * Whether {@link #backprop} runs in forward mode ({@link #forwardGradient}): then the layers do
   * not keep their v_l, only their gate bits.
   */
  protected final boolean forwardMode;
  /**
   * v_l, the normalized pre-activation of ReLU layer l (0-based), P x N; in forward mode one array
   * that every layer overwrites (read it through {@link #v(int)}).
   */
  protected final double[][] v;
  /** Forward mode: the derivative matrix of every layer of the last {@link #backprop}. */
  private GateMatrix[] layerGates;
  /** Forward mode: the element-wise step of every layer; null otherwise. */
  protected final ForwardPass pass;
  /** Forward mode: the product of each layer, [values ; tangents] (2P x N) times W^T; null otherwise. */
  protected final Blas.Product product;
  /** Forward mode: per-unit sums of the next layer's pre-activation, for its batch mean. */
  protected final double[] columnSums;
  /** -0.0 per unit: the exact additive identity, standing in for a missing bias. */
  private final double[] noBias;
  protected final double[] x;
  protected final double[] y;
  protected final double[] g;
  protected final double[] w0;
  protected final double[] b0;
  protected final double[] wOut;
  private boolean closed;
  /** Whether the last pass was {@link #backprop} (its gates and batch statistics are current). */
  private boolean afterBackprop;

  /**
   * Takes ownership of {@code blas}; {@code draw} holds the weights already drawn. A subclass with
   * a {@link #forwardGradient} passes {@code forwardCapable}; forward mode is then used when the
   * gradient is a per-point derivative (see {@link #forwardModeApplies}).
   */
  protected AbstractNetwork(TaskSpec spec, Blas blas, Draw draw, boolean forwardCapable) {
    this.spec = spec;
    this.blas = blas;
    points = spec.points();
    units = spec.width();
    depth = spec.depth();
    dim = spec.inputDim();
    single = blas.single();
    activation = Activation.of(spec.activation());
    norm = new BatchNorm(spec.normalization(), spec.gradientMode(), single, depth, points, units, activation);
    forwardMode = forwardCapable && forwardModeApplies(spec) && dim == 1;
    v = new double[forwardMode ? 1 : depth][points * units];
    pass = forwardMode ? new ForwardPass(norm, activation, points, units, single) : null;
    product = forwardMode ? blas.product(2 * points, units, units) : null;
    columnSums = new double[units];
    noBias = new double[units];
    java.util.Arrays.fill(noBias, -0.0);
    x = new double[points * dim];
    y = new double[points];
    g = new double[points * dim];
    w0 = rounded(draw.stem());
    b0 = draw.stemBias() == null ? null : rounded(draw.stemBias());
    wOut = rounded(draw.out());
  }

  /**
   * Whether y_p depends on x_p alone (no normalization, or frozen statistics), so that the
   * gradient d(sum_q y_q)/dx_p is the per-point derivative dy_p/dx_p that forward mode computes.
   * Forward mode is used only for 1-D inputs: with d inputs it would carry d tangents per point (d
   * times the products), while one backward pass gives all d coordinates.
   */
  static boolean forwardModeApplies(TaskSpec spec) {
    return spec.normalization() == Normalization.NONE || spec.gradientMode() == GradientMode.FROZEN;
  }

  /** {@code bias}, or when it is null -0.0 per unit, which adds exactly nothing to any value. */
  protected final double[] biasOrNothing(double[] bias) {
    return bias == null ? noBias : bias;
  }

  /** v_l of layer l: its own array, or in forward mode the one array all layers share. */
  protected final double[] v(int layer) {
    return forwardMode ? v[0] : v[layer];
  }

  /**
   * The stem z = x W0^T + b0 into {@code z} (P x N): for d = 1 one rounded product per element
   * ({@link Ops#stem}, unchanged since line inputs existed alone), else the d-term sum per element
   * accumulated in double and rounded once ({@link Ops#stemMatrix}).
   */
  protected final void stem(double[] z) {
    if (dim == 1) {
      Ops.stem(x, w0, b0, z, single);
    } else {
      Ops.stemMatrix(x, dim, w0, b0, z, single);
    }
  }

  /**
   * The input gradient g = grad W0 from the gradient at the stem's output (P x N): g_p = sum_u
   * grad[p, u] w0[u] for d = 1, and its d coordinates g[p, j] = sum_u grad[p, u] W0[u, j] otherwise.
   */
  protected final void inputGradient(double[] grad) {
    if (dim == 1) {
      Ops.rowDot(grad, w0, g, single);
    } else {
      Ops.stemGradient(grad, units, w0, dim, g, single);
    }
  }

  /** The deepest prefix asked for: the forward pass stops after that layer. */
  protected static int lastPrefix(boolean[] prefixes) {
    for (int d = prefixes.length - 1; d > 0; d--) {
      if (prefixes[d]) {
        return d;
      }
    }
    throw new IllegalArgumentException("no depth asked for");
  }

  /** Forward mode: keeps the derivative matrix of layer l (from {@link ForwardPass#activate}). */
  protected final void keepGates(int layer, GateMatrix gates) {
    layerGates[layer] = gates;
  }

  static DataType dataType(Precision precision) {
    return precision == Precision.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
  }

  /** The values in this network's precision. */
  protected final double[] rounded(double[] values) {
    double[] r = new double[values.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Ops.round(values[i], single);
    }
    return r;
  }

  /** The layer biases of {@code draw} in this network's precision, or an array of nulls without biases. */
  protected final double[][] layerBiases(Draw draw, int count) {
    double[][] b = new double[count][];
    for (int l = 0; l < count; l++) {
      b[l] = draw.layerBiases() == null ? null : rounded(draw.layerBiases()[l]);
    }
    return b;
  }

  /** Forward pass from {@link #x} to {@link #y}, storing every v_l. */
  protected abstract void forward(boolean reuseStatistics);

  /** Backward pass after {@link #forward}: d(sum_p y_p)/dx_p into {@link #g}. */
  protected abstract void backward();

  /**
   * Forward-mode alternative to {@link #forward} then {@link #backward}, when the gradient mode
   * allows it: one pass that carries the tangent dh/dx_p of every point beside its activations (the
   * input is one number per point, so the tangent has the activations' shape), keeping every
   * layer's gate bits. Only for frozen statistics or no normalization, where y_p depends on x_p
   * alone and dy_p/dx_p is d(sum_q y_q)/dx_p. Called only when {@link #forwardMode}; it calls
   * {@link #keepGates} for every layer.
   *
   * <p>After the layer that ends the depth-d prefix of the network, for every d with
   * {@code prefixes[d]}, it writes that prefix's outputs into {@link #y} and gradient into
   * {@link #g} and calls {@code took.accept(d)}: the prefix's output and tangent are already there,
   * computed by exactly the operations the depth-d network alone would run. {@link #backprop} asks
   * for the full depth only.
   */
  protected void forwardGradient(boolean[] prefixes, java.util.function.IntConsumer took) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no forward mode");
  }

  /**
   * The derivative matrix phi'(v_l) of layer l (0-based), from v_l: gate bits for ReLU, else the
   * values, unit-major.
   */
  protected GateMatrix gates(int layer) {
    if (forwardMode) {
      return layerGates[layer];
    }
    if (activation.gated()) {
      long[] bits = new long[units * GateMatrix.words(points)];
      Ops.gateBits(v[layer], points, units, 1.0, bits, 0);
      return new GateMatrix(units, points, bits);
    }
    double[] d = new double[units * points];
    double[] vl = v[layer];
    for (int p = 0; p < points; p++) {
      for (int u = 0; u < units; u++) {
        d[u * points + p] = activation.derivative(vl[p * units + u]);
      }
    }
    return GateMatrix.ofDerivatives(units, points, d);
  }

  private void input(double[] in) {
    if (closed) {
      throw new IllegalStateException("network closed");
    }
    if (in.length != points * dim) {
      throw new IllegalArgumentException(in.length + " input values, network built for " + points + " points in R^"
          + dim);
    }
    for (int p = 0; p < in.length; p++) {
      x[p] = Ops.round(in[p], single);
    }
  }

  /**
   * Fails unless the last pass was {@link #backprop}, whose gates and batch statistics a later
   * computation (the path decomposition) reuses.
   */
  protected final void requireBackprop() {
    if (closed) {
      throw new IllegalStateException("network closed");
    }
    if (!afterBackprop) {
      throw new IllegalStateException("no backprop since the last pass: gates and statistics are not current");
    }
  }

  @Override
  public double[] outputs(double[] in) {
    afterBackprop = false;
    input(in);
    forward(false);
    return y.clone();
  }

  @Override
  public double[] outputs(double[] in, double[] statisticsFrom) {
    afterBackprop = false;
    input(statisticsFrom);
    forward(false);
    input(in);
    forward(true);
    return y.clone();
  }

  @Override
  public Backprop backprop(double[] in) {
    input(in);
    if (forwardMode) {
      layerGates = new GateMatrix[depth];
      boolean[] full = new boolean[depth + 1];
      full[depth] = true;
      forwardGradient(full, d -> { });
    } else {
      forward(false);
      backward();
    }
    afterBackprop = true;
    return result();
  }

  @Override
  public boolean nestsDepths() {
    return forwardMode;
  }

  @Override
  public List<Backprop> backpropPrefixes(double[] in, int[] depths) {
    if (!forwardMode) {
      throw new UnsupportedOperationException(spec.label() + " computes its gradient with a backward pass: "
          + "its depths cannot be read from one forward pass");
    }
    boolean[] prefixes = new boolean[depth + 1];
    int previous = 0;
    for (int d : depths) {
      if (d <= previous || d > depth) {
        throw new IllegalArgumentException("depths must ascend within 1.." + depth + ": " + Arrays.toString(depths));
      }
      prefixes[d] = true;
      previous = d;
    }
    input(in);
    afterBackprop = false; // the statistics are the deepest network's, the gates every prefix's
    layerGates = new GateMatrix[depth];
    GateMatrix[] gates = new GateMatrix[depth];
    List<Backprop> out = new ArrayList<>(depths.length);
    forwardGradient(prefixes, d -> out.add(prefix(d, gates)));
    return out;
  }

  /** The depth-d prefix's pass, just computed in forward mode; each layer's matrix is one object in every prefix. */
  private Backprop prefix(int d, GateMatrix[] gates) {
    List<GateMatrix> list = new ArrayList<>(d);
    for (int l = 0; l < d; l++) {
      if (gates[l] == null) {
        gates[l] = gates(l);
      }
      list.add(gates[l]);
    }
    List<double[]> gains = norm.gains();
    return new Backprop(y.clone(), g.clone(), list, gains.subList(0, Math.min(d, gains.size())));
  }

  /** The pass just computed by {@link #backprop}: outputs, gradient, gates and gains of all layers. */
  private Backprop result() {
    double[] out = y.clone();
    List<GateMatrix> gates = new ArrayList<>(depth);
    for (int l = 0; l < depth; l++) {
      gates.add(gates(l));
    }
    return new Backprop(out, g.clone(), gates, norm.gains());
  }

  @Override
  public void close() {
    closed = true;
    blas.close();
  }

  /**
   * The weights of one network, drawn in Java in the order documented on {@link Networks} (equality is
   * identity: weights are shared by reference, never compared).
   */
  record Draw(double[] stem, INDArray[] layers, double[] out, double[] stemBias, double[][] layerBiases) {}
}
