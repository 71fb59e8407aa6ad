package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.data.FashionMnist;
import org.shattered.data.IdxFiles;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.TrainingAxes;
import org.shattered.train.TrainTask;
import org.shattered.train.Trainer;
import org.shattered.train.TrainingData;
import org.shattered.train.TrainingSweep;

/**
 * Training sweeps on local[2] Spark, on small IDX files the test writes: the rows equal what
 * {@link Trainer} gives in this process, and are bit-identical for two partitionings and after a
 * sweep killed before a commit and resumed.
 */
class TrainingSweepTest {
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("TrainingSweepTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * 4 families (resnet with batch norm, the others without, feedforward with both) x 2 depths x 2
   * seeds, width 6, 6 steps with checkpoints at 0, 3, 6: 20 tasks.
   */
  static SweepJob<TrainTask> job(Path data, Path out, String... sets) throws IOException {
    Path f = Files.createTempFile("train", ".conf");
    Files.writeString(f, "sweep { name = tiny, task = train, grid { architecture = [feedforward, resnet, looks-linear,"
        + " crelu], normalization = [none, batch], depth = [1, 3], width = [6], beta = [0.5], seed = 2 },"
        + " train { data-dir = \"" + data + "\", learning-rate = [0.05], steps = [6], batch-size = [16],"
        + " checkpoint-every = 3 },"
        + " exclude = [{architecture = resnet, normalization = none}, {architecture = [looks-linear, crelu],"
        + " normalization = batch}] }");
    TrainingAxes axes = TrainingAxes.read(SweepConfig.load(f, null, List.of(sets)), TrainingSweep.families())
        .withOutput(out.toString());
    return TrainingKind.job(axes, FashionMnist.read(data));
  }

  static SweepRunner.Options options() {
    return SweepRunner.Options.defaults(null, null);
  }

  /** Every row of {@code table}, without the columns of where and when it ran, sorted. */
  static List<String> rows(Path out, String table) {
    ResultStore store = ResultStore.open(spark, out.toString());
    List<String> drop = List.of("run_id", "finished_at", "project_version", "git_commit", "config_hash",
        "spark_version", "nd4j_version", "jvm", "host", "millis");
    var df = store.read(table);
    for (String c : drop) {
      if (Arrays.asList(df.columns()).contains(c)) {
        df = df.drop(c);
      }
    }
    List<String> out2 = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      out2.add(bits(r));
    }
    out2.sort(null);
    return out2;
  }

  /** A row as text with every double as its exact bits. */
  static String bits(Row r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      if (v instanceof Double d) {
        sb.append(Long.toHexString(Double.doubleToRawLongBits(d)));
      } else if (v instanceof scala.collection.Seq<?> seq) {
        scala.collection.Iterator<?> it = seq.iterator();
        while (it.hasNext()) {
          sb.append(Long.toHexString(Double.doubleToRawLongBits((Double) it.next()))).append(',');
        }
      } else {
        sb.append(v);
      }
      sb.append('|');
    }
    return sb.toString();
  }

  @Test
  void rowsAreBitIdenticalForTwoPartitioningsAndAfterAKilledAndResumedSweep() throws IOException {
    Path data = IdxFiles.dataset(Files.createDirectories(tmp.resolve("data")), 200, 150, 4, 4);
    Path a = tmp.resolve("a");
    SweepJob<TrainTask> one = job(data, a, "sweep.partitions-per-core=1", "sweep.batch-size=100");
    assertEquals(20, one.tasks().size());
    SweepSummary sa = new SweepRunner(spark).run(one, options());
    assertEquals(20, sa.computed());
    assertEquals(0, sa.failed());

    Path b = tmp.resolve("b");
    SweepJob<TrainTask> many = job(data, b, "sweep.partitions-per-core=5", "sweep.batch-size=3");
    // killed while committing its second batch: the marker was never written
    SweepSummary killed = new SweepRunner(spark).run(many, options(),
        new SweepRunner.Hooks(2, ResultStore.CrashPoint.BEFORE_MARKER));
    assertFalse(killed.complete());
    ResultStore store = ResultStore.open(spark, b.toString());
    long kept = store.statuses(TrainingSchema.TASKS).size();
    assertEquals(3, kept, "the first batch (3 tasks) is committed, the second is not");
    SweepSummary resumed = new SweepRunner(spark).run(many, options());
    assertEquals(3, resumed.skipped());
    assertEquals(17, resumed.computed());

    for (String table : TrainingSchema.TABLES) {
      List<String> ra = rows(a, table);
      assertEquals(ra, rows(b, table), table);
      assertTrue(table.equals(TrainingSchema.TASKS) ? ra.size() == 20 : ra.size() >= 40, table + ": " + ra.size());
    }
    assertTrue(ResultCheck.verify(b.toString(), ResultCheck.Depth.CHECKSUMS).clean());

    // the report recognizes a training directory and writes the trainability page
    Path page = tmp.resolve("page");
    var written = new org.shattered.report.ReportGenerator(spark).write(b.toString(), page, "SWEEP", "REPORT",
        tmp.resolve("aggregates").toUri().toString());
    List<String> names = written.figures().stream().map(f -> f.name()).toList();
    assertEquals(List.of("accuracy_vs_depth", "shattering_vs_accuracy", "looks_linear_vs_crelu", "learning_curves",
        "line_c1_vs_step"), names);
    String html = Files.readString(page.resolve("index.html"));
    assertTrue(html.contains("Spearman rho") && html.contains("partial rho given the gradient norm"), html);
    assertTrue(Files.isRegularFile(page.resolve("page.ipynb")));
  }

  @Test
  void aSweepRowHoldsWhatTheTrainerGivesInThisProcess() throws IOException {
    Path data = IdxFiles.dataset(Files.createDirectories(tmp.resolve("data")), 200, 150, 4, 4);
    Path out = tmp.resolve("out");
    SweepJob<TrainTask> job = job(data, out, "sweep.grid.architecture=[looks-linear]", "sweep.grid.depth=[3]",
        "sweep.grid.seed=[1]");
    assertEquals(1, job.tasks().size());
    new SweepRunner(spark).run(job, options());
    var expected = Trainer.run(job.tasks().get(0).spec(), TrainingData.of(FashionMnist.read(data)));
    Row task = ResultStore.open(spark, out.toString()).read(TrainingSchema.TASKS).first();
    assertEquals(expected.last().testAccuracy(), task.<Double>getAs("final_test_accuracy"));
    assertEquals(expected.initial().lineC1(), task.<Double>getAs("init_line_c1"));
    assertEquals(expected.initial().pairCosine(), task.<Double>getAs("init_pair_cosine"));
    assertEquals(expected.last().trainLoss(), task.<Double>getAs("final_train_loss"));
    List<Row> checkpoints = ResultStore.open(spark, out.toString()).read(TrainingSchema.CHECKPOINTS)
        .orderBy("step").collectAsList();
    assertEquals(expected.checkpoints().size(), checkpoints.size());
    for (int i = 0; i < checkpoints.size(); i++) {
      assertEquals(expected.checkpoints().get(i).step(), checkpoints.get(i).<Integer>getAs("step"));
      assertEquals(expected.checkpoints().get(i).testLoss(), checkpoints.get(i).<Double>getAs("test_loss"));
    }
  }
}
