package org.shattered.sweep;

import org.shattered.measure.Measurement;
import org.shattered.spec.PlannedTask;

/**
 * Runs one task and turns any exception into a failed outcome with its message, so a deterministic
 * failure is recorded once instead of being retried by Spark. Errors (out of memory, a lost
 * executor) are not caught: Spark retries those.
 */
public final class TaskExecution {
  private static final String HOST = Provenance.host();

  private TaskExecution() {
  }

  public static TaskOutcome run(TaskEngine engine, PlannedTask task) {
    long start = System.nanoTime();
    try {
      Measurement m = engine.measure(task.spec());
      return new TaskOutcome(task, m, null, m.millis(), HOST);
    } catch (RuntimeException e) {
      String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new TaskOutcome(task, null, message, (System.nanoTime() - start) / 1e6, HOST);
    }
  }
}
