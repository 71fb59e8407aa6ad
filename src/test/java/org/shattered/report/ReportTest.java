package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.spec.SpecException;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.SweepRunner;
import org.shattered.testing.ReadOnly;

/** A report from a tiny real sweep: files, notebook structure, CSV numbers against raw SQL. */
class ReportTest {

  static final List<String> FIGURES = List.of("figure1", "c1_vs_depth", "pair_corr_vs_depth", "looks_linear",
      "width_comparison", "gates_vs_layer", "gates_vs_depth");

  @TempDir
  static Path tmp;

  static SparkSession spark;
  static Path results;
  static Path out;
  static ReportGenerator.Written written;
  static Path aggregates;
  static ReadOnly readOnlyResults;

  @BeforeAll
  static void sweepAndReport() throws Exception {
    spark = SparkSession.builder().master("local[2]").appName("report-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    results = tmp.resolve("results");
    SweepSpec sweep = SweepConfig.sweepSpec(SweepConfig.load(Path.of("jobs", "quick.conf"), null, List.of(
        "sweep.grid.architecture=[feedforward, resnet, looks-linear]", "sweep.grid.depth=[1,3]",
        "sweep.grid.width=[8,16]", "sweep.grid.points=[32]", "sweep.max-lag=8", "sweep.grid.seed=3",
        "sweep.store-gradients=true", "sweep.batch-size=100"))).withOutput(results.toString());
    new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(), null));
    out = tmp.resolve("export").resolve("tiny");
    aggregates = tmp.resolve("aggregates");
    // the report only reads the results: it is written from a read-only results directory
    readOnlyResults = ReadOnly.make(results);
    written = new ReportGenerator(spark).write(results.toString(), out, "jobs/shattered sweep (test)",
        "jobs/shattered report (test)", aggregates.toUri().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    spark.stop();
    readOnlyResults.close();
  }

  @Test
  void everyFigureCsvAndPageIsWrittenAndNonEmpty() throws Exception {
    assertEquals(FIGURES, written.figures().stream().map(Figure::name).toList());
    for (String f : FIGURES) {
      for (String ext : List.of(".png", ".svg", ".csv")) {
        Path p = out.resolve(f + ext);
        assertTrue(Files.size(p) > 200, p + " is missing or tiny");
      }
      assertTrue(Files.readAllLines(out.resolve(f + ".csv")).size() > 1, f + ".csv has no rows");
    }
    String html = Files.readString(out.resolve("index.html"));
    for (String f : FIGURES) {
      assertTrue(html.contains("src=\"" + f + ".svg\""), "the page shows the SVG beside it: " + f);
    }
    assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assertTrue(html.contains("<a href=\"tiny.ipynb\">"), "the page links its notebook");
    assertFalse(html.contains("ProvenanceSection"), "the section has its title, not a class name");
    assertTrue(html.contains("<h2>Provenance</h2>"));
    int findings = html.indexOf("<h2>Findings</h2>");
    assertTrue(findings > 0 && findings < html.indexOf("<section id=\"" + FIGURES.get(0) + "\">")
        && findings < html.indexOf("<h2>Reproduce</h2>"), "the findings come first");
    String top = html.substring(findings, html.indexOf("</section>", findings));
    assertFalse(top.contains("<pre>"), "the findings are wrapped prose, not preformatted text");
    assertTrue(top.matches("(?s).*c_1 = -?[0-9.]+ ± [0-9.]+.*"), "the findings give c_1 with its interval: " + top);
    assertFalse(html.contains("data:image"), "no figure is embedded in the page (the notebook has its copy)");
    assertEquals(html.split("<table>").length - 1, html.split("<div class=\"scroll\"><table>").length - 1,
        "every table scrolls in its own box");
    assertTrue(html.contains("FROM tasks") && html.contains("jobs/shattered report (test)"));
    assertTrue(html.contains("Provenance"));
    for (String a : List.of("task_summary", "acf_curve", "layer_summary", "pair_correlation", "ensemble_matrix",
        "matrix_by_lag", "theory")) {
      assertTrue(spark.read().parquet(aggregates.resolve(a).toString()).count() > 0, a);
    }
    assertFalse(Files.exists(results.resolve("aggregates")), "the results directory is only read");
  }

  @Test
  void notebookIsNbformat4WithOneMarkdownCodeAndImagePerFigure() throws Exception {
    JsonNode nb = new ObjectMapper().readTree(out.resolve("tiny.ipynb").toFile());
    assertEquals(4, nb.get("nbformat").asInt());
    assertTrue(nb.get("metadata").isObject());
    List<JsonNode> code = new ArrayList<>();
    int markdown = 0;
    for (JsonNode c : nb.get("cells")) {
      assertTrue(c.get("source").isArray() && c.get("metadata").isObject());
      if (c.get("cell_type").asText().equals("code")) {
        code.add(c);
      } else {
        assertEquals("markdown", c.get("cell_type").asText());
        markdown++;
      }
    }
    assertEquals(FIGURES.size() + 1, code.size(), "the reader's cell, then one cell per figure");
    assertEquals(FIGURES.size() + 2, markdown);
    String setup = String.join("", new ObjectMapper().convertValue(code.get(0).get("source"), String[].class));
    assertTrue(setup.startsWith("# Reader: the project's own `jobs/shattered sql`"), setup);
    assertTrue(setup.contains("RESULTS = os.environ.get(\"SHATTERED_RESULTS\", \"" + results + "\")"), setup);
    assertEquals(0, code.get(0).get("outputs").size());
    for (int i = 1; i < code.size(); i++) {
      JsonNode c = code.get(i);
      String src = String.join("", new ObjectMapper().convertValue(c.get("source"), String[].class));
      assertTrue(src.contains("SELECT") && src.contains("figure(\"" + FIGURES.get(i - 1) + "\", sql, "), src);
      JsonNode o = c.get("outputs").get(0);
      assertEquals("display_data", o.get("output_type").asText());
      byte[] png = Base64.getDecoder().decode(o.get("data").get("image/png").asText());
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
    }
  }

  /**
   * The SQL shown with each figure runs as it is on the views {@code shattered sql} registers
   * (defined over the raw tables, not the report's Parquet aggregates) and gives the figure's CSV.
   */
  @Test
  void eachFiguresSqlRunsOnTheSqlCommandsViewsAndGivesItsCsv() throws Exception {
    ResultViews.registerForQueries(spark, results.toString());
    for (Figure f : written.figures()) {
      List<String> statements = SqlStatements.split(f.sql());
      List<Table> tables = statements.stream().map(s -> Table.of(spark.sql(s))).toList();
      assertFalse(tables.get(0).isEmpty(), f.name());
      if (f.name().equals("figure1")) {
        assertEquals(3, tables.size());
        continue;
      }
      assertEquals(1, tables.size(), f.name());
      List<String> want = Files.readAllLines(out.resolve(f.name() + ".csv"));
      List<String> got = tables.get(0).csv().lines().toList();
      assertEquals(want.get(0), got.get(0), f.name());
      assertEquals(want.size(), got.size(), f.name());
      for (int i = 1; i < want.size(); i++) {
        String[] a = want.get(i).split(",", -1);
        String[] b = got.get(i).split(",", -1);
        for (int j = 0; j < a.length; j++) {
          if (a[j].matches("-?[0-9.]+(E-?[0-9]+)?") && a[j].contains(".")) {
            assertEquals(Double.parseDouble(a[j]), Double.parseDouble(b[j]), 1e-12 * Math.max(1, Math.abs(
                Double.parseDouble(a[j]))), f.name() + " row " + i);
          } else {
            assertEquals(a[j], b[j], f.name() + " row " + i);
          }
        }
      }
    }
  }

  @Test
  void theGateFiguresDrawThePerPairRatioFromTheRawColumns() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("gates_vs_depth.csv"));
    List<String> head = List.of(lines.get(0).split(","));
    assertTrue(lines.size() > 1);
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      String rule = v[head.indexOf("beta_rule")];
      Row r = spark.sql("SELECT avg(coactivation_pair_sd_last / coactivation_pair_sd_null_last) FROM tasks WHERE "
          + "status = 'ok' AND architecture = '" + v[head.indexOf("architecture")] + "' AND normalization = '"
          + v[head.indexOf("normalization")] + "' AND width = " + v[head.indexOf("width")] + " AND depth = "
          + v[head.indexOf("depth")] + " AND beta_rule <=> " + (rule.isEmpty() ? "NULL" : "'" + rule + "'")).first();
      assertEquals(r.getDouble(0), Double.parseDouble(v[head.indexOf("coactivation_pair_ratio_last_mean")]),
          1e-12, line);
    }
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("permuted independently over the inputs"), "the caption explains the ratio panel");
  }

  @Test
  void csvNumbersEqualDirectSqlOnTheRawTables() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("c1_vs_depth.csv"));
    List<String> head = List.of(lines.get(0).split(","));
    assertTrue(lines.size() > 1);
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      String rule = v[head.indexOf("beta_rule")];
      Row r = spark.sql("SELECT avg(acf_lag1), stddev_samp(acf_lag1), count(*) FROM tasks WHERE status = 'ok'"
          + " AND architecture = '" + v[head.indexOf("architecture")] + "' AND normalization = '"
          + v[head.indexOf("normalization")] + "' AND width = " + v[head.indexOf("width")] + " AND depth = "
          + v[head.indexOf("depth")] + " AND beta_rule <=> " + (rule.isEmpty() ? "NULL" : "'" + rule + "'")).first();
      assertEquals(r.getDouble(0), Double.parseDouble(v[head.indexOf("acf_lag1_mean")]), 1e-12, line);
      assertEquals(r.getDouble(1), Double.parseDouble(v[head.indexOf("acf_lag1_sd")]), 1e-12, line);
      assertEquals(r.getLong(2), Long.parseLong(v[head.indexOf("n_seeds")]), line);
      double ci = StudentT.quantile975(r.getLong(2) - 1) * r.getDouble(1) / Math.sqrt(r.getLong(2));
      assertEquals(ci, Double.parseDouble(v[head.indexOf("acf_lag1_ci95")]), 1e-12, line);
    }
  }

  @Test
  void pairCorrelationCsvEqualsTheDefinitionOnRawGradients() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("pair_corr_vs_depth.csv"));
    List<String> head = List.of(lines.get(0).split(","));
    int checked = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      String rule = v[head.indexOf("beta_rule")];
      int k = Integer.parseInt(v[head.indexOf("lag")]);
      List<Row> gs = spark.sql("SELECT gradient FROM tasks WHERE status = 'ok' AND architecture = '"
          + v[head.indexOf("architecture")] + "' AND width = " + v[head.indexOf("width")] + " AND depth = "
          + v[head.indexOf("depth")] + " AND beta_rule <=> " + (rule.isEmpty() ? "NULL" : "'" + rule + "'"))
          .collectAsList();
      double[][] g = gs.stream().map(r -> r.<Double>getList(0).stream().mapToDouble(Double::doubleValue).toArray())
          .toArray(double[][]::new);
      assertEquals(LagCorrelationBootstrapTest.definition(g, k), Double.parseDouble(v[head.indexOf("r")]), 1e-9,
          line);
      // its bootstrap interval over seeds (LagCorrelationBootstrapTest checks its coverage)
      if (g.length > 1) {
        assertTrue(Double.parseDouble(v[head.indexOf("r_lo")]) <= Double.parseDouble(v[head.indexOf("r_hi")]), line);
      }
      checked++;
    }
    assertTrue(checked >= 4);
  }

  @Test
  void theCsvsDependOnTheRowsNotOnTheFilesTheyCameIn() throws Exception {
    // the same tasks swept again in other batches and partitions (other files, another order): every
    // CSV of its report equals this report's, byte for byte
    Path again = tmp.resolve("results-again");
    SweepSpec sweep = SweepConfig.sweepSpec(SweepConfig.load(Path.of("jobs", "quick.conf"), null, List.of(
        "sweep.grid.architecture=[feedforward, resnet, looks-linear]", "sweep.grid.depth=[1,3]",
        "sweep.grid.width=[8,16]", "sweep.grid.points=[32]", "sweep.max-lag=8", "sweep.grid.seed=3",
        "sweep.store-gradients=true", "sweep.batch-size=3", "sweep.partitions-per-core=7")))
        .withOutput(again.toString());
    new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(), null));
    Path other = tmp.resolve("export-again").resolve("tiny");
    new ReportGenerator(spark).write(again.toString(), other, "jobs/shattered sweep (test)",
        "jobs/shattered report (test)", tmp.resolve("aggregates-again").toUri().toString());
    int csvs = 0;
    try (var files = Files.list(out)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        assertEquals(Files.readString(f), Files.readString(other.resolve(f.getFileName())), f.getFileName().toString());
        csvs++;
      }
    }
    assertTrue(csvs >= 4, csvs + " CSVs");
  }

  @Test
  void missingOrEmptyResultsAreRefusedAndNothingIsWritten() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (Path dir : List.of(empty, tmp.resolve("missing"))) {
      Path target = tmp.resolve("never-" + dir.getFileName());
      SpecException e = assertThrows(SpecException.class,
          () -> new ReportGenerator(spark).write(dir.toString(), target, null, "x"));
      assertTrue(e.getMessage().contains("--results") && e.getMessage().contains("no tasks table"), e.getMessage());
      assertFalse(Files.exists(target));
      assertFalse(Files.exists(dir.resolve("aggregates")));
    }
  }

  @Test
  void studentQuantileMatchesTheTableAndTheNormalLimit() {
    assertEquals(2.776, StudentT.quantile975(4), 1e-3);
    assertEquals(2.0452, StudentT.quantile975(29), 1e-4);
    assertEquals(2.0211, StudentT.quantile975(40), 2e-4);
    assertEquals(1.984, StudentT.quantile975(100), 2e-3);
    assertTrue(Double.isNaN(StudentT.quantile975(0)));
  }
}
