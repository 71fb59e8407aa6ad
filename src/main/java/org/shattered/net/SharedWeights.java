package org.shattered.net;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.TaskSpec;

/**
 * The weights of every network of one architecture, width, seed (and input dimension) in one
 * precision, drawn once to the largest depth asked for: since the layer matrices are drawn last and
 * in order (see {@link Networks}), a shallower network's weights are a prefix of these, exactly the
 * numbers it would draw alone. Networks built here borrow the native matrices (their own scratch
 * memory is theirs); close the networks first, then this. Not thread-safe.
 */
public final class SharedWeights implements AutoCloseable {
  private final TaskSpec deepest;
  private final Blas blas;
  /** The deepest network's weights, without biases (each network adds its own). */
  private final AbstractNetwork.Draw weights;

  private SharedWeights(TaskSpec deepest, Blas blas, AbstractNetwork.Draw weights) {
    this.deepest = deepest;
    this.blas = blas;
    this.weights = weights;
  }

  /** Draws the weights of {@code deepest}, which every network built from them may be as deep as. */
  public static SharedWeights draw(TaskSpec deepest) {
    Blas blas = new Blas(AbstractNetwork.dataType(deepest.precision()));
    try {
      return new SharedWeights(deepest, blas,
          Networks.draw(deepest.withBiasVariance(0), new GaussianStream(deepest.weightSeed()), blas));
    } catch (RuntimeException | Error e) {
      blas.close();
      throw e;
    }
  }

  /**
   * Whether {@code spec}'s network uses (a prefix of) these weights: same weights identity, same
   * precision, at most as deep.
   */
  public boolean serves(TaskSpec spec) {
    return spec.weightsIdentity().equals(deepest.weightsIdentity()) && spec.precision() == deepest.precision()
        && spec.depth() <= deepest.depth();
  }

  /** The network of {@code spec} on these weights, as {@link Networks#build(TaskSpec)} would build it. */
  public Network build(TaskSpec spec) {
    if (!serves(spec)) {
      throw new IllegalArgumentException(spec.label() + " does not use the weights of " + deepest.label());
    }
    INDArray[] prefix = Arrays.copyOf(weights.layers(), Networks.matrices(spec.architecture(), spec.depth()));
    return Networks.build(spec, Networks.withBiases(spec, weights.stem(), prefix, weights.out()), true);
  }

  @Override
  public void close() {
    blas.close();
  }
}
