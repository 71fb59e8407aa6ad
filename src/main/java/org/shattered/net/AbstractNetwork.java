package org.shattered.net;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * What the three architectures share: the P x 1 input, output and gradient columns, the per-layer
 * stored normalized pre-activations v_l (P x N, points as rows; the ReLU inputs, from which the
 * masks and gates come), batch norm, and the public passes built on a subclass's {@link #forward}
 * and {@link #backward}.
 */
abstract class AbstractNetwork implements Network {
  protected final TaskSpec spec;
  protected final int points;
  protected final int units;
  protected final int depth;
  protected final Tensors t;
  protected final BatchNorm norm;
  /** v_l, the normalized pre-activation of ReLU layer l (0-based), P x N. */
  protected final INDArray[] v;
  protected final INDArray x;
  protected final INDArray y;
  protected final INDArray g;
  /** P x N, every row w_out: the gradient of sum_p y_p with respect to the last hidden matrix. */
  protected final INDArray outGrad;
  protected final INDArray w0;
  protected final INDArray wOut;
  private boolean closed;

  /** Takes ownership of {@code t}; {@code draw} holds the weights already drawn. */
  protected AbstractNetwork(TaskSpec spec, Tensors t, Draw draw) {
    this.spec = spec;
    this.t = t;
    points = spec.points();
    units = spec.width();
    depth = spec.depth();
    norm = new BatchNorm(t, spec.normalization(), spec.gradientMode(), depth, points, units);
    v = new INDArray[depth];
    for (int l = 0; l < depth; l++) {
      v[l] = t.zeros(points, units);
    }
    x = t.zeros(points, 1);
    y = t.zeros(points, 1);
    g = t.zeros(points, 1);
    w0 = t.of(draw.stem, units, 1);
    wOut = t.of(draw.out, units, 1);
    double[] rows = new double[points * units];
    for (int p = 0; p < points; p++) {
      System.arraycopy(draw.out, 0, rows, p * units, units);
    }
    outGrad = t.of(rows, points, units);
  }

  static DataType dataType(Precision precision) {
    return precision == Precision.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
  }

  /** Forward pass from the input column {@link #x} to the output column {@link #y}. */
  protected abstract void forward(boolean reuseStatistics);

  /** Backward pass after {@link #forward}: d(sum_p y_p)/dx into {@link #g}. */
  protected abstract void backward();

  /** Gate matrix of ReLU layer l (0-based), from v_l. */
  protected GateMatrix gates(int layer) {
    return GateMatrix.fromPointMajor(Tensors.read(v[layer]), points, units);
  }

  private void input(double[] in) {
    if (closed) {
      throw new IllegalStateException("network closed");
    }
    if (in.length != points) {
      throw new IllegalArgumentException(in.length + " inputs, network built for " + points);
    }
    Tensors.write(x, in);
  }

  @Override
  public double[] outputs(double[] in) {
    input(in);
    forward(false);
    return Tensors.read(y);
  }

  @Override
  public double[] outputs(double[] in, double[] statisticsFrom) {
    input(statisticsFrom);
    forward(false);
    input(in);
    forward(true);
    return Tensors.read(y);
  }

  @Override
  public Backprop backprop(double[] in) {
    input(in);
    forward(false);
    double[] out = Tensors.read(y);
    backward();
    List<GateMatrix> gates = new ArrayList<>(depth);
    for (int l = 0; l < depth; l++) {
      gates.add(gates(l));
    }
    return new Backprop(out, Tensors.read(g), gates);
  }

  @Override
  public void close() {
    closed = true;
    t.close();
  }

  /** Adds a bias row vector to every row of m when biases are on (bias null otherwise). */
  protected static void addBias(INDArray m, INDArray bias) {
    if (bias != null) {
      m.addiRowVector(bias);
    }
  }

  /** The weights of one network, drawn in Java in the order documented on {@link Networks}. */
  record Draw(double[] stem, double[][] layers, double[] out, double[] stemBias, double[][] layerBiases) {}
}
