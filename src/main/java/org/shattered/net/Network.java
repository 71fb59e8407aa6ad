package org.shattered.net;

/**
 * One randomly initialized network of docs/science.md (Networks), its weights drawn from the task's weight seed. It holds
 * native ND4J memory: use it in try-with-resources. Not thread-safe; one task, one thread.
 */
public interface Network extends AutoCloseable {

  /** Outputs y_p at inputs x, batch statistics (if any) computed over x itself. */
  double[] outputs(double[] x);

  /**
   * Outputs y_p at inputs x with batch statistics held at the values they take over
   * {@code statisticsFrom} (same length as x). With frozen statistics y_p depends on x_p alone,
   * which is what central finite differences of the frozen gradient need.
   */
  double[] outputs(double[] x, double[] statisticsFrom);

  /** Forward and backward pass at x: outputs, the gradient per the spec's gradient mode, gates. */
  Backprop backprop(double[] x);

  /**
   * Whether {@link #backpropPrefixes} works: the gradient comes from one forward pass (forward mode:
   * frozen statistics or no normalization, line inputs, feedforward or resnet), so each layer's
   * output and tangent are those of the network cut there.
   */
  default boolean nestsDepths() {
    return false;
  }

  /**
   * One forward pass to this network's depth that yields the pass of its depth-d prefix for every d
   * in {@code depths} (ascending, each 1..L), first depth first: each equal, bit for bit, to
   * {@link #backprop} of the depth-d network alone on the same weights (weights nest by depth; see
   * {@code Networks}). The gate matrices of a layer are the same objects in every prefix that has it.
   *
   * @throws UnsupportedOperationException unless {@link #nestsDepths}
   * @throws IllegalArgumentException if the depths do not ascend within 1..L
   */
  default java.util.List<Backprop> backpropPrefixes(double[] x, int[] depths) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read its depths from one pass");
  }

  /**
   * After {@link #backprop}: its gradient split by path length, row k holding g^(k)_p for the P
   * inputs (P x d values, point-major, as the gradient), k = 0..L, the part of dy_p/dx_p carried by the paths through exactly k residual
   * branches (see {@code PathRecursion}). The rows sum to the gradient up to rounding. Only for
   * resnets whose gradient is a per-point derivative (frozen batch statistics or no normalization).
   *
   * @throws UnsupportedOperationException for another architecture or through-batch gradients
   * @throws IllegalStateException before {@link #backprop}, or after an {@link #outputs} call
   */
  default double[][] pathGradients() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no path decomposition");
  }

  /** Releases native memory. Idempotent. */
  @Override
  void close();
}
