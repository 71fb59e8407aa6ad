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

  /** Releases native memory. Idempotent. */
  @Override
  void close();
}
