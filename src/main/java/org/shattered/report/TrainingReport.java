package org.shattered.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.shattered.sweep.ResultStore;

/**
 * The trainability page of a training results directory (issue 18, point 5): the figures of
 * {@link TrainingFigures}, a digest of their numbers (best accuracy per family at the deep end, the
 * rank correlations, looks-linear against crelu, how long the sweep ran), the views its queries
 * read, provenance and the commands that reproduce it, in the report's page and notebook.
 */
final class TrainingReport {
  private final SparkSession spark;

  TrainingReport(SparkSession spark) {
    this.spark = spark;
  }

  ReportGenerator.Written write(ResultStore store, String results, Path out, String sweepCommand,
      String reportCommand) {
    ResultViews.registerTraining(spark, store);
    TrainingFigures figures = new TrainingFigures(sql -> Table.of(spark.sql(sql)));
    List<Figure> all = figures.all();
    String identity = new ReportGenerator(spark).identity(store);
    RunHistory history = RunHistory.read(store.dir(), spark.sparkContext().hadoopConfiguration());
    String provenanceSql = ProvenanceSection.SQL.replace("FROM tasks", "FROM train_tasks");
    Table runs = Table.of(spark.sql(provenanceSql));
    ProvenanceSection prov = new ProvenanceSection(provenanceSql, runs, identity,
        ReportGenerator.sweepLines(sweepCommand, history, identity, results), reportCommand, history.table());
    Map<String, String> views = new LinkedHashMap<>();
    views.put("train_outcome", TrainingQueries.OUTCOME);
    views.put("train_cell", TrainingQueries.CELL);
    views.put("train_checkpoint", TrainingQueries.CHECKPOINT);
    return ReportGenerator.writePage(out, all, prov, findings(figures, runs), views, store);
  }

  /** The digest at the top of the page. */
  private String findings(TrainingFigures figures, Table runs) {
    Table cells = figures.cells();
    if (cells.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    Row shape = spark.sql("SELECT count(*), count(DISTINCT seed), min(steps), max(steps), "
        + "sum(CASE WHEN diverged_at_step IS NULL THEN 0 ELSE 1 END) FROM train_outcome").first();
    sb.append(String.format(Locale.ROOT, "%d training tasks (%d seeds, %d-%d SGD steps; %d diverged). %s%n",
        shape.getLong(0), shape.getLong(1), shape.getInt(2), shape.getInt(3), shape.getLong(4), wallTime(runs)));
    sb.append("\nBest test accuracy per family (mean over seeds ± 95% half-width, at the learning rate of the grid "
        + "with the highest mean; n seeds):\n");
    double[] depths = cells.rows().stream().mapToDouble(r -> cells.num(r, "depth")).distinct().sorted().toArray();
    List<Integer> deep = new java.util.ArrayList<>();
    for (int d : new int[] {50, 100, 200}) {
      if (java.util.Arrays.stream(depths).anyMatch(x -> x == d)) {
        deep.add(d);
      }
    }
    if (deep.isEmpty()) {
      deep.add((int) depths[depths.length - 1]);
    }
    Table best = cells.where(r -> "true".equals(String.valueOf(r.get(cells.index("best")))));
    for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(best, r -> best.str(r, "family")).entrySet()) {
      sb.append(String.format(Locale.ROOT, "  %-32s", g.getKey()));
      for (int d : deep) {
        for (List<Object> r : g.getValue()) {
          if ((int) best.num(r, "depth") == d) {
            sb.append(String.format(Locale.ROOT, "  L=%d: %s (lr %s, n %d)", d, meanCi(best, r, "accuracy"),
                best.num(r, "learning_rate"), (long) best.num(r, "n")));
          }
        }
      }
      sb.append('\n');
    }
    Table ll = best.where(r -> best.str(r, "architecture").equals("looks-linear"));
    Table cr = best.where(r -> best.str(r, "architecture").equals("crelu"));
    if (!ll.isEmpty() && !cr.isEmpty()) {
      sb.append("\nLooks-linear against crelu (same shape and norms, mirrored or not), best learning rate, test accuracy; "
          + "c_1 on the line at initialization:\n");
      for (double d : depths) {
        List<Object> a = ll.rows().stream().filter(r -> ll.num(r, "depth") == d).findFirst().orElse(null);
        List<Object> b = cr.rows().stream().filter(r -> cr.num(r, "depth") == d).findFirst().orElse(null);
        if (a != null && b != null) {
          sb.append(String.format(Locale.ROOT, "  L=%d: looks-linear %s (c_1 %.3f), crelu %s (c_1 %.3f)%n", (int) d,
              meanCi(ll, a, "accuracy"), ll.num(a, "init_line_c1_mean"), meanCi(cr, b, "accuracy"),
              cr.num(b, "init_line_c1_mean")));
        }
      }
    }
    sb.append("\nShattering at initialization against test accuracy after the budget (figure b):\n");
    figures.correlations().forEach(l -> sb.append("  ").append(l).append('\n'));
    return sb.toString();
  }

  /** "mean ± half-width" of columns NAME_mean and NAME_ci95 (the mean alone for one seed). */
  private static String meanCi(Table t, List<Object> r, String name) {
    double ci = t.num(r, name + "_ci95");
    return Double.isNaN(ci) ? String.format(Locale.ROOT, "%.3f", t.num(r, name + "_mean"))
        : String.format(Locale.ROOT, "%.3f ± %.3f", t.num(r, name + "_mean"), ci);
  }

  /** "The sweep ran for ... (wall, first run start to last task finished, summed over runs)". */
  private static String wallTime(Table runs) {
    double seconds = 0;
    double taskSeconds = 0;
    DateTimeFormatter id = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");
    for (List<Object> r : runs.rows()) {
      try {
        LocalDateTime start = LocalDateTime.parse(runs.str(r, "run_id"), id);
        Object last = r.get(runs.index("last_finished"));
        LocalDateTime end = last instanceof java.sql.Timestamp ts ? ts.toInstant().atZone(java.time.ZoneOffset.UTC)
            .toLocalDateTime() : null;
        if (end != null) {
          seconds += Duration.between(start, end).toMillis() / 1e3;
        }
      } catch (RuntimeException e) {
        // a run id of another form: no wall time for it
      }
      taskSeconds += runs.num(r, "task_seconds");
    }
    return String.format(Locale.ROOT, "The sweep ran %.0f min of wall time (%d run%s, from each run's start to its last "
        + "task) and %.0f core-minutes inside tasks.", seconds / 60, runs.rows().size(),
        runs.rows().size() == 1 ? "" : "s", taskSeconds / 60);
  }
}
