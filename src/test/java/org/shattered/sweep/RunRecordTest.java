package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.report.RunHistory;
import org.shattered.spec.SpecException;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;

/**
 * Provenance of a sweep: each run keeps its record (command line, build, machine, versions,
 * resolved configuration) in DIR/_runs, resumed runs add theirs, and every Parquet file carries
 * the sweep's key facts in its footer and INT64 microsecond timestamps.
 */
class RunRecordTest {
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    // the project's own session settings (reference.conf), as the command line makes them
    spark = SparkSessions.create(ConfigFactory.defaultReference().resolve(), "local[1]", "sweep small");
  }

  @AfterAll
  static void stop() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private Config config(Path out, List<String> sets) throws IOException {
    Path f = tmp.resolve("small.conf");
    Files.writeString(f, "sweep { name = small, grid { architecture = [feedforward, resnet], depth = [1, 2],"
        + " width = [8], seed = 2, points = [20] }, max-lag = 4, batch-size = 3 }");
    return SweepConfig.load(f, null, sets).withValue("sweep.output",
        com.typesafe.config.ConfigValueFactory.fromAnyRef(out.toString()));
  }

  private void sweep(Path out, String... sets) throws IOException {
    Config c = config(out, List.of(sets));
    SweepSpec s = SweepConfig.sweepSpec(c);
    List<String> args = Stream.concat(Stream.of("sweep", "small.conf"),
        Stream.of(sets).flatMap(x -> Stream.of("--set", x))).toList();
    new SweepRunner(spark, RunRecord.of(args, c, spark)).run(s, SweepRunner.Options.defaults(new MeasuringEngine(), null));
  }

  @Test
  void everyRunIsRecordedAndTheFilesSayWhatTheyHold() throws Exception {
    Path out = tmp.resolve("out");
    sweep(out, "sweep.grid.seed=2");
    // run ids are start times in milliseconds: the second run starts after the first has ended
    sweep(out, "sweep.grid.seed=3", "sweep.grid.depth=[1, 2]");

    List<Path> runs;
    try (Stream<Path> s = Files.list(out.resolve("_runs"))) {
      runs = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList(); // not Hadoop's .crc
    }
    assertEquals(2, runs.size(), runs.toString());
    Config first = ConfigFactory.parseFile(runs.get(0).toFile()).resolve();
    Config second = ConfigFactory.parseFile(runs.get(1).toFile()).resolve();
    assertEquals("jobs/shattered sweep small.conf --set sweep.grid.seed=2", first.getString("run.command"));
    assertEquals("jobs/shattered sweep small.conf --set sweep.grid.seed=3 --set 'sweep.grid.depth=[1, 2]'",
        second.getString("run.command"));
    assertEquals(8, first.getInt("run.tasks.planned"));
    assertEquals(0, first.getInt("run.tasks.already-present"));
    assertEquals(12, second.getInt("run.tasks.planned"));
    assertEquals(8, second.getInt("run.tasks.already-present"));
    assertEquals(3, second.getInt("sweep.grid.seed"), "the resolved configuration of that run");
    assertEquals(out.toString(), second.getString("sweep.output"));
    assertEquals(spark.version(), first.getString("run.versions.spark"));
    assertEquals(Runtime.getRuntime().availableProcessors(), first.getInt("run.machine.cores"));
    assertFalse(first.getString("run.machine.cpu").isBlank());
    assertEquals("shattered sweep small", first.getString("run.spark.app-name"));

    List<String> lines = RunHistory.read(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration()).sweepLines();
    assertEquals(List.of("# 2 commands ran into this directory, in this order (see the runs below)",
        first.getString("run.command"), second.getString("run.command")), lines.stream()
        .filter(l -> !l.startsWith("# built from uncommitted")).toList());

    List<Path> files;
    try (Stream<Path> s = Files.walk(out.resolve("tasks"))) {
      files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))) {
        Map<String, String> kv = r.getFooter().getFileMetaData().getKeyValueMetaData();
        assertEquals("small", kv.get("shattered.sweep"), f.toString());
        assertEquals("engine=3;input-min=-2.0;input-max=2.0;max-lag=4;store-gradients=false".replace("engine=3",
            "engine=" + org.shattered.spec.TaskKey.ENGINE_VERSION), kv.get("shattered.settings"));
        assertTrue(kv.get("shattered.command").startsWith("jobs/shattered sweep small.conf"), kv.toString());
        Config sweepConf = ConfigFactory.parseString(kv.get("shattered.sweep_conf"));
        assertEquals(List.of(1, 2), sweepConf.getIntList("grid.depth"));
        assertTrue(kv.containsKey("org.apache.spark.sql.parquet.row.metadata"), "Spark's own schema is kept");
        MessageType schema = r.getFooter().getFileMetaData().getSchema();
        PrimitiveType finished = schema.getType("finished_at").asPrimitiveType();
        assertEquals(PrimitiveType.PrimitiveTypeName.INT64, finished.getPrimitiveTypeName());
        assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
            finished.getLogicalTypeAnnotation());
      }
    }
  }

  @Test
  void aRefusedDirectoryGetsNoRecord() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(out.resolve("notes.txt"), "not a sweep");
    assertThrows(SpecException.class, () -> sweep(out, "sweep.grid.seed=2"));
    assertFalse(Files.exists(out.resolve("_runs")));
  }

  @Test
  void commandLinesAreQuotedForTheShell() {
    assertEquals("jobs/shattered sweep jobs/depth.conf --set 'sweep.grid.depth=[1,8]' --set 'x=it'\\''s' --out /tmp/a",
        RunRecord.Shell.join("jobs/shattered", List.of("sweep", "jobs/depth.conf", "--set", "sweep.grid.depth=[1,8]",
            "--set", "x=it's", "--out", "/tmp/a")));
  }

  @Test
  void aSweepRunThroughJobsSubmitRecordsTheSubmitCommand() {
    List<String> made = List.of("sweep", "/abs/jobs/quick.conf", "--profile", "/abs/conf/cluster.conf");
    assertEquals("jobs/submit jobs/quick.conf --conf spark.app.name=x",
        RunRecord.commandLine(made, "jobs/submit jobs/quick.conf --conf spark.app.name=x\n"));
    assertTrue(RunRecord.commandLine(made, null).endsWith(" sweep /abs/jobs/quick.conf --profile /abs/conf/cluster.conf"),
        "without jobs/submit, the launcher and the arguments");
    assertEquals(RunRecord.commandLine(made, null), RunRecord.commandLine(made, " "));
  }
}
