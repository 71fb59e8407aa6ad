package org.shattered.cli;

import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.SpecException;
import org.shattered.report.ResultViews;
import org.shattered.report.SqlStatements;
import org.shattered.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shattered sql}: Spark SQL over a results directory, with {@code tasks}, {@code layers} and
 * (for sweeps with the path decomposition) {@code paths} as views of exactly the committed files.
 * Only statements that read are run ({@link ReadOnlyStatement}).
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL on a results directory (plain queries of tasks, layers and paths are answered by "
        + "embedded DuckDB in about a second, see --engine) (several statements: separated by ';'). Registered: the "
        + "tables tasks and layers, the views series, baselines, task_summary, acf_curve, layer_summary, "
        + "pair_correlation (and ensemble_matrix, matrix_by_lag, theory once a report wrote them), and the "
        + "function t975(df). Only statements that read are run.")
final class SqlCommand implements Callable<Integer> {

  enum Format { table, csv, json }

  @Spec
  CommandSpec spec;

  @Option(names = "--results", required = true, paramLabel = "DIR", description = "Results directory of a sweep.")
  String results;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--limit", defaultValue = "1000", description = "Rows shown by the table format (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  enum Engine { auto, duckdb, spark }

  @Option(names = "--engine", defaultValue = "auto", description = "auto (default): DuckDB, embedded, for queries "
      + "that mean the same there and only read tasks, layers and paths of a local directory, Spark otherwise; "
      + "duckdb or spark: that engine for every statement.")
  Engine engine;

  /** One statement's result: its column names and rows (equality is identity: printed, never compared). */
  record Result(String[] names, List<Object[]> rows) {
  }

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT depth, avg(acf_lag1) FROM tasks GROUP BY depth\".")
  String query;

  @Override
  public Integer call() throws Exception {
    List<String> statements = SqlStatements.split(query);
    if (statements.isEmpty()) {
      throw SpecException.badValue("QUERY", query.replace("\n", "\\n"), "one or more statements separated by ';',"
          + " e.g. \"SELECT count(*) FROM tasks\" (this one holds only blanks, ';' or comments)");
    }
    Preflight.master("--master", master);
    if (engine != Engine.spark && embedded(statements)) {
      return 0;
    }
    for (String statement : statements) {
      ReadOnlyStatement.require(statement); // every statement, before Spark starts and before any runs
    }
    Preflight.resultsDirectory("--results", results);
    SparkSession spark = SparkStart.session(ConfigFactory.defaultReference().resolve(), master, "sql");
    try {
      // the same views and functions as the report, so the SQL of its pages and notebooks runs here as shown
      // (the tables are views of exactly the committed files, old results with the newer columns' defaults)
      ResultViews.registerForQueries(spark, results);
      for (int i = 0; i < statements.size(); i++) {
        Dataset<Row> df;
        try {
          df = spark.sql(statements.get(i));
        } catch (Exception e) {
          if (e instanceof AnalysisException ae) {
            throw new SpecException("QUERY", firstLine(ae));
          }
          throw e;
        }
        if (i > 0) {
          spec.commandLine().getOut().println(); // results of several statements: a blank line between
        }
        print(df, spec.commandLine().getOut());
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the statements on the embedded engine when it can (a local results directory written by the
   * current engine, intact; DuckDB on the classpath, which the spark-submit jar leaves out; with
   * {@code --engine auto}, every statement one that means the same there, {@link EmbeddedSql#means},
   * and none failing there, so that Spark reports the errors with its own messages). Nothing is
   * printed unless every statement ran.
   *
   * @return false when Spark should run them
   */
  private boolean embedded(List<String> statements) throws java.sql.SQLException {
    boolean forced = engine == Engine.duckdb;
    java.nio.file.Path dir = localDirectory(results);
    if (dir == null || !duckDbPresent()) {
      if (forced) {
        throw SpecException.badValue("--engine", "duckdb", "spark or auto (" + (dir == null ? "DuckDB reads "
            + "existing local directories only" : "DuckDB is not in this build") + ")");
      }
      return false;
    }
    java.util.Optional<java.util.Map<String, List<String>>> files = org.shattered.sweep.CommittedFiles.local(dir);
    if (files.isEmpty() || !(files.get().containsKey("tasks")
        || files.get().containsKey(org.shattered.sweep.TrainingSchema.TASKS))) {
      if (!forced) {
        return false; // Spark's path names the damage or the missing table
      }
      Preflight.resultsDirectory("--results", results);
      files = java.util.Optional.of(org.shattered.sweep.CommittedFiles.of(results, "--results"));
    }
    try (EmbeddedSql db = EmbeddedSql.open(files.get())) {
      if (db == null) {
        if (forced) {
          throw SpecException.badValue("--engine", "duckdb", "spark or auto (the results were written by an older "
              + "engine, whose missing columns only the Spark path fills in)");
        }
        return false;
      }
      List<Result> out = new java.util.ArrayList<>();
      for (String s : statements) {
        if (!forced && !db.means(s)) {
          return false;
        }
        try {
          out.add(db.query(s));
        } catch (SpecException e) {
          if (forced) {
            throw e;
          }
          return false;
        }
      }
      PrintWriter pw = spec.commandLine().getOut();
      for (int i = 0; i < out.size(); i++) {
        if (i > 0) {
          pw.println();
        }
        print(out.get(i), pw);
      }
      return true;
    }
  }

  /** The directory named by {@code --results} when it is local and exists, else null. */
  static java.nio.file.Path localDirectory(String location) {
    String path = location.startsWith("file:") ? java.net.URI.create(location).getPath()
        : location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? null : location;
    if (path == null) {
      return null;
    }
    java.nio.file.Path p = java.nio.file.Path.of(path);
    return java.nio.file.Files.isDirectory(p) ? p : null;
  }

  private static boolean duckDbPresent() {
    try {
      Class.forName("org.duckdb.DuckDBDriver", false, SqlCommand.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Spark's message without the logical plan it appends (analysis errors) or the quoted query with a
   * caret (parse errors): the first line holds the error class, the name that was not found and
   * Spark's suggestions ("Did you mean one of the following? [...]").
   */
  static String firstLine(AnalysisException e) {
    String m = e.getSimpleMessage();
    if (m == null || m.isBlank()) {
      m = String.valueOf(e.getMessage());
    }
    return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m).replaceAll(";$", "");
  }

  private void print(Dataset<Row> df, PrintWriter out) {
    switch (format) {
      case table -> table(result(df.columns(), df.limit(limit + 1).collectAsList()), out);
      case json -> df.toJSON().collectAsList().forEach(out::println);
      case csv -> csv(result(df.columns(), df.collectAsList()), out);
    }
    out.flush();
  }

  private static Result result(String[] names, List<Row> rows) {
    List<Object[]> out = new java.util.ArrayList<>(rows.size());
    for (Row r : rows) {
      Object[] v = new Object[r.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.isNullAt(i) ? null : r.get(i);
      }
      out.add(v);
    }
    return new Result(names, out);
  }

  /** The embedded engine's result, in the same formats as Spark's (JSON: one object a row, NULLs left out). */
  private void print(Result r, PrintWriter out) {
    switch (format) {
      case table -> table(r, out);
      case csv -> csv(r, out);
      case json -> {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Object[] row : r.rows()) {
          java.util.LinkedHashMap<String, Object> o = new java.util.LinkedHashMap<>();
          for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
              o.put(r.names()[i], row[i] instanceof java.time.temporal.TemporalAccessor || row[i] instanceof java.util.Date
                  ? row[i].toString() : row[i]);
            }
          }
          try {
            out.println(json.writeValueAsString(o));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    out.flush();
  }

  static void csv(Result r, PrintWriter out) {
    out.println(String.join(",", List.of(r.names()).stream().map(Table::csvField).toList()));
    for (Object[] row : r.rows()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(row[i] == null ? "" : Table.csvField(cell(row[i])));
      }
      out.println(sb);
    }
  }

  private void table(Result result, PrintWriter out) {
    table(result, out, limit, 40);
  }

  /** Aligned columns, cells cut at {@code maxCell} characters, at most {@code limit} rows. */
  static void table(Result result, PrintWriter out, int limit, int maxCell) {
    String[] names = result.names();
    List<Object[]> rows = result.rows();
    List<String[]> cells = new java.util.ArrayList<>();
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
    }
    for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
      String[] c = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        String v = r[i] == null ? "NULL" : cell(r[i]);
        c[i] = v.length() > maxCell ? v.substring(0, maxCell - 3) + "..." : v;
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    StringBuilder fmt = new StringBuilder();
    for (int w : width) {
      fmt.append(fmt.length() == 0 ? "" : "  ").append("%-").append(w).append('s');
    }
    out.println(String.format(java.util.Locale.ROOT, fmt.toString(), (Object[]) names).stripTrailing());
    for (String[] c : cells) {
      out.println(String.format(java.util.Locale.ROOT, fmt.toString(), (Object[]) c).stripTrailing());
    }
    if (rows.size() > limit) {
      out.println("(only the first " + limit + " rows are shown; --limit changes that)");
    }
  }

  private static String cell(Object v) {
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).toString();
    }
    return String.valueOf(v);
  }
}
