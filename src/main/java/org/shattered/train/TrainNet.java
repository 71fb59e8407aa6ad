package org.shattered.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.net.InitialWeights;
import org.shattered.net.Activation;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;

/**
 * A network of docs/science.md (Networks; crelu: docs/science.md, Training) with a classifier
 * readout, trainable: forward passes over a batch (batch statistics computed on it, or fixed ones
 * for evaluation) and the manual backward pass to the weights and the inputs. Activations are
 * row-major Java arrays (points as rows, as in {@code net}); matrix products are native gemm
 * ({@link NativeMatrices}), three per layer and step: Z = A W^T forward, dW = dZ^T A and dA = dZ W
 * backward.
 *
 * <p>The layers (L ReLU layers, z_0 = X W0^T the stem, h_l = n(z_l), a_l the activation):
 * feedforward z_{l+1} = a_l W_l^T, features a_{L-1}; resnet z_{l+1} = z_l + beta a_l W_l^T, features
 * z_L; looks-linear and crelu a_l = [rho(h_l), rho(-h_l)], z_{l+1} = a_l W_l^T, features z_L; logits =
 * features R^T. No biases (the measurement engine's default), no affine map in batch norm.
 *
 * <p>Float precision follows docs/science.md, Choices: products in float, every element-wise result
 * rounded to float, sums (batch statistics, logits, loss) accumulated in double.
 *
 * <p>The backward pass either differentiates through the batch statistics (training) or holds them
 * fixed (the frozen gradient of the measurement engine, for shattering on the data).
 */
public final class TrainNet implements AutoCloseable {
  static final double EPS = 1e-5;
  /** The rectifier, the measurement engine's ({@link Activation.Relu}): gate 1 where v &gt; 0. */
  private static final Activation RELU = Activation.Relu.INSTANCE;

  final Family family;
  final boolean batchNorm;
  final boolean single;
  final int depth;
  final int width;
  final int dim;
  final int classes;
  /** Width of a layer's activation: N, or 2N for a concatenated ReLU. */
  final int actWidth;
  final double beta;
  /** The parameters, in this network's precision: W0 (N x d), the layer matrices, R (classes x N). */
  final double[] w0;
  final double[][] w;
  final double[] readout;
  /** Gradients of the last {@link #backward} with weights, same shapes. */
  final double[] gw0;
  final double[][] gw;
  final double[] gReadout;
  private final NativeMatrices nat;
  private final INDArray w0N;
  private final INDArray[] wN;
  private final INDArray gw0N;
  private final INDArray[] gwN;
  private final Map<Long, Pass> passes = new HashMap<>();

  TrainNet(Family family, Normalization normalization, Precision precision, int depth, int width, double beta,
      int dim, int classes, InitialWeights init) {
    this.family = family;
    this.batchNorm = normalization == Normalization.BATCH;
    this.single = precision == Precision.FLOAT;
    this.depth = depth;
    this.width = width;
    this.dim = dim;
    this.classes = classes;
    this.actWidth = family.concatenated() ? 2 * width : width;
    this.beta = family == Family.RESNET ? beta : 1.0;
    w0 = rounded(init.stem());
    w = new double[init.layers().length][];
    for (int l = 0; l < w.length; l++) {
      w[l] = rounded(init.layers()[l]);
    }
    readout = rounded(init.readout());
    gw0 = new double[w0.length];
    gw = new double[w.length][];
    for (int l = 0; l < w.length; l++) {
      gw[l] = new double[w[l].length];
    }
    gReadout = new double[readout.length];
    nat = new NativeMatrices(single);
    w0N = nat.create(width, dim);
    gw0N = nat.create(width, dim);
    wN = new INDArray[w.length];
    gwN = new INDArray[w.length];
    for (int l = 0; l < w.length; l++) {
      wN[l] = nat.create(width, actWidth);
      gwN[l] = nat.create(width, actWidth);
    }
    sync();
  }

  /** The network of {@code spec} at initialization, for inputs in R^dim and {@code classes} classes. */
  public static TrainNet build(TrainSpec spec, int dim, int classes) {
    return new TrainNet(spec.family(), spec.normalization(), spec.precision(), spec.depth(), spec.width(),
        spec.beta(), dim, classes, InitialWeights.draw(spec.measured(dim, 3), spec.family() == Family.CRELU, classes));
  }

  /** The parameters in a fixed order (W0, W_1.., R); {@link #gradients} in the same order. */
  List<double[]> parameters() {
    List<double[]> p = new ArrayList<>();
    p.add(w0);
    p.addAll(List.of(w));
    p.add(readout);
    return p;
  }

  List<double[]> gradients() {
    List<double[]> g = new ArrayList<>();
    g.add(gw0);
    g.addAll(List.of(gw));
    g.add(gReadout);
    return g;
  }

  /** Copies the parameters to their native matrices: after any change to them. */
  void sync() {
    nat.put(w0N, w0);
    for (int l = 0; l < w.length; l++) {
      nat.put(wN[l], w[l]);
    }
  }

  double round(double v) {
    return single ? (float) v : v;
  }

  private double[] rounded(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = round(v[i]);
    }
    return r;
  }

  /**
   * The pass of {@code rows} points; {@code keep}: every layer's values stay for a backward pass
   * (else two buffers rotate, for evaluation of many points).
   */
  Pass pass(int rows, boolean keep) {
    return passes.computeIfAbsent(((long) rows << 1) | (keep ? 1 : 0), k -> new Pass(rows, keep));
  }

  /** Batch-norm statistics of every layer: means and 1 / sqrt(var + eps), per unit. */
  public record Statistics(double[][] mean, double[][] invStd) {}

  /** The values of one forward (and backward) pass over a fixed number of points. */
  final class Pass {
    final int rows;
    final boolean keep;
    final double[] x;
    final INDArray xN;
    final double[][] z;
    final double[][] h;
    final double[][] a;
    final INDArray[] aN;
    final INDArray zN;
    final double[] logits;
    final double[][] mean;
    final double[][] invStd;
    private double[] dz;
    private double[] dh;
    private double[] da;
    private INDArray dzN;
    private INDArray daN;
    private INDArray dxN;

    Pass(int rows, boolean keep) {
      this.rows = rows;
      this.keep = keep;
      x = new double[rows * dim];
      xN = nat.create(rows, dim);
      z = new double[depth + 1][];
      h = new double[depth][];
      a = new double[depth][];
      aN = new INDArray[depth];
      double[][] zBuffers = {new double[rows * width], keep ? null : new double[rows * width]};
      for (int l = 0; l <= depth; l++) {
        z[l] = keep ? new double[rows * width] : zBuffers[l % 2];
      }
      for (int l = 0; l < depth; l++) {
        h[l] = keep || l == 0 ? new double[rows * width] : h[0];
        a[l] = keep || l == 0 ? new double[rows * actWidth] : a[0];
        aN[l] = keep || l == 0 ? nat.create(rows, actWidth) : aN[0];
      }
      zN = nat.create(rows, width);
      logits = new double[rows * classes];
      mean = new double[batchNorm ? depth : 0][width];
      invStd = new double[batchNorm ? depth : 0][width];
    }

    /** Sets the inputs (rows x d), rounded to the precision. */
    void input(double[] values) {
      for (int i = 0; i < x.length; i++) {
        x[i] = round(values[i]);
      }
      nat.put(xN, x);
    }

    Statistics statistics() {
      double[][] m = new double[mean.length][];
      double[][] s = new double[invStd.length][];
      for (int l = 0; l < m.length; l++) {
        m[l] = mean[l].clone();
        s[l] = invStd[l].clone();
      }
      return new Statistics(m, s);
    }

    /** The features the readout reads: a_{L-1} (feedforward) or z_L. */
    double[] features() {
      return family == Family.FEEDFORWARD ? a[depth - 1] : z[depth];
    }
  }

  /**
   * Forward pass over the pass's inputs to its logits. With {@code fixed} null each layer is
   * normalized with the statistics of this batch (kept in the pass); else with {@code fixed}.
   */
  void forward(Pass p, Statistics fixed) {
    NativeMatrices.gemm(p.xN, false, w0N, true, p.zN);
    nat.get(p.zN, p.z[0]);
    for (int l = 0; l < depth; l++) {
      normalize(p, l, fixed);
      activate(p.h[l], p.a[l], p.rows);
      boolean last = l == depth - 1;
      if (family == Family.FEEDFORWARD && last) {
        break;
      }
      nat.put(p.aN[l], p.a[l]);
      NativeMatrices.gemm(p.aN[l], false, wN[l], true, p.zN);
      if (family == Family.RESNET) {
        double[] branch = p.z[l + 1];
        nat.get(p.zN, branch);
        double[] stream = p.z[l];
        for (int i = 0; i < branch.length; i++) {
          branch[i] = round(stream[i] + round(beta * branch[i]));
        }
      } else {
        nat.get(p.zN, p.z[l + 1]);
      }
    }
    double[] f = p.features();
    for (int r = 0; r < p.rows; r++) {
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int u = 0; u < width; u++) {
          s += f[r * width + u] * readout[c * width + u];
        }
        p.logits[r * classes + c] = round(s);
      }
    }
  }

  /** h_l = n(z_l): batch norm over the pass's rows (population variance, eps 1e-5), or the identity. */
  private void normalize(Pass p, int l, Statistics fixed) {
    double[] z = p.z[l];
    double[] h = p.h[l];
    int rows = p.rows;
    if (!batchNorm) {
      System.arraycopy(z, 0, h, 0, z.length);
      return;
    }
    double[] mean;
    double[] inv;
    if (fixed != null) {
      mean = fixed.mean()[l];
      inv = fixed.invStd()[l];
    } else {
      mean = p.mean[l];
      inv = p.invStd[l];
      java.util.Arrays.fill(mean, 0);
      java.util.Arrays.fill(inv, 0);
      for (int r = 0; r < rows; r++) {
        for (int u = 0; u < width; u++) {
          mean[u] += z[r * width + u];
        }
      }
      for (int u = 0; u < width; u++) {
        mean[u] /= rows;
      }
      for (int r = 0; r < rows; r++) {
        for (int u = 0; u < width; u++) {
          double d = z[r * width + u] - mean[u];
          inv[u] += d * d;
        }
      }
      for (int u = 0; u < width; u++) {
        inv[u] = round(1.0 / Math.sqrt(inv[u] / rows + EPS));
        mean[u] = round(mean[u]);
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < width; u++) {
        int i = r * width + u;
        h[i] = round((z[i] - mean[u]) * inv[u]);
      }
    }
  }

  private void activate(double[] h, double[] a, int rows) {
    if (!family.concatenated()) {
      for (int i = 0; i < h.length; i++) {
        a[i] = RELU.value(h[i]);
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < width; u++) {
        double v = h[r * width + u];
        a[r * actWidth + u] = RELU.value(v);
        a[r * actWidth + width + u] = RELU.value(-v);
      }
    }
  }

  /**
   * Backward pass after {@link #forward} with batch statistics, from dLoss/dlogits ({@code dLogits},
   * rows x classes). {@code throughBatch}: differentiate through the batch statistics (training);
   * else hold them fixed. {@code weights}: write the weight gradients; {@code inputGradient}, if not
   * null, receives dLoss/dx (rows x d); {@code layerNorms}, if not null, receives per layer the root
   * mean square over the rows of |dLoss/dh_l| (h_l the ReLU input).
   */
  void backward(Pass p, double[] dLogits, boolean throughBatch, boolean weights, double[] inputGradient,
      double[] layerNorms) {
    int rows = p.rows;
    if (p.dz == null) {
      p.dz = new double[rows * width];
      p.dh = new double[rows * width];
      p.da = new double[rows * actWidth];
      p.dzN = nat.create(rows, width);
      p.daN = nat.create(rows, actWidth);
    }
    if (!p.keep) {
      throw new IllegalStateException("a backward pass needs a pass that keeps its layers");
    }
    double[] f = p.features();
    double[] g = family == Family.FEEDFORWARD ? p.da : p.dz;
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < width; u++) {
        double s = 0;
        for (int c = 0; c < classes; c++) {
          s += dLogits[r * classes + c] * readout[c * width + u];
        }
        g[r * width + u] = round(s);
      }
    }
    if (weights) {
      for (int c = 0; c < classes; c++) {
        for (int u = 0; u < width; u++) {
          double s = 0;
          for (int r = 0; r < rows; r++) {
            s += dLogits[r * classes + c] * f[r * width + u];
          }
          gReadout[c * width + u] = round(s);
        }
      }
    }
    for (int l = depth - 1; l >= 0; l--) {
      double[] h = p.h[l];
      switch (family) {
        case FEEDFORWARD -> {
          for (int i = 0; i < rows * width; i++) {
            p.dh[i] = round(p.da[i] * RELU.derivative(h[i]));
          }
          norm(layerNorms, l, p.dh, rows);
          throughNorm(p, l, throughBatch, p.dz, false);
          if (l > 0) {
            nat.put(p.dzN, p.dz);
            if (weights) {
              NativeMatrices.gemm(p.dzN, true, p.aN[l - 1], false, gwN[l - 1]);
              nat.get(gwN[l - 1], gw[l - 1]);
            }
            NativeMatrices.gemm(p.dzN, false, wN[l - 1], false, p.daN);
            nat.get(p.daN, p.da);
          }
        }
        case RESNET -> {
          nat.put(p.dzN, p.dz);
          if (weights) {
            NativeMatrices.gemm(p.dzN, true, p.aN[l], false, gwN[l]);
            nat.get(gwN[l], gw[l]);
            scale(gw[l], beta);
          }
          NativeMatrices.gemm(p.dzN, false, wN[l], false, p.daN);
          nat.get(p.daN, p.da);
          for (int i = 0; i < rows * width; i++) {
            p.dh[i] = round(round(beta * p.da[i]) * RELU.derivative(h[i]));
          }
          norm(layerNorms, l, p.dh, rows);
          throughNorm(p, l, throughBatch, p.dz, true);
        }
        default -> {
          nat.put(p.dzN, p.dz);
          if (weights) {
            NativeMatrices.gemm(p.dzN, true, p.aN[l], false, gwN[l]);
            nat.get(gwN[l], gw[l]);
          }
          NativeMatrices.gemm(p.dzN, false, wN[l], false, p.daN);
          nat.get(p.daN, p.da);
          for (int r = 0; r < rows; r++) {
            for (int u = 0; u < width; u++) {
              double v = h[r * width + u];
              double pos = p.da[r * actWidth + u] * RELU.derivative(v);
              double neg = p.da[r * actWidth + width + u] * RELU.derivative(-v);
              p.dh[r * width + u] = round(pos - neg);
            }
          }
          norm(layerNorms, l, p.dh, rows);
          throughNorm(p, l, throughBatch, p.dz, false);
        }
      }
    }
    nat.put(p.dzN, p.dz);
    if (weights) {
      NativeMatrices.gemm(p.dzN, true, p.xN, false, gw0N);
      nat.get(gw0N, gw0);
    }
    if (inputGradient != null) {
      if (p.dxN == null) {
        p.dxN = nat.create(rows, dim);
      }
      NativeMatrices.gemm(p.dzN, false, w0N, false, p.dxN);
      nat.get(p.dxN, inputGradient);
    }
  }

  private void scale(double[] v, double s) {
    if (s != 1.0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = round(s * v[i]);
      }
    }
  }

  private static void norm(double[] layerNorms, int l, double[] dh, int rows) {
    if (layerNorms == null) {
      return;
    }
    double s = 0;
    for (double v : dh) {
      s += v * v;
    }
    layerNorms[l] = Math.sqrt(s / rows);
  }

  /**
   * dLoss/dz_l from dLoss/dh_l (in p.dh) into {@code out}; {@code add}: added to what out holds (the
   * resnet stream's own gradient). Through the batch: dz = s (dh - mean(dh) - h mean(dh h)) per
   * unit, s = 1 / sqrt(var + eps); fixed statistics: dz = s dh; no normalization: dz = dh.
   */
  private void throughNorm(Pass p, int l, boolean throughBatch, double[] out, boolean add) {
    int rows = p.rows;
    double[] dh = p.dh;
    if (!batchNorm) {
      for (int i = 0; i < rows * width; i++) {
        out[i] = add ? round(out[i] + dh[i]) : dh[i];
      }
      return;
    }
    double[] inv = p.invStd[l];
    double[] h = p.h[l];
    double[] m1 = new double[width];
    double[] m2 = new double[width];
    if (throughBatch) {
      for (int r = 0; r < rows; r++) {
        for (int u = 0; u < width; u++) {
          int i = r * width + u;
          m1[u] += dh[i];
          m2[u] += dh[i] * h[i];
        }
      }
      for (int u = 0; u < width; u++) {
        m1[u] /= rows;
        m2[u] /= rows;
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < width; u++) {
        int i = r * width + u;
        double d = round(inv[u] * (dh[i] - m1[u] - h[i] * m2[u]));
        out[i] = add ? round(out[i] + d) : d;
      }
    }
  }

  @Override
  public void close() {
    nat.close();
  }
}
