package org.shattered.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

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
    matrices();
    sql("matrix_by_lag", AggregateQueries.matrixByLag());
    sql("theory", AggregateQueries.theory());
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

  private void matrices() {
    String q = AggregateQueries.gradientsByGroup();
    JavaRDD<Row> rows = spark.sql(q).toJavaRDD().flatMap(new EnsembleMatrices());
    write("ensemble_matrix", spark.createDataFrame(rows, EnsembleMatrices.schema()));
    all.put("ensemble_matrix", new Aggregate("ensemble_matrix", q + "\n-- then, per group on the executors: sample "
        + "covariance and correlation over seeds at every (p, q >= p) (EnsembleMatrices)", null));
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
