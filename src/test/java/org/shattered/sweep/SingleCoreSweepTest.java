package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.measure.Measurement;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.SweepSpec;

/**
 * The same sweep on local[1]: every row equals the engine's measurement bit for bit, as
 * {@link SweepRunnerTest} shows for local[2], so the two masters give identical rows. (One
 * SparkContext per JVM: the two masters need two test classes.)
 */
class SingleCoreSweepTest {
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("SingleCoreSweepTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void rowsOnOneCoreEqualTheEnginesBitForBit() throws IOException {
    SweepSpec sweep = SweepRunnerTest.small(tmp.resolve("one"));
    SweepSummary s = new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(), null));
    assertEquals(1, s.cores());
    assertEquals("tasks: total 12, skipped 0, computed 12, failed 0", s.line());
    List<Row> rows = spark.read().parquet(tmp.resolve("one/tasks").toString()).collectAsList();
    assertEquals(12, rows.size());
    for (PlannedTask t : sweep.grid().tasks()) {
      Measurement m = new MeasuringEngine().measure(t.spec());
      Row r = rows.stream().filter(x -> t.spec().key().value().equals(x.getAs("key"))).findFirst().orElseThrow();
      assertArrayEquals(m.gradient(), SweepRunnerTest.toDoubles(r.getAs("gradient")), 0.0);
      assertArrayEquals(m.acf(), SweepRunnerTest.toDoubles(r.getAs("acf")), 0.0);
      assertArrayEquals(m.predictedCorrelation(), SweepRunnerTest.toDoubles(r.getAs("predicted_corr")), 0.0);
      assertEquals(m.lastLayer().coactivationLag1(), (double) r.getAs("coactivation_lag1_last"), 0.0);
    }
    assertEquals(12L * 2, spark.read().parquet(tmp.resolve("one/layers").toString()).count());
  }
}
