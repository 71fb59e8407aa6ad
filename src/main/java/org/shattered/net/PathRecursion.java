package org.shattered.net;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a resnet split by path length (the ensemble view of Veit et al.): with frozen
 * batch statistics or no normalization, the Jacobian of layer l at input p is I + B_l with
 * B_l = beta W_l M_l, M_l = diag(gate_l(p) * s_l) (s_l the batch-norm factor 1 / std per unit, 1
 * without normalization). Expanding the product of the L factors, the adjoint dy/dr_1 at the stream
 * is a sum over the 2^L subsets of layers; {@code a^(k)} collects the subsets of size k (paths
 * through exactly k residual branches). One backward recursion keeps one P x N adjoint per path
 * length, from a^(0) = w_out at the top:
 *
 * <pre>
 *   a_l^(k) = a_{l+1}^(k) + beta (a_{l+1}^(k-1) W_l) * M_l      (l = L..1, k = 0..L-l+1)
 * </pre>
 *
 * Layer l multiplies the L - l + 1 adjoints it has (path lengths 0..L-l) by W_l: L (L + 1) / 2
 * products of a P x N block with an N x N matrix in all, against L products of a 2P x N block for
 * the task's forward-mode gradient, so about (L + 1) / 4 times the task's products. They are batched
 * {@value #GROUP} path lengths per product. Products run in the network's precision; the sums and
 * masks in double, unrounded.
 */
final class PathRecursion {
  /** Path lengths multiplied by W_l in one product. */
  static final int GROUP = 8;

  private PathRecursion() {}

  /**
   * The adjoints a^(k) = d y^(k) / d r_1 for k = 0..L, each P x N row-major (points as rows).
   *
   * @param weights W_l (N x N) of layers 1..L, in order
   * @param masks M_l per layer, P x N row-major: gate times the batch-norm factor
   * @param wOut the output weights (N)
   */
  static double[][] adjoints(Blas blas, List<INDArray> weights, double[][] masks, double beta, double[] wOut,
      int points, int units) {
    int depth = weights.size();
    int size = points * units;
    double[][] a = new double[depth + 1][];
    a[0] = new double[size];
    Ops.fillRows(a[0], wOut);
    int group = Math.min(GROUP, depth);
    Blas.Product wide = group > 1 ? blas.product(group * points, units, units) : null;
    Blas.Product narrow = blas.product(points, units, units);
    double[] block = new double[size];
    for (int l = depth - 1; l >= 0; l--) {
      int lengths = depth - l; // adjoints a^(0..depth-1-l) are nonzero above layer l
      a[lengths] = new double[size];
      double[] mask = masks[l];
      INDArray w = weights.get(l);
      // highest path lengths first, each group's inputs copied before any of its targets is updated
      for (int top = lengths - 1; top >= 0; ) {
        int count = Math.min(top + 1, wide == null ? 1 : group);
        if (count < group && count > 1 && wide != null) {
          count = 1; // the remainder goes through the P-row product, one path length at a time
        }
        Blas.Product product = count == 1 ? narrow : wide;
        int first = top - count + 1;
        for (int i = 0; i < count; i++) {
          product.put(i * points, points, a[first + i], 0);
        }
        product.multiply(w, false);
        for (int i = 0; i < count; i++) {
          product.get(i * points, points, block, 0);
          double[] target = a[first + i + 1];
          for (int j = 0; j < size; j++) {
            target[j] += beta * (block[j] * mask[j]);
          }
        }
        top = first - 1;
      }
    }
    return a;
  }

  /**
   * M_l of one layer: phi'(v) (the gate bit for ReLU) times {@code scale[u]} (null: 1), P x N
   * row-major.
   */
  static double[] mask(GateMatrix gates, double[] scale, int points, int units) {
    double[] m = new double[points * units];
    for (int u = 0; u < units; u++) {
      double s = scale == null ? 1.0 : scale[u];
      for (int p = 0; p < points; p++) {
        if (gates.binary()) {
          if (gates.active(u, p)) {
            m[p * units + u] = s;
          }
        } else {
          m[p * units + u] = gates.derivative(u, p) * s;
        }
      }
    }
    return m;
  }
}
