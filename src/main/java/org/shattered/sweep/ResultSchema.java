package org.shattered.sweep;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.shattered.measure.LayerStats;
import org.shattered.measure.Measurement;
import org.shattered.measure.PathLength;
import org.shattered.spec.PlannedTask;

/**
 * The one definition of the result tables: the {@code tasks} columns (one row per task), the
 * {@code layers} columns (one row per task and ReLU layer) and the {@code paths} columns (one row
 * per task and path length, written by sweeps with the path decomposition), with the code that turns a
 * {@link TaskOutcome} into their values. {@code task --json} prints the same names
 * ({@link #taskFields}), so the command line and Parquet never disagree.
 */
public final class ResultSchema {

  /** A column: its name, Spark type and how to read it from an outcome. */
  record Column<T>(String name, DataType type, Function<T, Object> value) implements java.io.Serializable {
  }

  /** Partition column of every table (low cardinality). */
  public static final String PARTITION = "architecture";

  /**
   * The tables every batch writes, each a directory of the results directory: the one list the
   * commit, the readers and the integrity check go through.
   */
  public static final List<String> TABLES = List.of("tasks", "layers", "paths", TrainingSchema.TASKS,
      TrainingSchema.CHECKPOINTS);

  /** The tables of {@link #TABLES} with one row per task (key, status): one per kind of task. */
  public static final List<String> TASK_TABLES = List.of("tasks", TrainingSchema.TASKS);

  private static final DataType DOUBLES = createArrayType(DoubleType, false);

  private static <T> Column<T> col(String name, DataType type, Function<T, Object> value) {
    return new Column<>(name, type, value);
  }

  /** Parameter columns shared by both tables. */
  private static List<Column<PlannedTask>> parameterColumns() {
    return List.of(
        col("key", StringType, t -> t.spec().key().value()),
        col("architecture", StringType, t -> t.spec().architecture().configName()),
        col("normalization", StringType, t -> t.spec().normalization().configName()),
        col("gradient_mode", StringType, t -> t.spec().gradientMode().configName()),
        col("precision", StringType, t -> t.spec().precision().configName()),
        col("depth", IntegerType, t -> t.spec().depth()),
        col("width", IntegerType, t -> t.spec().width()),
        col("beta", DoubleType, t -> t.spec().betaOrNull()),
        col("beta_rule", StringType, PlannedTask::betaRule),
        col("bias_std", DoubleType, t -> t.spec().biasStd()),
        col("bias_variance", DoubleType, t -> t.spec().biasVariance()),
        col("activation", StringType, t -> t.spec().activation().configName()),
        col("weight_variance", DoubleType, t -> t.spec().weightVariance()),
        col("points", IntegerType, t -> t.spec().points()),
        col("input_min", DoubleType, t -> t.spec().inputMin()),
        col("input_max", DoubleType, t -> t.spec().inputMax()),
        col("max_lag", IntegerType, t -> t.spec().maxLag()),
        col("seed", LongType, t -> t.spec().seed()),
        col("inputs", StringType, t -> t.spec().inputKind().configName()),
        col("input_dim", IntegerType, t -> t.spec().inputDim()),
        col("input_seed", LongType, t -> t.spec().inputSeed()));
  }

  /** v, or null (SQL NULL) where it is NaN: a prediction that does not apply to the task. */
  private static Double finiteOrNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static Object m(TaskOutcome o, Function<Measurement, Object> f) {
    return o.measurement() == null ? null : f.apply(o.measurement());
  }

  /** Engine columns of the tasks table: status and every per-task metric. */
  private static List<Column<TaskOutcome>> metricColumns() {
    return List.of(
        col("status", StringType, TaskOutcome::status),
        col("error", StringType, TaskOutcome::error),
        col("acf_lag1", DoubleType, o -> m(o, x -> x.acf() == null ? null : x.acfLag1())),
        col("acf", DOUBLES, o -> m(o, Measurement::acf)),
        col("constant_gradient", BooleanType, o -> m(o, Measurement::constantGradient)),
        col("gradient_mean", DoubleType, o -> m(o, Measurement::gradientMean)),
        col("gradient_std", DoubleType, o -> m(o, Measurement::gradientStd)),
        col("predicted_corr_lag1", DoubleType, o -> m(o, x -> x.predictedCorrelation()[0])),
        col("predicted_corr", DOUBLES, o -> m(o, Measurement::predictedCorrelation)),
        col("pair_cosine", DoubleType, o -> m(o, Measurement::pairCosine)),
        col("predicted_pair_corr", DoubleType, o -> m(o, Measurement::predictedPairCorrelation)),
        col("mean_field_pair_corr", DoubleType, o -> m(o, x -> finiteOrNull(x.meanFieldPairCorrelation()))),
        col("precision_loss_bits", DoubleType, o -> m(o, Measurement::precisionLossBits)),
        col("precision_flag", BooleanType, o -> m(o, Measurement::precisionFlag)),
        col("active_fraction_last", DoubleType, o -> m(o, x -> x.lastLayer().activeFraction())),
        col("constant_units_last", DoubleType, o -> m(o, x -> x.lastLayer().constantUnits())),
        col("coactivation_last", DoubleType, o -> m(o, x -> x.lastLayer().coactivation())),
        col("coactivation_lag1_last", DoubleType, o -> m(o, x -> x.lastLayer().coactivationLag1())),
        col("coactivation_pair_sd_last", DoubleType, o -> m(o, x -> x.lastLayer().coactivationPairSd())),
        col("coactivation_pair_sd_null_last", DoubleType, o -> m(o, x -> x.lastLayer().coactivationPairSdNull())),
        col("mean_path_length", DoubleType, o -> m(o, Measurement::meanPathLength)),
        col("path_energy_ratio", DoubleType, o -> m(o, x -> x.paths() == null ? null : x.paths().energyRatio())),
        col("millis", DoubleType, TaskOutcome::millis));
  }

  /** Per-layer columns of the layers table. */
  private static List<Column<LayerStats>> layerColumns() {
    return List.of(
        col("layer", IntegerType, LayerStats::layer),
        col("units", IntegerType, LayerStats::units),
        col("active_fraction", DoubleType, LayerStats::activeFraction),
        col("constant_units", DoubleType, LayerStats::constantUnits),
        col("coactivation", DoubleType, LayerStats::coactivation),
        col("coactivation_lag1", DoubleType, LayerStats::coactivationLag1),
        col("coactivation_lags", DOUBLES, LayerStats::coactivationByLag),
        col("kappa", DoubleType, LayerStats::kappa),
        col("coactivation_pair_sd", DoubleType, LayerStats::coactivationPairSd),
        col("coactivation_pair_sd_null", DoubleType, LayerStats::coactivationPairSdNull));
  }

  /** Per-path-length columns of the paths table. */
  private static List<Column<PathLength>> pathColumns() {
    return List.of(
        col("path_length", IntegerType, PathLength::pathLength),
        col("paths", DoubleType, PathLength::paths),
        col("rms", DoubleType, PathLength::rms),
        col("energy_share", DoubleType, PathLength::energyShare),
        col("cumulative_energy_share", DoubleType, PathLength::cumulativeEnergyShare),
        col("acf_lag1", DoubleType, PathLength::acfLag1),
        col("acf", DOUBLES, PathLength::acf),
        col("constant_gradient", BooleanType, PathLength::constantGradient),
        col("pair_cosine", DoubleType, PathLength::pairCosine));
  }

  /** Provenance columns, last in the tasks table. */
  private static final List<String> PROVENANCE = List.of("run_id", "finished_at", "project_version", "git_commit",
      "config_hash", "spark_version", "nd4j_version", "jvm", "host");

  private static final List<Column<PlannedTask>> PARAMS = parameterColumns();
  private static final List<Column<TaskOutcome>> METRICS = metricColumns();
  private static final List<Column<LayerStats>> LAYER = layerColumns();
  private static final List<Column<PathLength>> PATH = pathColumns();

  private ResultSchema() {
  }

  /** Columns of the tasks table, in order. */
  public static StructType tasks() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("sweep", StringType, false));
    PARAMS.forEach(c -> f.add(DataTypes.createStructField(c.name(), c.type(), true)));
    METRICS.forEach(c -> f.add(DataTypes.createStructField(c.name(), c.type(), true)));
    f.add(DataTypes.createStructField("gradient", DOUBLES, true));
    addProvenanceFields(f);
    return DataTypes.createStructType(f);
  }

  /** Appends the provenance columns (run, finish time, versions, host), last in every per-task table. */
  static void addProvenanceFields(List<StructField> f) {
    for (String p : PROVENANCE) {
      f.add(DataTypes.createStructField(p, p.equals("finished_at") ? TimestampType : StringType, true));
    }
  }

  /** Appends the values of {@link #addProvenanceFields}'s columns. */
  static void addProvenanceValues(List<Object> v, Provenance p, long finishedAtMillis, String host) {
    v.add(p.runId());
    v.add(new Timestamp(finishedAtMillis));
    v.add(p.projectVersion());
    v.add(p.gitCommit());
    v.add(p.configHash());
    v.add(p.sparkVersion());
    v.add(p.nd4jVersion());
    v.add(Provenance.jvm());
    v.add(host);
  }

  /** Columns of the layers table, in order. */
  public static StructType layers() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("sweep", StringType, false));
    PARAMS.forEach(c -> f.add(DataTypes.createStructField(c.name(), c.type(), true)));
    LAYER.forEach(c -> f.add(DataTypes.createStructField(c.name(), c.type(), true)));
    return DataTypes.createStructType(f);
  }

  /** Columns of the paths table, in order: sweep, the parameter columns, then one path length's metrics. */
  public static StructType paths() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("sweep", StringType, false));
    PARAMS.forEach(c -> f.add(DataTypes.createStructField(c.name(), c.type(), true)));
    PATH.forEach(c -> f.add(DataTypes.createStructField(c.name(), c.type(), true)));
    return DataTypes.createStructType(f);
  }

  /**
   * The path-length fields of a task as {@code task --json} prints them (the paths columns after
   * the parameters), one map per path length; empty without a path decomposition.
   */
  public static List<Map<String, Object>> pathFields(TaskOutcome o) {
    if (!o.ok() || o.measurement().paths() == null) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (PathLength k : o.measurement().paths().lengths()) {
      Map<String, Object> one = new LinkedHashMap<>();
      PATH.forEach(c -> one.put(c.name(), c.value().apply(k)));
      out.add(one);
    }
    return out;
  }

  /** The rows of the paths table for one task (none when it failed or has no path decomposition). */
  public static List<Row> pathRows(String sweep, TaskOutcome o) {
    if (!o.ok() || o.measurement().paths() == null) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>();
    for (PathLength k : o.measurement().paths().lengths()) {
      List<Object> v = new ArrayList<>();
      v.add(sweep);
      PARAMS.forEach(c -> v.add(c.value().apply(o.task())));
      PATH.forEach(c -> v.add(c.value().apply(k)));
      rows.add(RowFactory.create(v.toArray()));
    }
    return rows;
  }

  /**
   * The fields of a task as {@code task --json} prints them: the tasks columns without sweep,
   * gradient and provenance; {@code gradient} is added when asked for.
   */
  public static Map<String, Object> taskFields(TaskOutcome o, boolean withGradient) {
    Map<String, Object> out = new LinkedHashMap<>();
    PARAMS.forEach(c -> out.put(c.name(), c.value().apply(o.task())));
    METRICS.forEach(c -> out.put(c.name(), c.value().apply(o)));
    if (withGradient && o.ok()) {
      out.put("gradient", o.measurement().gradient());
    }
    return out;
  }

  /**
   * Defaults of the columns a results directory written before they existed lacks: every task then
   * had line inputs (1-D, no input seed). Every other missing column (the pair cosine, its
   * prediction, the precision loss, kappa; from engine 6 the spread of co-activation over pairs and
   * its null, the path energy ratio) was not measured and reads as NULL.
   */
  /** The value an older engine's row has in column {@code name} it lacks (null: NULL). */
  public static Object defaultOfOldRows(String name) {
    return DEFAULTS_OF_OLD_ROWS.get(name);
  }

  private static final Map<String, Object> DEFAULTS_OF_OLD_ROWS = Map.of("inputs", "line", "input_dim", 1,
      "input_seed", 0L);

  /** The schema of table {@code table}, one of {@link #TABLES}. */
  public static StructType schemaOf(String table) {
    return switch (table) {
      case "tasks" -> tasks();
      case "layers" -> layers();
      case "paths" -> paths();
      case TrainingSchema.TASKS -> TrainingSchema.tasks();
      case TrainingSchema.CHECKPOINTS -> TrainingSchema.checkpoints();
      default -> throw new IllegalArgumentException("no table " + table + "; tables: " + TABLES);
    };
  }

  /**
   * {@code table} read from Parquet, with every column of {@code schema} it lacks added: the
   * defaults of {@link #DEFAULTS_OF_OLD_ROWS}, else a typed NULL. So results written by an older
   * engine stay readable with today's column names (their resnet {@code predicted_corr} is the
   * feedforward form that engine used; their {@code _sweep.properties} says which engine wrote them).
   */
  public static org.apache.spark.sql.Dataset<Row> withMissingColumns(org.apache.spark.sql.Dataset<Row> table,
      StructType schema) {
    java.util.Set<String> present = new java.util.HashSet<>(java.util.Arrays.asList(table.columns()));
    org.apache.spark.sql.Dataset<Row> out = table;
    for (StructField f : schema.fields()) {
      if (!present.contains(f.name())) {
        Object v = DEFAULTS_OF_OLD_ROWS.get(f.name());
        out = out.withColumn(f.name(), org.apache.spark.sql.functions.lit(v).cast(f.dataType()));
      }
    }
    return out;
  }

  /** One row of the tasks table. */
  public static Row taskRow(String sweep, TaskOutcome o, boolean withGradient, Provenance p, long finishedAtMillis) {
    List<Object> v = new ArrayList<>();
    v.add(sweep);
    PARAMS.forEach(c -> v.add(c.value().apply(o.task())));
    METRICS.forEach(c -> v.add(c.value().apply(o)));
    v.add(withGradient && o.ok() ? o.measurement().gradient() : null);
    addProvenanceValues(v, p, finishedAtMillis, o.host());
    return RowFactory.create(v.toArray());
  }

  /** The rows of the layers table for one task (none when it failed). */
  public static List<Row> layerRows(String sweep, TaskOutcome o) {
    if (!o.ok()) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>();
    for (LayerStats layer : o.measurement().layers()) {
      List<Object> v = new ArrayList<>();
      v.add(sweep);
      PARAMS.forEach(c -> v.add(c.value().apply(o.task())));
      LAYER.forEach(c -> v.add(c.value().apply(layer)));
      rows.add(RowFactory.create(v.toArray()));
    }
    return rows;
  }
}
