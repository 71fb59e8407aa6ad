package org.shattered.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.theory.TheoryCurves;

/**
 * Runs the aggregates of {@link AggregateQueries} on registered {@link ResultViews}, writes each
 * as Parquet to ROOT/NAME (see ReportGenerator.defaultAggregates) and keeps the small ones
 * collected for the figures. The P x P matrices stay in Parquet; {@link #matrix} reads one group.
 */
public final class Aggregator {

  private final SparkSession spark;
  private final Path root;
  private final Map<String, Aggregate> all = new LinkedHashMap<>();

  /**
   * @param root where the aggregates are written (NAME below it); not the results directory, which a
   *     report only reads (it may be read-only, and its files are the sweep's alone); an earlier
   *     report's aggregates there are replaced
   */
  public Aggregator(SparkSession spark, Path root) {
    this.spark = spark;
    this.root = root;
  }

  /** Computes and writes every aggregate. */
  public Map<String, Aggregate> run() {
    sql("task_summary", AggregateQueries.taskSummary());
    sql("acf_curve", AggregateQueries.acfCurve());
    sql("layer_summary", AggregateQueries.layerSummary());
    sql("pair_correlation", AggregateQueries.pairCorrelation());
    lagIntervals();
    matrices();
    sql("matrix_by_lag", AggregateQueries.matrixByLag());
    theory();
    if (TheoryAggregates.available(spark)) {
      TheoryAggregates.run(spark, this::write, all);
    }
    if (PhaseQueries.varies(spark)) {
      sql("phase_summary", PhaseQueries.summary());
    }
    if (spark.catalog().tableExists("paths")) {
      sql("path_summary", PathQueries.pathSummary());
      sql("path_mean_length", PathQueries.meanPathLength());
    }
    return all;
  }

  private void sql(String name, String query) {
    Dataset<Row> df = spark.sql(query);
    List<Row> rows = df.collectAsList();
    write(name, spark.createDataFrame(rows, df.schema()));
    all.put(name, new Aggregate(name, query, Table.of(df.columns(), rows)));
  }

  private void write(String name, Dataset<Row> df) {
    String path = new Path(root, name).toString();
    df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
    spark.read().parquet(path).createOrReplaceTempView(name);
  }

  /** The bootstrap interval over seeds of every group's r_k (LagCorrelationBootstrap, on the executors). */
  private void lagIntervals() {
    String q = LagCorrelationBootstrap.query();
    Dataset<Row> grads = spark.sql(q);
    JavaRDD<Row> rows = grads.toJavaRDD().flatMap(new LagCorrelationBootstrap(ResultViews.KEY_LIST));
    write("pair_correlation_interval", spark.createDataFrame(rows, LagCorrelationBootstrap.schema(grads.schema(),
        ResultViews.KEY_LIST)));
    all.put("pair_correlation_interval", new Aggregate("pair_correlation_interval", q + "\n-- then, per group on the "
        + "executors (LagCorrelationBootstrap): r_k for k = 1..max_lag and its bootstrap over seeds ("
        + PairCorrelationBootstrap.REPLICATES + " replicates, percentile 95% interval, seed "
        + PairCorrelationBootstrap.BOOTSTRAP_SEED + " mixed with the group key)", Table.of(spark.sql(
            "SELECT * FROM pair_correlation_interval ORDER BY " + ResultViews.KEYS + ", lag"))));
  }

  private void matrices() {
    String q = AggregateQueries.gradientsByGroup();
    JavaRDD<Row> rows = spark.sql(q).toJavaRDD().flatMap(new EnsembleMatrices());
    write("ensemble_matrix", spark.createDataFrame(rows, EnsembleMatrices.schema()));
    all.put("ensemble_matrix", new Aggregate("ensemble_matrix", q + "\n-- then, per group on the executors: sample "
        + "covariance and correlation over seeds at every (p, q >= p) (EnsembleMatrices)", null));
  }

  /** The theory curve of every group of the sweep, at its depth (TheoryCurves.forArchitecture). */
  private void theory() {
    Table s = CurveData.expandRules(all.get("task_summary").table());
    Row range = spark.sql("SELECT min(input_min), max(input_max) FROM tasks WHERE status = 'ok'").first();
    StructType schema = new StructType().add("architecture", DataTypes.StringType)
        .add("normalization", DataTypes.StringType).add("beta_rule", DataTypes.StringType)
        .add("depth", DataTypes.IntegerType).add("beta", DataTypes.DoubleType)
        .add("theory_corr", DataTypes.DoubleType);
    Map<String, Row> rows = new LinkedHashMap<>();
    for (List<Object> r : s.rows()) {
      Architecture a = Architecture.parse("architecture", s.str(r, "architecture"));
      Normalization n = Normalization.parse("normalization", s.str(r, "normalization"));
      int depth = (int) s.num(r, "depth");
      double beta = s.num(r, "beta");
      // the batch-norm resnet's stem variance v_1 = 2 mean(x^2) of the line inputs
      double v1 = range.isNullAt(0) ? TheoryCurves.SPHERE_STEM_VARIANCE
          : TheoryCurves.lineStemVariance(range.getDouble(0), range.getDouble(1), (int) s.num(r, "points"));
      double c = TheoryCurves.forArchitecture(a, n, Double.isNaN(beta) ? 1.0 : beta, depth, v1);
      Object rule = r.get(s.index("beta_rule"));
      rows.put(a + "|" + n + "|" + rule + "|" + depth, RowFactory.create(s.str(r, "architecture"),
          s.str(r, "normalization"), rule, depth, Double.isNaN(beta) ? null : beta, c));
    }
    Dataset<Row> df = spark.createDataFrame(new ArrayList<>(rows.values()), schema)
        .orderBy("architecture", "normalization", "beta_rule", "depth");
    write("theory", df);
    all.put("theory", new Aggregate("theory", "SELECT DISTINCT architecture, normalization, beta_rule, depth, beta"
        + " FROM task_summary\n-- theory_corr = TheoryCurves.forArchitecture(architecture, normalization, beta, depth):"
        + "\n-- 2^-L (feedforward), ((1 + beta^2/2) / (1 + beta^2))^L (resnet), prod_l (1 + beta^2 kappa_l/2) / "
        + "(1 + beta^2 kappa_l) with kappa_l = 1/(v_1 + (1 - 1/pi) (l-1) beta^2), v_1 = 2 mean(x^2) of the inputs (resnet, "
        + "batch norm), 1 (looks-linear)", Table.of(df)));
  }

  /** The correlation matrix (P x P, symmetric) of one group, or null when it has none. */
  public double[][] matrix(List<Object> keyValues, int points) {
    List<Row> rows = spark.sql("SELECT p, q, correlation FROM ensemble_matrix WHERE "
        + ResultViews.groupFilter(keyValues)).collectAsList();
    if (rows.isEmpty()) {
      return null;
    }
    double[][] m = new double[points][points];
    for (Row r : rows) {
      int p = r.getInt(0);
      int q = r.getInt(1);
      double v = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
      m[p][q] = v;
      m[q][p] = v;
    }
    return m;
  }
}
