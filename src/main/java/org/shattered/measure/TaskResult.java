package org.shattered.measure;

import org.shattered.spec.TaskSpec;

/**
 * What measuring one task gave: its measurement, or the message of the exception that stopped it
 * (a deterministic failure, recorded once as a failed row).
 *
 * @param spec the task
 * @param measurement the measurement, or null when the task failed
 * @param error "ExceptionClass: message" when the task failed, else null
 * @param millis wall time spent on the task (its share of work done for several tasks at once),
 *     also when it failed
 */
public record TaskResult(TaskSpec spec, Measurement measurement, String error, double millis) {

  /**
   * {@code measure} applied to {@code spec}; a RuntimeException it throws becomes a failed result
   * with the time spent (Errors, such as running out of memory, pass through: Spark retries those).
   */
  public static TaskResult of(TaskSpec spec, java.util.function.Function<TaskSpec, Measurement> measure) {
    long start = System.nanoTime();
    try {
      return ok(measure.apply(spec));
    } catch (RuntimeException e) {
      return failed(spec, e, (System.nanoTime() - start) / 1e6);
    }
  }

  /** This result with {@code extra} more milliseconds (its share of work done for several tasks). */
  public TaskResult plusMillis(double extra) {
    return new TaskResult(spec, measurement == null ? null : measurement.withMillis(measurement.millis() + extra),
        error, millis + extra);
  }

  public static TaskResult ok(Measurement m) {
    return new TaskResult(m.spec(), m, null, m.millis());
  }

  public static TaskResult failed(TaskSpec spec, RuntimeException e, double millis) {
    return new TaskResult(spec, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
        + e.getMessage()), millis);
  }
}
