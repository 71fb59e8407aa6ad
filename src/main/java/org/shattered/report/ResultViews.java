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
   * Registers the views, or refuses a missing or empty directory with a {@link SpecException}
   * naming {@code --results} (nothing is written).
   */
  public static ResultViews register(SparkSession spark, String results) {
    ResultStore store = ResultStore.open(spark, results);
    if (!store.hasData("tasks")) {
      throw SpecException.badValue("--results", results,
          "a results directory written by 'shattered sweep' (there is no tasks table there: missing or empty)");
    }
    store.requireIntact("--results");
    // exactly the committed files, whatever a crash left in the table directories
    org.shattered.sweep.ResultSchema.withMissingColumns(store.read("tasks"),
        org.shattered.sweep.ResultSchema.tasks()).createOrReplaceTempView("tasks");
    if (store.hasData("layers")) {
      org.shattered.sweep.ResultSchema.withMissingColumns(store.read("layers"),
          org.shattered.sweep.ResultSchema.layers()).createOrReplaceTempView("layers");
    } else {
      spark.createDataFrame(List.of(), org.shattered.sweep.ResultSchema.layers()).createOrReplaceTempView("layers");
    }
    if (store.hasData("paths")) {
      org.shattered.sweep.ResultSchema.withMissingColumns(store.read("paths"),
          org.shattered.sweep.ResultSchema.paths()).createOrReplaceTempView("paths");
    } else {
      spark.catalog().dropTempView("paths");
    }
    spark.udf().register("t975", (UDF1<Long, Double>) df -> df == null ? null : StudentT.quantile975(df),
        DataTypes.DoubleType);
    Row shape = spark.sql("SELECT max(points), max(max_lag), count(*) FROM tasks WHERE status = 'ok'").first();
    if (shape.getLong(2) == 0) {
      throw SpecException.badValue("--results", results, "a results directory with at least one successful task"
          + " (every task there failed)");
    }
    long seeds = spark.sql("SELECT max(n) FROM (SELECT count(*) AS n FROM tasks WHERE status = 'ok' GROUP BY "
        + KEYS + ")").first().getLong(0);
    ResultViews v = new ResultViews(store, shape.getInt(0), shape.getInt(1), (int) seeds);
    v.baselines(spark).createOrReplaceTempView("baselines");
    spark.sql(SERIES).createOrReplaceTempView("series");
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
