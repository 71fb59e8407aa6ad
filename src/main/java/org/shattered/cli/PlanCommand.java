package org.shattered.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.shattered.spec.PathDecompositionRule;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.spec.TaskSpec;
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

  /** Assumed sustained rate of the engine, per core, for the estimate (see the README's benchmark). */
  static final double FLOPS_PER_CORE = 20e9;
  /** Assumed fixed cost per task (network set-up, metrics, row writing). */
  static final double SECONDS_PER_TASK = 0.002;

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    SweepSpec sweep = SweepConfig.sweepSpec(options.load());
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
      seconds.merge(arch, estimateSeconds(s, sweep.pathDecomposition()), Double::sum);
    });
    PrintWriter out = spec.commandLine().getOut();
    long total = 0;
    double totalSeconds = 0;
    out.printf(Locale.ROOT, "sweep %s -> %s%n", sweep.name(), sweep.output());
    out.printf(Locale.ROOT, "%-14s %12s %16s%n", "architecture", "tasks", "est. core-hours");
    for (var e : count.entrySet()) {
      double s = seconds.get(e.getKey());
      out.printf(Locale.ROOT, "%-14s %12d %16.3f%n", e.getKey(), e.getValue()[0], s / 3600);
      total += e.getValue()[0];
      totalSeconds += s;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(Locale.ROOT, "%-14s %12d %16.3f%n", "total", total, totalSeconds / 3600);
    if (duplicates[0] > 0) {
      out.printf(Locale.ROOT, "(%d combinations dropped: same parameters as an earlier one)%n", duplicates[0]);
    }
    out.printf(Locale.ROOT, "estimate: about %.0f s of compute, %.0f s on this machine's %d cores "
        + "(assumes %.0f GFLOP/s per core and %.0f ms per task)%n", totalSeconds, totalSeconds / cores, cores,
        FLOPS_PER_CORE / 1e9, SECONDS_PER_TASK * 1e3);
    return 0;
  }

  /** Forward and backward matrix products, about 4 x depth x width^2 x points flops. */
  static double estimateSeconds(TaskSpec s) {
    return estimateSeconds(s, false);
  }

  /**
   * {@link #estimateSeconds(TaskSpec)}, plus with the path decomposition of a resnet its
   * depth (depth + 1) / 2 products of points x width by width x width (2 width^2 points flops each).
   */
  static double estimateSeconds(TaskSpec s, boolean pathDecomposition) {
    double seconds = 4 * s.cost() / FLOPS_PER_CORE + SECONDS_PER_TASK;
    if (pathDecomposition && PathDecompositionRule.hasRows(s)) {
      double products = s.depth() * (s.depth() + 1) / 2.0;
      seconds += products * 2.0 * s.width() * s.width() * s.points() / FLOPS_PER_CORE;
    }
    return seconds;
  }
}
