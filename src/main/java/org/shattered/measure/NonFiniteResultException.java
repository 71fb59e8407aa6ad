package org.shattered.measure;

/**
 * A task produced a NaN or infinite output or gradient. The message names the task and what was
 * non-finite, e.g. {@code "feedforward/none L=200 N=100 seed=3: non-finite gradient at 12 of 256
 * inputs (first at p=40: Infinity)"}.
 */
public final class NonFiniteResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String taskLabel;
  private final String quantity;

  public NonFiniteResultException(String taskLabel, String quantity, String detail) {
    super(taskLabel + ": non-finite " + quantity + (detail.isEmpty() ? "" : " " + detail));
    this.taskLabel = taskLabel;
    this.quantity = quantity;
  }

  /** Throws if any value of {@code values} is NaN or infinite. */
  public static void check(String taskLabel, String quantity, double[] values) {
    int bad = 0;
    int first = -1;
    for (int p = 0; p < values.length; p++) {
      if (!Double.isFinite(values[p])) {
        bad++;
        if (first < 0) {
          first = p;
        }
      }
    }
    if (bad > 0) {
      throw new NonFiniteResultException(taskLabel, quantity,
          "at " + bad + " of " + values.length + " inputs (first at p=" + first + ": " + values[first] + ")");
    }
  }

  /** The label of the failed task ({@link org.shattered.spec.TaskSpec#label()}). */
  String taskLabel() {
    return taskLabel;
  }

  /** What was non-finite: "output", "gradient", ... */
  public String quantity() {
    return quantity;
  }
}
