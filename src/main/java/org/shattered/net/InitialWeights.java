package org.shattered.net;

import org.shattered.spec.TaskKey;
import org.shattered.spec.TaskSpec;

/**
 * The weights of a network at initialization as Java arrays, for code that changes them (training,
 * {@code org.shattered.train}). The stem, w_out and the layer matrices are drawn exactly as
 * {@link Networks} draws them for the same spec (same stream, order and values), so a trained
 * network starts as the network the measurement engine builds for that spec; a classifier's other
 * readout rows come from a stream of their own, so they change no measured weight and nest by
 * depth too.
 *
 * <p>{@code unmirrored} (the {@code crelu} control of docs/science.md, Training) keeps the looks-linear
 * shape (N x 2N layer matrices behind a concatenated ReLU) but draws each matrix with independent
 * N(0, 1/N) entries instead of [U, -U]: the same variance per entry as the mirrored orthogonal
 * matrices, without their exact linearity. It has its own weight stream.
 *
 * @param stem W0, N x d row-major
 * @param layers the layer matrices in order, row-major: N x N, or N x 2N for the concatenated ReLU
 * @param readout classes x N row-major; row 0 is the measurement engine's w_out
 */
public record InitialWeights(double[] stem, double[][] layers, double[] readout) {

  /**
   * The weights of {@code spec}'s network (its architecture, width, depth, seed and input dimension
   * decide them) with a readout of {@code classes} rows.
   */
  public static InitialWeights draw(TaskSpec spec, boolean unmirrored, int classes) {
    ArchitectureFamily family = spec.architecture().family();
    if (unmirrored && !family.mirrored()) {
      throw new IllegalArgumentException("unmirrored weights have the looks-linear shape; got " + spec.architecture());
    }
    String identity = spec.weightsIdentity();
    GaussianStream rng = new GaussianStream(unmirrored
        ? TaskKey.seedOf("v" + TaskKey.WEIGHTS_VERSION + ";weights;crelu;" + identity) : spec.weightSeed());
    int n = spec.width();
    double[] stem = Networks.stem(spec, rng);
    double[] out = Weights.gaussian(rng, n, Math.sqrt(1.0 / n));
    int count = Networks.matrices(spec.architecture(), spec.depth());
    double[][] layers = new double[count][];
    for (int l = 0; l < count; l++) {
      if (unmirrored) {
        layers[l] = Weights.gaussian(rng, n * (int) family.layerColumns(n), Math.sqrt(1.0 / n));
      } else {
        layers[l] = family.layerArray(n, spec.weightVariance(), rng); // as Networks.layers
      }
    }
    double[] readout = new double[classes * n];
    System.arraycopy(out, 0, readout, 0, n);
    if (classes > 1) {
      GaussianStream rows = new GaussianStream(TaskKey.seedOf("v" + TaskKey.WEIGHTS_VERSION + ";readout;"
          + (unmirrored ? "crelu;" : "") + identity));
      rows.fill(readout, n, (classes - 1) * n, Math.sqrt(1.0 / n));
    }
    return new InitialWeights(stem, layers, readout);
  }
}
