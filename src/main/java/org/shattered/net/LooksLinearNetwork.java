package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The looks-linear net: z_1 = W0 x + b0, z_{l+1} = W_l crelu(n(z_l)) + b_l for l = 1..L with
 * W_l = [U_l, -U_l] (N x 2N, U_l Haar orthogonal), y = w_out . z_{L+1}. Computed literally: the
 * P x 2N matrix C = [rho(v), rho(-v)] times W_l^T. Its gates are the 2N crelu units
 * [v &gt; 0 ; -v &gt; 0].
 */
final class LooksLinearNetwork extends AbstractNetwork {
  /** Looks-linear is defined by the ReLU mirror: its spec refuses any other activation. */
  private static final Activation.Relu RELU = Activation.Relu.INSTANCE;
  private final INDArray[] w;
  private final double[][] b;
  private final double[] crelu;
  private final double[] last;
  private final double[] gradA;
  private final double[] gradB;

  LooksLinearNetwork(TaskSpec spec, Blas blas, Draw draw) {
    super(spec, blas, draw, false);
    w = draw.layers();
    b = layerBiases(draw, depth);
    crelu = new double[2 * points * units];
    last = new double[points * units];
    gradA = new double[points * units];
    gradB = new double[points * units];
  }

  @Override
  protected void forward(boolean reuse) {
    stem(v[0]);
    for (int l = 0; l < depth; l++) {
      norm.forward(l, v[l], reuse);
      double[] vl = v[l];
      for (int p = 0; p < points; p++) {
        int in = p * units;
        int out = 2 * in;
        for (int u = 0; u < units; u++) {
          crelu[out + u] = RELU.value(vl[in + u]);
          crelu[out + units + u] = RELU.value(-vl[in + u]);
        }
      }
      double[] z = l + 1 < depth ? v[l + 1] : last;
      blas.multiply(crelu, points, w[l], true, z);
      Ops.addBias(z, b[l], single);
    }
    Ops.rowDot(last, wOut, y, single);
  }

  @Override
  protected void backward() {
    double[] grad = gradA; // d/dz_{l+1}
    double[] next = gradB; // d/dv_l, then in place d/dz_l
    Ops.fillRows(grad, wOut);
    for (int l = depth - 1; l >= 0; l--) {
      blas.multiply(grad, points, w[l], false, crelu); // d/dC, P x 2N
      double[] vl = v[l];
      for (int p = 0; p < points; p++) {
        int in = p * units;
        int out = 2 * in;
        for (int u = 0; u < units; u++) {
          double value = vl[in + u];
          double pos = crelu[out + u] * RELU.derivative(value);
          double neg = crelu[out + units + u] * RELU.derivative(-value);
          next[in + u] = Ops.round(pos - neg, single);
        }
      }
      norm.backward(l, next, vl);
      double[] swap = grad;
      grad = next;
      next = swap;
    }
    inputGradient(grad);
  }

  @Override
  protected GateMatrix gates(int layer) {
    long[] bits = new long[2 * units * GateMatrix.words(points)];
    Ops.gateBits(v[layer], points, units, 1.0, bits, 0);
    Ops.gateBits(v[layer], points, units, -1.0, bits, units);
    return new GateMatrix(2 * units, points, bits);
  }
}
