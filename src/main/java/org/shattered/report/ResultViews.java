package org.shattered.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.shattered.measure.Autocorrelation;
import org.shattered.measure.Baselines;
import org.shattered.spec.SpecException;
import org.shattered.sweep.ResultStore;
import org.shattered.sweep.TrainingSchema;

/**
 * Opens a results directory for the report and registers the views its queries read:
 * {@code tasks} and {@code layers} (the raw tables), {@code paths} (only when the sweep wrote it),
 * {@code baselines} (white and brown noise
 * with the sweep's seed count, points and lags, computed here by {@link Baselines}) and
 * {@code series} (the successful tasks' autocorrelations and gradients plus the baselines), and
 * the function {@code t975(df)} (Student's t quantile, {@link StudentT}).
 *
 * @param store the results directory
 * @param points P of the baselines (the largest of the sweep)
 * @param maxLag K of the baselines
 * @param seeds the number of baseline seeds (the largest seed count of a group)
 */
public record ResultViews(ResultStore store, int points, int maxLag, int seeds) {

  /** Grouping columns of every aggregate. */
  public static final String KEYS = "architecture, normalization, width, depth, beta_rule, points, precision, "
      + "gradient_mode";

  /** The grouping columns one by one. */
  public static final List<String> KEY_LIST = List.of(KEYS.split(", "));

  /**
   * Registers the views and functions for the report, or refuses a missing or empty directory, or
   * one without a successful task, with a {@link SpecException} naming {@code --results} (nothing
   * is written).
   */
  public static ResultViews register(SparkSession spark, String results) {
    ResultViews v = registerForQueries(spark, results);
    if (v.seeds() == 0) {
      throw SpecException.badValue("--results", results, "a results directory with at least one successful task"
          + " (every task there failed)");
    }
    return v;
  }

  /**
   * The rows of a table in one partition, sorted by its key columns: an aggregate then adds its rows
   * in the same order whatever files, batches or runs the rows came from, so a sum, mean or standard
   * deviation has the same bits each time (Spark otherwise adds partial sums in the order its
   * partitions finish), and the report's CSVs are reproducible to the last digit.
   */
  static Dataset<Row> inKeyOrder(Dataset<Row> table, String... keys) {
    return table.repartition(1).sortWithinPartitions(keys[0], java.util.Arrays.copyOfRange(keys, 1, keys.length));
  }

  /**
   * The tables of a training results directory ({@link TrainingSchema}) as views of exactly their
   * committed files, in key (and step) order.
   */
  public static void registerTraining(SparkSession spark, ResultStore store) {
    store.requireIntact("--results");
    inKeyOrder(store.read(TrainingSchema.TASKS), "key").createOrReplaceTempView(TrainingSchema.TASKS);
    if (store.hasData(TrainingSchema.CHECKPOINTS)) {
      inKeyOrder(store.read(TrainingSchema.CHECKPOINTS), "key", "step").createOrReplaceTempView(TrainingSchema.CHECKPOINTS);
    } else {
      spark.createDataFrame(List.of(), TrainingSchema.checkpoints()).createOrReplaceTempView(TrainingSchema.CHECKPOINTS);
    }
    registerT975(spark);
    spark.sql(TrainingQueries.OUTCOME).createOrReplaceTempView("train_outcome");
    spark.sql(TrainingQueries.CELL).createOrReplaceTempView("train_cell");
    spark.sql(TrainingQueries.CHECKPOINT).createOrReplaceTempView("train_checkpoint");
  }

  /** The function {@code t975(df)}: Student's t quantile ({@link StudentT}). */
  static void registerT975(SparkSession spark) {
    spark.udf().register("t975", (UDF1<Long, Double>) df -> df == null ? null : StudentT.quantile975(df),
        DataTypes.DoubleType);
  }

  /**
   * Registers everything the report's queries read, so that the SQL shown on its pages and in its
   * notebooks runs as it is in {@code shattered sql}: the tables {@code tasks} and {@code layers};
   * the function {@code t975(df)} (Student's t quantile); the views
   * {@code baselines} and {@code series}; the aggregates of {@link AggregateQueries} as views
   * ({@code task_summary}, {@code acf_curve}, {@code layer_summary}, {@code pair_correlation});
   * and, when a report has written them to its default aggregates directory
   * ({@link ReportGenerator#defaultAggregates}), {@code ensemble_matrix}, {@code matrix_by_lag} and
   * {@code theory} (computed in Java by the report, {@link Aggregator}: the theory depends on the
   * inputs' stem variance, so it is no SQL function). A directory whose tasks all failed is
   * accepted (its baselines are empty); a missing or empty one is refused.
   */
  public static ResultViews registerForQueries(SparkSession spark, String results) {
    ResultStore store = ResultStore.open(spark, results);
    if (!store.hasData("tasks") && store.hasData(TrainingSchema.TASKS)) {
      registerTraining(spark, store);
      return new ResultViews(store, 0, 0, 0);
    }
    if (!store.hasData("tasks")) {
      throw SpecException.badValue("--results", results,
          "a results directory written by 'shattered sweep' (there is no tasks table there: missing or empty)");
    }
    store.requireIntact("--results");
    // exactly the committed files, whatever a crash left in the table directories
    inKeyOrder(org.shattered.sweep.ResultSchema.withMissingColumns(store.read("tasks"),
        org.shattered.sweep.ResultSchema.tasks()), "key").createOrReplaceTempView("tasks");
    if (store.hasData("layers")) {
      inKeyOrder(org.shattered.sweep.ResultSchema.withMissingColumns(store.read("layers"),
          org.shattered.sweep.ResultSchema.layers()), "key", "layer").createOrReplaceTempView("layers");
    } else {
      spark.createDataFrame(List.of(), org.shattered.sweep.ResultSchema.layers()).createOrReplaceTempView("layers");
    }
    if (store.hasData("paths")) {
      inKeyOrder(org.shattered.sweep.ResultSchema.withMissingColumns(store.read("paths"),
          org.shattered.sweep.ResultSchema.paths()), "key", "path_length").createOrReplaceTempView("paths");
    } else {
      spark.catalog().dropTempView("paths");
    }
    registerT975(spark);
    Row shape = spark.sql("SELECT max(points), max(max_lag), count(*) FROM tasks WHERE status = 'ok'").first();
    long seeds = shape.getLong(2) == 0 ? 0 : spark.sql("SELECT max(n) FROM (SELECT count(*) AS n FROM tasks WHERE "
        + "status = 'ok' GROUP BY " + KEYS + ")").first().getLong(0);
    ResultViews v = shape.getLong(2) == 0 ? new ResultViews(store, 0, 0, 0)
        : new ResultViews(store, shape.getInt(0), shape.getInt(1), (int) seeds);
    v.baselines(spark).createOrReplaceTempView("baselines");
    spark.sql(SERIES).createOrReplaceTempView("series");
    spark.sql(AggregateQueries.taskSummary()).createOrReplaceTempView("task_summary");
    spark.sql(AggregateQueries.acfCurve()).createOrReplaceTempView("acf_curve");
    spark.sql(AggregateQueries.layerSummary()).createOrReplaceTempView("layer_summary");
    spark.sql(AggregateQueries.pairCorrelation()).createOrReplaceTempView("pair_correlation");
    if (PhaseQueries.available(spark)) {
      spark.sql(PhaseQueries.summary()).createOrReplaceTempView("phase_summary");
    }
    for (String written : List.of("ensemble_matrix", "matrix_by_lag", "theory", "pair_correlation_interval")) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(
          ReportGenerator.defaultAggregates(results)), written);
      try {
        if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
          spark.read().parquet(p.toString()).createOrReplaceTempView(written);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return v;
  }

  /** A SQL condition selecting one group by its key values (in {@link #KEY_LIST} order). */
  public static String groupFilter(List<Object> keys) {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < KEY_LIST.size(); i++) {
      Object v = keys.get(i);
      String lit = v == null ? "NULL" : v instanceof Number ? v.toString() : "'" + v.toString().replace("'", "''") + "'";
      w.append(i == 0 ? "" : " AND ").append(KEY_LIST.get(i)).append(" <=> ").append(lit);
    }
    return w.toString();
  }

  /**
   * The series view: what the autocorrelation and ensemble aggregates read. Line inputs only: a
   * sphere task's gradient is P x d values of unordered points, which has no lags (its ensemble
   * statistics are the theory aggregates').
   */
  public static final String SERIES = "SELECT " + KEYS + ", seed, max_lag, acf_lag1, acf, gradient FROM tasks"
      + " WHERE status = 'ok' AND inputs = 'line'\nUNION ALL\nSELECT " + KEYS + ", seed, max_lag, acf_lag1, acf, gradient FROM baselines";

  private Dataset<Row> baselines(SparkSession spark) {
    StructType schema = new StructType().add("architecture", DataTypes.StringType)
        .add("normalization", DataTypes.StringType).add("width", DataTypes.IntegerType)
        .add("depth", DataTypes.IntegerType).add("beta_rule", DataTypes.StringType)
        .add("points", DataTypes.IntegerType).add("precision", DataTypes.StringType)
        .add("gradient_mode", DataTypes.StringType).add("seed", DataTypes.LongType)
        .add("max_lag", DataTypes.IntegerType).add("acf_lag1", DataTypes.DoubleType)
        .add("acf", DataTypes.createArrayType(DataTypes.DoubleType, false))
        .add("gradient", DataTypes.createArrayType(DataTypes.DoubleType, false));
    List<Row> rows = new ArrayList<>();
    for (long s = 1; s <= seeds; s++) {
      for (String kind : List.of("brown-noise", "white-noise")) {
        double[] g = kind.equals("white-noise") ? Baselines.whiteNoise(points, s) : Baselines.brownNoise(points, s);
        Autocorrelation a = Autocorrelation.of(g, maxLag);
        rows.add(RowFactory.create(kind, "none", 0, 0, null, points, "-", "-", s, maxLag, a.lag1(), a.acf(), g));
      }
    }
    return spark.createDataFrame(rows, schema);
  }
}
