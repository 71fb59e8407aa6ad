package org.shattered.sweep;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.SweepSpec;

/**
 * The driver of a sweep: plans the grid, skips tasks already in the results directory, and runs
 * the rest in batches. Each batch is spread over partitions balanced by cost, computed on the
 * executors (the driver never sees a gradient), and committed to Parquet before the next starts.
 */
public final class SweepRunner {

  /**
   * How to run.
   *
   * @param retryFailed also rerun tasks whose row says failed
   * @param engine the task engine (the real one, or a test's)
   * @param progress where the progress line goes (null: nowhere)
   * @param stopAfterBatches test hook: stop after this many batches (0: run all)
   * @param leaveLastBatchUncommitted test hook: the last batch before stopping is left without its
   *     commit marker, as a driver killed mid-commit leaves it
   */
  public record Options(boolean retryFailed, TaskEngine engine, PrintStream progress, int stopAfterBatches,
      boolean leaveLastBatchUncommitted) {

    public static Options defaults(TaskEngine engine, PrintStream progress) {
      return new Options(false, engine, progress, 0, false);
    }

    public Options withRetryFailed(boolean retry) {
      return new Options(retry, engine, progress, stopAfterBatches, leaveLastBatchUncommitted);
    }

    public Options stoppingAfter(int batches, boolean uncommitted) {
      return new Options(retryFailed, engine, progress, batches, uncommitted);
    }
  }

  private static final Logger LOG = LogManager.getLogger(SweepRunner.class);

  private final SparkSession spark;

  public SweepRunner(SparkSession spark) {
    this.spark = spark;
  }

  /** Runs {@code sweep} into {@code sweep.output()}. */
  public SweepSummary run(SweepSpec sweep, Options options) {
    ResultStore store = ResultStore.open(spark, sweep.output());
    store.claim(sweep.name(), sweep.measurementSettings());
    AutoCloseable lock = store.lock();
    try {
      return runLocked(store, sweep, options);
    } finally {
      try {
        lock.close();
      } catch (Exception e) {
        LOG.warn("could not release the lock of {}: {}", store.dir(), e.toString());
      }
    }
  }

  private SweepSummary runLocked(ResultStore store, SweepSpec sweep, Options options) {
    long start = System.nanoTime();
    String runId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'"));
    List<PlannedTask> planned = sweep.grid().tasks();

    store.recover();
    int batchNumber = 0;
    if (options.retryFailed()) {
      store.dropFailed(batchId(runId, batchNumber++));
    }
    Map<String, String> present = store.statuses();
    List<PlannedTask> pending = new ArrayList<>();
    for (PlannedTask t : planned) {
      if (!present.containsKey(t.spec().key().value())) {
        pending.add(t);
      }
    }
    long skipped = planned.size() - pending.size();
    LOG.info("planned {} tasks, {} already present, in {} ms", planned.size(), skipped,
        (System.nanoTime() - start) / 1_000_000);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = jsc.defaultParallelism();
    Provenance provenance = Provenance.current(sweep.configHash(), spark.version(), runId);
    LongAccumulator done = jsc.sc().longAccumulator("tasks done");
    LongAccumulator failedAcc = jsc.sc().longAccumulator("tasks failed");
    RunPartition work = new RunPartition(sweep.name(), sweep.storeGradients(), provenance, options.engine(), done,
        failedAcc);

    long computed = 0;
    long failed = 0;
    double taskMillis = 0;
    int size = sweep.batchSize();
    int batches = (pending.size() + size - 1) / size;
    int toRun = options.stopAfterBatches() > 0 ? Math.min(batches, options.stopAfterBatches()) : batches;
    // Batch n is committed on this thread while batch n + 1 is computed; at most one commit is in flight
    // and commits happen in order, so a killed driver still loses at most the batches not yet committed.
    ExecutorService committer = Executors.newSingleThreadExecutor(r -> new Thread(r, "shattered-commit"));
    Future<?> inFlight = CompletableFuture.completedFuture(null);
    try (Progress progress = options.progress() == null ? null
        : new Progress(options.progress(), pending.size(), done::value, failedAcc::value)) {
      for (int b = 0; b < toRun; b++) {
        List<PlannedTask> batch = pending.subList(b * size, Math.min(pending.size(), (b + 1) * size));
        List<List<PlannedTask>> groups = CostBalancer.partition(batch, cores * sweep.partitionsPerCore());
        JavaRDD<TaskRows> rows = jsc.parallelize(groups, groups.size()).flatMap(work)
            .persist(StorageLevel.MEMORY_AND_DISK());
        // computes the batch in parallel, once (the writes read the cache), and counts it
        long computeStart = System.nanoTime();
        BatchStats stats = BatchStats.of(rows);
        LOG.info("batch {}: {} tasks computed in {} ms ({} ms inside tasks)", b, batch.size(),
            (System.nanoTime() - computeStart) / 1_000_000, Math.round(stats.taskMillis()));
        computed += stats.ok() + stats.failed();
        failed += stats.failed();
        taskMillis += stats.taskMillis();
        // one file per table and architecture per batch
        Dataset<Row> tasks = spark.createDataFrame(rows.map(TaskRows::task), ResultSchema.tasks()).coalesce(1);
        Dataset<Row> layers = spark.createDataFrame(rows.flatMap(r -> java.util.Arrays.asList(r.layers()).iterator()),
            ResultSchema.layers()).coalesce(1);
        boolean hold = options.leaveLastBatchUncommitted() && b == toRun - 1;
        String id = batchId(runId, batchNumber++);
        await(inFlight);
        int number = b;
        inFlight = committer.submit(() -> {
          long commitStart = System.nanoTime();
          store.commit(id, tasks, layers, List.of(), hold);
          rows.unpersist();
          LOG.info("batch {}: committed in {} ms", number, (System.nanoTime() - commitStart) / 1_000_000);
        });
      }
      await(inFlight);
    } finally {
      committer.shutdown();
    }
    boolean complete = toRun == batches && !(options.leaveLastBatchUncommitted() && toRun > 0);
    return new SweepSummary(planned.size(), skipped, computed, failed, (System.nanoTime() - start) / 1e9,
        taskMillis / 1e3, cores, complete);
  }

  private static void await(Future<?> commit) {
    try {
      commit.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while committing a batch", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("committing a batch failed", e.getCause());
    }
  }

  static String batchId(String runId, int n) {
    return String.format("b%s-%05d", runId, n);
  }

  /** One task's rows, as the executor built them: plain Spark rows, cached between the batch's jobs. */
  record TaskRows(Row task, Row[] layers, boolean ok, double millis) implements java.io.Serializable {
  }

  /** Executor side: measures the tasks of one partition and emits their rows. */
  private static final class RunPartition implements FlatMapFunction<List<PlannedTask>, TaskRows> {
    private final String sweep;
    private final boolean storeGradients;
    private final Provenance provenance;
    private final TaskEngine engine;
    private final LongAccumulator done;
    private final LongAccumulator failed;

    RunPartition(String sweep, boolean storeGradients, Provenance provenance, TaskEngine engine,
        LongAccumulator done, LongAccumulator failed) {
      this.sweep = sweep;
      this.storeGradients = storeGradients;
      this.provenance = provenance;
      this.engine = engine;
      this.done = done;
      this.failed = failed;
    }

    @Override
    public Iterator<TaskRows> call(List<PlannedTask> tasks) {
      List<TaskRows> out = new ArrayList<>(tasks.size());
      for (PlannedTask task : tasks) {
        TaskOutcome o = TaskExecution.run(engine, task);
        out.add(new TaskRows(ResultSchema.taskRow(sweep, o, storeGradients, provenance, System.currentTimeMillis()),
            ResultSchema.layerRows(sweep, o).toArray(new Row[0]), o.ok(), o.millis()));
        done.add(1);
        if (!o.ok()) {
          failed.add(1);
        }
      }
      return out.iterator();
    }
  }
}
