package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shattered.cli.Main;
import org.shattered.report.ResultViews;
import org.shattered.spec.SweepSpec;

/**
 * Committed-only reads and damage: a killed driver's batch and foreign files are invisible to
 * {@code sql} and the report; truncated, deleted, bit-flipped and extra files in either table are
 * named by {@code verify} and repaired by the next sweep with exact counts and the other batches'
 * files untouched.
 */
class ResultIntegrityTest {
  /** The test's session; the in-process CLI commands stop the active session when they end, so it is made again. */
  static SparkSession spark() {
    return SparkSession.builder().master("local[2]").appName("ResultIntegrityTest")
        .config("spark().ui.enabled", "false").config("spark().sql.shuffle.partitions", "2").getOrCreate();
  }

  /** The small sweep of {@link SweepRunnerTest} run once, intact: 12 tasks in 3 batches, 24 layer rows. */
  @TempDir
  static Path base;

  static Map<String, String> intactTasks;
  static Map<String, String> intactLayers;

  @TempDir
  Path tmp;

  @BeforeAll
  static void sweepOnce() throws IOException {
    new SweepRunner(spark()).run(SweepRunnerTest.small(base.resolve("intact")), SweepRunnerTest.options(new MeasuringEngine()));
    intactTasks = content(base.resolve("intact"), "tasks");
    intactLayers = content(base.resolve("intact"), "layers");
    assertEquals(12, intactTasks.size());
    assertEquals(24, intactLayers.size());
  }

  @AfterAll
  static void stop() {
    spark().stop();
  }

  /** Rows of the committed view of a table keyed by key (and layer), without timing and provenance; no duplicates. */
  static Map<String, String> content(Path dir, String table) {
    Dataset<Row> df = ResultStore.open(spark(), dir.toString()).read(table)
        .drop("millis", "run_id", "finished_at", "host", "jvm", "project_version", "git_commit", "spark_version",
            "nd4j_version", "config_hash");
    Map<String, String> out = new TreeMap<>();
    for (Row r : df.collectAsList()) {
      String id = r.getAs("key") + (table.equals("layers") ? "/" + r.getAs("layer") : "");
      StringBuilder sb = new StringBuilder();
      for (String c : df.columns()) {
        Object v = r.getAs(c);
        sb.append(c).append('=').append(v instanceof scala.collection.Seq<?> s
            ? scala.jdk.javaapi.CollectionConverters.asJava(s).toString() : String.valueOf(v)).append(';');
      }
      assertFalse(out.containsKey(id), "duplicate row " + id);
      out.put(id, sb.toString());
    }
    return out;
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  /** SHA-256 of each data file of the tables, by path relative to DIR. */
  static Map<String, String> tableFiles(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String table : ResultSchema.TABLES) {
      if (!Files.isDirectory(dir.resolve(table))) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir.resolve(table))) {
        for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
            .toList()) {
          out.put(dir.relativize(p).toString(),
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
      }
    }
    return out;
  }

  static String[] runCli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  static long sqlCount(Path dir, String query) {
    String[] r = runCli("sql", "--results", dir.toString(), "--master", "local[1]", "--format", "csv", query);
    assertEquals("0", r[0], r[2]);
    List<String> lines = r[1].strip().lines().toList();
    return Long.parseLong(lines.get(lines.size() - 1));
  }

  @Test
  void aKilledDriversBatchAndForeignFilesAreInvisibleToSqlAndTheReport() throws Exception {
    Path out = tmp.resolve("killed");
    SweepSpec sweep = SweepRunnerTest.small(out);
    // batch 1 committed; batch 2's marker written and one file moved in, the rest still in staging; then the driver dies
    new SweepRunner(spark()).run(sweep, SweepRunnerTest.options(new MeasuringEngine()),
        new SweepRunner.Hooks(2, ResultStore.CrashPoint.AFTER_MARKER));
    assertTrue(Files.isDirectory(out.resolve("_staging")), "the cut commit left files in staging");
    // a third batch killed before its marker, and a file left in a table by an earlier version's killed driver
    new SweepRunner(spark()).run(sweep, SweepRunnerTest.options(new MeasuringEngine()),
        new SweepRunner.Hooks(1, ResultStore.CrashPoint.BEFORE_MARKER));
    Path someTasks = tableFiles(out).keySet().stream().filter(p -> p.startsWith("tasks/")).map(out::resolve)
        .findFirst().orElseThrow();
    Files.copy(someTasks, someTasks.resolveSibling("b20250101T000000000Z-00009--part-00000.snappy.parquet"));

    // committed: the 8 tasks of the first two batches, with their layer rows
    Map<String, String> committedTasks = content(out, "tasks");
    long committedLayers = intactLayers.keySet().stream()
        .filter(k -> committedTasks.containsKey(k.substring(0, k.indexOf('/')))).count();
    assertEquals(8, committedTasks.size());
    assertEquals(8, sqlCount(out, "SELECT count(*) FROM tasks"));
    assertEquals(8, sqlCount(out, "SELECT count(DISTINCT key) FROM tasks"));
    assertEquals(committedLayers, sqlCount(out, "SELECT count(*) FROM layers"));
    // the report reads through ResultViews
    ResultViews.register(spark(), out.toString());
    assertEquals(8L, spark().sql("SELECT count(*) FROM tasks").first().getLong(0));
    assertEquals(committedLayers, spark().sql("SELECT count(*) FROM layers").first().getLong(0));

    ResultCheck.Result check = ResultCheck.verify(out.toString(), ResultCheck.Depth.CHECKSUMS);
    assertEquals(1, check.damage().size(), check.damage().toString());
    assertEquals("unexpected", check.damage().get(0).kind());

    SweepSummary resumed = new SweepRunner(spark()).run(sweep, SweepRunnerTest.options(new MeasuringEngine()));
    assertEquals("tasks: total 12, skipped 8, computed 4, failed 0", resumed.line());
    assertEquals(intactTasks, content(out, "tasks"));
    assertEquals(intactLayers, content(out, "layers"));
    assertTrue(ResultCheck.verify(out.toString(), ResultCheck.Depth.CHECKSUMS).clean());
    assertFalse(Files.exists(out.resolve("_staging")));
    assertTrue(Files.exists(out.resolve("_quarantine")), "the foreign file is moved aside, not deleted");
  }

  @ParameterizedTest
  @CsvSource({"tasks, truncate, truncated", "layers, truncate, truncated", "tasks, delete, missing",
      "layers, delete, missing", "tasks, flip, checksum", "layers, flip, checksum", "tasks, extra, unexpected",
      "layers, extra, unexpected"})
  void damageIsNamedByVerifyAndRepairedBySweep(String table, String damage, String kind) throws Exception {
    Path out = copy(base.resolve("intact"), tmp.resolve("damaged"));
    Map<String, String> before = tableFiles(out);
    String victim = before.keySet().stream().filter(p -> p.startsWith(table + "/")).findFirst().orElseThrow();
    String victimBatch = ResultDir.batchOf(Path.of(victim).getFileName().toString());
    Path file = out.resolve(victim);
    long size = Files.size(file);
    String named = victim;
    switch (damage) {
      case "truncate" -> {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
          f.setLength(size / 2);
        }
      }
      case "delete" -> Files.delete(file);
      case "flip" -> {
        // one bit in the middle of the column chunks: between the leading magic and the footer
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
          f.seek(size - 8);
          int footer = Integer.reverseBytes(f.readInt());
          long at = 4 + (size - 8 - footer - 4) / 2;
          f.seek(at);
          int b = f.read();
          f.seek(at);
          f.write(b ^ 0x10);
        }
      }
      case "extra" -> {
        named = victim.replace(victimBatch + "--", "b20250101T000000000Z-00009--");
        Files.copy(file, out.resolve(named));
      }
      default -> throw new IllegalArgumentException(damage);
    }

    String[] verify = runCli("verify", "--results", out.toString(), "--checksums");
    assertEquals("3", verify[0], verify[1] + verify[2]);
    List<String> lines = verify[1].strip().lines().toList();
    assertEquals(2, lines.size(), verify[1]);
    assertTrue(lines.get(0).startsWith(kind + " " + named), lines.get(0));
    assertTrue(lines.get(1).startsWith("verify: 3 committed batches"), lines.get(1));
    if (!damage.equals("flip")) {
      // sizes and footers are enough for everything but a flipped bit inside a page
      assertFalse(ResultCheck.verify(out.toString(), ResultCheck.Depth.FOOTERS).clean());
    }
    if (damage.equals("truncate") || damage.equals("delete")) {
      // readers refuse half a batch with one line instead of a stack trace
      String[] sql = runCli("sql", "--results", out.toString(), "--master", "local[1]", "SELECT count(*) FROM tasks");
      assertEquals("2", sql[0], sql[1] + sql[2]);
      assertEquals(1, sql[2].strip().lines().count(), sql[2]);
      assertTrue(sql[2].contains("--results") && sql[2].contains(named), sql[2]);
    }

    SweepSummary repaired = new SweepRunner(spark()).run(SweepRunnerTest.small(out),
        SweepRunnerTest.options(new MeasuringEngine()).withChecksums(true));
    long recomputed = damage.equals("extra") ? 0 : tasksIn(victimBatch);
    assertTrue(damage.equals("extra") || recomputed > 0);
    assertEquals("tasks: total 12, skipped " + (12 - recomputed) + ", computed " + recomputed + ", failed 0",
        repaired.line());
    assertEquals(intactTasks, content(out, "tasks"));
    assertEquals(intactLayers, content(out, "layers"));
    assertEquals(12, ResultStore.open(spark(), out.toString()).read("tasks").count());
    assertEquals(24, ResultStore.open(spark(), out.toString()).read("layers").count());
    String[] again = runCli("verify", "--results", out.toString(), "--checksums");
    assertEquals("0", again[0], again[1]);
    // the other batches' files are untouched, byte for byte
    Map<String, String> after = tableFiles(out);
    before.forEach((path, hash) -> {
      if (!path.contains(victimBatch + "--")) {
        assertEquals(hash, after.get(path), path);
      }
    });
    // the damaged batch (or the extra file) was moved aside, not deleted
    String aside = damage.equals("extra") ? Path.of(named).getFileName().toString() : victimBatch;
    try (Stream<Path> q = Files.walk(out.resolve("_quarantine"))) {
      assertTrue(q.anyMatch(p -> p.toString().endsWith(aside)), "quarantine holds it");
    }
  }

  @Test
  void aDamagedBatchIsDroppedWithTheBatchThatRewroteItsFailedRows() throws Exception {
    Path out = tmp.resolve("rewritten");
    SweepSpec sweep = SweepRunnerTest.small(out);
    TaskEngine brokenAtDepth3 = spec -> {
      if (spec.depth() == 3 && spec.seed() == 1) {
        throw new IllegalStateException("injected failure");
      }
      return new MeasuringEngine().measure(spec);
    };
    new SweepRunner(spark()).run(sweep, SweepRunnerTest.options(brokenAtDepth3));
    // --retry-failed rewrites the files holding the 2 failed rows (a batch replacing them), then computes them
    assertEquals("tasks: total 12, skipped 10, computed 2, failed 0", new SweepRunner(spark()).run(sweep,
        SweepRunnerTest.options(new MeasuringEngine()).withRetryFailed(true)).line());
    ResultDir d = ResultStore.open(spark(), out.toString()).files();
    String rewritten = d.markers().values().stream().flatMap(m -> m.replaces().stream()).findFirst().orElseThrow();
    String original = ResultDir.batchOf(Path.of(rewritten).getFileName().toString());
    // damage the layers of a batch whose tasks file was rewritten: its tasks now live in the rewriting batch
    Path layersFile = tableFiles(out).keySet().stream().filter(p -> p.startsWith("layers/") && p.contains(original + "--"))
        .map(out::resolve).findFirst().orElseThrow();
    Files.delete(layersFile);
    assertEquals("missing", ResultCheck.verify(out.toString(), ResultCheck.Depth.FOOTERS).damage().get(0).kind());

    SweepSummary repaired = new SweepRunner(spark()).run(sweep, SweepRunnerTest.options(new MeasuringEngine()));
    assertTrue(repaired.computed() > 0, repaired.line());
    assertEquals(12, repaired.total());
    assertEquals(intactTasks, content(out, "tasks"));
    assertEquals(intactLayers, content(out, "layers"));
    assertTrue(ResultCheck.verify(out.toString(), ResultCheck.Depth.CHECKSUMS).clean());
  }

  @Test
  void batchesOfEarlierVersionsAreCheckedByTheirFooters() throws Exception {
    Path out = copy(base.resolve("intact"), tmp.resolve("legacy"));
    // markers as earlier versions wrote them: no list of files (an empty marker replaces nothing)
    try (Stream<Path> markers = Files.list(out.resolve("_commits"))) {
      for (Path m : markers.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        Files.writeString(m, "\n");
        // and without the Hadoop checksum of the marker's earlier text
        Files.deleteIfExists(m.resolveSibling("." + m.getFileName() + ".crc"));
      }
    }
    ResultCheck.Result intact = ResultCheck.verify(out.toString(), ResultCheck.Depth.CHECKSUMS);
    assertTrue(intact.clean(), intact.damage().toString());
    assertEquals(3, intact.batches());
    assertEquals(12 + 24, intact.rows(), "rows counted from the footers");
    assertEquals(intactTasks, content(out, "tasks"));
    String victim = tableFiles(out).keySet().stream().filter(p -> p.startsWith("layers/")).findFirst().orElseThrow();
    try (RandomAccessFile f = new RandomAccessFile(out.resolve(victim).toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    ResultCheck.Result truncated = ResultCheck.verify(out.toString(), ResultCheck.Depth.FOOTERS);
    assertEquals(1, truncated.damage().size(), truncated.damage().toString());
    assertEquals("unreadable", truncated.damage().get(0).kind());
    assertEquals(victim, truncated.damage().get(0).path());
    new SweepRunner(spark()).run(SweepRunnerTest.small(out), SweepRunnerTest.options(new MeasuringEngine()));
    assertEquals(intactTasks, content(out, "tasks"));
    assertEquals(intactLayers, content(out, "layers"));
    assertTrue(ResultCheck.verify(out.toString(), ResultCheck.Depth.CHECKSUMS).clean());
  }

  @Test
  void anUnreadableMarkerDropsItsBatch() throws Exception {
    Path out = copy(base.resolve("intact"), tmp.resolve("marker"));
    Path marker;
    try (Stream<Path> markers = Files.list(out.resolve("_commits"))) {
      marker = markers.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().findFirst().orElseThrow();
    }
    Files.writeString(marker, CommitMarker.HEADER + "\nfile\tgarbage\n");
    Files.deleteIfExists(marker.resolveSibling("." + marker.getFileName() + ".crc"));
    String[] verify = runCli("verify", "--results", out.toString());
    assertEquals("3", verify[0], verify[1] + verify[2]);
    assertTrue(verify[1].startsWith("unreadable _commits/" + marker.getFileName()), verify[1]);
    assertTrue(verify[1].contains("unexpected "), "its files are committed by no readable marker: " + verify[1]);
    String[] sql = runCli("sql", "--results", out.toString(), "--master", "local[1]", "SELECT count(*) FROM tasks");
    assertEquals("2", sql[0], sql[1] + sql[2]);
    new SweepRunner(spark()).run(SweepRunnerTest.small(out), SweepRunnerTest.options(new MeasuringEngine()));
    assertEquals(intactTasks, content(out, "tasks"));
    assertEquals(intactLayers, content(out, "layers"));
    assertTrue(ResultCheck.verify(out.toString(), ResultCheck.Depth.CHECKSUMS).clean());
  }

  /** The number of tasks of the intact sweep that batch {@code batch} holds. */
  static long tasksIn(String batch) {
    return ResultStore.open(spark(), base.resolve("intact").toString()).read("tasks")
        .where(org.apache.spark.sql.functions.col("_metadata.file_path").contains(batch + "--")).count();
  }
}
