package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The residual net: r_1 = W0 x + b0, r_{l+1} = r_l + beta (W_l rho(n(r_l)) + b_l) for l = 1..L,
 * y = w_out . r_{L+1}. The stream r is one P x N matrix updated in place (R += beta H W^T).
 */
final class ResnetNetwork extends AbstractNetwork {
  private final double beta;
  private final INDArray[] w;
  private final INDArray b0;
  /** beta b_l, or null without biases. */
  private final INDArray[] scaledBias;
  private final INDArray stream;
  private final INDArray hidden;
  private final INDArray dStream;
  private final INDArray mask;

  ResnetNetwork(TaskSpec spec, Tensors t, Draw draw) {
    super(spec, t, draw);
    beta = spec.beta();
    w = new INDArray[depth];
    scaledBias = new INDArray[depth];
    for (int l = 0; l < depth; l++) {
      w[l] = t.of(draw.layers()[l], units, units);
      if (draw.layerBiases() != null) {
        double[] bias = draw.layerBiases()[l].clone();
        for (int u = 0; u < units; u++) {
          bias[u] *= beta;
        }
        scaledBias[l] = t.of(bias, 1, units);
      }
    }
    b0 = draw.stemBias() == null ? null : t.of(draw.stemBias(), 1, units);
    stream = t.zeros(points, units);
    hidden = t.zeros(points, units);
    dStream = t.zeros(points, units);
    mask = t.zeros(points, units);
  }

  @Override
  protected void forward(boolean reuse) {
    Tensors.gemm(x, w0, stream, false, true, 1.0, 0.0);
    addBias(stream, b0);
    for (int l = 0; l < depth; l++) {
      v[l].assign(stream);
      norm.forward(l, v[l], reuse);
      Tensors.relu(v[l], hidden);
      Tensors.gemm(hidden, w[l], stream, false, true, beta, 1.0);
      addBias(stream, scaledBias[l]);
    }
    Tensors.gemm(stream, wOut, y, false, false, 1.0, 0.0);
  }

  @Override
  protected void backward() {
    dStream.assign(outGrad);
    for (int l = depth - 1; l >= 0; l--) {
      // hidden := beta dR W_l = d/dh; then through the mask and the normalization to d/dr_l.
      Tensors.gemm(dStream, w[l], hidden, false, false, beta, 0.0);
      Tensors.step(v[l], mask);
      hidden.muli(mask);
      norm.backward(l, hidden, v[l]);
      dStream.addi(hidden);
    }
    Tensors.gemm(dStream, w0, g, false, false, 1.0, 0.0);
  }
}
