package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.measure.Measurement;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.SpecException;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;

/** The sweep on local[2] Spark: rows, determinism, resume, failures. One session for the class. */
class SweepRunnerTest {
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("SweepRunnerTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * 2 architectures x 2 depths x 3 seeds, small networks: 12 tasks, 3 x (1 + 3) x 2 = 24 layer rows;
   * 6 units of work (architecture, seed) of 2 tasks, so batch-size 4 gives 3 batches of 4 tasks.
   */
  static SweepSpec small(Path out, String... sets) throws IOException {
    Path f = Files.createTempFile("small", ".conf");
    Files.writeString(f, "sweep { name = small, grid { architecture = [feedforward, resnet], depth = [1, 3],"
        + " width = [12], seed = 3, points = [40] }, max-lag = 6, store-gradients = true, batch-size = 4 }");
    SweepSpec s = SweepConfig.sweepSpec(SweepConfig.load(f, null, List.of(sets)));
    return s.withOutput(out.toString());
  }

  static SweepRunner.Options options(TaskEngine engine) {
    return SweepRunner.Options.defaults(engine, null);
  }

  Dataset<Row> tasks(Path dir) {
    return spark.read().parquet(dir.resolve("tasks").toString());
  }

  /** Rows of a table keyed by key (and layer), without timing and provenance columns. */
  Map<String, String> content(Path dir, String table) {
    Dataset<Row> df = spark.read().parquet(dir.resolve(table).toString())
        .drop("millis", "run_id", "finished_at", "host", "jvm", "project_version", "git_commit", "spark_version",
            "nd4j_version", "config_hash");
    String[] cols = df.columns();
    Map<String, String> out = new TreeMap<>();
    for (Row r : df.collectAsList()) {
      String id = r.getAs("key") + (table.equals("layers") ? "/" + r.getAs("layer")
          : table.equals("paths") ? "/" + r.getAs("path_length") : "");
      StringBuilder sb = new StringBuilder();
      for (String c : cols) {
        Object v = r.getAs(c);
        sb.append(c).append('=').append(v instanceof scala.collection.Seq<?> s
            ? scala.jdk.javaapi.CollectionConverters.asJava(s).toString() : String.valueOf(v)).append(';');
      }
      assertFalse(out.containsKey(id), "duplicate row " + id);
      out.put(id, sb.toString());
    }
    return out;
  }

  @Test
  void smallSweepWritesOneRowPerTaskAndLayerWithTheEnginesValues() throws IOException {
    SweepSpec sweep = small(tmp.resolve("out"));
    SweepSummary summary = new SweepRunner(spark).run(sweep, options(new MeasuringEngine()));
    assertEquals("tasks: total 12, skipped 0, computed 12, failed 0", summary.line());
    assertEquals(12, tasks(tmp.resolve("out")).count());
    assertEquals(24, spark.read().parquet(tmp.resolve("out/layers").toString()).count());
    // values equal the engine's for the same key, bit for bit
    for (PlannedTask t : sweep.grid().tasks()) {
      Measurement m = new MeasuringEngine().measure(t.spec());
      Row r = tasks(tmp.resolve("out")).where("key = '" + t.spec().key().value() + "'").first();
      assertEquals("ok", r.getAs("status"));
      assertEquals(m.acfLag1(), (double) r.getAs("acf_lag1"), 0.0);
      assertArrayEquals(m.gradient(), toDoubles(r.getAs("gradient")), 0.0);
      assertArrayEquals(m.acf(), toDoubles(r.getAs("acf")), 0.0);
      assertEquals(m.lastLayer().coactivation(), (double) r.getAs("coactivation_last"), 0.0);
    }
    // the schema is the one ResultSchema defines, plus nothing
    assertEquals(ResultSchema.tasks().fieldNames().length, tasks(tmp.resolve("out")).columns().length);
  }

  static double[] toDoubles(Object seq) {
    List<?> l = scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) seq);
    return l.stream().mapToDouble(x -> (Double) x).toArray();
  }

  @Test
  void aUnitWithSomeRowsPresentComputesOnlyTheMissingOnesWithTheSameBits() throws IOException {
    // the deepest task of every (architecture, seed) unit first, then the whole grid into the same directory
    String grid = "sweep.grid.depth=[1,2,4]";
    SweepSummary part = new SweepRunner(spark).run(small(tmp.resolve("resumed"), "sweep.grid.depth=[4]",
        "sweep.grid.normalization=[batch,none]"), options(new MeasuringEngine()));
    assertEquals("tasks: total 12, skipped 0, computed 12, failed 0", part.line());
    SweepSummary rest = new SweepRunner(spark).run(small(tmp.resolve("resumed"), grid,
        "sweep.grid.normalization=[batch,none]"), options(new MeasuringEngine()));
    assertEquals("tasks: total 36, skipped 12, computed 24, failed 0", rest.line());
    SweepSummary again = new SweepRunner(spark).run(small(tmp.resolve("resumed"), grid,
        "sweep.grid.normalization=[batch,none]"), options(new MeasuringEngine()));
    assertEquals("tasks: total 36, skipped 36, computed 0, failed 0", again.line());
    new SweepRunner(spark).run(small(tmp.resolve("whole"), grid, "sweep.grid.normalization=[batch,none]"),
        options(new MeasuringEngine()));
    // content() fails on a duplicate row; every row equals the uninterrupted run's
    assertEquals(content(tmp.resolve("whole"), "tasks"), content(tmp.resolve("resumed"), "tasks"));
    assertEquals(content(tmp.resolve("whole"), "layers"), content(tmp.resolve("resumed"), "layers"));
    assertEquals(36, content(tmp.resolve("resumed"), "tasks").size());
  }

  @Test
  void unitsGroupTasksThatShareWeightsAndBatchesKeepThemWhole() throws IOException {
    List<PlannedTask> tasks = small(tmp, "sweep.grid.depth=[1,2,4]", "sweep.grid.normalization=[batch,none]")
        .grid().tasks();
    List<WorkUnit> units = WorkUnit.of(tasks, 4);
    assertEquals(6, units.size()); // 2 architectures x 3 seeds
    for (WorkUnit u : units) {
      assertEquals(1, u.tasks().stream().map(t -> t.spec().weightsIdentity()).distinct().count());
      // one chain per normalization: the cost of its deepest task each, not of every depth
      assertEquals(2, u.tasks().stream().map(t -> t.spec().withDepth(1)).distinct().count());
      double alone = u.tasks().stream().mapToDouble(t -> org.shattered.spec.CostModel.seconds(t.spec())).sum();
      assertTrue(u.seconds(false) < alone, u.seconds(false) + " >= " + alone);
    }
    assertEquals(tasks.size(), units.stream().mapToInt(WorkUnit::size).sum());
    // fewer units than asked for: one per chain instead
    assertEquals(12, WorkUnit.of(tasks, 7).size());
    List<List<PlannedTask>> unitTasks = units.stream().map(WorkUnit::tasks).toList();
    List<List<List<PlannedTask>>> batches = SweepRunner.batches(unitTasks, 10);
    assertEquals(3, batches.size()); // 6 rows a unit: 12, 12, 12
    assertEquals(unitTasks, batches.stream().flatMap(List::stream).toList());
  }

  @Test
  void aBatchOfSmallTasksGetsFewerPartitionsButNeverFewerThanTheCores() throws IOException {
    List<WorkUnit> small = WorkUnit.of(small(tmp).grid().tasks(), 1); // 12 tiny tasks, well under 2 s
    assertEquals(2, SweepRunner.partitions(small, false, 2, 6));
    assertEquals(4, SweepRunner.partitions(small, false, 4, 12));
    // a batch estimated at many times MIN_PARTITION_SECONDS gets every partition asked for
    List<WorkUnit> large = WorkUnit.of(small(tmp, "sweep.grid.width=[2000]", "sweep.grid.depth=[50]", "sweep.grid.points=[100]").grid().tasks(),
        1);
    double seconds = large.stream().mapToDouble(u -> u.seconds(false)).sum();
    assertTrue(seconds > 6 * SweepRunner.MIN_PARTITION_SECONDS, seconds + " s");
    assertEquals(6, SweepRunner.partitions(large, false, 2, 6));
  }

  @Test
  void partitioningAndBatchingDoNotChangeTheRows() throws IOException {
    SweepSpec one = small(tmp.resolve("a"), "sweep.partitions-per-core=1", "sweep.batch-size=100");
    SweepSpec seven = small(tmp.resolve("b"), "sweep.partitions-per-core=7", "sweep.batch-size=3");
    new SweepRunner(spark).run(one, options(new MeasuringEngine()));
    new SweepRunner(spark).run(seven, options(new MeasuringEngine()));
    assertEquals(content(tmp.resolve("a"), "tasks").values().stream().map(s -> s.replaceAll("sweep=[^;]*;", ""))
        .collect(Collectors.toList()), content(tmp.resolve("b"), "tasks").values().stream()
        .map(s -> s.replaceAll("sweep=[^;]*;", "")).collect(Collectors.toList()));
    assertEquals(content(tmp.resolve("a"), "layers"), content(tmp.resolve("b"), "layers"));
  }

  @Test
  void aSecondRunAddsNothingAndAStoppedRunResumesToExactlyTheFullSet() throws IOException {
    Path out = tmp.resolve("resume");
    SweepSpec sweep = small(out);
    // first run stops after its second batch, which it leaves staged but uncommitted (a killed driver)
    SweepSummary first = new SweepRunner(spark).run(sweep, options(new MeasuringEngine()),
        new SweepRunner.Hooks(2, ResultStore.CrashPoint.BEFORE_MARKER));
    assertFalse(first.complete());
    assertEquals(8, first.computed());
    SweepSummary resumed = new SweepRunner(spark).run(sweep, options(new MeasuringEngine()));
    // the uncommitted second batch was rolled back and recomputed with the third: 4 skipped, 8 computed
    assertEquals("tasks: total 12, skipped 4, computed 8, failed 0", resumed.line());
    assertEquals(12, content(out, "tasks").size());
    assertEquals(24, content(out, "layers").size());
    SweepSummary again = new SweepRunner(spark).run(sweep, options(new MeasuringEngine()));
    assertEquals("tasks: total 12, skipped 12, computed 0, failed 0", again.line());
    assertEquals(12, tasks(out).count());

    Path fresh = tmp.resolve("fresh");
    new SweepRunner(spark).run(small(fresh), options(new MeasuringEngine()));
    assertEquals(content(fresh, "layers"), content(out, "layers"));
  }

  @Test
  void pathDecompositionWritesOneRowPerResnetTaskAndPathLengthAndResumesWithoutDuplicates() throws IOException {
    Path out = tmp.resolve("paths");
    SweepSpec sweep = small(out, "sweep.path-decomposition=true");
    MeasuringEngine engine = new MeasuringEngine(true);
    // first run stops after its second batch, left staged but uncommitted (a killed driver)
    new SweepRunner(spark).run(sweep, options(engine), new SweepRunner.Hooks(2, ResultStore.CrashPoint.BEFORE_MARKER));
    assertEquals("tasks: total 12, skipped 4, computed 8, failed 0",
        new SweepRunner(spark).run(sweep, options(engine)).line());
    // resnet: 3 seeds x (depth 1: 2 path lengths + depth 3: 4); feedforward: none
    Map<String, String> rows = content(out, "paths");
    assertEquals(18, rows.size());
    Dataset<Row> paths = spark.read().parquet(out.resolve("paths").toString());
    assertEquals(ResultSchema.paths().fieldNames().length, paths.columns().length);
    assertEquals(0, paths.where("architecture <> 'resnet'").count());
    for (PlannedTask t : sweep.grid().tasks()) {
      Measurement m = engine.measure(t.spec());
      Row task = tasks(out).where("key = '" + t.spec().key().value() + "'").first();
      if (m.paths() == null) {
        assertTrue(task.isNullAt(task.fieldIndex("mean_path_length")));
        continue;
      }
      assertEquals(m.paths().meanPathLength(), (double) task.getAs("mean_path_length"), 0.0);
      for (var k : m.paths().lengths()) {
        Row r = paths.where("key = '" + t.spec().key().value() + "' AND path_length = " + k.pathLength()).first();
        assertEquals(k.energyShare(), (double) r.getAs("energy_share"), 0.0);
        assertEquals(k.rms(), (double) r.getAs("rms"), 0.0);
        assertArrayEquals(k.acf(), toDoubles(r.getAs("acf")), 0.0);
        assertEquals(t.spec().depth(), (int) r.getAs("depth"));
        assertEquals(t.betaRule(), r.getAs("beta_rule"));
      }
    }
    // the same sweep without the option is another measurement setting: refused
    assertThrows(SpecException.class, () -> new SweepRunner(spark).run(small(out), options(new MeasuringEngine())));
  }

  @Test
  void aThrowingTaskBecomesAFailedRowAndRetryFailedRerunsIt() throws IOException {
    Path out = tmp.resolve("fail");
    SweepSpec sweep = small(out);
    TaskEngine brokenAtDepth3 = spec -> {
      if (spec.depth() == 3 && spec.seed() == 1) {
        throw new IllegalStateException("injected failure");
      }
      return new MeasuringEngine().measure(spec);
    };
    SweepSummary s = new SweepRunner(spark).run(sweep, options(brokenAtDepth3));
    assertEquals("tasks: total 12, skipped 0, computed 12, failed 2", s.line());
    List<Row> failed = tasks(out).where("status = 'failed'").collectAsList();
    assertEquals(2, failed.size());
    assertEquals("IllegalStateException: injected failure", failed.get(0).getAs("error"));
    assertTrue(failed.get(0).isNullAt(failed.get(0).fieldIndex("acf_lag1")));
    // without --retry-failed nothing is rerun
    assertEquals("tasks: total 12, skipped 12, computed 0, failed 0",
        new SweepRunner(spark).run(sweep, options(new MeasuringEngine())).line());
    SweepSummary retried = new SweepRunner(spark).run(sweep, options(new MeasuringEngine()).withRetryFailed(true));
    assertEquals("tasks: total 12, skipped 10, computed 2, failed 0", retried.line());
    assertEquals(12, content(out, "tasks").size());
    assertEquals(0, tasks(out).where("status = 'failed'").count());
    assertEquals(24, content(out, "layers").size());
  }

  @Test
  void aDirectoryOfAnotherSweepOrOtherSettingsIsRefused() throws IOException {
    Path out = tmp.resolve("owned");
    new SweepRunner(spark).run(small(out, "sweep.grid.depth=[1]"), options(new MeasuringEngine()));
    long before = tasks(out).count();
    SpecException other = assertThrows(SpecException.class, () ->
        new SweepRunner(spark).run(small(out, "sweep.name=other"), options(new MeasuringEngine())));
    assertEquals("--out", other.key());
    assertThrows(SpecException.class, () ->
        new SweepRunner(spark).run(small(out, "sweep.max-lag=5"), options(new MeasuringEngine())));
    assertEquals(before, tasks(out).count());
    Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(tmp.resolve("foreign/notes.txt"), "mine");
    assertThrows(SpecException.class, () ->
        new SweepRunner(spark).run(small(tmp.resolve("foreign")), options(new MeasuringEngine())));
    assertEquals(List.of("notes.txt"), Files.list(tmp.resolve("foreign")).map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void aDirectoryInUseByAnotherDriverIsRefusedAndAKilledDriversLockIsTakenOver() throws Exception {
    Path out = tmp.resolve("locked");
    SweepSpec sweep = small(out, "sweep.grid.depth=[1]");
    new SweepRunner(spark).run(sweep, options(new MeasuringEngine()));
    assertFalse(Files.exists(out.resolve("_lock")), "released after the run");
    String host = Provenance.host();
    // a live holder: this very process
    Files.writeString(out.resolve("_lock"), "host=" + host + "\npid=" + ProcessHandle.current().pid() + "\n");
    SpecException busy = assertThrows(SpecException.class,
        () -> new SweepRunner(spark).run(sweep, options(new MeasuringEngine())));
    assertTrue(busy.getMessage().contains("in use by another sweep"), busy.getMessage());
    // a dead holder on this host: a process that has exited
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(out.resolve("_lock"), "host=" + host + "\npid=" + gone.pid() + "\n");
    assertEquals("tasks: total 6, skipped 6, computed 0, failed 0",
        new SweepRunner(spark).run(sweep, options(new MeasuringEngine())).line());
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  /** Rows of the tasks table for {@code n} failed outcomes of the small sweep. */
  static List<Row> failedTaskRows(Path out, int n) throws IOException {
    Provenance p = Provenance.current("test", "test", "run");
    return small(out).grid().tasks().stream().limit(n)
        .map(t -> ResultSchema.taskRow("small", new TaskOutcome(t, null, "boom", 1.0, "host"), false, p, 0L))
        .collect(Collectors.toList());
  }

  @Test
  void aFailedPartitionAttemptLeavesNoFileAndARepeatedOneNoSecondCopy() throws IOException {
    BatchFiles files = BatchFiles.prepare(spark, java.util.Map.of());
    String staging = tmp.resolve("staging").toUri().toString();
    List<Row> rows = failedTaskRows(tmp, 5);
    // attempt 1 fails after writing its rows: nothing visible
    try (BatchFiles.Writer w = files.open(staging, 3, 1)) {
      for (Row r : rows) {
        w.add("tasks", r);
      }
    }
    try (var found = Files.walk(tmp.resolve("staging"))) {
      assertEquals(List.of(), found.filter(f -> !f.getFileName().toString().startsWith(".") && Files.isRegularFile(f))
          .toList());
    }
    // attempts 2 and 3 (a retry and a speculative copy) both finish: one file, each task once
    for (long attempt : new long[] {2, 3}) {
      try (BatchFiles.Writer w = files.open(staging, 3, attempt)) {
        for (Row r : rows) {
          w.add("tasks", r);
        }
        w.commit();
      }
    }
    Dataset<Row> read = spark.read().parquet(staging + "/tasks");
    assertEquals(5, read.count());
    assertEquals(5, read.select("key").distinct().count());
    assertEquals(ResultSchema.tasks().fieldNames().length, read.columns().length);
    try (var found = Files.walk(tmp.resolve("staging"))) {
      List<String> names = found.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
          .filter(f -> !f.startsWith(".")).toList();
      assertEquals(1, names.size(), names.toString());
      assertTrue(names.get(0).startsWith("part-00003.") && names.get(0).endsWith(".parquet"), names.toString());
    }
  }

  @Test
  void costBalancingEvensOutPartitions() throws IOException {
    List<PlannedTask> tasks = small(tmp, "sweep.grid.depth=[1,2,3,4,5,6,7,8]").grid().tasks();
    List<List<PlannedTask>> groups = CostBalancer.partition(tasks, 4);
    double[] load = groups.stream().mapToDouble(g -> g.stream().mapToDouble(t -> t.spec().cost()).sum()).toArray();
    double max = java.util.Arrays.stream(load).max().orElseThrow();
    double min = java.util.Arrays.stream(load).min().orElseThrow();
    assertEquals(4, groups.size());
    assertTrue(max / min < 1.2, java.util.Arrays.toString(load));
    assertEquals(tasks.size(), groups.stream().mapToInt(List::size).sum());
  }
}
