package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learning-curve aggregate ({@link TrainingQueries#atBestRate}) gives bit-identical numbers
 * whatever order and partitioning its rows arrive in (the trainability export reproduces byte for
 * byte), and they are the mean and 95% t-interval of the seeds, against a computation here.
 */
class TrainingQueriesTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("training-queries-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "3").getOrCreate();
    ResultViews.registerT975(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static final StructType CHECKPOINT = new StructType().add("family", DataTypes.StringType)
      .add("architecture", DataTypes.StringType).add("normalization", DataTypes.StringType)
      .add("beta_rule", DataTypes.StringType).add("depth", DataTypes.IntegerType)
      .add("learning_rate", DataTypes.DoubleType).add("step", DataTypes.IntegerType)
      .add("seed", DataTypes.IntegerType).add("test_accuracy", DataTypes.DoubleType);

  /** Seeds' values chosen so that a floating-point sum depends on their order (magnitudes 1e0 .. 1e-9). */
  static List<Row> rows() {
    Random r = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int step : new int[] {0, 200, 400}) {
      for (int seed = 0; seed < 9; seed++) {
        double v = (seed % 3 == 0 ? 0.1 : 1) * r.nextDouble() + Math.pow(10, -seed) * r.nextDouble();
        rows.add(RowFactory.create("ff", "feedforward", "none", null, 50, 0.01, step, seed, v));
        rows.add(RowFactory.create("ff", "feedforward", "none", null, 50, 0.1, step, seed, 0.1));
      }
    }
    return rows;
  }

  static List<Row> run(List<Row> rows, int partitions) {
    Dataset<Row> k = spark.createDataFrame(rows, CHECKPOINT).repartition(partitions);
    k.createOrReplaceTempView("train_checkpoint");
    spark.sql("SELECT 'ff' AS family, 50 AS depth, 0.01D AS learning_rate, true AS best UNION ALL "
        + "SELECT 'ff', 50, 0.1D, false").createOrReplaceTempView("train_cell");
    return spark.sql(TrainingQueries.atBestRate("k.depth = 50", "test_accuracy")).collectAsList();
  }

  @Test
  void bitIdenticalWhateverTheRowOrderAndPartitioning() {
    List<Row> rows = rows();
    List<Row> a = run(rows, 1);
    for (int trial = 0; trial < 4; trial++) {
      List<Row> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, new Random(trial));
      List<Row> b = run(shuffled, 2 + trial);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(Double.doubleToRawLongBits(a.get(i).getDouble(8)), Double.doubleToRawLongBits(b.get(i).getDouble(8)),
            "mean, trial " + trial);
        assertEquals(Double.doubleToRawLongBits(a.get(i).getDouble(9)), Double.doubleToRawLongBits(b.get(i).getDouble(9)),
            "ci95, trial " + trial);
      }
    }
  }

  @Test
  void meanAndIntervalOfTheBestRatesSeeds() {
    List<Row> out = run(rows(), 3);
    assertEquals(3, out.size(), "one row per step, the best rate only");
    for (Row row : out) {
      int step = row.getInt(6);
      double[] v = rows().stream().filter(r -> r.getInt(6) == step && r.getDouble(5) == 0.01)
          .mapToDouble(r -> r.getDouble(8)).sorted().toArray();
      assertEquals(9L, row.getLong(7));
      double mean = Arrays.stream(v).sum() / v.length;
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      double ci = StudentT.quantile975(v.length - 1) * Math.sqrt(ss / (v.length - 1)) / Math.sqrt(v.length);
      assertEquals(mean, row.getDouble(8), 1e-15);
      assertEquals(ci, row.getDouble(9), 1e-12 * ci);
      assertTrue(ci > 0.01, "the seeds differ");
    }
  }
}
