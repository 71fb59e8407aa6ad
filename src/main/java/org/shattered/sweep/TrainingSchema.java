package org.shattered.sweep;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.shattered.train.Checkpoint;
import org.shattered.train.LayerCheck;
import org.shattered.train.TrainResult;
import org.shattered.train.TrainTask;

/**
 * The tables of a training sweep (docs/training.md): {@code train_tasks}, one row per task (its
 * parameters, status, where it diverged, and its figures at initialization and at the end), and
 * {@code training}, one row per task and checkpoint (the figures of {@link Checkpoint}, per-layer
 * statistics as arrays indexed by layer - 1).
 */
public final class TrainingSchema {
  public static final String TASKS = "train_tasks";
  public static final String CHECKPOINTS = "training";
  /** Both tables, the per-task table first. */
  public static final List<String> TABLES = List.of(TASKS, CHECKPOINTS);

  private static final DataType DOUBLES = createArrayType(DoubleType, false);

  private TrainingSchema() {
  }

  private record Column<T>(String name, DataType type, Function<T, Object> value) {
  }

  private static <T> Column<T> col(String name, DataType type, Function<T, Object> value) {
    return new Column<>(name, type, value);
  }

  private static final List<Column<TrainTask>> PARAMS = List.of(
      col("key", StringType, TrainTask::key),
      col("architecture", StringType, t -> t.spec().family().configName()),
      col("normalization", StringType, t -> t.spec().normalization().configName()),
      col("precision", StringType, t -> t.spec().precision().configName()),
      col("depth", IntegerType, t -> t.spec().depth()),
      col("width", IntegerType, t -> t.spec().width()),
      col("beta", DoubleType, t -> Double.isNaN(t.spec().beta()) ? null : t.spec().beta()),
      col("beta_rule", StringType, TrainTask::betaRule),
      col("seed", LongType, t -> t.spec().seed()),
      col("learning_rate", DoubleType, t -> t.spec().learningRate()),
      col("momentum", DoubleType, t -> t.spec().momentum()),
      col("batch_size", IntegerType, t -> t.spec().batchSize()),
      col("steps", IntegerType, t -> t.spec().steps()),
      col("checkpoint_every", IntegerType, t -> t.spec().checkpointEvery()));

  /** The figures of a checkpoint that {@code train_tasks} repeats at initialization and at the end. */
  private static final List<Column<Checkpoint>> SUMMARY = List.of(
      col("train_loss", DoubleType, Checkpoint::trainLoss),
      col("train_accuracy", DoubleType, Checkpoint::trainAccuracy),
      col("test_loss", DoubleType, Checkpoint::testLoss),
      col("test_accuracy", DoubleType, Checkpoint::testAccuracy),
      col("line_c1", DoubleType, Checkpoint::lineC1),
      col("pair_cosine", DoubleType, Checkpoint::pairCosine),
      col("input_gradient_norm", DoubleType, Checkpoint::inputGradientNorm));

  private static final List<Column<Checkpoint>> CHECKPOINT = List.of(
      col("step", IntegerType, Checkpoint::step),
      col("train_loss", DoubleType, Checkpoint::trainLoss),
      col("train_accuracy", DoubleType, Checkpoint::trainAccuracy),
      col("test_loss", DoubleType, Checkpoint::testLoss),
      col("test_accuracy", DoubleType, Checkpoint::testAccuracy),
      col("line_c1", DoubleType, Checkpoint::lineC1),
      col("line_acf", DOUBLES, Checkpoint::lineAcf),
      col("line_constant_gradient", BooleanType, Checkpoint::lineConstant),
      col("pair_cosine", DoubleType, Checkpoint::pairCosine),
      col("input_gradient_norm", DoubleType, Checkpoint::inputGradientNorm),
      col("active_fraction", DOUBLES, c -> layers(c, LayerCheck::activeFraction)),
      col("coactivation", DOUBLES, c -> layers(c, LayerCheck::coactivation)),
      col("layer_gradient_norm", DOUBLES, c -> layers(c, LayerCheck::gradientNorm)));

  private static double[] layers(Checkpoint c, java.util.function.ToDoubleFunction<LayerCheck> f) {
    return c.layers().stream().mapToDouble(f).toArray();
  }

  private static void fields(List<StructField> f, List<? extends Column<?>> columns, String prefix) {
    columns.forEach(c -> f.add(DataTypes.createStructField(prefix + c.name(), c.type(), true)));
  }

  /** Columns of {@code train_tasks}, in order. */
  public static StructType tasks() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("sweep", StringType, false));
    fields(f, PARAMS, "");
    f.add(DataTypes.createStructField("status", StringType, true));
    f.add(DataTypes.createStructField("error", StringType, true));
    f.add(DataTypes.createStructField("diverged_at_step", IntegerType, true));
    f.add(DataTypes.createStructField("final_step", IntegerType, true));
    f.add(DataTypes.createStructField("millis", DoubleType, true));
    fields(f, SUMMARY, "init_");
    fields(f, SUMMARY, "final_");
    ResultSchema.addProvenanceFields(f);
    return DataTypes.createStructType(f);
  }

  /** Columns of {@code training}, in order. */
  public static StructType checkpoints() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("sweep", StringType, false));
    fields(f, PARAMS, "");
    fields(f, CHECKPOINT, "");
    return DataTypes.createStructType(f);
  }

  /**
   * The {@code train_tasks} row of a task: {@code result} null when it failed with {@code error}.
   */
  static Row taskRow(String sweep, TrainTask task, TrainResult result, String error, double millis,
      Provenance p, String host, long finishedAtMillis) {
    List<Object> v = new ArrayList<>();
    v.add(sweep);
    PARAMS.forEach(c -> v.add(c.value().apply(task)));
    v.add(result != null ? TaskOutcome.OK : TaskOutcome.FAILED);
    v.add(error);
    v.add(result != null && result.diverged() ? result.divergedAtStep() : null);
    v.add(result != null ? result.last().step() : null);
    v.add(millis);
    for (boolean initial : new boolean[] {true, false}) {
      Checkpoint c = result == null ? null : initial ? result.initial() : result.last();
      SUMMARY.forEach(col -> v.add(c == null ? null : col.value().apply(c)));
    }
    ResultSchema.addProvenanceValues(v, p, finishedAtMillis, host);
    return RowFactory.create(v.toArray());
  }

  /** The {@code training} rows of a task, one per checkpoint (none when it failed). */
  static List<Row> checkpointRows(String sweep, TrainTask task, TrainResult result) {
    if (result == null) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>();
    for (Checkpoint c : result.checkpoints()) {
      List<Object> v = new ArrayList<>();
      v.add(sweep);
      PARAMS.forEach(col -> v.add(col.value().apply(task)));
      CHECKPOINT.forEach(col -> v.add(col.value().apply(c)));
      rows.add(RowFactory.create(v.toArray()));
    }
    return rows;
  }
}
