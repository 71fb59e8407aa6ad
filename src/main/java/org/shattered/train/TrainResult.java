package org.shattered.train;

import java.util.List;

/**
 * One training task's result.
 *
 * @param spec the task
 * @param checkpoints step 0 first, the last step last
 * @param divergedAtStep the step whose loss was not finite (training stopped there; the last
 *     checkpoint is the last state with finite loss), or -1
 * @param millis wall time of the task
 */
public record TrainResult(TrainSpec spec, List<Checkpoint> checkpoints, int divergedAtStep, double millis) {

  public Checkpoint initial() {
    return checkpoints.get(0);
  }

  public Checkpoint last() {
    return checkpoints.get(checkpoints.size() - 1);
  }

  public boolean diverged() {
    return divergedAtStep >= 0;
  }
}
