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

  public static TaskResult ok(Measurement m) {
    return new TaskResult(m.spec(), m, null, m.millis());
  }

  public static TaskResult failed(TaskSpec spec, RuntimeException e, double millis) {
    return new TaskResult(spec, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
        + e.getMessage()), millis);
  }
}
