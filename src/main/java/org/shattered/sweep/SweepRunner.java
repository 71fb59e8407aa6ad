package org.shattered.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.shattered.spec.SweepSpec;

/**
 * The driver of a sweep of any {@link TaskKind}: skips tasks already in the results directory, and
 * runs the rest in batches of units of work (for measurements, {@link WorkUnit}s: pending tasks that
 * share weights, computed together).
 * Each batch is spread over partitions balanced by cost, computed and written to Parquet on the
 * executors (the driver never sees a gradient), then committed by the driver.
 */
public final class SweepRunner {

  /**
   * How to run.
   *
   * @param retryFailed also rerun tasks whose row says failed
   * @param engine the task engine (the real one, or a test's)
   * @param progress where the progress line and the repairs of damaged results go (null: the log)
   * @param check how deeply the committed files are checked before their tasks are skipped
   *     ({@link ResultCheck.Depth#FOOTERS}, or {@link ResultCheck.Depth#CHECKSUMS} for {@code --verify})
   * @param interruption a request to stop early and keep the finished units (Ctrl-C)
   */
  public record Options(boolean retryFailed, TaskEngine engine, PrintStream progress, ResultCheck.Depth check,
      Interruption interruption) {

    public static Options defaults(TaskEngine engine, PrintStream progress) {
      return new Options(false, engine, progress, ResultCheck.Depth.FOOTERS, Interruption.none());
    }

    public Options withRetryFailed(boolean retry) {
      return new Options(retry, engine, progress, check, interruption);
    }

    public Options withChecksums(boolean checksums) {
      return new Options(retryFailed, engine, progress,
          checksums ? ResultCheck.Depth.CHECKSUMS : ResultCheck.Depth.FOOTERS, interruption);
    }

    public Options withInterruption(Interruption stop) {
      return new Options(retryFailed, engine, progress, check, stop);
    }
  }

  /**
   * Test hooks: stop after {@code stopAfterBatches} batches (0: run all) and cut the last one's commit
   * at {@code crash}, as a killed driver would.
   */
  record Hooks(int stopAfterBatches, ResultStore.CrashPoint crash) {
    static final Hooks NONE = new Hooks(0, ResultStore.CrashPoint.NONE);
  }

  private static final Logger LOG = LogManager.getLogger(SweepRunner.class);

  private final SparkSession spark;
  private final RunRecord record;

  public SweepRunner(SparkSession spark) {
    this(spark, null);
  }

  /**
   * @param record what the run is (command line, build, machine, resolved configuration), kept in
   *     {@code DIR/_runs/} and in the Parquet files' metadata; null for none (tests, benchmarks)
   */
  public SweepRunner(SparkSession spark, RunRecord record) {
    this.spark = spark;
    this.record = record;
  }

  /** Runs the measurement sweep {@code sweep} into {@code sweep.output()}. */
  public SweepSummary run(SweepSpec sweep, Options options) {
    return run(sweep, options, Hooks.NONE);
  }

  /** {@link #run(SweepSpec, Options)} with test hooks. */
  SweepSummary run(SweepSpec sweep, Options options, Hooks hooks) {
    return run(MeasurementKind.job(sweep, options.engine()), options, hooks);
  }

  /** Runs {@code job} (any {@link TaskKind}) into {@code job.output()}; {@code options.engine()} is not used. */
  public <T extends java.io.Serializable> SweepSummary run(SweepJob<T> job, Options options) {
    return run(job, options, Hooks.NONE);
  }

  /** {@link #run(SweepJob, Options)} with test hooks. */
  <T extends java.io.Serializable> SweepSummary run(SweepJob<T> job, Options options, Hooks hooks) {
    ResultStore store = ResultStore.open(spark, job.output());
    store.claim(job.name(), job.settings());
    AutoCloseable lock = store.lock();
    try {
      return runLocked(store, job, options, hooks);
    } finally {
      try {
        lock.close();
      } catch (Exception e) {
        LOG.warn("could not release the lock of {}: {}", store.dir(), e.toString());
      }
    }
  }

  @SuppressWarnings("try") // the progress line is a resource held for its timer: closed, never read
  private <T extends java.io.Serializable> SweepSummary runLocked(ResultStore store, SweepJob<T> job,
      Options options, Hooks hooks) {
    long start = System.nanoTime();
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String runId = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'"));
    TaskKind<T> kind = job.kind();
    List<T> planned = job.tasks();

    for (String line : store.repair(runId, options.check())) {
      if (options.progress() != null) {
        options.progress().println(line);
      } else {
        LOG.warn(line);
      }
    }
    int batchNumber = 0;
    if (options.retryFailed()) {
      store.dropFailed(batchId(runId, batchNumber++), kind.tasksTable());
    }
    Map<String, String> present = store.statuses(kind.tasksTable());
    List<T> pending = new ArrayList<>();
    for (T t : planned) {
      if (!present.containsKey(kind.key(t))) {
        pending.add(t);
      }
    }
    long skipped = planned.size() - pending.size();
    if (skipped > 0 && options.progress() != null) {
      options.progress().println("resuming: " + skipped + " of " + planned.size() + " tasks present in "
          + job.output() + (pending.isEmpty() ? ", nothing to compute" : ", computing the other " + pending.size()));
      options.progress().flush();
    }
    LOG.info("planned {} tasks, {} already present, in {} ms", planned.size(), skipped,
        (System.nanoTime() - start) / 1_000_000);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = jsc.defaultParallelism();
    Provenance provenance = Provenance.current(job.configHash(), spark.version(), runId);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(RunRecord.METADATA_PREFIX + "sweep", job.name());
    metadata.put(RunRecord.METADATA_PREFIX + "settings", job.settings());
    metadata.put(RunRecord.METADATA_PREFIX + "config_hash", job.configHash());
    metadata.put(RunRecord.METADATA_PREFIX + "run_id", runId);
    metadata.put(RunRecord.METADATA_PREFIX + "project_version", provenance.projectVersion());
    metadata.put(RunRecord.METADATA_PREFIX + "git", provenance.gitCommit());
    if (record != null) {
      RunRecord run = record.started(runId, now.format(DateTimeFormatter.ISO_INSTANT), planned.size(), skipped);
      store.recordRun(runId, run.render());
      metadata.putAll(run.parquetMetadata());
    }
    LongAccumulator done = jsc.sc().longAccumulator("tasks done");
    LongAccumulator failedAcc = jsc.sc().longAccumulator("tasks failed");
    DoubleAccumulator costDone = jsc.sc().doubleAccumulator("estimated seconds done");
    // shipped once per run, not in every task's closure (it holds two Hadoop configurations)
    Broadcast<BatchFiles> files = jsc.broadcast(BatchFiles.prepare(spark, kind.tables(), metadata));
    TaskKind.Executor<T> executor = kind.executor(jsc, job.name(), provenance);
    RunPartition<T> work = new RunPartition<>(executor, files, done, failedAcc, costDone);

    long computed = 0;
    long failed = 0;
    double taskMillis = 0;
    int partitions = cores * job.partitionsPerCore();
    List<List<List<T>>> unitBatches = batches(kind.units(pending, 2 * cores), job.batchSize());
    int batches = unitBatches.size();
    int toRun = hooks.stopAfterBatches() > 0 ? Math.min(batches, hooks.stopAfterBatches()) : batches;
    // Each batch is one Spark job whose tasks compute their tasks and write their Parquet files to the
    // batch's staging directory; the driver then commits the batch (renames and marker). Batch n + 1 is
    // submitted before batch n finishes, so its tasks take the cores batch n's last tasks leave idle.
    // Batches are committed one at a time and in order, each only after its job succeeded, so a
    // killed driver still loses at most the batches not yet committed.
    Deque<RunningBatch> running = new ArrayDeque<>();
    Interruption stop = options.interruption();
    String group = "shattered sweep " + job.name() + " " + runId;
    RunningTasks tasksRunning = new RunningTasks();
    spark.sparkContext().addSparkListener(tasksRunning);
    // cancels the running batches and any submitted later; their tasks stop after their current unit
    stop.onRequest(() -> spark.sparkContext().cancelJobGroupAndFutureJobs(group, Interruption.REASON));
    long kept = 0;
    try (Progress progress = options.progress() == null ? null
        : new Progress(options.progress(), pending.size(), done::value, failedAcc::value,
            pending.stream().mapToDouble(kind::seconds).sum(), costDone::value)) {
      for (int b = 0; (b < toRun && !stop.requested()) || !running.isEmpty(); ) {
        if (b < toRun && running.size() < IN_FLIGHT && !stop.requested()) {
          List<List<T>> batch = unitBatches.get(b);
          List<List<List<T>>> groups = CostBalancer.partition(batch, kind::unitSeconds,
              partitions(batch.stream().mapToDouble(kind::unitSeconds).sum(), cores, partitions));
          String id = batchId(runId, batchNumber++);
          String staging = store.stagingPath(id);
          int batchTasks = batch.stream().mapToInt(List::size).sum();
          // what the Spark UI and the history server show for the job
          jsc.setJobGroup(group, "sweep " + job.name() + ": batch " + (b + 1) + " of " + batches + ", "
              + batchTasks + " tasks in " + groups.size() + " partitions (run " + runId + ")", false);
          JavaFutureAction<List<BatchStats>> future = jsc.parallelize(groups, groups.size())
              .mapPartitionsWithIndex((index, it) -> work.call(staging, index, it), false).collectAsync();
          running.add(new RunningBatch(b, id, batchTasks, System.nanoTime(), future));
          b++;
          continue;
        }
        RunningBatch r = running.removeFirst();
        List<BatchStats> result;
        try {
          result = await(r.job());
        } catch (RuntimeException e) {
          if (!stop.requested()) {
            throw e;
          }
          kept += keepFinished(store, r, tasksRunning);
          continue;
        }
        BatchStats stats = BatchStats.sum(result);
        long computedAt = System.nanoTime();
        LOG.info("batch {}: {} tasks computed and written in {} ms ({} ms inside tasks)", r.number(), r.tasks(),
            (computedAt - r.submitted()) / 1_000_000, Math.round(stats.taskMillis()));
        computed += stats.ok() + stats.failed();
        failed += stats.failed();
        taskMillis += stats.taskMillis();
        boolean last = r.number() == toRun - 1;
        kept += store.publish(r.id(), List.of(), last ? hooks.crash() : ResultStore.CrashPoint.NONE);
        LOG.info("batch {}: committed in {} ms", r.number(), (System.nanoTime() - computedAt) / 1_000_000);
      }
    } finally {
      for (RunningBatch r : running) {
        r.job().cancel(true);
      }
      files.unpersist();
      executor.release();
      spark.sparkContext().removeSparkListener(tasksRunning);
      jsc.clearJobGroup();
    }
    if (stop.requested()) {
      store.removeEmptyStaging();
      return new SweepSummary(planned.size(), skipped, kept, failed, (System.nanoTime() - start) / 1e9,
          taskMillis / 1e3, cores, false, true);
    }
    boolean cut = hooks.crash() != ResultStore.CrashPoint.NONE && toRun > 0;
    if (!cut) {
      store.removeEmptyStaging();
    }
    boolean complete = toRun == batches && !cut;
    return new SweepSummary(planned.size(), skipped, computed, failed, (System.nanoTime() - start) / 1e9,
        taskMillis / 1e3, cores, complete, false);
  }

  /**
   * Consecutive units in batches of at least {@code rows} tasks each (the last may have fewer); a
   * unit is never split across batches.
   */
  static <T> List<List<List<T>>> batches(List<List<T>> units, int rows) {
    List<List<List<T>>> out = new ArrayList<>();
    List<List<T>> batch = new ArrayList<>();
    int size = 0;
    for (List<T> u : units) {
      batch.add(u);
      size += u.size();
      if (size >= rows) {
        out.add(batch);
        batch = new ArrayList<>();
        size = 0;
      }
    }
    if (!batch.isEmpty()) {
      out.add(batch);
    }
    return out;
  }

  /**
   * Commits what a cancelled batch finished: waits until its tasks stopped (each after its current
   * unit, with its files under their final names), then commits those files as the batch. A batch
   * whose tasks do not stop within the limit is left in staging, uncommitted (the next sweep deletes
   * it and computes its tasks again).
   *
   * @return the tasks committed
   */
  private long keepFinished(ResultStore store, RunningBatch r, RunningTasks tasksRunning) {
    List<Integer> jobs = r.job().jobIds();
    try {
      if (!tasksRunning.awaitIdle(jobs, STOP_WAIT_MILLIS)) {
        LOG.warn("batch {}: its tasks did not stop within {} s; left uncommitted", r.number(),
            STOP_WAIT_MILLIS / 1000);
        return 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    return store.publish(r.id(), List.of(), ResultStore.CrashPoint.NONE);
  }

  /** How long an interrupted sweep waits for a batch's tasks to finish the units they are computing. */
  private static final long STOP_WAIT_MILLIS = 3_600_000;

  /**
   * Estimated core-seconds below which a partition is not worth its own files: each partition
   * writes its own Parquet file per table and architecture, which the driver then checks and renames.
   */
  static final double MIN_PARTITION_SECONDS = 2.0;

  /**
   * Partitions for one batch: {@code most} (cores x partitions-per-core, for balancing uneven
   * units), but no more than one per {@link #MIN_PARTITION_SECONDS} of estimated work and never fewer
   * than the cores: a batch of many small tasks then writes a few larger files instead of many small
   * ones.
   */
  static int partitions(List<WorkUnit> batch, boolean paths, int cores, int most) {
    return partitions(batch.stream().mapToDouble(u -> u.seconds(paths)).sum(), cores, most);
  }

  /** {@link #partitions(List, boolean, int, int)} for a batch of {@code seconds} estimated seconds. */
  static int partitions(double seconds, int cores, int most) {
    int worth = (int) Math.ceil(seconds / MIN_PARTITION_SECONDS);
    return Math.max(cores, Math.min(most, worth));
  }

  /** Batches submitted to Spark ahead of the one being waited for. */
  private static final int IN_FLIGHT = 2;

  /** A batch whose job was submitted. */
  private record RunningBatch(int number, String id, int tasks, long submitted,
      JavaFutureAction<List<BatchStats>> job) {
  }

  private static <T> T await(Future<T> job) {
    try {
      return job.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing a batch", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("computing a batch failed", e.getCause());
    }
  }

  static String batchId(String runId, int n) {
    return String.format("b%s-%05d", runId, n);
  }

  /** Executor side: computes the units of one partition, writes their rows and returns their counts. */
  private static final class RunPartition<T> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final TaskKind.Executor<T> executor;
    private final Broadcast<BatchFiles> files;
    private final LongAccumulator done;
    private final LongAccumulator failed;
    private final DoubleAccumulator costDone;

    RunPartition(TaskKind.Executor<T> executor, Broadcast<BatchFiles> files, LongAccumulator done,
        LongAccumulator failed, DoubleAccumulator costDone) {
      this.executor = executor;
      this.files = files;
      this.done = done;
      this.failed = failed;
      this.costDone = costDone;
    }

    Iterator<BatchStats> call(String staging, int partition, Iterator<List<List<T>>> groups) throws IOException {
      long ok = 0;
      long bad = 0;
      double millis = 0;
      TaskContext ctx = TaskContext.get();
      try (BatchFiles.Writer out = files.value().open(staging, partition, ctx.taskAttemptId())) {
        units:
        while (groups.hasNext()) {
          for (List<T> unit : groups.next()) { // a unit's rows are written as soon as it is done
            if (ctx.isInterrupted()) {
              if (Interruption.stopsHere(ctx)) {
                break units; // the sweep was interrupted: keep the units done, as a complete file
              }
              ctx.killTaskIfInterrupted(); // killed for another reason: drop the unfinished file
            }
            for (TaskKind.Done d : executor.run(unit, out::add)) {
              millis += d.millis();
              if (d.ok()) {
                ok++;
              } else {
                bad++;
                failed.add(1);
              }
              costDone.add(d.seconds());
              done.add(1);
            }
          }
        }
        out.commit();
      }
      return List.of(new BatchStats(ok, bad, millis)).iterator();
    }
  }
}
