package org.shattered.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.shattered.spec.CostModel;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.spec.TaskSpec;
import org.shattered.spec.TrainingAxes;
import org.shattered.train.TrainCost;
import org.shattered.train.TrainTask;
import org.shattered.train.TrainingSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code shattered plan}: the grid's size by architecture and a rough cost estimate, without
 * running anything. Streams the grid, so a million tasks take seconds and little memory.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show the grid's size by architecture and an estimate of its cost; runs nothing.")
final class PlanCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @picocli.CommandLine.Option(names = "--show-config", description = "First print the resolved configuration "
      + "(the sweep and spark sections after every layer: --set, -D, environment, the file, the profile, "
      + "reference.conf), as HOCON.")
  boolean showConfig;

  @Override
  public Integer call() {
    Config config = options.load();
    if (SweepConfig.isTraining(config)) {
      return planTraining(config);
    }
    SweepSpec sweep = SweepConfig.sweepSpec(config); // checked first: a bad configuration is refused, not shown
    if (showConfig) {
      spec.commandLine().getOut().println(resolved(config));
    }
    double maxHours = SweepConfig.maxEstimatedHours(config);
    String master = System.getProperty("spark.master", config.getString("spark.master"));
    Map<String, long[]> count = new TreeMap<>();
    Map<String, Double> seconds = new TreeMap<>();
    Set<Long> seen = new HashSet<>();
    long[] duplicates = {0};
    sweep.grid().forEach(t -> {
      TaskSpec s = t.spec();
      if (!seen.add(s.key().hash64())) {
        duplicates[0]++;
        return;
      }
      String arch = s.architecture().configName();
      count.computeIfAbsent(arch, k -> new long[1])[0]++;
      seconds.merge(arch, CostModel.seconds(s, sweep.pathDecomposition()), Double::sum);
    });
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "sweep %s -> %s%n", sweep.name(), sweep.output());
    double totalSeconds = table(out, count, seconds, 14, 12);
    int cores = Preflight.cores(master);
    if (duplicates[0] > 0) {
      out.printf(Locale.ROOT, "(%d combinations dropped: same parameters as an earlier one)%n", duplicates[0]);
    }
    double wall = totalSeconds / cores;
    out.printf(Locale.ROOT, "estimate: about %s of compute, %s on %d cores (master %s; assumes %.0f GFLOP/s per core, "
        + "%.0f ms per layer, %.0f ms per task, tanh %.0f ns per pre-activation)%n", CostModel.duration(totalSeconds),
        CostModel.duration(wall), cores, master, CostModel.FLOPS_PER_CORE / 1e9, CostModel.SECONDS_PER_LAYER * 1e3,
        CostModel.SECONDS_PER_TASK * 1e3, CostModel.TANH_SECONDS_PER_ELEMENT * 1e9);
    warnAboveLimit(out, wall, maxHours);
    return 0;
  }


  /**
   * The plan of a training sweep: tasks and estimated core-hours by architecture and normalization,
   * by the cost model of {@link TrainCost}. Reads no data (the sweep checks it).
   */
  private int planTraining(Config config) {
    TrainingAxes axes = TrainingAxes.read(config, TrainingSweep.families());
    if (showConfig) {
      spec.commandLine().getOut().println(resolved(config));
    }
    double maxHours = SweepConfig.maxEstimatedHours(config);
    String master = System.getProperty("spark.master", config.getString("spark.master"));
    Map<String, long[]> count = new TreeMap<>();
    Map<String, Double> seconds = new TreeMap<>();
    double deepest = 0;
    for (TrainTask t : TrainingSweep.tasks(axes)) {
      String group = t.spec().family().configName() + "/" + t.spec().normalization().configName();
      count.computeIfAbsent(group, k -> new long[1])[0]++;
      double s = TrainCost.seconds(t.spec());
      seconds.merge(group, s, Double::sum);
      deepest = Math.max(deepest, s);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "training sweep %s -> %s (data %s)%n", axes.name(), axes.output(), axes.dataDir());
    double totalSeconds = table(out, count, seconds, 22, 8);
    int cores = Preflight.cores(master);
    double wall = Math.max(totalSeconds / cores, deepest);
    out.printf(Locale.ROOT, "estimate: about %s of compute, %s on %d cores (master %s; the longest task %s). Model: a "
        + "step costs 3 forward passes of its batch at %.1f GFLOP/s, a checkpoint the forward passes of %d images and 3 "
        + "of %d probe inputs at %.1f GFLOP/s, a forward pass 2 flops per weight per image; batch norm x %.1f; %.1f s a "
        + "checkpoint and %.1f s a task besides (docs/training.md)%n", CostModel.duration(totalSeconds), CostModel.duration(wall), cores, master,
        CostModel.duration(deepest), TrainCost.STEP_FLOPS / 1e9, TrainCost.EVALUATED_IMAGES, TrainCost.PROBE_IMAGES,
        TrainCost.EVALUATION_FLOPS / 1e9, TrainCost.BATCH_NORM_FACTOR, TrainCost.SECONDS_PER_CHECKPOINT,
        TrainCost.SECONDS_PER_TASK);
    warnAboveLimit(out, wall, maxHours);
    return 0;
  }

  /**
   * The table of tasks and estimated core-hours by group, then its total; returns the total
   * core-seconds. {@code label} and {@code tasks} are the two columns' widths.
   */
  private static double table(PrintWriter out, Map<String, long[]> count, Map<String, Double> seconds, int label,
      int tasks) {
    String row = "%-" + label + "s %" + tasks + "d %16.3f%n";
    out.printf(Locale.ROOT, "%-" + label + "s %" + tasks + "s %16s%n", "architecture", "tasks", "est. core-hours");
    long total = 0;
    double totalSeconds = 0;
    for (var e : count.entrySet()) {
      double s = seconds.get(e.getKey());
      out.printf(Locale.ROOT, row, e.getKey(), e.getValue()[0], s / 3600);
      total += e.getValue()[0];
      totalSeconds += s;
    }
    out.printf(Locale.ROOT, row, "total", total, totalSeconds / 3600);
    return totalSeconds;
  }

  /** The warning that {@code sweep} will refuse a grid whose estimated wall time is above the limit. */
  private static void warnAboveLimit(PrintWriter out, double wall, double maxHours) {
    if (wall > maxHours * 3600) {
      out.printf(Locale.ROOT, "WARNING: estimated %.1f h is above sweep.max-estimated-hours = %s: 'sweep' refuses "
          + "this grid unless --yes is given (or the key is raised)%n", wall / 3600, CostModel.hours(maxHours));
    }
  }

  /** The sweep and spark sections of the resolved configuration, as HOCON without comments. */
  static String resolved(Config config) {
    com.typesafe.config.ConfigRenderOptions render = com.typesafe.config.ConfigRenderOptions.defaults()
        .setOriginComments(false).setComments(false).setJson(false).setFormatted(true);
    Config shown = config.withOnlyPath("sweep").withFallback(config.hasPath("spark") ? config.withOnlyPath("spark")
        : com.typesafe.config.ConfigFactory.empty());
    return shown.root().render(render).strip();
  }
}
