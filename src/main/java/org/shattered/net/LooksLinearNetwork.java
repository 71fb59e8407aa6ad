package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.shattered.spec.TaskSpec;

/**
 * The looks-linear net: z_1 = W0 x + b0, z_{l+1} = W_l crelu(n(z_l)) + b_l for l = 1..L with
 * W_l = [U_l, -U_l] (N x 2N, U_l Haar orthogonal), y = w_out . z_{L+1}. Computed literally: the
 * P x 2N matrix C = [rho(v), rho(-v)] times W_l^T. Its gates are the 2N crelu units
 * [v &gt; 0 ; -v &gt; 0].
 */
final class LooksLinearNetwork extends AbstractNetwork {
  private final INDArray[] w;
  private final INDArray b0;
  private final INDArray[] b;
  private final INDArray crelu;
  private final INDArray creluPos;
  private final INDArray creluNeg;
  private final INDArray last;
  private final INDArray dA;
  private final INDArray dB;
  private final INDArray mask;
  private final INDArray negated;

  LooksLinearNetwork(TaskSpec spec, Tensors t, Draw draw) {
    super(spec, t, draw);
    w = new INDArray[depth];
    b = new INDArray[depth];
    for (int l = 0; l < depth; l++) {
      w[l] = t.of(draw.layers()[l], units, 2L * units);
      b[l] = draw.layerBiases() == null ? null : t.of(draw.layerBiases()[l], 1, units);
    }
    b0 = draw.stemBias() == null ? null : t.of(draw.stemBias(), 1, units);
    crelu = t.zeros(points, 2L * units);
    creluPos = crelu.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units));
    creluNeg = crelu.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2L * units));
    last = t.zeros(points, units);
    dA = t.zeros(points, units);
    dB = t.zeros(points, units);
    mask = t.zeros(points, units);
    negated = t.zeros(points, units);
  }

  @Override
  protected void forward(boolean reuse) {
    Tensors.gemm(x, w0, v[0], false, true, 1.0, 0.0);
    addBias(v[0], b0);
    for (int l = 0; l < depth; l++) {
      norm.forward(l, v[l], reuse);
      Tensors.relu(v[l], creluPos);
      Tensors.negate(v[l], negated);
      Tensors.relu(negated, creluNeg);
      INDArray z = l + 1 < depth ? v[l + 1] : last;
      Tensors.gemm(crelu, w[l], z, false, true, 1.0, 0.0);
      addBias(z, b[l]);
    }
    Tensors.gemm(last, wOut, y, false, false, 1.0, 0.0);
  }

  @Override
  protected void backward() {
    INDArray grad = dA; // d/dz_{l+1}, then d/dv_l and d/dz_l
    INDArray next = dB;
    grad.assign(outGrad);
    for (int l = depth - 1; l >= 0; l--) {
      Tensors.gemm(grad, w[l], crelu, false, false, 1.0, 0.0); // d/dC
      Tensors.step(v[l], mask);
      creluPos.muli(mask);
      Tensors.negate(v[l], negated);
      Tensors.step(negated, mask);
      creluNeg.muli(mask);
      Nd4j.exec(new SubOp(creluPos, creluNeg, next)); // d/dv = d/dC+ - d/dC-
      norm.backward(l, next, v[l]);
      INDArray swap = grad;
      grad = next;
      next = swap;
    }
    Tensors.gemm(grad, w0, g, false, false, 1.0, 0.0);
  }

  @Override
  protected GateMatrix gates(int layer) {
    double[] values = Tensors.read(v[layer]);
    int words = GateMatrix.words(points);
    long[] bits = new long[2 * units * words];
    for (int p = 0; p < points; p++) {
      int word = p >>> 6;
      long bit = 1L << (p & 63);
      for (int u = 0; u < units; u++) {
        double value = values[p * units + u];
        if (value > 0) {
          bits[u * words + word] |= bit;
        } else if (-value > 0) {
          bits[(units + u) * words + word] |= bit;
        }
      }
    }
    return new GateMatrix(2 * units, points, bits);
  }
}
