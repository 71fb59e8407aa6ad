package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The plain rectifier net: a_1 = rho(n(W0 x + b0)), a_{l+1} = rho(n(W_l a_l + b_l)) for
 * l = 1..L-1, y = w_out . a_L. Activations are P x N (points as rows), so a layer is Z = A W^T.
 */
final class FeedforwardNetwork extends AbstractNetwork {
  private final INDArray[] w;
  private final double[][] b;
  private final double[] act;
  private final double[] gradA;
  private final double[] gradB;
  /** Forward mode: [a_l ; da_l/dx], 2P x N. */
  private final double[] pair;
  /** Forward mode: [z_l ; dz_l/dx], 2P x N. */
  private final double[] zPair;

  FeedforwardNetwork(TaskSpec spec, Blas blas, Draw draw, boolean forwardCapable) {
    super(spec, blas, draw, forwardCapable);
    w = draw.layers();
    b = layerBiases(draw, depth - 1);
    act = new double[points * units];
    gradA = forwardMode ? null : new double[points * units];
    gradB = forwardMode ? null : new double[points * units];
    pair = forwardMode ? new double[2 * points * units] : null;
    zPair = forwardMode ? new double[2 * points * units] : null;
  }

  /**
   * Values and tangents in one pass: each layer is one product of the 2P x N matrix [a ; da/dx]
   * with W^T, the tangent then masked by the layer's gates and scaled by 1 / std.
   */
  @Override
  protected void forwardGradient() {
    int half = points * units;
    double[] vl = v(0);
    Ops.stem(x, w0, b0, vl, single);
    norm.forward(0, vl, vl, pair, false);
    Ops.reluTangent(vl, units, null, 0, w0, norm.frozenScale(0), pair, half, single);
    keepGates(0, vl);
    for (int l = 1; l < depth; l++) {
      blas.multiply(pair, 2 * points, w[l - 1], true, zPair);
      Ops.addBias(zPair, half, b[l - 1], single);
      norm.forward(l, zPair, vl, pair, false);
      Ops.reluTangent(vl, units, zPair, half, null, norm.frozenScale(l), pair, half, single);
      keepGates(l, vl);
    }
    Ops.rowDot(pair, wOut, y, single);
    Ops.rowDot(pair, half, wOut, g, single);
  }

  @Override
  protected void forward(boolean reuse) {
    Ops.stem(x, w0, b0, v(0), single);
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
      Ops.mask(grad, v[l]);
      norm.backward(l, grad, v[l]);
      blas.multiply(grad, points, w[l - 1], false, next);
      double[] swap = grad;
      grad = next;
      next = swap;
    }
    Ops.mask(grad, v[0]);
    norm.backward(0, grad, v[0]);
    Ops.rowDot(grad, w0, g, single);
  }
}
