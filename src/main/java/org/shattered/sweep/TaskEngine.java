package org.shattered.sweep;

import java.io.Serializable;
import org.shattered.measure.Measurement;
import org.shattered.spec.TaskSpec;

/**
 * Measures one task. The production engine builds the network and measures it; tests substitute
 * engines that fail on purpose. Implementations are shipped to executors, hence serializable.
 */
@FunctionalInterface
public interface TaskEngine extends Serializable {
  Measurement measure(TaskSpec spec);
}
