package org.shattered.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.theory.IndependentGateMonteCarlo;
import org.shattered.theory.TheoryCurves;

/**
 * The aggregates of the theorems' test (docs/science.md, across seeds and theory curves), grouped
 * by {@link #KEYS} (the input setting included, beta by its value and rule):
 *
 * <ul>
 *   <li>{@code theory_summary} (Spark SQL): seeds, mean, sd and 95% Student-t half-width of the
 *       per-task {@code pair_cosine} and of the mean-field prediction {@code predicted_pair_corr};
 *   <li>{@code theory_layers} (Spark SQL): per layer, the same of the active fraction, the
 *       co-activation over all pairs and kappa (the mean squared batch-norm gain);
 *   <li>{@code theory_pair_corr} (executors, {@link PairCorrelationBootstrap}): the ensemble
 *       {@code pair_corr} from the stored gradients with its bootstrap interval over seeds;
 *   <li>{@code theory_comparison} (driver, from the three above): per group the measurement, the
 *       closed form of the theory table, the paper's 1/l heuristic (resnet with batch norm, beta = 1), the
 *       mean-field prediction, the independent-gate Monte Carlo replaying the group's mean
 *       per-layer gate statistics, and z-scores of the measurement against each;
 *   <li>{@code theory_replicates} (executors, {@link PairCorrelationExponents}) and
 *       {@code theory_exponents} (driver): the local exponent of pair_corr against depth with a
 *       bootstrap over seeds shared by the depths of a family.
 * </ul>
 *
 * Made from the tasks with sphere inputs (the theorems' regime; 1-D inputs have the paper's figures),
 * when there are any; {@code theory_pair_corr} only from groups whose gradients were stored.
 */
final class TheoryAggregates {

  /** Grouping columns. */
  static final List<String> KEYS = List.of("architecture", "normalization", "inputs", "input_dim", "input_seed",
      "width", "depth", "beta_rule", "beta", "points", "precision", "gradient_mode");

  static final String K = String.join(", ", KEYS);

  /** Monte-Carlo draws of the replay, per group, and its seed. */
  static final int REPLAY_SAMPLES = 4000;
  static final long REPLAY_SEED = 17L;

  /** A z-score is "within" at |z| &lt;= this. */
  static final double Z_WITHIN = 3.0;

  private TheoryAggregates() {
  }

  /** Whether the registered tasks and layers views have the columns of the theorems' test. */
  static boolean available(SparkSession spark) {
    List<String> t = Arrays.asList(spark.table("tasks").columns());
    List<String> l = Arrays.asList(spark.table("layers").columns());
    return t.containsAll(List.of("pair_cosine", "predicted_pair_corr", "inputs", "input_dim", "input_seed"))
        && l.contains("kappa") && spark.sql("SELECT 1 FROM tasks WHERE " + SPHERE + " LIMIT 1").count() > 0;
  }

  /** The tasks of the theorems' test: sphere inputs (1-D inputs are the paper's figures, with their own). */
  static final String SPHERE = "status = 'ok' AND inputs = 'sphere'";

  static String summary() {
    return "SELECT " + K + ",\n  count(*) AS n_seeds, avg(input_min) AS input_min, avg(input_max) AS input_max,\n"
        + AggregateQueries.stats("pair_cosine", "pair_cosine") + ",\n"
        + AggregateQueries.stats("predicted_pair_corr", "predicted_pair_corr")
        + "\nFROM tasks\nWHERE " + SPHERE + "\nGROUP BY " + K + "\nORDER BY " + K;
  }

  static String layers() {
    String tk = KEYS.stream().map(k -> "t." + k).collect(Collectors.joining(", "));
    return "SELECT " + K + ", layer,\n  count(*) AS n_seeds,\n" + AggregateQueries.stats("active_fraction",
        "active_fraction") + ",\n" + AggregateQueries.stats("coactivation", "coactivation") + ",\n"
        + AggregateQueries.stats("kappa", "kappa") + ",\n" + AggregateQueries.pairRatio("")
        // tasks broadcast: the join then keeps the layers' one partition in key order, so each mean adds
        // its rows in the same order in every run (see ResultViews.inKeyOrder)
        + "\nFROM (SELECT /*+ BROADCAST(t) */ " + tk + ", l.layer, l.active_fraction, l.coactivation, l.kappa,\n"
        + "        l.coactivation_pair_sd, l.coactivation_pair_sd_null\n"
        + "      FROM layers l JOIN tasks t ON l.key = t.key AND t." + SPHERE.replace("AND ", "AND t.") + ")\nGROUP BY " + K
        + ", layer\nORDER BY " + K + ", layer";
  }

  /** The input of {@link PairCorrelationBootstrap}: per group, d and the gradients sorted by seed. */
  static String gradientsByGroup() {
    return "SELECT " + K + ", input_dim AS d, sort_array(collect_list(struct(seed, gradient))) AS gradients\n"
        + "FROM tasks\nWHERE " + SPHERE + " AND gradient IS NOT NULL\nGROUP BY " + K;
  }

  /**
   * Runs the aggregates.
   *
   * @param write writes a dataset as the aggregate NAME (Parquet) and registers it as a view
   * @param all the report's aggregates, to which these are added
   */
  static void run(SparkSession spark, BiConsumer<String, Dataset<Row>> write, Map<String, Aggregate> all) {
    sql(spark, write, all, "theory_summary", summary());
    sql(spark, write, all, "theory_layers", layers());
    Dataset<Row> grads = spark.sql(gradientsByGroup());
    JavaRDD<Row> rows = grads.toJavaRDD().flatMap(new PairCorrelationBootstrap(KEYS));
    Dataset<Row> pc = spark.createDataFrame(rows, PairCorrelationBootstrap.schema(grads.schema(), KEYS));
    write.accept("theory_pair_corr", pc);
    all.put("theory_pair_corr", new Aggregate("theory_pair_corr", gradientsByGroup()
        + "\n-- then, per group on the executors (PairCorrelationBootstrap): pair_corr = mean over p < q of"
        + "\n--   sum_s g_p^s . g_q^s / sqrt(sum_s |g_p^s|^2 sum_s |g_q^s|^2), and its bootstrap over seeds ("
        + PairCorrelationBootstrap.REPLICATES + " replicates, percentile 95% interval, seed "
        + PairCorrelationBootstrap.BOOTSTRAP_SEED + " mixed with the group key)",
        Table.of(spark.sql("SELECT * FROM theory_pair_corr ORDER BY " + K))));
    JavaRDD<Row> aligned = grads.toJavaRDD().flatMap(new PairCorrelationExponents(KEYS));
    Dataset<Row> reps = spark.createDataFrame(aligned, PairCorrelationExponents.schema(grads.schema(), KEYS));
    write.accept("theory_replicates", reps);
    Table replicates = Table.of(spark.sql("SELECT * FROM theory_replicates ORDER BY " + K));
    Table cmp = comparison(all.get("theory_summary").table(), all.get("theory_pair_corr").table(),
        all.get("theory_layers").table());
    write.accept("theory_comparison", spark.createDataFrame(cmp.rows().stream().map(r -> RowFactory.create(
        r.toArray())).toList(), comparisonSchema(spark.table("theory_summary").schema())));
    all.put("theory_comparison", new Aggregate("theory_comparison", "-- theory_summary joined with theory_pair_corr "
        + "on the group keys;\n-- closed_form = TheoryCurves.forArchitecture (2^-L; ((1 + beta^2/2)/(1 + beta^2))^L; "
        + "batch-norm resnet prod_l (1 + beta^2 kappa_l/2)/(1 + beta^2 kappa_l), kappa_l = 1/(v_1 + (1 - 1/pi) (l-1) beta^2))"
        + "\n-- heuristic = Gamma(L + 3/2) / (Gamma(3/2) Gamma(L + 2)) (resnet, batch norm, beta = 1 only: it has no beta)"
        + "\n-- mc_replay = IndependentGateMonteCarlo.replay of theory_layers' mean active_fraction, coactivation, kappa"
        + "\n-- z_X = (pair_corr - X) / pair_corr_se; z_mean_field uses sqrt(pair_corr_se^2 + (ci95/t975)^2)", cmp));
    Table exp = PairCorrelationExponents.exponents(cmp, replicates);
    write.accept("theory_exponents", spark.createDataFrame(exp.rows().stream().map(r -> RowFactory.create(
        r.toArray())).toList(), exponentSchema(spark.table("theory_summary").schema())));
    all.put("theory_exponents", new Aggregate("theory_exponents", gradientsByGroup()
        + "\n-- then, per group on the executors (PairCorrelationExponents): pair_corr of "
        + PairCorrelationBootstrap.REPLICATES + " resamplings of the seeds drawn\n--   from a stream seeded with "
        + PairCorrelationExponents.FAMILY_SEED + " mixed with the family key (the keys without depth and beta), the"
        + " same\n--   resamples at every depth of a family (a seed's depths are one network);"
        + "\n-- then, per family on the driver: exponent = -slope of log pair_corr against log depth between"
        + " neighbouring\n--   depths (kind = local) and least squares over depths >= depth_from (kind = fit); its"
        + " replicates give\n--   exponent_se (sd) and exponent_lo/hi (2.5%/97.5%); closed_form_exponent and"
        + " heuristic_exponent: the same\n--   from theory_comparison's closed_form and heuristic; z_closed_form ="
        + " (exponent - closed_form_exponent) / se,\n--   z_one_half = (exponent - 1/2) / se (the paper's L^-1/2)",
        exp));
  }

  private static void sql(SparkSession spark, BiConsumer<String, Dataset<Row>> write, Map<String, Aggregate> all,
      String name, String query) {
    Dataset<Row> df = spark.sql(query);
    List<Row> rows = df.collectAsList();
    write.accept(name, spark.createDataFrame(rows, df.schema()));
    all.put(name, new Aggregate(name, query, Table.of(df.columns(), rows)));
  }

  /** The columns {@link #comparison} appends to the keys. */
  static final List<String> COMPARISON = List.of("n_seeds", "pair_corr", "pair_corr_se", "pair_corr_lo",
      "pair_corr_hi", "pair_cosine_mean", "pair_cosine_se", "closed_form", "z_closed_form", "heuristic",
      "z_heuristic", "mean_field", "mean_field_se", "z_mean_field", "mc_replay", "mc_replay_se", "z_mc_replay",
      "coactivation_max_layer", "above_noise_floor");

  private static StructType comparisonSchema(StructType summary) {
    StructType s = new StructType();
    for (String k : KEYS) {
      s = s.add(summary.apply(k));
    }
    for (String c : COMPARISON) {
      s = s.add(new StructField(c, c.equals("n_seeds") ? DataTypes.LongType
          : c.equals("above_noise_floor") ? DataTypes.BooleanType : DataTypes.DoubleType, true,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    return s;
  }

  private static StructType exponentSchema(StructType summary) {
    StructType s = new StructType();
    for (String k : PairCorrelationExponents.FAMILY) {
      s = s.add(summary.apply(k));
    }
    for (String c : PairCorrelationExponents.COLUMNS) {
      s = s.add(c, switch (c) {
        case "kind" -> DataTypes.StringType;
        case "depth_from", "depth_to", "n_depths" -> DataTypes.IntegerType;
        case "n_seeds" -> DataTypes.LongType;
        default -> DataTypes.DoubleType;
      });
    }
    return s;
  }

  /** The comparison table: one row per group of the summary (see the class comment). */
  static Table comparison(Table summary, Table pairCorr, Table layers) {
    Map<List<Object>, List<Object>> pc = index(pairCorr);
    Map<List<Object>, List<List<Object>>> byGroup = new LinkedHashMap<>();
    for (List<Object> r : layers.rows()) {
      byGroup.computeIfAbsent(keyOf(layers, r), k -> new ArrayList<>()).add(r);
    }
    List<String> cols = new ArrayList<>(KEYS);
    cols.addAll(COMPARISON);
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : summary.rows()) {
      List<Object> key = keyOf(summary, r);
      Architecture arch = Architecture.parse("architecture", summary.str(r, "architecture"));
      Normalization norm = Normalization.parse("normalization", summary.str(r, "normalization"));
      int depth = (int) summary.num(r, "depth");
      int width = (int) summary.num(r, "width");
      double beta = Double.isNaN(summary.num(r, "beta")) ? 1.0 : summary.num(r, "beta");
      double v1 = summary.str(r, "inputs").equals("sphere") ? TheoryCurves.SPHERE_STEM_VARIANCE
          : TheoryCurves.lineStemVariance(summary.num(r, "input_min"), summary.num(r, "input_max"),
              (int) summary.num(r, "points"));
      List<Object> p = pc.get(key);
      double corr = p == null ? Double.NaN : pairCorr.num(p, "pair_corr");
      double se = p == null ? Double.NaN : pairCorr.num(p, "pair_corr_se");
      double closed = TheoryCurves.forArchitecture(arch, norm, beta, depth, v1);
      double heuristic = arch.family().heuristic(norm, beta, depth);
      long n = (long) summary.num(r, "n_seeds");
      double mf = summary.num(r, "predicted_pair_corr_mean");
      double mfSe = n > 1 ? summary.num(r, "predicted_pair_corr_sd") / Math.sqrt(n) : Double.NaN;
      double cosSe = n > 1 ? summary.num(r, "pair_cosine_sd") / Math.sqrt(n) : Double.NaN;
      double[] replay = replay(arch, beta, width, byGroup.get(key), layers);
      double coactMax = Double.NaN;
      for (List<Object> l : byGroup.getOrDefault(key, List.of())) {
        double c = layers.num(l, "coactivation_mean");
        coactMax = Double.isNaN(coactMax) ? c : Math.max(coactMax, c);
      }
      List<Object> row = new ArrayList<>();
      KEYS.forEach(c -> row.add(r.get(summary.index(c))));
      row.addAll(Arrays.asList(n, corr, se, p == null ? Double.NaN : pairCorr.num(p, "pair_corr_lo"),
          p == null ? Double.NaN : pairCorr.num(p, "pair_corr_hi"), summary.num(r, "pair_cosine_mean"), cosSe,
          closed, (corr - closed) / se, heuristic, (corr - heuristic) / se, mf, mfSe,
          (corr - mf) / Math.sqrt(se * se + mfSe * mfSe), replay[0], replay[1],
          (corr - replay[0]) / Math.hypot(se, replay[1]), coactMax, Math.max(closed, corr) > Z_WITHIN * se));
      out.add(row);
    }
    return new Table(cols, out);
  }

  /** The Monte-Carlo replay of a group's mean per-layer gate statistics: {estimate, SE} (NaN when absent). */
  private static double[] replay(Architecture arch, double beta, int width, List<List<Object>> rows, Table layers) {
    if (rows == null || rows.isEmpty() || width < 1) {
      return new double[] {Double.NaN, Double.NaN};
    }
    List<List<Object>> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparingDouble(r -> layers.num(r, "layer")));
    int depth = sorted.size();
    double[] a = new double[depth];
    double[] c = new double[depth];
    double[] k = new double[depth];
    for (int l = 0; l < depth; l++) {
      a[l] = layers.num(sorted.get(l), "active_fraction_mean");
      c[l] = Math.max(Math.min(layers.num(sorted.get(l), "coactivation_mean"), a[l]), Math.max(0, 2 * a[l] - 1));
      k[l] = layers.num(sorted.get(l), "kappa_mean");
    }
    try {
      IndependentGateMonteCarlo.Estimate e = IndependentGateMonteCarlo.replay(arch, beta, a, c, k, width,
          REPLAY_SAMPLES, REPLAY_SEED);
      return new double[] {e.correlation(), e.standardError()};
    } catch (IllegalArgumentException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  private static Map<List<Object>, List<Object>> index(Table t) {
    Map<List<Object>, List<Object>> m = new LinkedHashMap<>();
    for (List<Object> r : t.rows()) {
      m.put(keyOf(t, r), r);
    }
    return m;
  }

  static List<Object> keyOf(Table t, List<Object> r) {
    List<Object> k = new ArrayList<>();
    for (String c : KEYS) {
      Object v = r.get(t.index(c));
      k.add(v instanceof Number num && !(v instanceof Double) ? num.longValue() : v);
    }
    return k;
  }
}
