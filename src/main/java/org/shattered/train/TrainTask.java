package org.shattered.train;

import org.shattered.spec.TaskKey;

/**
 * One training task of a sweep: its parameters and the beta label it was planned from (a constant
 * or a rule such as "1/sqrt(depth)"; null where the family has no beta).
 *
 * @param spec the task's parameters
 * @param betaRule label of the beta axis value, or null
 */
public record TrainTask(TrainSpec spec, String betaRule) implements java.io.Serializable {

  /** The row's identity: 24 hex digits of SHA-256 of {@link TrainSpec#canonical()}. */
  public String key() {
    return TaskKey.ofCanonical(spec.canonical()).value();
  }
}
