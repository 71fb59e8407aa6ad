package org.shattered.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.shattered.sweep.RunRecord;
import org.shattered.sweep.SparkSessions;
import org.shattered.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shattered report}: the paper's figures, an HTML page and a notebook from a results directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Aggregate a sweep's results with Spark SQL (DIR/aggregates/*, Parquet) and write the figures "
        + "(PNG, SVG, CSV), index.html and NAME.ipynb to the output folder.")
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

  @Option(names = "--replace", description = "Replace the report already in the output folder (its files are deleted first).")
  boolean replace;

  @Override
  public Integer call() throws java.io.IOException {
    Path target = out != null ? out : Path.of("notebooks-export", sweepName());
    if (isNonEmptyFolder(target)) {
      if (!replace) {
        throw org.shattered.spec.SpecException.badValue("--out", target,
            "a new or empty folder; it holds files already (pass --replace to replace that report)");
      }
      deleteContents(target);
    }
    SparkSession spark = SparkSessions.create(ConfigFactory.defaultReference().resolve(), master, "report");
    try {
      String command = out != null ? RunRecord.commandLine(spec.root().commandLine().getParseResult().originalArgs())
          : RunRecord.commandLine(spec.root().commandLine().getParseResult().originalArgs()) + " --out " + target;
      ReportGenerator.Written w = new ReportGenerator(spark).write(results, target, sweepCommand, command);
      spec.commandLine().getOut().println("report: " + w.figures().size() + " figures, " + w.files().size()
          + " files -> " + w.out().resolve("index.html"));
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static boolean isNonEmptyFolder(Path p) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(p)) {
      return false;
    }
    try (var entries = java.nio.file.Files.list(p)) {
      return entries.findAny().isPresent();
    }
  }

  private static void deleteContents(Path folder) throws java.io.IOException {
    try (var walk = java.nio.file.Files.walk(folder)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(folder)) {
          java.nio.file.Files.delete(p);
        }
      }
    }
  }

  private String sweepName() {
    Path p = Path.of(results, "_sweep.properties");
    try {
      return java.nio.file.Files.readAllLines(p).stream().filter(l -> l.startsWith("name="))
          .map(l -> l.substring(5)).findFirst().orElse("report");
    } catch (java.io.IOException e) {
      return "report";
    }
  }
}
