package org.shattered.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.sweep.MeasuringEngine;
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

  @Override
  public Integer call() {
    Config config = options.load();
    SweepSpec sweep = SweepConfig.sweepSpec(config);
    if (out != null) {
      sweep = sweep.withOutput(out);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("sweep " + sweep.name() + " -> " + sweep.output());
    stdout.flush();
    SparkSession spark = SparkSessions.create(config, master);
    try {
      SweepSummary summary = new SweepRunner(spark).run(sweep,
          SweepRunner.Options.defaults(new MeasuringEngine(sweep.pathDecomposition()), System.err)
              .withRetryFailed(retryFailed).withChecksums(verify));
      stdout.println(summary.timing());
      stdout.println(summary.line());
      stdout.flush();
      return 0; // failed tasks are results (rows with status failed), not a failed sweep
    } finally {
      spark.stop();
    }
  }
}
