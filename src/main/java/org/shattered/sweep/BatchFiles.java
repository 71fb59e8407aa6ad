package org.shattered.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Writes the Parquet files of one batch from inside the Spark task that computes it, so a batch is
 * one Spark job (compute and write) instead of a compute job followed by one write job per table.
 * The files are the ones Spark's own writer makes ({@link ParquetFileFormat}'s output writer, the
 * session's codec and settings, the {@code architecture} partition as a directory), laid out as
 * {@code STAGING/TABLE/architecture=A/part-PPPPP.EXT}; {@link ResultStore#publish} moves them into
 * the tables.
 *
 * <p>A task writes its files under temporary names and then renames each to its final name, which
 * depends only on the partition. If the final name already exists, an earlier attempt of the same
 * partition finished it (same tasks, same rows), and the attempt's copy is dropped: a retried or
 * speculative attempt never adds a task's rows twice.
 */
final class BatchFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TableFormat tasks;
  private final TableFormat layers;

  private BatchFiles(TableFormat tasks, TableFormat layers) {
    this.tasks = tasks;
    this.layers = layers;
  }

  /** Driver side: prepares Spark's Parquet writer for both tables with the session's settings. */
  static BatchFiles prepare(SparkSession spark) {
    return new BatchFiles(TableFormat.of(spark, "tasks", ResultSchema.tasks()),
        TableFormat.of(spark, "layers", ResultSchema.layers()));
  }

  /** Executor side: the files of partition {@code partition} of the batch staged at {@code staging}. */
  Writer open(String staging, int partition, long attempt) {
    return new Writer(staging, partition, attempt);
  }

  /**
   * One table's data schema (without the partition column), Spark's writer factory for it and the
   * Hadoop configuration the factory prepared (it holds the schema, so each table has its own).
   */
  private record TableFormat(String name, StructType dataSchema, int partitionColumn, OutputWriterFactory factory,
      SerializableConfiguration conf) implements Serializable {

    static TableFormat of(SparkSession spark, String name, StructType schema) {
      int p = schema.fieldIndex(ResultSchema.PARTITION);
      List<StructField> data = new ArrayList<>(List.of(schema.fields()));
      data.remove(p);
      StructType dataSchema = new StructType(data.toArray(new StructField[0]));
      try {
        Job job = Job.getInstance(new Configuration(spark.sparkContext().hadoopConfiguration()));
        OutputWriterFactory factory = new ParquetFileFormat().prepareWrite(spark, job,
            scala.collection.immutable.Map$.MODULE$.<String, String>empty(), dataSchema);
        return new TableFormat(name, dataSchema, p, factory, new SerializableConfiguration(job.getConfiguration()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    TaskAttemptContext context(int partition, long attempt) {
      return new TaskAttemptContextImpl(conf.value(),
          new TaskAttemptID("shattered", 0, TaskType.MAP, partition, (int) attempt));
    }
  }

  /** The open files of one task attempt: one per table and architecture, created on first use. */
  final class Writer implements AutoCloseable {
    private final Path staging;
    private final int partition;
    private final long attempt;
    private final TaskAttemptContext tasksContext;
    private final TaskAttemptContext layersContext;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final scala.Function1<Object, Object> toTasks;
    private final scala.Function1<Object, Object> toLayers;

    private record Open(OutputWriter writer, Path tmp, Path target) {
    }

    Writer(String staging, int partition, long attempt) {
      this.staging = new Path(staging);
      this.partition = partition;
      this.attempt = attempt;
      this.tasksContext = tasks.context(partition, attempt);
      this.layersContext = layers.context(partition, attempt);
      this.toTasks = CatalystTypeConverters.createToCatalystConverter(tasks.dataSchema());
      this.toLayers = CatalystTypeConverters.createToCatalystConverter(layers.dataSchema());
    }

    void task(Row row) {
      write(tasks, tasksContext, toTasks, row);
    }

    void layer(Row row) {
      write(layers, layersContext, toLayers, row);
    }

    private void write(TableFormat table, TaskAttemptContext context, scala.Function1<Object, Object> convert,
        Row row) {
      String partitionValue = row.getString(table.partitionColumn());
      Object[] values = new Object[row.size() - 1];
      for (int i = 0, j = 0; i < row.size(); i++) {
        if (i != table.partitionColumn()) {
          values[j++] = row.get(i);
        }
      }
      InternalRow internal = (InternalRow) convert.apply(RowFactory.create(values));
      openFor(table, context, partitionValue).writer().write(internal);
    }

    private Open openFor(TableFormat table, TaskAttemptContext context, String partitionValue) {
      return open.computeIfAbsent(table.name() + "/" + partitionValue, k -> {
        Path dir = new Path(new Path(staging, table.name()),
            ResultSchema.PARTITION + "=" + ExternalCatalogUtils.escapePathName(partitionValue));
        String name = String.format("part-%05d%s", partition, table.factory().getFileExtension(context));
        Path target = new Path(dir, name);
        // a hidden name: readers and ResultStore skip it until it is renamed
        Path tmp = new Path(dir, "." + name + ".attempt-" + attempt);
        return new Open(table.factory().newInstance(tmp.toString(), table.dataSchema(), context), tmp, target);
      });
    }

    /**
     * Closes every file and gives it its final name (or drops it if an earlier attempt of the
     * partition already did). Call once, after the partition's last row.
     */
    void commit() throws IOException {
      for (Open o : open.values()) {
        o.writer().close();
      }
      FileSystem fs = staging.getFileSystem(tasksContext.getConfiguration());
      for (Open o : open.values()) {
        if (!fs.rename(o.tmp(), o.target())) {
          if (!fs.exists(o.target())) {
            throw new IOException("could not move " + o.tmp() + " to " + o.target());
          }
          fs.delete(o.tmp(), false);
        }
      }
      open.clear();
    }

    /** After {@link #commit()} nothing; otherwise (the task failed) closes and deletes the unfinished files. */
    @Override
    public void close() {
      for (Open o : open.values()) {
        try {
          o.writer().close();
          o.tmp().getFileSystem(tasksContext.getConfiguration()).delete(o.tmp(), false);
        } catch (IOException | RuntimeException e) {
          // a hidden name: never read, deleted with the staging directory
        }
      }
      open.clear();
    }
  }
}
