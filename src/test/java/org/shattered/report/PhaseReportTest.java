package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The phase aggregate and figures on a tasks table written here: tanh on a 3 x 2 grid of (sigma_w^2,
 * sigma_b^2) at depth 10, whose pair_cosine is the mean-field value plus noise except at one cell,
 * shifted by 10 standard deviations; a tanh depth series at one point; ReLU at the udlbook setting
 * off the grid. Summary numbers are checked against the definitions computed here on the rows.
 */
class PhaseReportTest {

  static SparkSession spark;
  static Map<String, Aggregate> aggs = new LinkedHashMap<>();
  static final int SEEDS = 6;
  static final Map<String, List<Double>> VALUES = new LinkedHashMap<>();

  @BeforeAll
  static void tables() {
    spark = SparkSession.builder().master("local[2]").appName("phase-report-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3").getOrCreate();
    StructType tasks = new StructType().add("key", DataTypes.StringType).add("activation", DataTypes.StringType)
        .add("weight_variance", DataTypes.DoubleType).add("bias_variance", DataTypes.DoubleType)
        .add("architecture", DataTypes.StringType).add("normalization", DataTypes.StringType)
        .add("inputs", DataTypes.StringType).add("input_dim", DataTypes.IntegerType)
        .add("points", DataTypes.IntegerType).add("width", DataTypes.IntegerType).add("depth", DataTypes.IntegerType)
        .add("seed", DataTypes.LongType).add("status", DataTypes.StringType)
        .add("pair_cosine", DataTypes.DoubleType).add("mean_field_pair_corr", DataTypes.DoubleType);
    List<Row> t = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(3);
    for (double w : new double[] {1.0, 2.0, 3.0}) {
      for (double b : new double[] {0.0, 0.1}) {
        add(t, rng, "tanh", w, b, 10, 0.5 / w, w == 3.0 && b == 0.1 ? 10 : 0);
      }
    }
    for (int depth : new int[] {1, 2, 4, 30}) {
      add(t, rng, "tanh", 2.0, 0.1, depth, Math.pow(0.8, depth), 0);
    }
    for (int depth : new int[] {1, 10, 24, 50}) {
      add(t, rng, "relu", 1.0, 0.005, depth, 0.05, 0);
    }
    // a batch-norm task and a failed one are not part of the diagram
    t.add(RowFactory.create("bn", "tanh", 1.0, 0.0, "feedforward", "batch", "sphere", 100, 128, 200, 10, 0L, "ok",
        0.9, 0.1));
    t.add(RowFactory.create("failed", "tanh", 1.0, 0.0, "feedforward", "none", "sphere", 100, 128, 200, 10, 99L,
        "failed", null, null));
    spark.createDataFrame(t, tasks).createOrReplaceTempView("tasks");
    spark.udf().register("t975", (org.apache.spark.sql.api.java.UDF1<Long, Double>) df -> df == null ? null
        : StudentT.quantile975(df), DataTypes.DoubleType);
    assertTrue(PhaseQueries.varies(spark));
    aggs.put("phase_summary", new Aggregate("phase_summary", PhaseQueries.summary(),
        Table.of(spark.sql(PhaseQueries.summary()))));
  }

  /** SEEDS tasks whose pair_cosine is mf + shift * 0.01 + N(0, 0.01^2). */
  private static void add(List<Row> t, SplittableRandom rng, String act, double w, double b, int depth, double mf,
      double shift) {
    List<Double> v = new ArrayList<>();
    for (long s = 0; s < SEEDS; s++) {
      double x = mf + 0.01 * shift + 0.01 * gaussian(rng);
      v.add(x);
      t.add(RowFactory.create(act + w + b + depth + "-" + s, act, w, b, "feedforward", "none", "sphere", 100, 128, 200,
          depth, s, "ok", x, mf));
    }
    VALUES.put(act + "|" + w + "|" + b + "|" + depth, v);
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void summaryIsTheMeanAndStandardErrorOverSeeds() {
    Table s = aggs.get("phase_summary").table();
    assertEquals(VALUES.size(), s.rows().size());
    for (List<Object> r : s.rows()) {
      List<Double> v = VALUES.get(s.str(r, "activation") + "|" + s.num(r, "weight_variance") + "|"
          + s.num(r, "bias_variance") + "|" + (int) s.num(r, "depth"));
      double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
      double se = Math.sqrt(ss / (v.size() - 1)) / Math.sqrt(v.size());
      assertEquals(SEEDS, (long) s.num(r, "n_seeds"));
      assertEquals(mean, s.num(r, "pair_cosine_mean"), 1e-12);
      assertEquals(se, s.num(r, "pair_cosine_se"), 1e-12);
      assertEquals((mean - s.num(r, "mean_field_pair_corr")) / se, s.num(r, "z"), 1e-9);
    }
  }

  @Test
  void figuresAndDigest() {
    PhaseFigures p = new PhaseFigures(aggs);
    assertTrue(p.present());
    List<Figure> figs = p.all();
    assertEquals(List.of("phase_tanh", "phase_depth_tanh", "phase_depth_relu"), figs.stream().map(Figure::name).toList());
    // the diagram: the 6 grid cells at depth 10 (not the depth series' other depths, not the batch-norm task)
    assertEquals(6, figs.get(0).data().rows().size());
    assertEquals(3, figs.get(0).canvas().panels().size());
    // the depth series of tanh at (2, 0.1): depths 1, 2, 4, 10, 30
    assertEquals(5, figs.get(1).data().rows().size());
    assertTrue(figs.get(1).caption().contains("0.0011"), figs.get(1).caption());
    String d = p.digest();
    // the shifted cell is the one outside 3 SE (z about 10 sqrt(6) / (sd/0.01) >> 3)
    assertTrue(d.contains("tanh, L=10 (6 seeds): 5 of 6 cells agree above the floor, no cells at it."), d);
    assertTrue(d.contains("udlbook"), d);
    assertTrue(d.contains("chi_1 = 0.50"), d);
    // each depth series is one sentence on the page (its depths are in its figure and CSV)
    long series = d.lines().filter(l -> l.startsWith("tanh, σ_w²=2, σ_b²=0.1")).count();
    assertEquals(1, series, d);
    assertTrue(d.lines().anyMatch(l -> l.startsWith("tanh, σ_w²=2, σ_b²=0.1") && l.contains("of 5 depths (L = 1-30)")), d);
    assertTrue(d.lines().noneMatch(l -> l.strip().startsWith("L=")), "no per-depth lines: " + d);
    for (Figure f : figs) {
      assertTrue(f.canvas().png().length > 1000);
    }
  }

  @Test
  void notAPhaseSweepWithoutAGrid() {
    Table s = aggs.get("phase_summary").table();
    Table one = s.where(r -> s.num(r, "bias_variance") == 0.1 && s.num(r, "weight_variance") == 2.0);
    assertFalse(new PhaseFigures(Map.of("phase_summary", new Aggregate("phase_summary", "", one))).present());
    assertFalse(new PhaseFigures(Map.of()).present());
  }

  @Test
  void noiseFloorOfIsotropicGradients() {
    // Monte Carlo: the mean pairwise cosine of P independent isotropic vectors in d dimensions
    SplittableRandom rng = new SplittableRandom(11);
    int d = 20;
    int points = 16;
    int reps = 2000;
    double sum2 = 0;
    for (int k = 0; k < reps; k++) {
      double[][] g = new double[points][d];
      for (double[] row : g) {
        double n = 0;
        for (int j = 0; j < d; j++) {
          row[j] = gaussian(rng);
          n += row[j] * row[j];
        }
        for (int j = 0; j < d; j++) {
          row[j] /= Math.sqrt(n);
        }
      }
      double c = 0;
      for (int a = 0; a < points; a++) {
        for (int b = a + 1; b < points; b++) {
          for (int j = 0; j < d; j++) {
            c += g[a][j] * g[b][j];
          }
        }
      }
      c /= points * (points - 1) / 2.0;
      sum2 += c * c;
    }
    double sd = Math.sqrt(sum2 / reps);
    // the sd estimate from 2000 replicates has a relative standard error of about 1.6%
    assertEquals(PhaseFigures.noiseFloor(d, points), sd, 0.06 * sd);
  }
}
