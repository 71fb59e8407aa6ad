package org.shattered.spec;

import java.util.List;

/**
 * A validated sweep: the grid, its pruning rules and the settings every task shares.
 *
 * @param name experiment name, remembered by the results directory
 * @param output results directory (DIR/tasks, DIR/layers)
 * @param axes the grid axes
 * @param only keep only tasks matching one of these (when non-empty)
 * @param exclude drop tasks matching any of these
 * @param inputMin left end of the input grid
 * @param inputMax right end of the input grid
 * @param maxLag largest autocorrelation lag K
 * @param storeGradients whether the tasks table keeps every gradient vector
 * @param batchSize tasks committed per batch
 * @param partitionsPerCore Spark partitions per core in a batch
 * @param configHash hash of the resolved sweep configuration, for provenance
 * @param pathDecomposition whether resnet tasks also split their gradient by path length (the
 *     {@code paths} table)
 * @param inputSeed seed of the points of sphere inputs (part of those tasks' keys)
 */
public record SweepSpec(String name, String output, GridAxes axes, List<GridRule> only, List<GridRule> exclude,
    double inputMin, double inputMax, int maxLag, boolean storeGradients, int batchSize, int partitionsPerCore,
    String configHash, boolean pathDecomposition, long inputSeed) implements java.io.Serializable {

  public SweepSpec {
    only = List.copyOf(only);
    exclude = List.copyOf(exclude);
  }

  /** A sweep without the path decomposition, input seed 0. */
  public SweepSpec(String name, String output, GridAxes axes, List<GridRule> only, List<GridRule> exclude,
      double inputMin, double inputMax, int maxLag, boolean storeGradients, int batchSize, int partitionsPerCore,
      String configHash) {
    this(name, output, axes, only, exclude, inputMin, inputMax, maxLag, storeGradients, batchSize, partitionsPerCore,
        configHash, false, 0L);
  }

  /** A sweep with input seed 0. */
  public SweepSpec(String name, String output, GridAxes axes, List<GridRule> only, List<GridRule> exclude,
      double inputMin, double inputMax, int maxLag, boolean storeGradients, int batchSize, int partitionsPerCore,
      String configHash, boolean pathDecomposition) {
    this(name, output, axes, only, exclude, inputMin, inputMax, maxLag, storeGradients, batchSize, partitionsPerCore,
        configHash, pathDecomposition, 0L);
  }

  /**
   * Settings that change the numbers of a task without being a grid axis; a results directory must
   * agree on them. The path decomposition is named only when on, so directories written before it
   * existed keep their settings.
   */
  public String measurementSettings() {
    return "engine=" + TaskKey.ENGINE_VERSION + ";input-min=" + inputMin + ";input-max=" + inputMax + ";max-lag="
        + maxLag + ";store-gradients=" + storeGradients + (pathDecomposition ? ";path-decomposition=true" : "");
  }

  public SweepSpec withOutput(String newOutput) {
    return new SweepSpec(name, newOutput, axes, only, exclude, inputMin, inputMax, maxLag, storeGradients,
        batchSize, partitionsPerCore, configHash, pathDecomposition, inputSeed);
  }

  public SweepSpec withAxes(GridAxes newAxes) {
    return new SweepSpec(name, output, newAxes, only, exclude, inputMin, inputMax, maxLag, storeGradients,
        batchSize, partitionsPerCore, configHash, pathDecomposition, inputSeed);
  }

  /** The grid of this sweep (lazy: it is expanded as it is iterated). */
  public Grid grid() {
    return new Grid(this);
  }
}
