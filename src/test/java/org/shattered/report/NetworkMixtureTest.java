package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.spec.SpecException;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.SweepRunner;

/**
 * The standard report refuses results that would average different networks into one curve (a sweep
 * over activations that is not a phase diagram: before this check, ReLU and tanh tasks were one curve
 * of 8 "seeds"), writing nothing; results of one non-ReLU activation get their measured curves and no
 * ReLU theory figures.
 */
class NetworkMixtureTest {
  @TempDir
  static Path tmp;

  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("network-mixture-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Path sweep(String name, String... sets) {
    Path results = tmp.resolve(name);
    List<String> all = new ArrayList<>(List.of("sweep.grid.architecture=[feedforward]",
        "sweep.grid.normalization=[none]", "sweep.grid.depth=[2,4]", "sweep.grid.width=[16]",
        "sweep.grid.points=[32]", "sweep.grid.inputs=[sphere]", "sweep.grid.input-dim=[10]", "sweep.grid.seed=2", "sweep.max-lag=8"));
    all.addAll(List.of(sets));
    SweepSpec spec = SweepConfig.sweepSpec(SweepConfig.load(Path.of("jobs", "quick.conf"), null, all))
        .withOutput(results.toString());
    new SweepRunner(spark).run(spec, SweepRunner.Options.defaults(new MeasuringEngine(), null));
    return results;
  }

  @Test
  void mixedActivationsInOneCurveAreRefusedAndNothingIsWritten() {
    Path results = sweep("mixed", "sweep.grid.activation=[relu, tanh]");
    Path out = tmp.resolve("mixed-export");
    SpecException e = assertThrows(SpecException.class, () -> new ReportGenerator(spark).write(results.toString(),
        out, null, "report (test)", tmp.resolve("mixed-aggregates").toUri().toString()));
    assertTrue(e.getMessage().startsWith("--results: "), e.getMessage());
    assertTrue(e.getMessage().contains("activation [relu, tanh]"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void mixedBiasVariancesToo() {
    Path results = sweep("biases", "sweep.grid.bias-variance=[0.0, 0.1]");
    SpecException e = assertThrows(SpecException.class, () -> new ReportGenerator(spark).write(results.toString(),
        tmp.resolve("biases-export"), null, "report (test)", tmp.resolve("biases-aggregates").toUri().toString()));
    assertTrue(e.getMessage().contains("bias_variance [0.0, 0.1]"), e.getMessage());
  }

  @Test
  void oneNonReluActivationGetsItsCurvesWithoutReluTheory() {
    Path results = sweep("tanh", "sweep.grid.activation=[tanh]");
    ReportGenerator.Written w = new ReportGenerator(spark).write(results.toString(), tmp.resolve("tanh-export"), null,
        "report (test)", tmp.resolve("tanh-aggregates").toUri().toString());
    List<String> names = w.figures().stream().map(Figure::name).toList();
    assertFalse(names.isEmpty());
    assertTrue(names.stream().noneMatch(n -> n.startsWith("theory")), names.toString());
    Path relu = sweep("relu");
    List<String> reluNames = new ReportGenerator(spark).write(relu.toString(), tmp.resolve("relu-export"), null,
        "report (test)", tmp.resolve("relu-aggregates").toUri().toString()).figures().stream().map(Figure::name).toList();
    assertTrue(reluNames.stream().anyMatch(n -> n.startsWith("theory")), "the same sweep with ReLU has them: " + reluNames);
  }
}
