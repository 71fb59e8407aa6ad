package org.shattered.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * What a sweep run needs, whatever its kind: the planned tasks (grid order, keys unique), how they
 * are computed and written ({@link TaskKind}), and the sweep's settings.
 *
 * @param name experiment name, remembered by the results directory
 * @param output results directory
 * @param settings the settings a results directory must agree on (its identity, with the name)
 * @param configHash hash of the resolved configuration, for provenance
 * @param batchSize tasks committed per batch
 * @param partitionsPerCore Spark partitions per core in a batch
 * @param tasks the planned tasks
 * @param kind what a task is
 * @param <T> a planned task
 */
public record SweepJob<T extends Serializable>(String name, String output, String settings, String configHash,
    int batchSize, int partitionsPerCore, List<T> tasks, TaskKind<T> kind) {

  public SweepJob {
    tasks = List.copyOf(tasks);
  }
}
