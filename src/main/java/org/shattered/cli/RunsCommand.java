package org.shattered.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shattered.report.RunHistory;
import org.shattered.sweep.ResultSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shattered runs}: the runs of one or more results directories, one row each, from the run
 * records ({@code DIR/_runs/RUN.conf}: command, build, engine version, tasks planned and already
 * present) and the committed task rows (read with DuckDB over exactly the files the commit markers
 * list): how many tasks each run committed that are still in the table, how many failed, and a
 * status. Read-only and without Spark, so it answers in a second or two; like Hydra's or MLflow's
 * run listings, for the directories a sweep writes.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"Lists the runs of results directories: id, start, command, git commit (dirty or not), engine "
        + "version, tasks planned / already present / committed / ok / failed, and status. Reads the run records "
        + "(DIR/_runs) and the committed files only; writes nothing and starts no Spark.",
        "Status: complete (every planned task is in the table, none failed), N failed (rerun with --retry-failed), "
        + "or incomplete (planned tasks neither present before the run nor committed by it: an interrupted run, "
        + "or tasks a later run replaced)."})
final class RunsCommand implements Callable<Integer> {

  enum Format { table, csv }

  @Spec
  CommandSpec spec;

  @Option(names = "--results", required = true, arity = "1..*", paramLabel = "DIR",
      description = "Results directories (local) of sweeps, one or more.")
  List<String> results;

  @Option(names = "--format", defaultValue = "table", description = "table (aligned, long commands cut) or csv.")
  Format format;

  static final String[] COLUMNS = {"results", "run", "started", "command", "git", "dirty", "engine", "planned",
      "present", "committed", "ok", "failed", "status"};

  @Override
  public Integer call() throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (String dir : results) {
      rows.addAll(rows(dir));
    }
    PrintWriter out = spec.commandLine().getOut();
    SqlCommand.Result r = new SqlCommand.Result(COLUMNS, rows);
    if (format == Format.csv) {
      SqlCommand.csv(r, out);
    } else {
      SqlCommand.table(r, out, Integer.MAX_VALUE, 60);
    }
    out.flush();
    return 0;
  }

  /** The runs of one directory, oldest first, then any run ids in the table that have no record. */
  static List<Object[]> rows(String dir) throws java.sql.SQLException {
    Map<String, long[]> committed = new LinkedHashMap<>();
    try (EmbeddedSql db = EmbeddedSql.openDirectory(dir, "--results")) {
      SqlCommand.Result counts = db.query("SELECT run_id, count(*) AS n, sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END)"
          + " AS ok FROM " + taskTable(dir) + " GROUP BY run_id ORDER BY run_id");
      for (Object[] c : counts.rows()) {
        committed.put(String.valueOf(c[0]), new long[] {((Number) c[1]).longValue(), ((Number) c[2]).longValue()});
      }
    }
    RunHistory history = RunHistory.read(new org.apache.hadoop.fs.Path(java.nio.file.Path.of(
        SqlCommand.localDirectory(dir).toString()).toUri()), new org.apache.hadoop.conf.Configuration());
    List<Object[]> out = new ArrayList<>();
    for (com.typesafe.config.Config r : history.runs()) {
      String id = str(r, "run.id");
      long[] c = committed.remove(id);
      long n = c == null ? 0 : c[0];
      long ok = c == null ? 0 : c[1];
      String git = str(r, "run.git");
      Long planned = num(r, "run.tasks.planned");
      Long present = num(r, "run.tasks.already-present");
      out.add(new Object[] {dir, id, str(r, "run.started"), str(r, "run.command"), git.replaceAll("-dirty$", ""),
          git.endsWith("-dirty") || "true".equals(str(r, "run.git-dirty")), str(r, "run.engine-version"), planned,
          present, n, ok, n - ok, status(planned, present, n, ok)});
    }
    for (Map.Entry<String, long[]> e : committed.entrySet()) {
      long[] c = e.getValue();
      out.add(new Object[] {dir, e.getKey(), null, "(no run record: written before sweeps kept them)", null, null,
          null, null, null, c[0], c[1], c[0] - c[1], status(null, null, c[0], c[1])});
    }
    return out;
  }

  /** complete, N failed, or incomplete (see the command's description). */
  static String status(Long planned, Long present, long committed, long ok) {
    if (committed > ok) {
      return (committed - ok) + " failed";
    }
    if (planned != null && present != null && present + committed < planned) {
      return "incomplete: " + (planned - present - committed) + " of " + planned + " planned not committed";
    }
    return "complete";
  }

  /** The directory's task table: tasks, or train_tasks for a training sweep. */
  private static String taskTable(String dir) {
    java.nio.file.Path d = SqlCommand.localDirectory(dir);
    for (String t : ResultSchema.TASK_TABLES) {
      if (java.nio.file.Files.isDirectory(d.resolve(t))) {
        return t;
      }
    }
    return ResultSchema.TASK_TABLES.get(0);
  }

  private static String str(com.typesafe.config.Config c, String path) {
    return c.hasPath(path) ? c.getValue(path).unwrapped().toString() : "";
  }

  private static Long num(com.typesafe.config.Config c, String path) {
    return c.hasPath(path) ? c.getLong(path) : null;
  }
}
