package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The residual net: r_1 = W0 x + b0, r_{l+1} = r_l + beta (W_l phi(n(r_l)) + b_l) for l = 1..L (phi = rho by default),
 * y = w_out . r_{L+1}. The stream r is one P x N array updated in place.
 */
final class ResnetNetwork extends AbstractNetwork {
  private final double beta;
  private final INDArray[] w;
  private final double[][] b;
  private final double[] stream;
  private final double[] hidden;
  private final double[] branch;
  /** Forward mode: dr_l/dx, P x N. */
  private final double[] streamTangent;
  /** Forward mode: one block of rows of the product's output (branch, then its tangent). */
  private final double[] branchBlock;
  private final double[] tangentBlock;

  ResnetNetwork(TaskSpec spec, Blas blas, Draw draw, boolean forwardCapable) {
    super(spec, blas, draw, forwardCapable);
    beta = Ops.round(spec.beta(), single);
    w = draw.layers();
    b = layerBiases(draw, depth);
    stream = new double[points * units];
    hidden = new double[points * units];
    branch = new double[points * units];
    streamTangent = forwardMode ? new double[points * units] : null;
    branchBlock = forwardMode ? new double[pass.blockRows() * units] : null;
    tangentBlock = forwardMode ? new double[pass.blockRows() * units] : null;
  }

  /**
   * Values and tangents in one pass: each block is one product of the 2P x N matrix
   * [rho(v) ; d rho(v)/dx] with W^T, streamed in by {@link ForwardPass}; the output is read back in
   * blocks of rows into the stream and its tangent (beta times the branch and its tangent), with
   * the column sums for the next block's batch mean accumulated on the way.
   */
  @Override
  protected void forwardGradient(boolean[] prefixes, java.util.function.IntConsumer took) {
    stem(stream);
    double[] t = streamTangent;
    Ops.fillRows(t, w0);
    int block = pass.blockRows();
    int last = lastPrefix(prefixes);
    for (int l = 0; l < last; l++) {
      norm.statistics(l, stream, l == 0 ? null : columnSums);
      keepGates(l, pass.activate(l, stream, t, product));
      product.multiply(w[l], true);
      double[] bias = biasOrNothing(b[l]);
      java.util.Arrays.fill(columnSums, 0);
      for (int first = 0; first < points; first += block) {
        int rows = Math.min(block, points - first);
        product.get(first, rows, branchBlock, 0);
        product.get(points + first, rows, tangentBlock, 0);
        if (single) {
          addBranchSingle(first * units, rows * units, bias);
        } else {
          addBranchDouble(first * units, rows * units, bias);
        }
      }
      if (prefixes[l + 1]) { // y and g of the depth-(l + 1) network: w_out . r_{l+2} and its tangent
        Ops.rowDot(stream, wOut, y, single);
        Ops.rowDot(t, wOut, g, single);
        took.accept(l + 1);
      }
    }
  }

  // r += beta (branch + b) and t += beta dbranch/dx over one block of rows, summing r per unit; in
  // double and in float as separate loops (see ForwardPass). A missing bias is -0.0 (see
  // biasOrNothing), so the loops need no test for it.

  private void addBranchDouble(int from, int count, double[] bias) {
    double[] t = streamTangent;
    for (int k = 0; k < count; k += units) {
      int row = from + k;
      for (int u = 0; u < units; u++) {
        double r = stream[row + u] + beta * (branchBlock[k + u] + bias[u]);
        stream[row + u] = r;
        columnSums[u] += r;
        t[row + u] = t[row + u] + beta * tangentBlock[k + u];
      }
    }
  }

  private void addBranchSingle(int from, int count, double[] bias) {
    double[] t = streamTangent;
    for (int k = 0; k < count; k += units) {
      int row = from + k;
      for (int u = 0; u < units; u++) {
        double branch = (float) (branchBlock[k + u] + bias[u]);
        double r = (float) (stream[row + u] + (double) (float) (beta * branch));
        stream[row + u] = r;
        columnSums[u] += r;
        t[row + u] = (float) (t[row + u] + (double) (float) (beta * tangentBlock[k + u]));
      }
    }
  }

  /**
   * The gradient of the last {@link #backprop} by path length ({@link PathRecursion}), from that
   * pass's gates and batch statistics: g^(k)_p = a^(k)_p W0, the adjoint of path length k
   * through the stem (d values per point for sphere inputs, point-major like the gradient).
   */
  @Override
  public double[][] pathGradients() {
    if (!forwardModeApplies(spec)) {
      throw new UnsupportedOperationException("the path decomposition needs frozen batch statistics or no "
          + "normalization; " + spec.label() + " has through-batch gradients");
    }
    requireBackprop();
    double[][] masks = new double[depth][];
    for (int l = 0; l < depth; l++) {
      masks[l] = PathRecursion.mask(gates(l), norm.enabled() ? norm.frozenScale(l) : null, points, units);
    }
    double[][] a = PathRecursion.adjoints(blas, java.util.Arrays.asList(w), masks, beta, wOut, points, units);
    double[][] out = new double[depth + 1][points * dim];
    for (int k = 0; k <= depth; k++) {
      if (dim == 1) {
        Ops.rowDot(a[k], w0, out[k], single);
      } else {
        Ops.stemGradient(a[k], units, w0, dim, out[k], single);
      }
    }
    return out;
  }

  @Override
  protected void forward(boolean reuse) {
    stem(stream);
    for (int l = 0; l < depth; l++) {
      norm.forward(l, stream, v(l), hidden, reuse); // v_l = n(r_l), hidden = rho(v_l)
      blas.multiply(hidden, points, w[l], true, branch);
      Ops.addBias(branch, b[l], single);
      for (int i = 0; i < stream.length; i++) {
        stream[i] = Ops.round(stream[i] + Ops.round(beta * branch[i], single), single);
      }
    }
    Ops.rowDot(stream, wOut, y, single);
  }

  @Override
  protected void backward() {
    double[] grad = stream; // d/dr_l; the forward stream is no longer needed
    Ops.fillRows(grad, wOut);
    for (int l = depth - 1; l >= 0; l--) {
      blas.multiply(grad, points, w[l], false, hidden); // d/dh / beta
      double[] vl = v[l];
      if (norm.backwardIsScaling()) {
        addBranchGradient(grad, vl, norm.frozenScale(l));
        continue;
      }
      for (int i = 0; i < hidden.length; i++) {
        hidden[i] = Ops.round(Ops.round(beta * hidden[i], single) * activation.derivative(vl[i]), single);
      }
      norm.backward(l, hidden, vl);
      for (int i = 0; i < grad.length; i++) {
        grad[i] = Ops.round(grad[i] + hidden[i], single);
      }
    }
    inputGradient(grad);
  }

  /**
   * grad += n'(mask(beta * hidden)) in one pass, for frozen statistics or no normalization: the
   * same operations, in the same order, as the three separate steps of the general path.
   */
  private void addBranchGradient(double[] grad, double[] vl, double[] scale) {
    for (int p = 0; p < points; p++) {
      int row = p * units;
      for (int u = 0; u < units; u++) {
        int i = row + u;
        double t = Ops.round(Ops.round(beta * hidden[i], single) * activation.derivative(vl[i]), single);
        if (scale != null) {
          t = Ops.round(t * scale[u], single);
        }
        grad[i] = Ops.round(grad[i] + t, single);
      }
    }
  }
}
