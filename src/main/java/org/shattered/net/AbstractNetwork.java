package org.shattered.net;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * What the three architectures share: the stored normalized pre-activations v_l of every ReLU
 * layer (row-major P x N Java arrays, points as rows: the ReLU inputs, from which masks and gates
 * come), batch norm, the matrix products, and the public passes built on a subclass's
 * {@link #forward} and {@link #backward}.
 */
abstract class AbstractNetwork implements Network {
  protected final TaskSpec spec;
  protected final int points;
  protected final int units;
  protected final int depth;
  protected final boolean single;
  protected final Blas blas;
  protected final BatchNorm norm;
  /** v_l, the normalized pre-activation of ReLU layer l (0-based), P x N. */
  protected final double[][] v;
  protected final double[] x;
  protected final double[] y;
  protected final double[] g;
  protected final double[] w0;
  protected final double[] b0;
  protected final double[] wOut;
  private boolean closed;

  /** Takes ownership of {@code blas}; {@code draw} holds the weights already drawn. */
  protected AbstractNetwork(TaskSpec spec, Blas blas, Draw draw) {
    this.spec = spec;
    this.blas = blas;
    points = spec.points();
    units = spec.width();
    depth = spec.depth();
    single = blas.single();
    norm = new BatchNorm(spec.normalization(), spec.gradientMode(), single, depth, points, units);
    v = new double[depth][points * units];
    x = new double[points];
    y = new double[points];
    g = new double[points];
    w0 = rounded(draw.stem());
    b0 = draw.stemBias() == null ? null : rounded(draw.stemBias());
    wOut = rounded(draw.out());
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

  /** Gate matrix of ReLU layer l (0-based), from v_l. */
  protected GateMatrix gates(int layer) {
    long[] bits = new long[units * GateMatrix.words(points)];
    Ops.gateBits(v[layer], points, units, 1.0, bits, 0);
    return new GateMatrix(units, points, bits);
  }

  private void input(double[] in) {
    if (closed) {
      throw new IllegalStateException("network closed");
    }
    if (in.length != points) {
      throw new IllegalArgumentException(in.length + " inputs, network built for " + points);
    }
    for (int p = 0; p < points; p++) {
      x[p] = Ops.round(in[p], single);
    }
  }

  @Override
  public double[] outputs(double[] in) {
    input(in);
    forward(false);
    return y.clone();
  }

  @Override
  public double[] outputs(double[] in, double[] statisticsFrom) {
    input(statisticsFrom);
    forward(false);
    input(in);
    forward(true);
    return y.clone();
  }

  @Override
  public Backprop backprop(double[] in) {
    input(in);
    forward(false);
    double[] out = y.clone();
    backward();
    List<GateMatrix> gates = new ArrayList<>(depth);
    for (int l = 0; l < depth; l++) {
      gates.add(gates(l));
    }
    return new Backprop(out, g.clone(), gates);
  }

  @Override
  public void close() {
    closed = true;
    blas.close();
  }

  /** The weights of one network, drawn in Java in the order documented on {@link Networks}. */
  record Draw(double[] stem, double[][] layers, double[] out, double[] stemBias, double[][] layerBiases) {}
}
