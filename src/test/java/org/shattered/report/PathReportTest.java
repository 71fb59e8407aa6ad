package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.SweepRunner;

/**
 * The path-decomposition figures from a tiny run of jobs/paths.conf (sphere inputs): files, and CSV
 * numbers against raw SQL.
 */
class PathReportTest {

  @TempDir
  static Path tmp;

  static SparkSession spark;
  static Path out;
  static ReportGenerator.Written written;

  @BeforeAll
  static void sweepAndReport() {
    spark = SparkSession.builder().master("local[2]").appName("path-report-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Path results = tmp.resolve("results");
    SweepSpec sweep = SweepConfig.sweepSpec(SweepConfig.load(Path.of("jobs", "paths.conf"), null, List.of(
        "sweep.grid.depth=[1,3,6]", "sweep.grid.width=[12]", "sweep.grid.points=[32]", "sweep.max-lag=8",
        "sweep.grid.seed=3", "sweep.grid.beta=[1.0, \"1/sqrt(depth)\"]"))).withOutput(results.toString());
    new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(true), null));
    out = tmp.resolve("export").resolve("paths");
    written = new ReportGenerator(spark).write(results.toString(), out, "jobs/shattered sweep (test)",
        "jobs/shattered report (test)");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theThreePathFiguresAreWritten() throws Exception {
    List<String> names = written.figures().stream().map(Figure::name).toList();
    List<String> expected = List.of("path_energy_share", "path_pair_cosine", "mean_path_length");
    assertTrue(names.containsAll(expected), names.toString());
    assertTrue(!names.contains("path_acf"), "sphere inputs have no c_1 by path length: " + names);
    for (String f : expected) {
      for (String ext : List.of(".png", ".svg", ".csv")) {
        assertTrue(Files.size(out.resolve(f + ext)) > 200, f + ext);
      }
    }
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("FROM paths") && html.contains("predicted_share"), "the page shows the SQL");
  }

  @Test
  void energyShareCsvEqualsSqlOnThePathsTableAndTheBinomialPrediction() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("path_energy_share.csv"));
    List<String> head = List.of(lines.get(0).split(","));
    assertTrue(lines.size() > 10);
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      int depth = Integer.parseInt(v[head.indexOf("depth")]);
      int k = Integer.parseInt(v[head.indexOf("path_length")]);
      Row r = spark.sql("SELECT avg(energy_share), avg(pair_cosine), count(*), avg(beta) FROM paths WHERE normalization = '"
          + v[head.indexOf("normalization")] + "' AND beta_rule = '" + v[head.indexOf("beta_rule")] + "' AND depth = "
          + depth + " AND path_length = " + k).first();
      assertEquals(r.getDouble(0), Double.parseDouble(v[head.indexOf("energy_share_mean")]), 1e-12, line);
      assertEquals(r.getDouble(1), Double.parseDouble(v[head.indexOf("pair_cosine_mean")]), 1e-12, line);
      assertEquals(3L, r.getLong(2), line);
      double beta = r.getDouble(3);
      double predicted = new BigInteger(binomial(depth, k)).doubleValue() * Math.pow(beta * beta, k)
          / Math.pow(1 + beta * beta, depth);
      assertEquals(predicted, Double.parseDouble(v[head.indexOf("predicted_share")]), 1e-12, line);
    }
  }

  @Test
  void meanPathLengthCsvEqualsTheTasksColumn() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("mean_path_length.csv"));
    List<String> head = List.of(lines.get(0).split(","));
    assertEquals(1 + 2 * (3 + 2), lines.size()); // 2 normalizations x (3 depths at beta 1 + 2 at 1/sqrt(depth))
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      Row r = spark.sql("SELECT avg(mean_path_length), avg(beta) FROM tasks WHERE normalization = '"
          + v[head.indexOf("normalization")] + "' AND beta_rule = '" + v[head.indexOf("beta_rule")] + "' AND depth = "
          + v[head.indexOf("depth")]).first();
      assertEquals(r.getDouble(0), Double.parseDouble(v[head.indexOf("mean_path_length_mean")]), 1e-12, line);
      // and it is the energy-weighted mean of k over the paths table
      Row w = spark.sql("SELECT avg(m) FROM (SELECT key, sum(path_length * energy_share) AS m FROM paths WHERE "
          + "normalization = '" + v[head.indexOf("normalization")] + "' AND beta_rule = '"
          + v[head.indexOf("beta_rule")] + "' AND depth = " + v[head.indexOf("depth")] + " GROUP BY key)").first();
      assertEquals(w.getDouble(0), r.getDouble(0), 1e-12, line);
      // the energy ratio from other stored columns: sum_k rms_k^2 over d times the mean square of all P x d values
      Row e = spark.sql("SELECT avg(ratio), avg(stored) FROM (SELECT t.key, first(t.path_energy_ratio) AS stored, "
          + "sum(p.rms * p.rms) / (first(t.input_dim) * (first(t.gradient_std) * first(t.gradient_std) "
          + "+ first(t.gradient_mean) * first(t.gradient_mean))) AS ratio FROM tasks t JOIN paths p ON t.key = p.key "
          + "WHERE t.normalization = '" + v[head.indexOf("normalization")] + "' AND t.beta_rule = '"
          + v[head.indexOf("beta_rule")] + "' AND t.depth = " + v[head.indexOf("depth")] + " GROUP BY t.key)").first();
      assertEquals(e.getDouble(0), e.getDouble(1), 1e-9 * e.getDouble(0), line);
      assertEquals(e.getDouble(1), Double.parseDouble(v[head.indexOf("path_energy_ratio_mean")]), 1e-12, line);
      int depth = Integer.parseInt(v[head.indexOf("depth")]);
      double beta = r.getDouble(1);
      assertEquals(depth * beta * beta / (1 + beta * beta),
          Double.parseDouble(v[head.indexOf("predicted_mean_path_length")]), 1e-12, line);
    }
  }

  private static String binomial(int n, int k) {
    BigInteger b = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      b = b.multiply(BigInteger.valueOf(n - i));
    }
    for (int i = 2; i <= k; i++) {
      b = b.divide(BigInteger.valueOf(i));
    }
    return b.toString();
  }
}
