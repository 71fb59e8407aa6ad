package org.shattered.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.SpecException;
import org.shattered.sweep.RunRecord;
import org.shattered.sweep.SweepIdentity;
import org.shattered.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shattered report}: the paper's figures, an HTML page and a notebook from a results directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Aggregate a sweep's results with Spark SQL (aggregates as Parquet in a cache directory, or "
        + "--aggregates) and write the figures (PNG, SVG, CSV), index.html and NAME.ipynb to the output folder; "
        + "the results are only read.")
final class ReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--results", required = true, paramLabel = "DIR", description = "Results directory of a sweep.")
  String results;

  @Option(names = "--out", paramLabel = "FOLDER",
      description = "Output folder; its name is the notebook's (default: notebooks-export/<sweep name>).")
  Path out;

  @Option(names = "--sweep-command", paramLabel = "TEXT",
      description = "The command that ran the sweep, recorded in the page (default: derived from the sweep's name).")
  String sweepCommand;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--aggregates", paramLabel = "DIR", description = "Where the aggregates go (Parquet; default: a "
      + "cache directory of this user, named after the results; on a cluster, a path every executor can write).")
  String aggregates;

  @Option(names = "--replace", description = "Replace the report already in the output folder (the new one is built "
      + "beside it and swapped in when complete).")
  boolean replace;

  @Override
  public Integer call() throws java.io.IOException {
    Path target = (out != null ? out : Path.of("notebooks-export", sweepName())).toAbsolutePath().normalize();
    String option = "--out";
    // everything that can be checked is checked before Spark starts, and nothing is written on bad input
    Preflight.master("--master", master);
    if (isNonEmptyFolder(target) && !replace) {
      throw SpecException.badValue("--out", target,
          "a new or empty folder; it holds files already (pass --replace to replace that report)");
    }
    Preflight.resultsDirectory("--results", results);
    Preflight.outputDirectory(option, target.toString());
    String parentProblem = Files.exists(target) ? Preflight.unwritable(target.getParent()) : null;
    if (parentProblem != null) {
      throw SpecException.badValue(option, target, "a folder whose parent this user can write (the report is built "
          + "beside it and swapped in; " + target.getParent() + ": " + parentProblem + ")");
    }
    SparkSession spark = SparkStart.session(ConfigFactory.defaultReference().resolve(), master, "report");
    try {
      String command = RunRecord.commandLine(spec.root().commandLine().getParseResult().originalArgs())
          + (out != null ? "" : " --out " + target);
      ReportGenerator.Written w = FolderSwap.build(target, staged ->
          new ReportGenerator(spark).write(results, staged, sweepCommand, command,
              aggregates != null ? aggregates : ReportGenerator.defaultAggregates(results)));
      spec.commandLine().getOut().println("report: " + w.figures().size() + " figures, " + w.files().size()
          + " files -> " + target.resolve("index.html"));
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static boolean isNonEmptyFolder(Path p) throws java.io.IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var entries = Files.list(p)) {
      return entries.findAny().isPresent();
    }
  }

  /**
   * The sweep's name from the results directory's identity (local or any Hadoop path, read before Spark
   * starts), or "report" when it cannot be read: then the results check that follows says why.
   */
  private String sweepName() {
    try {
      return SweepIdentity.read(new org.apache.hadoop.conf.Configuration(), results).map(SweepIdentity::name)
          .orElse("report");
    } catch (RuntimeException e) {
      return "report";
    }
  }
}
