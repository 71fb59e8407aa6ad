package org.shattered.spec;

import com.typesafe.config.Config;
import java.util.List;

/**
 * The validated configuration of a training sweep ({@code sweep.task = train}): the grid axes it
 * reuses, the axes of {@code sweep.train}, the only/exclude rules over both, and the sweep's
 * settings. Building the tasks (and the network families, which live in {@code train}) is left to
 * the caller; each value here is already checked, so a bad one is refused before anything runs.
 *
 * @param name experiment name
 * @param output results directory
 * @param architectures family names, each one of the allowed names given to {@link #read}
 * @param normalization normalizations
 * @param precision precisions
 * @param depth depths (>= 1)
 * @param width widths (>= 1)
 * @param beta residual scales (resnet only)
 * @param seed seeds
 * @param learningRate step sizes (> 0)
 * @param momentum momenta in [0, 1)
 * @param batchSize images per step (>= 1)
 * @param steps SGD steps (>= 1)
 * @param checkpointEvery steps between checkpoints (>= 1)
 * @param dataDir folder of the dataset
 * @param only rules a task must match one of (when any)
 * @param exclude rules a task must match none of
 * @param commitBatch tasks committed per batch ({@code sweep.batch-size})
 * @param partitionsPerCore Spark partitions per core in a batch
 * @param configHash hash of the resolved sweep configuration
 */
public record TrainingAxes(String name, String output, List<String> architectures, List<Normalization> normalization,
    List<Precision> precision, List<Integer> depth, List<Integer> width, List<BetaValue> beta, List<Long> seed,
    List<Double> learningRate, List<Double> momentum, List<Integer> batchSize, List<Integer> steps,
    int checkpointEvery, String dataDir, List<GridRule> only, List<GridRule> exclude, int commitBatch,
    int partitionsPerCore, String configHash) {

  /** The axes rules may name, in the order of the grid. */
  public static final List<String> KEYS = List.of("architecture", "normalization", "precision", "width", "depth",
      "beta", "learning-rate", "momentum", "batch-size", "steps", "seed");

  /**
   * Reads a training sweep from a config returned by {@link SweepConfig#load}.
   *
   * @param families the allowed architecture names
   */
  public static TrainingAxes read(Config config, List<String> families) {
    ConfigReader r = new ConfigReader(config);
    String g = "sweep.grid.";
    String t = "sweep.train.";
    List<String> archs = r.stringAxis(g + "architecture", families);
    SweepConfig.RuleValue canonical = (path, axis, v) -> {
      if (axis.equals("architecture")) {
        String name = String.valueOf(v.unwrapped());
        if (!families.contains(name)) {
          throw r.error(path, name, "one of " + String.join(", ", families));
        }
        return name;
      }
      return SweepConfig.canonicalRuleValue(path, axis, v);
    };
    String name = r.string("sweep.name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw r.error("sweep.name", name, "letters, digits, '.', '_' and '-'");
    }
    String output = r.string("sweep.output").isBlank() ? "results/" + name : r.string("sweep.output");
    String dataDir = r.string(t + "data-dir");
    if (dataDir.isBlank()) {
      throw r.error(t + "data-dir", dataDir, "the folder of the four Fashion-MNIST IDX files");
    }
    return new TrainingAxes(name, output, archs,
        r.enumAxis(g + "normalization", Normalization.class),
        r.enumAxis(g + "precision", Precision.class),
        r.intAxis(g + "depth", 1),
        r.intAxis(g + "width", 1),
        r.betaAxis(g + "beta"),
        r.seedAxis(g + "seed"),
        r.doubleAxis(t + "learning-rate", "finite numbers > 0", d -> Double.isFinite(d) && d > 0),
        r.doubleAxis(t + "momentum", "numbers in [0, 1)", d -> d >= 0 && d < 1),
        r.intAxis(t + "batch-size", 1),
        r.intAxis(t + "steps", 1),
        r.integer(t + "checkpoint-every", 1, Integer.MAX_VALUE),
        dataDir,
        SweepConfig.rules(config, r, "sweep.only", KEYS, canonical),
        SweepConfig.rules(config, r, "sweep.exclude", KEYS, canonical),
        r.integer("sweep.batch-size", 1, 10_000_000), r.integer("sweep.partitions-per-core", 1, 1000),
        SweepConfig.hash(config));
  }

  public TrainingAxes withOutput(String newOutput) {
    return new TrainingAxes(name, newOutput, architectures, normalization, precision, depth, width, beta, seed,
        learningRate, momentum, batchSize, steps, checkpointEvery, dataDir, only, exclude, commitBatch,
        partitionsPerCore, configHash);
  }

  /** Whether the only/exclude rules keep a task whose canonical axis values {@code valueOf} gives. */
  public boolean kept(java.util.function.Function<String, String> valueOf) {
    if (!only.isEmpty() && only.stream().noneMatch(rule -> rule.matches(valueOf))) {
      return false;
    }
    return exclude.stream().noneMatch(rule -> rule.matches(valueOf));
  }
}
