package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.Architecture;
import org.shattered.spec.TaskSpec;

/**
 * Builds the network of a task. All weights come from one {@code new
 * GaussianStream(spec.weightSeed())} (shared by tasks that differ only in normalization, beta,
 * biases, inputs, precision or gradient mode), drawn in double in
 * this fixed order, each matrix row-major:
 *
 * <ol>
 *   <li>the stem W0 (N x d, row-major), N(0, 2/d): N(0, 2) for line inputs (d = 1);
 *   <li>the layer matrices in order: feedforward W_1..W_{L-1} (N x N, N(0, 2/N)); resnet W_1..W_L
 *       (N x N, N(0, 2/N)); looks-linear, for l = 1..L, an N x N standard Gaussian matrix whose rows
 *       are orthonormalized into U_l (see {@link Weights#haarOrthogonal}), W_l = [U_l, -U_l];
 *   <li>w_out (N), N(0, 1/N);
 *   <li>only when {@code biasStd > 0}: the stem bias, then one bias per layer matrix in order, each
 *       N values N(0, biasStd^2).
 * </ol>
 *
 * So turning biases on leaves every weight unchanged. A FLOAT network rounds the same double
 * weights to float.
 */
public final class Networks {
  private Networks() {}

  /**
   * The randomly initialized network of {@code spec}. Close it when done. Its gradient is computed
   * in forward mode where that gives the same derivative (frozen statistics or no normalization),
   * else by a backward pass.
   */
  public static Network build(TaskSpec spec) {
    return build(spec, true);
  }

  /** {@link #build(TaskSpec)}, or with {@code forwardMode} false always with a backward pass (tests compare the two). */
  static Network build(TaskSpec spec, boolean forwardMode) {
    Blas blas = new Blas(AbstractNetwork.dataType(spec.precision()));
    try {
      AbstractNetwork.Draw draw = draw(spec, new GaussianStream(spec.weightSeed()), blas);
      return switch (spec.architecture()) {
        case FEEDFORWARD -> new FeedforwardNetwork(spec, blas, draw, forwardMode);
        case RESNET -> new ResnetNetwork(spec, blas, draw, forwardMode);
        case LOOKS_LINEAR -> new LooksLinearNetwork(spec, blas, draw);
      };
    } catch (RuntimeException | Error e) {
      blas.close();
      throw e;
    }
  }

  /**
   * Draws the weights of {@code spec} from {@code rng}; the layer matrices go straight into native
   * matrices owned by {@code blas} (Gaussian ones without an intermediate Java array).
   */
  static AbstractNetwork.Draw draw(TaskSpec spec, GaussianStream rng, Blas blas) {
    int n = spec.width();
    Architecture a = spec.architecture();
    int matrices = a == Architecture.FEEDFORWARD ? spec.depth() - 1 : spec.depth();
    int d = spec.inputDim();
    double[] stem = Weights.gaussian(rng, n * d, Math.sqrt(2.0 / d)); // 2.0 / 1 is 2.0: line stems are unchanged
    INDArray[] layers;
    if (a == Architecture.LOOKS_LINEAR) {
      double[][] mirrored = new double[matrices][];
      for (int l = 0; l < matrices; l++) {
        mirrored[l] = Weights.mirrored(Weights.haarOrthogonal(rng, n), n);
      }
      layers = blas.matrices(mirrored, n, 2 * n);
    } else {
      layers = blas.gaussianMatrices(rng, matrices, n, n, Math.sqrt(2.0 / n));
    }
    double[] out = Weights.gaussian(rng, n, Math.sqrt(1.0 / n));
    double[] stemBias = null;
    double[][] layerBiases = null;
    if (spec.biasStd() > 0) {
      stemBias = Weights.gaussian(rng, n, spec.biasStd());
      layerBiases = new double[matrices][];
      for (int l = 0; l < matrices; l++) {
        layerBiases[l] = Weights.gaussian(rng, n, spec.biasStd());
      }
    }
    return new AbstractNetwork.Draw(stem, layers, out, stemBias, layerBiases);
  }
}
