package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The plain rectifier net: a_1 = rho(n(W0 x + b0)), a_{l+1} = rho(n(W_l a_l + b_l)) for
 * l = 1..L-1, y = w_out . a_L. Activations are P x N matrices (points as rows), so a layer is
 * Z = A W^T.
 */
final class FeedforwardNetwork extends AbstractNetwork {
  private final INDArray[] w;
  private final INDArray b0;
  private final INDArray[] b;
  private final INDArray act;
  private final INDArray dA;
  private final INDArray dB;
  private final INDArray mask;

  FeedforwardNetwork(TaskSpec spec, Tensors t, Draw draw) {
    super(spec, t, draw);
    w = new INDArray[depth - 1];
    b = new INDArray[depth - 1];
    for (int l = 0; l < w.length; l++) {
      w[l] = t.of(draw.layers()[l], units, units);
      b[l] = draw.layerBiases() == null ? null : t.of(draw.layerBiases()[l], 1, units);
    }
    b0 = draw.stemBias() == null ? null : t.of(draw.stemBias(), 1, units);
    act = t.zeros(points, units);
    dA = t.zeros(points, units);
    dB = t.zeros(points, units);
    mask = t.zeros(points, units);
  }

  @Override
  protected void forward(boolean reuse) {
    Tensors.gemm(x, w0, v[0], false, true, 1.0, 0.0);
    addBias(v[0], b0);
    norm.forward(0, v[0], reuse);
    Tensors.relu(v[0], act);
    for (int l = 1; l < depth; l++) {
      Tensors.gemm(act, w[l - 1], v[l], false, true, 1.0, 0.0);
      addBias(v[l], b[l - 1]);
      norm.forward(l, v[l], reuse);
      Tensors.relu(v[l], act);
    }
    Tensors.gemm(act, wOut, y, false, false, 1.0, 0.0);
  }

  @Override
  protected void backward() {
    INDArray grad = dA; // d/da_l, then in place d/dv_l and d/dz_l
    INDArray next = dB;
    grad.assign(outGrad);
    for (int l = depth - 1; l > 0; l--) {
      toPreActivation(l, grad);
      Tensors.gemm(grad, w[l - 1], next, false, false, 1.0, 0.0);
      INDArray swap = grad;
      grad = next;
      next = swap;
    }
    toPreActivation(0, grad);
    Tensors.gemm(grad, w0, g, false, false, 1.0, 0.0);
  }

  /** d/da_l into d/dz_l in place: through the ReLU mask and the normalization. */
  private void toPreActivation(int l, INDArray grad) {
    Tensors.step(v[l], mask);
    grad.muli(mask);
    norm.backward(l, grad, v[l]);
  }
}
