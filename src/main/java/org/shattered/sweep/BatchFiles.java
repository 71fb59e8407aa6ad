package org.shattered.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Writes the Parquet files of one batch from inside the Spark task that computes it, so a batch is
 * one Spark job (compute and write) instead of a compute job followed by one write job per table.
 * The files are written as Spark's own writer writes them (Spark's {@link ParquetWriteSupport},
 * configured by {@link ParquetFileFormat#prepareWrite} with the session's codec and settings, the
 * {@code architecture} partition as a directory), laid out as
 * {@code STAGING/TABLE/architecture=A/part-PPPPP.EXT}; {@link ResultStore#publish} moves them into
 * the tables. On the local file system they are created with java.nio rather than through Hadoop's
 * local file system, which without its native library forks a {@code chmod} process for every file
 * and directory it creates (several milliseconds each, a dozen files per batch).
 *
 * <p>A task writes its files under hidden temporary names and then renames each to its final name,
 * which depends only on the partition. A retried or speculative attempt of the same partition writes
 * the same tasks to the same final names, so a task's rows are never present twice in a batch.
 */
final class BatchFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, TableFormat> tables;
  private final LinkedHashMap<String, String> metadata;

  private BatchFiles(Map<String, TableFormat> tables, Map<String, String> metadata) {
    this.tables = new LinkedHashMap<>(tables);
    this.metadata = new LinkedHashMap<>(metadata);
  }

  /**
   * Driver side: prepares Spark's Parquet write settings for the measurement tables
   * ({@link MeasurementKind}).
   */
  static BatchFiles prepare(SparkSession spark, Map<String, String> metadata) {
    return prepare(spark, new MeasurementKind(null, false, false).tables(), metadata);
  }

  /**
   * Driver side: prepares Spark's Parquet write settings for {@code tables} (a table's file is only
   * created when a row goes into it, so e.g. sweeps without the path decomposition write no paths
   * files).
   *
   * @param tables name -> schema of every table the batch may write (with the partition column)
   * @param metadata key-value metadata added to every file's footer (beside Spark's own schema), so
   *     that a file read alone says which sweep, settings and run it holds
   */
  static BatchFiles prepare(SparkSession spark, Map<String, StructType> tables, Map<String, String> metadata) {
    Map<String, TableFormat> formats = new LinkedHashMap<>();
    tables.forEach((name, schema) -> formats.put(name, TableFormat.of(spark, name, schema)));
    return new BatchFiles(formats, metadata);
  }

  /** Executor side: the files of partition {@code partition} of the batch staged at {@code staging}. */
  Writer open(String staging, int partition, long attempt) {
    return new Writer(staging, partition, attempt);
  }

  /**
   * One table: its data schema (without the partition column), where the partition column is, and
   * the Hadoop configuration Spark's Parquet format prepared for it (it holds the schema, so each
   * table has its own).
   */
  private record TableFormat(String name, StructType dataSchema, int partitionColumn, String extension,
      SerializableConfiguration conf) implements Serializable {

    static TableFormat of(SparkSession spark, String name, StructType schema) {
      int p = schema.fieldIndex(ResultSchema.PARTITION);
      List<StructField> data = new ArrayList<>(List.of(schema.fields()));
      data.remove(p);
      StructType dataSchema = new StructType(data.toArray(new StructField[0]));
      try {
        Job job = Job.getInstance(new Configuration(spark.sparkContext().hadoopConfiguration()));
        new ParquetFileFormat().prepareWrite(spark, job, scala.collection.immutable.Map$.MODULE$.<String, String>empty(),
            dataSchema);
        Configuration conf = job.getConfiguration();
        String extension = codec(conf).getExtension() + ".parquet";
        return new TableFormat(name, dataSchema, p, extension, new SerializableConfiguration(conf));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static CompressionCodecName codec(Configuration conf) {
      return CompressionCodecName.valueOf(
          conf.get(ParquetOutputFormat.COMPRESSION, "uncompressed").toUpperCase(Locale.ROOT));
    }

    ParquetWriter<InternalRow> newWriter(Path file, Map<String, String> metadata) throws IOException {
      Configuration c = conf.value();
      OutputFile out;
      if ("file".equals(file.toUri().getScheme())) {
        java.nio.file.Path local = Paths.get(file.toUri());
        Files.createDirectories(local.getParent());
        out = new LocalOutputFile(local);
      } else {
        out = HadoopOutputFile.fromPath(file, c);
      }
      SparkRows builder = new SparkRows(out).withConf(c).withCompressionCodec(codec(c))
          .withRowGroupSize(ParquetOutputFormat.getLongBlockSize(c))
          .withPageSize(ParquetOutputFormat.getPageSize(c))
          .withDictionaryPageSize(ParquetOutputFormat.getDictionaryPageSize(c))
          .withDictionaryEncoding(ParquetOutputFormat.getEnableDictionary(c))
          .withWriterVersion(ParquetOutputFormat.getWriterVersion(c))
          .withExtraMetaData(metadata);
      for (String column : measuredDoubles(dataSchema)) {
        builder.withDictionaryEncoding(column, false);
      }
      return builder.build();
    }

    /**
     * Parquet paths of the double columns (plain, and the elements of double arrays): measured values,
     * nearly all distinct, so a dictionary never pays; building it was about a tenth of a task's time.
     */
    static List<String> measuredDoubles(StructType schema) {
      List<String> out = new ArrayList<>();
      for (StructField f : schema.fields()) {
        if (f.dataType() instanceof DoubleType) {
          out.add(f.name());
        } else if (f.dataType() instanceof ArrayType a && a.elementType() instanceof DoubleType) {
          out.add(f.name() + ".list.element");
        }
      }
      return out;
    }
  }

  /** Parquet's writer over Spark's write support (InternalRow in, Spark's schema and metadata out). */
  private static final class SparkRows extends ParquetWriter.Builder<InternalRow, SparkRows> {
    SparkRows(OutputFile file) {
      super(file);
    }

    @Override
    protected SparkRows self() {
      return this;
    }

    /** Abstract in Parquet 1.17 though deprecated (its replacement takes a ParquetConfiguration and calls this). */
    @Override
    @SuppressWarnings("deprecation")
    protected WriteSupport<InternalRow> getWriteSupport(Configuration conf) {
      return new ParquetWriteSupport();
    }
  }

  /** The open files of one task attempt: one per table and architecture, created on first use. */
  final class Writer implements AutoCloseable {
    private final Path staging;
    private final int partition;
    private final long attempt;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<String, scala.Function1<Object, Object>> converters = new LinkedHashMap<>();

    private record Open(ParquetWriter<InternalRow> writer, Path tmp, Path target) {
    }

    Writer(String staging, int partition, long attempt) {
      this.staging = new Path(staging);
      this.partition = partition;
      this.attempt = attempt;
      tables.forEach((name, t) -> converters.put(name, CatalystTypeConverters.createToCatalystConverter(t.dataSchema())));
    }

    /** Writes {@code row} (a row of table {@code name}'s schema) into its table's file. */
    void add(String name, Row row) throws IOException {
      TableFormat table = tables.get(name);
      if (table == null) {
        throw new IllegalArgumentException("no table " + name + " in this batch; tables: " + tables.keySet());
      }
      String partitionValue = row.getString(table.partitionColumn());
      Object[] values = new Object[row.size() - 1];
      for (int i = 0, j = 0; i < row.size(); i++) {
        if (i != table.partitionColumn()) {
          values[j++] = row.get(i);
        }
      }
      InternalRow internal = (InternalRow) converters.get(name).apply(RowFactory.create(values));
      openFor(table, partitionValue).writer().write(internal);
    }

    private Open openFor(TableFormat table, String partitionValue) throws IOException {
      String key = table.name() + "/" + partitionValue;
      Open o = open.get(key);
      if (o == null) {
        Path dir = new Path(new Path(staging, table.name()),
            ResultSchema.PARTITION + "=" + ExternalCatalogUtils.escapePathName(partitionValue));
        String name = String.format("part-%05d%s", partition, table.extension());
        // a hidden name: readers and ResultStore skip it until it is renamed
        Path tmp = new Path(dir, "." + name + ".attempt-" + attempt);
        o = new Open(table.newWriter(tmp, metadata), tmp, new Path(dir, name));
        open.put(key, o);
      }
      return o;
    }

    private Configuration anyConf() {
      return tables.values().iterator().next().conf().value();
    }

    /**
     * Closes every file and gives it its final name, unless an earlier attempt of the partition
     * already did (its file holds the same tasks): then this attempt's copy is dropped. A final name,
     * once there, is never absent again, so the driver never misses a partition's file.
     */
    void commit() throws IOException {
      for (Open o : open.values()) {
        o.writer().close();
      }
      FileSystem fs = staging.getFileSystem(anyConf());
      for (Open o : open.values()) {
        if (fs.exists(o.target()) || !fs.rename(o.tmp(), o.target())) {
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
          o.tmp().getFileSystem(anyConf()).delete(o.tmp(), false);
        } catch (IOException | RuntimeException e) {
          // a hidden name: never read, deleted with the staging directory
        }
      }
      open.clear();
    }
  }
}
