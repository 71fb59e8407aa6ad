package org.shattered.sweep;

import java.util.List;
import org.shattered.measure.GroupMeasurer;
import org.shattered.measure.Measurement;
import org.shattered.measure.TaskResult;
import org.shattered.measure.TaskMeasurer;
import org.shattered.net.Networks;
import org.shattered.spec.TaskSpec;

/**
 * The production engine: builds the task's network with ND4J and measures it (tasks that share
 * weights together, see {@link GroupMeasurer}); with
 * {@code pathDecomposition} also the gradient split by path length (resnets; see
 * {@link TaskMeasurer#measure(TaskSpec, java.util.function.Function, boolean)}).
 */
public final class MeasuringEngine implements TaskEngine {
  private static final long serialVersionUID = 1L;

  private final boolean pathDecomposition;

  public MeasuringEngine() {
    this(false);
  }

  public MeasuringEngine(boolean pathDecomposition) {
    this.pathDecomposition = pathDecomposition;
  }

  @Override
  public Measurement measure(TaskSpec spec) {
    return TaskMeasurer.measure(spec, Networks::build, pathDecomposition);
  }

  /** Tasks sharing weights computed together ({@link GroupMeasurer}): the same rows, less work. */
  @Override
  public List<TaskResult> measureAll(List<TaskSpec> specs) {
    return GroupMeasurer.measure(specs, pathDecomposition);
  }
}
