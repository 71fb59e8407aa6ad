package org.shattered.sweep;

import org.shattered.measure.Measurement;
import org.shattered.measure.TaskMeasurer;
import org.shattered.net.Networks;
import org.shattered.spec.TaskSpec;

/** The production engine: builds the task's network with ND4J and measures it. */
public final class MeasuringEngine implements TaskEngine {
  private static final long serialVersionUID = 1L;

  @Override
  public Measurement measure(TaskSpec spec) {
    return TaskMeasurer.measure(spec, Networks::build);
  }
}
