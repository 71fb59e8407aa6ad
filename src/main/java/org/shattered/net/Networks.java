package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.Architecture;
import org.shattered.spec.TaskSpec;

/**
 * Builds the network of a task. All weights come from one {@code new
 * GaussianStream(spec.weightSeed())} (shared by tasks that differ only in depth, normalization,
 * beta, biases, inputs, precision or gradient mode), drawn in double in this fixed order, each
 * matrix row-major:
 *
 * <ol>
 *   <li>the stem W0 (N x d, row-major), N(0, sigma_w^2/d): N(0, 2) for line inputs (d = 1) at the
 *       default sigma_w^2 = 2;
 *   <li>w_out (N), N(0, 1/N);
 *   <li>the layer matrices in order: feedforward W_1..W_{L-1} (N x N, N(0, sigma_w^2/N)); resnet
 *       W_1..W_L (N x N, N(0, sigma_w^2/N)); looks-linear, for l = 1..L, an N x N standard Gaussian matrix whose rows
 *       are orthonormalized into U_l (see {@link Weights#haarOrthogonal}), W_l = [U_l, -U_l].
 * </ol>
 *
 * <p>The layer matrices come last, so the weights of the depth-L network are a prefix of those of
 * every deeper network of the same architecture, width and seed (nested depths): one draw to the
 * largest depth serves every depth ({@link SharedWeights}).
 *
 * <p>Only when {@code biasVariance > 0}, the biases come from a stream of their own, {@code new
 * GaussianStream(spec.biasSeed())}: the stem bias, then one bias per layer matrix in order, each N
 * values N(0, sigma_b^2) (drawn as sqrt(sigma_b^2) times a standard normal). So turning biases on leaves every weight unchanged, and biases nest by
 * depth too. A FLOAT network rounds the same double weights to float.
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

  /**
   * Whether the network of {@code spec} computes its gradient in one forward pass, so that one pass
   * to a deeper network on the same weights gives it ({@link Network#backpropPrefixes}): feedforward
   * and resnet with frozen statistics or no normalization, on line inputs.
   */
  public static boolean nestsDepths(TaskSpec spec) {
    return spec.architecture().family().forwardMode() && AbstractNetwork.forwardModeApplies(spec)
        && spec.inputDim() == 1;
  }

  /** {@link #build(TaskSpec)}, or with {@code forwardMode} false always with a backward pass (tests compare the two). */
  static Network build(TaskSpec spec, boolean forwardMode) {
    Blas blas = new Blas(AbstractNetwork.dataType(spec.precision()));
    try {
      return build(spec, blas, draw(spec, new GaussianStream(spec.weightSeed()), blas), forwardMode);
    } catch (RuntimeException | Error e) {
      blas.close();
      throw e;
    }
  }

  /**
   * The network of {@code spec} on weights drawn elsewhere ({@link SharedWeights}): its own scratch
   * memory in a new {@link Blas}, which the network owns; the weights stay their owner's.
   */
  static Network build(TaskSpec spec, AbstractNetwork.Draw draw, boolean forwardMode) {
    Blas blas = new Blas(AbstractNetwork.dataType(spec.precision()));
    try {
      return build(spec, blas, draw, forwardMode);
    } catch (RuntimeException | Error e) {
      blas.close();
      throw e;
    }
  }

  private static Network build(TaskSpec spec, Blas blas, AbstractNetwork.Draw draw, boolean forwardMode) {
    return spec.architecture().family().network(spec, blas, draw, forwardMode);
  }

  /**
   * Draws the weights of {@code spec} from {@code rng} (its weight stream) and its biases from the
   * spec's bias stream; the layer matrices go straight into native matrices owned by {@code blas}
   * (Gaussian ones without an intermediate Java array).
   */
  static AbstractNetwork.Draw draw(TaskSpec spec, GaussianStream rng, Blas blas) {
    int matrices = matrices(spec.architecture(), spec.depth());
    double[] stem = stem(spec, rng);
    double[] out = Weights.gaussian(rng, spec.width(), Math.sqrt(1.0 / spec.width()));
    INDArray[] layers = layers(spec.architecture(), spec.width(), spec.weightVariance(), matrices, rng, blas);
    return withBiases(spec, stem, layers, out);
  }

  /** The number of layer matrices of a network ({@link ArchitectureFamily#layerMatrices}). */
  static int matrices(Architecture a, int depth) {
    return a.family().layerMatrices(depth);
  }

  /** The stem W0, N x d, N(0, 2/d): the first weights drawn. */
  static double[] stem(TaskSpec spec, GaussianStream rng) {
    int d = spec.inputDim();
    // sigma_w^2 / d: 2.0 / 1 is 2.0 for line stems at the default sigma_w^2 = 2, as before the axis
    return Weights.gaussian(rng, spec.width() * d, Math.sqrt(spec.weightVariance() / d));
  }

  /**
   * {@code count} layer matrices drawn in order into native matrices owned by {@code blas}, as the
   * family draws them ({@link ArchitectureFamily#layers}).
   */
  static INDArray[] layers(Architecture a, int n, double weightVariance, int count, GaussianStream rng, Blas blas) {
    return a.family().layers(n, weightVariance, count, rng, blas);
  }

  /** The draw of {@code spec} with these weights and, when {@code biasVariance > 0}, its biases. */
  static AbstractNetwork.Draw withBiases(TaskSpec spec, double[] stem, INDArray[] layers, double[] out) {
    double[] stemBias = null;
    double[][] layerBiases = null;
    if (spec.biasVariance() > 0) {
      GaussianStream biases = new GaussianStream(spec.biasSeed());
      stemBias = Weights.gaussian(biases, spec.width(), spec.biasStd());
      layerBiases = new double[layers.length][];
      for (int l = 0; l < layers.length; l++) {
        layerBiases[l] = Weights.gaussian(biases, spec.width(), spec.biasStd());
      }
    }
    return new AbstractNetwork.Draw(stem, layers, out, stemBias, layerBiases);
  }
}
