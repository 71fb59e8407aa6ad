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
import org.shattered.data.FashionMnist;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.TrainingAxes;
import org.shattered.sweep.MeasurementKind;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.SweepJob;
import org.shattered.sweep.TrainingKind;
import org.shattered.train.TrainTask;
import org.shattered.train.TrainingSweep;
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
        + "sweep.path-decomposition) as Parquet, or with sweep.task = train to DIR/train_tasks and DIR/training. "
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
    SweepJob<?> job = SweepConfig.isTraining(config) ? trainingJob(config) : measurementJob(config);
    // everything that can be checked is checked before Spark starts (seconds) and before anything is written
    String effectiveMaster = master != null ? master : System.getProperty("spark.master", config.getString("spark.master"));
    Preflight.master(master != null ? "--master" : "spark.master", effectiveMaster);
    Preflight.outputDirectory(out != null ? "--out" : "sweep.output", job.output());
    if (!yes) {
      refuseExpensive(estimatedSeconds(job), SweepConfig.maxEstimatedHours(config), effectiveMaster);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("sweep " + job.name() + " -> " + job.output());
    stdout.flush();
    SparkSession spark = SparkStart.session(config, master, "sweep " + job.name());
    String ui = SparkSessions.uiUrl(spark);
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println(ui == null ? "spark ui: off" : "spark ui: " + ui + " (while the sweep runs; spark.ui.enabled=false turns it off)");
    stderr.flush();
    Interruption stop = new Interruption();
    try (InterruptSignals signals = InterruptSignals.install(stop, stderr, job.output())) {
      RunRecord record = RunRecord.of(spec.root().commandLine().getParseResult().originalArgs(),
          config.withValue("sweep.output", com.typesafe.config.ConfigValueFactory.fromAnyRef(job.output())), spark);
      SweepSummary summary = new SweepRunner(spark, record).run(job,
          SweepRunner.Options.defaults(null, System.err)
              .withRetryFailed(retryFailed).withChecksums(verify).withInterruption(stop));
      if (summary.interrupted()) {
        stderr.println(summary.interruptedLine(job.output()));
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

  private SweepJob<PlannedTask> measurementJob(Config config) {
    SweepSpec sweep = SweepConfig.sweepSpec(config);
    if (out != null) {
      sweep = sweep.withOutput(out);
    }
    return MeasurementKind.job(sweep, new MeasuringEngine(sweep.pathDecomposition()));
  }

  /** A training sweep: its axes checked, then its dataset read and checked (a problem is one line, exit 2). */
  private SweepJob<TrainTask> trainingJob(Config config) {
    TrainingAxes axes = TrainingAxes.read(config, TrainingSweep.families());
    if (out != null) {
      axes = axes.withOutput(out);
    }
    FashionMnist data;
    try {
      data = FashionMnist.read(java.nio.file.Path.of(axes.dataDir()));
    } catch (SpecException e) { // the same line, naming the config key
      throw new SpecException("sweep.train.data-dir", e.getMessage().substring(e.key().length() + 2));
    }
    return TrainingKind.job(axes, data);
  }

  /** Estimated core-seconds of every task of {@code job}. */
  static <T extends java.io.Serializable> double estimatedSeconds(SweepJob<T> job) {
    return job.tasks().stream().mapToDouble(job.kind()::seconds).sum();
  }

  /** Refuses a grid whose estimated run time on the master's cores is above the limit. */
  private static void refuseExpensive(double seconds, double maxHours, String master) {
    int cores = Preflight.cores(master);
    double hours = seconds / cores / 3600;
    if (hours > maxHours) {
      throw new SpecException("sweep.max-estimated-hours", String.format(Locale.ROOT, "the grid is estimated at "
          + "%.1f h on %d %s (see 'shattered plan'), above the limit of %s h; allowed: pass --yes to run it, or raise "
          + "the limit (--set sweep.max-estimated-hours=N)", hours, cores, cores == 1 ? "core" : "cores",
          CostModel.hours(maxHours)));
    }
  }
}
