package org.shattered.sweep;

import java.io.Serializable;
import java.util.List;
import org.shattered.measure.Measurement;
import org.shattered.measure.TaskResult;
import org.shattered.spec.TaskSpec;

/**
 * Measures tasks. The production engine builds the networks and measures them; tests substitute
 * engines that fail on purpose. Implementations are shipped to executors, hence serializable.
 */
@FunctionalInterface
public interface TaskEngine extends Serializable {
  Measurement measure(TaskSpec spec);

  /**
   * Measures tasks that share their weights (a {@link WorkUnit}), each result exactly what
   * {@link #measure} gives for the task (or its failure); by default one task at a time.
   */
  default List<TaskResult> measureAll(List<TaskSpec> specs) {
    return specs.stream().map(s -> TaskResult.of(s, this::measure)).toList();
  }
}
