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
    description = "Run Spark SQL on a results directory (several statements: separated by ';'). Registered: the "
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

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT depth, avg(acf_lag1) FROM tasks GROUP BY depth\".")
  String query;

  @Override
  public Integer call() throws Exception {
    List<String> statements = SqlStatements.split(query);
    for (String statement : statements) {
      ReadOnlyStatement.require(statement); // every statement, before Spark starts and before any runs
    }
    Preflight.master("--master", master);
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
      case table -> table(df, out);
      case json -> df.toJSON().collectAsList().forEach(out::println);
      case csv -> {
        out.println(String.join(",", List.of(df.columns()).stream().map(Table::csvField).toList()));
        for (Row r : df.collectAsList()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < r.length(); i++) {
            if (i > 0) {
              sb.append(',');
            }
            sb.append(r.isNullAt(i) ? "" : Table.csvField(cell(r.get(i))));
          }
          out.println(sb);
        }
      }
    }
    out.flush();
  }

  /** Aligned columns, cells cut at 40 characters, at most --limit rows. */
  private void table(Dataset<Row> df, PrintWriter out) {
    String[] names = df.columns();
    List<Row> rows = df.limit(limit + 1).collectAsList();
    List<String[]> cells = new java.util.ArrayList<>();
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
    }
    for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
      String[] c = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        String v = r.isNullAt(i) ? "NULL" : cell(r.get(i));
        c[i] = v.length() > 40 ? v.substring(0, 37) + "..." : v;
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
