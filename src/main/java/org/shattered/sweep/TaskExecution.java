package org.shattered.sweep;

import java.util.ArrayList;
import java.util.List;
import org.shattered.measure.Measurement;
import org.shattered.measure.TaskResult;
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

  /**
   * Runs the tasks of a unit together ({@link TaskEngine#measureAll}), one outcome per task in the
   * unit's order. Should the shared computation itself throw, the tasks run one at a time, so each
   * failure is recorded against the task that causes it.
   */
  public static List<TaskOutcome> run(TaskEngine engine, WorkUnit unit) {
    List<TaskResult> results;
    try {
      results = engine.measureAll(unit.specs());
    } catch (RuntimeException e) {
      return unit.tasks().stream().map(t -> run(engine, t)).toList();
    }
    List<TaskOutcome> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      TaskResult r = results.get(i);
      out.add(new TaskOutcome(unit.tasks().get(i), r.measurement(), r.error(), r.millis(), HOST));
    }
    return out;
  }

  public static TaskOutcome run(TaskEngine engine, PlannedTask task) {
    long start = System.nanoTime();
    try {
      Measurement m = engine.measure(task.spec());
      return new TaskOutcome(task, m, null, m.millis(), HOST);
    } catch (RuntimeException e) {
      TaskResult r = TaskResult.failed(task.spec(), e, (System.nanoTime() - start) / 1e6);
      return new TaskOutcome(task, null, r.error(), r.millis(), HOST);
    }
  }
}
