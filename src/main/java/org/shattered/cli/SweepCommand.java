package org.shattered.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.CostModel;
import org.shattered.spec.SpecException;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.sweep.Interruption;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.RunRecord;
import org.shattered.sweep.SparkSessions;
import org.shattered.sweep.SweepRunner;
import org.shattered.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shattered sweep}: runs an experiment's grid on Spark into Parquet, resuming what is there. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run an experiment's grid on Spark; results go to DIR/tasks and DIR/layers (and DIR/paths with "
        + "sweep.path-decomposition) as Parquet. "
        + "Tasks already in DIR are skipped.")
final class SweepCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master URL (default: spark.master, local[*]).")
  String master;

  @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default: sweep.output).")
  String out;

  @Option(names = "--retry-failed", description = "Also rerun tasks whose earlier run failed.")
  boolean retryFailed;

  @Option(names = "--verify", description = "Check the checksums of every committed file before skipping its tasks "
      + "(without it: sizes, Parquet footers and row counts).")
  boolean verify;

  @Option(names = "--yes", description = "Run even when the estimated time is above sweep.max-estimated-hours.")
  boolean yes;

  @Override
  @SuppressWarnings("try") // the signal handlers are a resource held for their effect: closed, never read
  public Integer call() {
    Config config = options.load();
    SweepSpec sweep = SweepConfig.sweepSpec(config);
    if (out != null) {
      sweep = sweep.withOutput(out);
    }
    // everything that can be checked is checked before Spark starts (seconds) and before anything is written
    String effectiveMaster = master != null ? master : System.getProperty("spark.master", config.getString("spark.master"));
    Preflight.master(master != null ? "--master" : "spark.master", effectiveMaster);
    Preflight.outputDirectory(out != null ? "--out" : "sweep.output", sweep.output());
    if (!yes) {
      refuseExpensive(sweep, SweepConfig.maxEstimatedHours(config), effectiveMaster);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("sweep " + sweep.name() + " -> " + sweep.output());
    stdout.flush();
    SparkSession spark = SparkStart.session(config, master, "sweep " + sweep.name());
    String ui = SparkSessions.uiUrl(spark);
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println(ui == null ? "spark ui: off" : "spark ui: " + ui + " (while the sweep runs; spark.ui.enabled=false turns it off)");
    stderr.flush();
    Interruption stop = new Interruption();
    try (InterruptSignals signals = InterruptSignals.install(stop, stderr, sweep.output())) {
      RunRecord record = RunRecord.of(spec.root().commandLine().getParseResult().originalArgs(),
          config.withValue("sweep.output", com.typesafe.config.ConfigValueFactory.fromAnyRef(sweep.output())), spark);
      SweepSummary summary = new SweepRunner(spark, record).run(sweep,
          SweepRunner.Options.defaults(new MeasuringEngine(sweep.pathDecomposition()), System.err)
              .withRetryFailed(retryFailed).withChecksums(verify).withInterruption(stop));
      if (summary.interrupted()) {
        stderr.println(summary.interruptedLine(sweep.output()));
        stderr.flush();
        return InterruptSignals.EXIT;
      }
      stdout.println(summary.timing());
      stdout.println(summary.line());
      stdout.flush();
      return 0; // failed tasks are results (rows with status failed), not a failed sweep
    } finally {
      spark.stop();
    }
  }

  /** Refuses a grid whose estimated run time on the master's cores is above the limit. */
  private static void refuseExpensive(SweepSpec sweep, double maxHours, String master) {
    int cores = Preflight.cores(master);
    double hours = CostModel.gridSeconds(sweep) / cores / 3600;
    if (hours > maxHours) {
      throw new SpecException("sweep.max-estimated-hours", String.format(Locale.ROOT, "the grid is estimated at "
          + "%.1f h on %d %s (see 'shattered plan'), above the limit of %s h; allowed: pass --yes to run it, or raise "
          + "the limit (--set sweep.max-estimated-hours=N)", hours, cores, cores == 1 ? "core" : "cores",
          CostModel.hours(maxHours)));
    }
  }
}
