package org.shattered.sweep;

import org.shattered.measure.Measurement;
import org.shattered.spec.PlannedTask;

/**
 * What one task produced: its measurement, or the error that stopped it (a deterministic failure
 * becomes a {@code failed} row, never a Spark retry).
 *
 * @param task the planned task
 * @param measurement the measurement, or null when the task failed
 * @param error "ExceptionClass: message" when the task failed, else null
 * @param millis wall time spent on the task, also when it failed
 * @param host host name of the executor that ran it
 */
public record TaskOutcome(PlannedTask task, Measurement measurement, String error, double millis, String host)
    implements java.io.Serializable {

  public static final String OK = "ok";
  public static final String FAILED = "failed";

  public boolean ok() {
    return measurement != null;
  }

  public String status() {
    return ok() ? OK : FAILED;
  }
}
