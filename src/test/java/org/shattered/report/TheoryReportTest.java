package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.shattered.theory.TheoryCurves;

/**
 * The theory aggregates and figures on tables written here with the columns of the theorems' test:
 * feedforward groups whose gradients have pair correlation 2^-L over seeds (and a mean-field
 * column far from it), resnet groups with beta "1/sqrt(depth)" whose depth-1 and depth-4 tasks
 * carry the labels "1.0" and "0.5". Every number is checked against SQL on the raw tables or the
 * definition on the raw gradients.
 */
class TheoryReportTest {

  static SparkSession spark;
  static Map<String, Aggregate> aggs = new LinkedHashMap<>();
  static List<Figure> figures;

  static final int SEEDS = 12;
  static final int POINTS = 8;
  static final int D = 4;

  @BeforeAll
  static void tables() {
    spark = SparkSession.builder().master("local[2]").appName("theory-report-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3").getOrCreate();
    StructType tasks = new StructType().add("key", DataTypes.StringType).add("architecture", DataTypes.StringType)
        .add("normalization", DataTypes.StringType).add("inputs", DataTypes.StringType)
        .add("input_dim", DataTypes.IntegerType).add("input_seed", DataTypes.LongType)
        .add("width", DataTypes.IntegerType).add("depth", DataTypes.IntegerType).add("beta_rule", DataTypes.StringType)
        .add("beta", DataTypes.DoubleType).add("points", DataTypes.IntegerType).add("precision", DataTypes.StringType)
        .add("gradient_mode", DataTypes.StringType).add("seed", DataTypes.LongType).add("status", DataTypes.StringType)
        .add("input_min", DataTypes.DoubleType).add("input_max", DataTypes.DoubleType)
        .add("pair_cosine", DataTypes.DoubleType).add("predicted_pair_corr", DataTypes.DoubleType)
        .add("gradient", DataTypes.createArrayType(DataTypes.DoubleType, false));
    StructType layers = new StructType().add("key", DataTypes.StringType).add("layer", DataTypes.IntegerType)
        .add("active_fraction", DataTypes.DoubleType).add("coactivation", DataTypes.DoubleType)
        .add("kappa", DataTypes.DoubleType).add("coactivation_pair_sd", DataTypes.DoubleType)
        .add("coactivation_pair_sd_null", DataTypes.DoubleType);
    List<Row> t = new ArrayList<>();
    List<Row> l = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(5);
    // feedforward, batch norm: pair correlation 2^-L, mean-field column 0.9 (wrong on purpose)
    for (int depth : new int[] {1, 2, 3}) {
      add(t, l, rng, "feedforward", "batch", depth, null, null, Math.pow(2, -depth), 0.9);
    }
    // resnet, no normalization, beta rule 1/sqrt(depth): depths 1 and 4 measured under "1.0" and "0.5"
    for (int depth : new int[] {1, 2, 4}) {
      String rule = depth == 1 ? "1.0" : depth == 4 ? "0.5" : "1/sqrt(depth)";
      double beta = 1 / Math.sqrt(depth);
      double rho = TheoryCurves.resnet(beta, depth);
      add(t, l, rng, "resnet", "none", depth, rule, beta, rho, rho);
    }
    // a line-input task is not part of the theorems' test
    t.add(RowFactory.create("line", "feedforward", "batch", "line", 1, 0L, 16, 1, null, null, POINTS, "double",
        "frozen", 0L, "ok", -2.0, 2.0, 0.1, 0.5, scala.jdk.javaapi.CollectionConverters.asScala(
            List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)).toSeq()));
    // a failed task is not counted
    t.add(RowFactory.create("failed", "feedforward", "batch", "sphere", D, 0L, 16, 1, null, null, POINTS, "double",
        "frozen", 99L, "failed", -2.0, 2.0, null, null, null));
    spark.createDataFrame(t, tasks).createOrReplaceTempView("tasks");
    spark.createDataFrame(l, layers).createOrReplaceTempView("layers");
    spark.udf().register("t975", (org.apache.spark.sql.api.java.UDF1<Long, Double>) df -> df == null ? null
        : StudentT.quantile975(df), DataTypes.DoubleType);
    assertTrue(TheoryAggregates.available(spark));
    TheoryAggregates.run(spark, (name, df) -> df.cache().createOrReplaceTempView(name), aggs);
    figures = new TheoryFigures(aggs).all();
  }

  private static void add(List<Row> t, List<Row> l, SplittableRandom rng, String arch, String norm, int depth,
      String rule, Double beta, double rho, double predicted) {
    double[][] g = PairCorrelationBootstrapTest.ensemble(SEEDS, POINTS, D, rho, rng);
    for (int s = 0; s < SEEDS; s++) {
      String key = arch + norm + depth + "-" + s;
      List<Double> grad = Arrays.stream(g[s]).boxed().toList();
      t.add(RowFactory.create(key, arch, norm, "sphere", D, 0L, 16, depth, rule, beta, POINTS, "double", "frozen",
          (long) s, "ok", -2.0, 2.0, cosine(g[s]), predicted + 0.01 * PairCorrelationBootstrapTest.normal(rng),
          scala.jdk.javaapi.CollectionConverters.asScala(grad).toSeq()));
      for (int layer = 1; layer <= depth; layer++) {
        // pair spread 0.01 l (seed s adds 0.001 s) over a null of 0.01: ratio l + 0.1 s
        l.add(RowFactory.create(key, layer, 0.5, 0.25 + 0.02 * layer, 0.5, 0.01 * layer + 0.001 * s, 0.01));
      }
    }
  }

  /** Mean over p < q of the cosine of one seed's gradients. */
  private static double cosine(double[] g) {
    double sum = 0;
    int n = 0;
    for (int p = 0; p < POINTS; p++) {
      for (int q = p + 1; q < POINTS; q++) {
        double m = 0;
        double a = 0;
        double b = 0;
        for (int j = 0; j < D; j++) {
          m += g[p * D + j] * g[q * D + j];
          a += g[p * D + j] * g[p * D + j];
          b += g[q * D + j] * g[q * D + j];
        }
        sum += m / Math.sqrt(a * b);
        n++;
      }
    }
    return sum / n;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<Object> row(Table t, String arch, String rule, int depth) {
    return t.rows().stream().filter(r -> t.str(r, "architecture").equals(arch) && t.str(r, "beta_rule").equals(rule)
        && (int) t.num(r, "depth") == depth).findFirst().orElseThrow(() -> new AssertionError(arch + rule + depth));
  }

  @Test
  void pairCorrIsTheDefinitionOnTheRawGradients() {
    Table pc = aggs.get("theory_pair_corr").table();
    assertEquals(6, pc.rows().size());
    for (List<Object> r : pc.rows()) {
      String rule = pc.str(r, "beta_rule");
      List<Row> gs = spark.sql("SELECT gradient FROM tasks WHERE status = 'ok' AND inputs = 'sphere'"
          + " AND architecture = '" + pc.str(r, "architecture") + "' AND depth = " + pc.str(r, "depth") + " AND beta_rule <=> "
          + (rule.isEmpty() ? "NULL" : "'" + rule + "'") + " ORDER BY seed").collectAsList();
      double[][] g = gs.stream().map(x -> x.<Double>getList(0).stream().mapToDouble(Double::doubleValue).toArray())
          .toArray(double[][]::new);
      assertEquals(PairCorrelationBootstrapTest.direct(g, D), pc.num(r, "pair_corr"), 1e-12);
      assertEquals(SEEDS, (int) pc.num(r, "n_seeds"));
      assertTrue(pc.num(r, "pair_corr_lo") < pc.num(r, "pair_corr") && pc.num(r, "pair_corr") < pc.num(r,
          "pair_corr_hi"));
      assertEquals(PairCorrelationBootstrap.REPLICATES, (int) pc.num(r, "bootstrap_replicates"));
    }
  }

  @Test
  void comparisonHoldsTheCurvesAndZScoresOfItsInputs() {
    Table c = aggs.get("theory_comparison").table();
    for (List<Object> r : c.rows()) {
      int depth = (int) c.num(r, "depth");
      Row sql = spark.sql("SELECT avg(pair_cosine), avg(predicted_pair_corr), stddev_samp(predicted_pair_corr), "
          + "count(*) FROM tasks WHERE status = 'ok' AND inputs = 'sphere' AND architecture = '"
          + c.str(r, "architecture")
          + "' AND depth = " + depth).first();
      assertEquals(sql.getDouble(0), c.num(r, "pair_cosine_mean"), 1e-12);
      assertEquals(sql.getDouble(1), c.num(r, "mean_field"), 1e-12);
      assertEquals(sql.getDouble(2) / Math.sqrt(sql.getLong(3)), c.num(r, "mean_field_se"), 1e-12);
      double expected = c.str(r, "architecture").equals("feedforward") ? Math.pow(2, -depth)
          : TheoryCurves.resnet(1 / Math.sqrt(depth), depth);
      assertEquals(expected, c.num(r, "closed_form"), 1e-12);
      assertEquals((c.num(r, "pair_corr") - expected) / c.num(r, "pair_corr_se"), c.num(r, "z_closed_form"), 1e-9);
      // the replay of co-activation 0.25 + 0.02 l, active 1/2: its mean-field product within 5 SE + 0.01
      double[] a = new double[depth];
      double[] co = new double[depth];
      double[] k = new double[depth];
      for (int l = 0; l < depth; l++) {
        a[l] = 0.5;
        co[l] = 0.25 + 0.02 * (l + 1);
        k[l] = 0.5;
      }
      double beta = Double.isNaN(c.num(r, "beta")) ? 1 : c.num(r, "beta");
      double mf = TheoryCurves.meanField(org.shattered.spec.Architecture.parse("a", c.str(r, "architecture")), beta,
          a, co, k);
      assertTrue(Math.abs(c.num(r, "mc_replay") - mf) < 5 * c.num(r, "mc_replay_se") + 0.01,
          c.num(r, "mc_replay") + " vs " + mf);
      assertEquals(0.25 + 0.02 * depth, c.num(r, "coactivation_max_layer"), 1e-12);
    }
  }

  @Test
  void theBottomPanelIsThePerPairRatioPerLayer() {
    Table layers = aggs.get("theory_layers").table();
    double seedMean = 0.1 * (SEEDS - 1) / 2.0;
    for (List<Object> r : layers.rows()) {
      int layer = (int) layers.num(r, "layer");
      assertEquals(layer + seedMean, layers.num(r, "coactivation_pair_ratio_mean"), 1e-9, r.toString());
      assertTrue(layers.num(r, "coactivation_pair_ratio_ci95") > 0, r.toString());
    }
    assertTrue(figures.get(0).caption().contains("coactivation_pair_sd / coactivation_pair_sd_null"));
  }

  @Test
  void exponentsBetweenNeighbouringDepthsComeFromPairCorr() {
    Table c = aggs.get("theory_comparison").table();
    Table e = aggs.get("theory_exponents").table();
    Table ff = e.where(r -> e.str(r, "architecture").equals("feedforward"));
    // depths 1, 2, 3: two local pairs, no fit (no depth >= 32); no family reaches depth 128, so no figure
    assertEquals(List.of(1, 2), ff.rows().stream().map(r -> (int) ff.num(r, "depth_from")).toList());
    for (List<Object> r : ff.rows()) {
      int a = (int) ff.num(r, "depth_from");
      int b = (int) ff.num(r, "depth_to");
      double ca = c.num(row(c, "feedforward", "", a), "pair_corr");
      double cb = c.num(row(c, "feedforward", "", b), "pair_corr");
      assertEquals(TheoryCurves.localExponent(a, ca, b, cb), ff.num(r, "exponent"), 1e-12);
      // the closed form 2^-L between a and b: (b - a) log 2 / log(b / a)
      assertEquals((b - a) * Math.log(2) / Math.log((double) b / a), ff.num(r, "closed_form_exponent"), 1e-12);
      // an interval where (almost) every resample keeps both pair correlations positive (1-2 here; 12 seeds of 8 points)
      assertTrue(a > 1 || ff.num(r, "exponent_lo") <= ff.num(r, "exponent") && ff.num(r, "exponent") <= ff.num(r, "exponent_hi"), r.toString());
      assertEquals(SEEDS, (long) ff.num(r, "n_seeds"));
    }
    assertTrue(figures.stream().noneMatch(f -> f.name().equals("theory_exponents")));
  }

  @Test
  void oneFigurePerFamilyAndTheVerdictComesFromTheNumbers() {
    assertEquals(List.of("theory_feedforward_batch_norm", "theory_resnet_1_0_no_normalization",
        "theory_resnet_1_sqrt_depth_no_normalization", "theory_resnet_0_5_no_normalization"),
        figures.stream().map(Figure::name).toList());
    Figure ff = figures.get(0);
    // measurement drawn from 2^-L, mean-field column 0.9: the sentence must name the closed form
    assertTrue(ff.caption().contains("The data follow the closed form 2^-L."), ff.caption());
    assertTrue(ff.caption().contains("The mean-field prediction from measured gates: within 3 standard errors at 0 of"),
        ff.caption());
    assertEquals(3, ff.data().rows().size());
    assertTrue(ff.canvas().png().length > 1000);
  }

  @Test
  void theDepthDependentBetaRuleHasEveryDepth() {
    Figure rule = figures.stream().filter(f -> f.name().equals("theory_resnet_1_sqrt_depth_no_normalization"))
        .findFirst().orElseThrow();
    Table t = rule.data();
    assertEquals(List.of(1, 2, 4), t.rows().stream().map(r -> (int) t.num(r, "depth")).toList());
    assertEquals(List.of("1.0", "1/sqrt(depth)", "0.5"), t.rows().stream().map(r -> t.str(r, "measured_as")).toList());
    // each row is found in the raw tables under the rule it was measured as
    for (List<Object> r : t.rows()) {
      Row sql = spark.sql("SELECT avg(pair_cosine) FROM tasks WHERE status = 'ok' AND inputs = 'sphere'"
          + " AND architecture = 'resnet' AND depth = " + t.str(r, "depth") + " AND beta_rule = '" + t.str(r, "measured_as") + "'").first();
      assertEquals(sql.getDouble(0), t.num(r, "pair_cosine_mean"), 1e-12);
    }
    assertFalse(rule.caption().contains("heuristic"));
    assertEquals(row(aggs.get("theory_comparison").table(), "resnet", "0.5", 4).get(0), "resnet");
  }
}
