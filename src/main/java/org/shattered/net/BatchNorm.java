package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;

/**
 * n(v) of SCIENCE.md for every ReLU layer of a network, in place on a P x N pre-activation matrix
 * (points as rows): per unit, over the P points, (v - mean) / sqrt(var + 1e-5) with the population
 * variance and no affine; the identity when normalization is off. Keeps each layer's mean and
 * standard deviation so that a later pass can reuse them (frozen statistics).
 */
final class BatchNorm {
  static final double EPS = 1e-5;

  private final boolean enabled;
  private final boolean throughBatch;
  private final INDArray[] mean;
  private final INDArray[] std;
  private final INDArray rowA;
  private final INDArray rowB;
  private final INDArray scratch;

  /**
   * @param layers number of normalized layers
   * @param points P
   * @param units N
   */
  BatchNorm(Tensors t, Normalization normalization, GradientMode mode, int layers, int points, int units) {
    enabled = normalization == Normalization.BATCH;
    throughBatch = enabled && mode == GradientMode.THROUGH_BATCH;
    mean = new INDArray[enabled ? layers : 0];
    std = new INDArray[enabled ? layers : 0];
    for (int l = 0; l < mean.length; l++) {
      mean[l] = t.zeros(1, units);
      std[l] = t.zeros(1, units);
    }
    rowA = enabled ? t.zeros(1, units) : null;
    rowB = enabled ? t.zeros(1, units) : null;
    scratch = throughBatch ? t.zeros(points, units) : null;
  }

  /**
   * Normalizes z in place. With {@code reuse} the statistics last computed for this layer are
   * applied; otherwise they are computed over z's rows and stored.
   */
  void forward(int layer, INDArray z, boolean reuse) {
    if (!enabled) {
      return;
    }
    if (!reuse) {
      Nd4j.exec(new Mean(z, mean[layer], true, 0));
    }
    z.subiRowVector(mean[layer]);
    if (!reuse) {
      Nd4j.exec(new Variance(z, rowA, false, true, 0));
      rowA.addi(EPS);
      Nd4j.exec(new Sqrt(rowA, std[layer]));
    }
    z.diviRowVector(std[layer]);
  }

  /**
   * Turns dv = d/dv (upstream gradient at the normalized values v of this layer) into d/dz in
   * place. Frozen: dv / std. Through the batch (differentiating mean and variance too):
   * (dv - mean_p(dv) - v mean_p(dv v)) / std.
   */
  void backward(int layer, INDArray dv, INDArray v) {
    if (!enabled) {
      return;
    }
    if (throughBatch) {
      Nd4j.exec(new Mean(dv, rowA, true, 0));
      Nd4j.exec(new MulOp(dv, v, scratch));
      Nd4j.exec(new Mean(scratch, rowB, true, 0));
      Nd4j.exec(new BroadcastMulOp(v, rowB, scratch, 1));
      dv.subi(scratch);
      dv.subiRowVector(rowA);
    }
    dv.diviRowVector(std[layer]);
  }
}
