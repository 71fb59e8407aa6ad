package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The residual net: r_1 = W0 x + b0, r_{l+1} = r_l + beta (W_l rho(n(r_l)) + b_l) for l = 1..L,
 * y = w_out . r_{L+1}. The stream r is one P x N array updated in place.
 */
final class ResnetNetwork extends AbstractNetwork {
  private final double beta;
  private final INDArray[] w;
  private final double[][] b;
  private final double[] stream;
  private final double[] hidden;
  private final double[] branch;
  /** Forward mode: [rho(v_l) ; d rho(v_l)/dx], then [branch ; d branch/dx], 2P x N each. */
  private final double[] pair;
  private final double[] branchPair;
  /** Forward mode: dr_l/dx, P x N. */
  private final double[] streamTangent;

  ResnetNetwork(TaskSpec spec, Blas blas, Draw draw, boolean forwardCapable) {
    super(spec, blas, draw, forwardCapable);
    beta = Ops.round(spec.beta(), single);
    w = draw.layers();
    b = layerBiases(draw, depth);
    stream = new double[points * units];
    hidden = new double[points * units];
    branch = new double[points * units];
    pair = forwardMode ? new double[2 * points * units] : null;
    branchPair = forwardMode ? new double[2 * points * units] : null;
    streamTangent = forwardMode ? new double[points * units] : null;
  }

  /**
   * Values and tangents in one pass: each block is one product of the 2P x N matrix
   * [rho(v) ; d rho(v)/dx] with W^T, and the stream's tangent takes beta times the second half.
   */
  @Override
  protected void forwardGradient() {
    int half = points * units;
    Ops.stem(x, w0, b0, stream, single);
    double[] t = streamTangent;
    Ops.fillRows(t, w0);
    for (int l = 0; l < depth; l++) {
      double[] vl = v(l);
      norm.forward(l, stream, vl, pair, false);
      Ops.reluTangent(vl, units, t, 0, null, norm.frozenScale(l), pair, half, single);
      keepGates(l, vl);
      blas.multiply(pair, 2 * points, w[l], true, branchPair);
      Ops.addBias(branchPair, half, b[l], single);
      for (int i = 0; i < half; i++) {
        stream[i] = Ops.round(stream[i] + Ops.round(beta * branchPair[i], single), single);
        t[i] = Ops.round(t[i] + Ops.round(beta * branchPair[half + i], single), single);
      }
    }
    Ops.rowDot(stream, wOut, y, single);
    Ops.rowDot(t, wOut, g, single);
  }

  @Override
  protected void forward(boolean reuse) {
    Ops.stem(x, w0, b0, stream, single);
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
        hidden[i] = Ops.round(beta * hidden[i], single) * Ops.step(vl[i]);
      }
      norm.backward(l, hidden, vl);
      for (int i = 0; i < grad.length; i++) {
        grad[i] = Ops.round(grad[i] + hidden[i], single);
      }
    }
    Ops.rowDot(grad, w0, g, single);
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
        double t = Ops.round(beta * hidden[i], single) * Ops.step(vl[i]);
        if (scale != null) {
          t = Ops.round(t * scale[u], single);
        }
        grad[i] = Ops.round(grad[i] + t, single);
      }
    }
  }
}
