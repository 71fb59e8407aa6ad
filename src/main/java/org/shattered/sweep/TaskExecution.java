package org.shattered.sweep;

import java.util.ArrayList;
import java.util.List;
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
      out.add(outcome(unit.tasks().get(i), results.get(i)));
    }
    return out;
  }

  public static TaskOutcome run(TaskEngine engine, PlannedTask task) {
    return outcome(task, TaskResult.of(task.spec(), engine::measure));
  }

  private static TaskOutcome outcome(PlannedTask task, TaskResult r) {
    return new TaskOutcome(task, r.measurement(), r.error(), r.millis(), HOST);
  }
}
