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

  FeedforwardNetwork(TaskSpec spec, Blas blas, Draw draw) {
    super(spec, blas, draw);
    w = blas.matrices(draw.layers(), units, units);
    b = layerBiases(draw, depth - 1);
    act = new double[points * units];
    gradA = new double[points * units];
    gradB = new double[points * units];
  }

  @Override
  protected void forward(boolean reuse) {
    Ops.stem(x, w0, b0, v[0], single);
    norm.forward(0, v[0], v[0], act, reuse);
    for (int l = 1; l < depth; l++) {
      blas.multiply(act, points, w[l - 1], true, v[l]);
      Ops.addBias(v[l], b[l - 1], single);
      norm.forward(l, v[l], v[l], act, reuse);
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
