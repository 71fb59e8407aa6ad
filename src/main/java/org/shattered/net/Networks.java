package org.shattered.net;

import org.shattered.spec.Architecture;
import org.shattered.spec.TaskSpec;

/**
 * Builds the network of a task. All weights come from one {@code new
 * GaussianStream(spec.weightSeed())} (shared by tasks that differ only in normalization, beta,
 * biases, inputs, precision or gradient mode), drawn in double in
 * this fixed order, each matrix row-major:
 *
 * <ol>
 *   <li>the stem W0 (N x 1), N(0, 2);
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

  /** The randomly initialized network of {@code spec}. Close it when done. */
  public static Network build(TaskSpec spec) {
    AbstractNetwork.Draw draw = draw(spec, new GaussianStream(spec.weightSeed()));
    Blas blas = new Blas(AbstractNetwork.dataType(spec.precision()));
    try {
      return switch (spec.architecture()) {
        case FEEDFORWARD -> new FeedforwardNetwork(spec, blas, draw);
        case RESNET -> new ResnetNetwork(spec, blas, draw);
        case LOOKS_LINEAR -> new LooksLinearNetwork(spec, blas, draw);
      };
    } catch (RuntimeException | Error e) {
      blas.close();
      throw e;
    }
  }

  static AbstractNetwork.Draw draw(TaskSpec spec, GaussianStream rng) {
    int n = spec.width();
    Architecture a = spec.architecture();
    int matrices = a == Architecture.FEEDFORWARD ? spec.depth() - 1 : spec.depth();
    double[] stem = Weights.gaussian(rng, n, Math.sqrt(2.0));
    double[][] layers = new double[matrices][];
    for (int l = 0; l < matrices; l++) {
      layers[l] = a == Architecture.LOOKS_LINEAR
          ? Weights.mirrored(Weights.haarOrthogonal(rng, n), n)
          : Weights.gaussian(rng, n * n, Math.sqrt(2.0 / n));
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
