package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The plain feedforward net: a_1 = phi(n(W0 x + b0)), a_{l+1} = phi(n(W_l a_l + b_l)) for
 * l = 1..L-1, y = w_out . a_L (phi = rho, the ReLU, by default). Activations are P x N (points as rows), so a layer is Z = A W^T.
 */
final class FeedforwardNetwork extends AbstractNetwork {
  private final INDArray[] w;
  private final double[][] b;
  private final double[] act;
  private final double[] gradA;
  private final double[] gradB;
  /** Forward mode: z_l (P x N) and its tangent dz_l/dx (P x N), read back from the product. */
  private final double[] z;
  private final double[] zTangent;
  /** Forward mode: the last layer's [a ; da/dx], 2P x N, read back for the output. */
  private final double[] lastLayer;

  FeedforwardNetwork(TaskSpec spec, Blas blas, Draw draw, boolean forwardCapable) {
    super(spec, blas, draw, forwardCapable);
    w = draw.layers();
    b = layerBiases(draw, depth - 1);
    act = new double[points * units];
    gradA = forwardMode ? null : new double[points * units];
    gradB = forwardMode ? null : new double[points * units];
    z = forwardMode ? new double[points * units] : null;
    zTangent = forwardMode ? new double[points * units] : null;
    lastLayer = forwardMode ? new double[2 * points * units] : null;
  }

  /**
   * Values and tangents in one pass: each layer is one product of the 2P x N matrix [a ; da/dx]
   * with W^T; the output is read back in blocks (bias added, column sums for the batch mean
   * accumulated on the way) and the next layer's input streamed in by {@link ForwardPass}.
   */
  @Override
  protected void forwardGradient(boolean[] prefixes, java.util.function.IntConsumer took) {
    stem(z);
    norm.statistics(0, z, null);
    Ops.fillRows(zTangent, w0); // the stem's tangent: w0 in every row
    keepGates(0, pass.activate(0, z, zTangent, product));
    output(1, prefixes, took);
    int block = pass.blockRows();
    int last = lastPrefix(prefixes);
    for (int l = 1; l < last; l++) {
      product.multiply(w[l - 1], true);
      double[] bias = biasOrNothing(b[l - 1]);
      java.util.Arrays.fill(columnSums, 0);
      for (int first = 0; first < points; first += block) {
        int rows = Math.min(block, points - first);
        product.get(first, rows, z, first * units);
        product.get(points + first, rows, zTangent, first * units);
        if (single) {
          addBiasSingle(first * units, rows * units, bias);
        } else {
          addBiasDouble(first * units, rows * units, bias);
        }
      }
      norm.statistics(l, z, columnSums);
      keepGates(l, pass.activate(l, z, zTangent, product));
      output(l + 1, prefixes, took);
    }
  }

  /**
   * After layer {@code d}'s activation, when the depth-d prefix is asked for: y and g of the
   * depth-d network from the product's input [a_d ; da_d/dx].
   */
  private void output(int d, boolean[] prefixes, java.util.function.IntConsumer took) {
    if (!prefixes[d]) {
      return;
    }
    product.getInput(0, 2 * points, lastLayer, 0);
    Ops.rowDot(lastLayer, wOut, y, single);
    Ops.rowDot(lastLayer, points * units, wOut, g, single);
    took.accept(d);
  }

  // z += b over one block of rows, summing z per unit; in double and in float as separate loops (see
  // ForwardPass). A missing bias is -0.0 (see biasOrNothing).

  private void addBiasDouble(int from, int count, double[] bias) {
    for (int i = from; i < from + count; i += units) {
      for (int u = 0; u < units; u++) {
        double v = z[i + u] + bias[u];
        z[i + u] = v;
        columnSums[u] += v;
      }
    }
  }

  private void addBiasSingle(int from, int count, double[] bias) {
    for (int i = from; i < from + count; i += units) {
      for (int u = 0; u < units; u++) {
        double v = (float) (z[i + u] + bias[u]);
        z[i + u] = v;
        columnSums[u] += v;
      }
    }
  }

  @Override
  protected void forward(boolean reuse) {
    stem(v(0));
    norm.forward(0, v(0), v(0), act, reuse);
    for (int l = 1; l < depth; l++) {
      double[] vl = v(l);
      blas.multiply(act, points, w[l - 1], true, vl);
      Ops.addBias(vl, b[l - 1], single);
      norm.forward(l, vl, vl, act, reuse);
    }
    Ops.rowDot(act, wOut, y, single);
  }

  @Override
  protected void backward() {
    double[] grad = gradA; // d/da_l, then in place d/dv_l and d/dz_l
    double[] next = gradB;
    Ops.fillRows(grad, wOut);
    for (int l = depth - 1; l > 0; l--) {
      activation.multiplyByDerivative(grad, v[l], single);
      norm.backward(l, grad, v[l]);
      blas.multiply(grad, points, w[l - 1], false, next);
      double[] swap = grad;
      grad = next;
      next = swap;
    }
    activation.multiplyByDerivative(grad, v[0], single);
    norm.backward(0, grad, v[0]);
    inputGradient(grad);
  }
}
