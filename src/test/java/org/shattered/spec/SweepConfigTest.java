package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepConfigTest {
  @TempDir
  Path dir;

  private Path file(String text) throws IOException {
    Path f = dir.resolve("exp.conf");
    Files.writeString(f, text);
    return f;
  }

  private SweepSpec spec(String text, String... sets) throws IOException {
    return SweepConfig.sweepSpec(SweepConfig.load(file(text), null, List.of(sets)));
  }

  private SpecException bad(String text, String... sets) {
    return assertThrows(SpecException.class, () -> spec(text, sets));
  }

  @Test
  void expandsTheGridAndSkipsBetaForFeedforward() throws IOException {
    SweepSpec s = spec("sweep { name = t, grid { architecture = [feedforward, resnet], depth = [1, 8],"
        + " beta = [1.0, 0.5], seed = 3 } }");
    List<PlannedTask> tasks = s.grid().tasks();
    // feedforward: 2 depths x 3 seeds; resnet: 2 depths x 2 betas x 3 seeds
    assertEquals(6 + 12, tasks.size());
    assertTrue(tasks.stream().filter(t -> t.spec().architecture() == Architecture.FEEDFORWARD)
        .allMatch(t -> Double.isNaN(t.spec().beta()) && t.betaRule() == null));
    assertEquals(tasks.size(), tasks.stream().map(t -> t.spec().key()).distinct().count());
  }

  @Test
  void rangesGeometricSeriesSeedListsAndBetaRules() throws IOException {
    SweepSpec s = spec("sweep { name = t, grid { architecture = resnet, depth = {from = 1, to = 16, factor = 2},"
        + " width = {from = 10, to = 30, step = 10}, seed = [3, 7], beta = [\"1/sqrt(depth)\", 0.5] } }");
    assertEquals(List.of(1, 2, 4, 8, 16), s.axes().depth());
    assertEquals(List.of(10, 20, 30), s.axes().width());
    assertEquals(List.of(3L, 7L), s.axes().seed());
    PlannedTask t = s.grid().tasks().stream().filter(x -> x.spec().depth() == 16 && "1/sqrt(depth)".equals(x.betaRule()))
        .findFirst().orElseThrow();
    assertEquals(0.25, t.spec().beta(), 0);
  }

  @Test
  void onlyAndExcludeRules() throws IOException {
    SweepSpec s = spec("sweep { name = t, grid { architecture = [feedforward, resnet], depth = [1, 24, 50], seed = 2 },"
        + " only = [{architecture = feedforward, depth = [1, 24]}, {architecture = resnet, depth = 50}],"
        + " exclude = [{depth = 24, seed = 1}] }");
    Map<String, Integer> count = new TreeMap<>();
    s.grid().forEach(t -> count.merge(t.spec().architecture().configName() + t.spec().depth(), 1, Integer::sum));
    assertEquals(Map.of("feedforward1", 2, "feedforward24", 1, "resnet50", 2), count);
  }

  @Test
  void setOverridesTheFileAndSystemPropertiesOverrideTheFile() throws IOException {
    String text = "sweep { name = t, grid { depth = [1, 2] } }";
    assertEquals(List.of(1, 8, 24), spec(text, "sweep.grid.depth=[1,8,24]").axes().depth());
    System.setProperty("sweep.grid.width", "[7]");
    try {
      assertEquals(List.of(7), spec(text).axes().width());
      assertEquals(List.of(9), spec(text, "sweep.grid.width=[9]").axes().width());
    } finally {
      System.clearProperty("sweep.grid.width");
    }
  }

  @Test
  void theLaterOfTwoSetsOfOneKeyWinsInEitherOrder() throws IOException {
    String text = "sweep { name = t, grid { depth = [1, 2], seed = 2 } }";
    assertEquals(List.of(8L), spec(text, "sweep.grid.seed=[25]", "sweep.grid.seed=[8]").axes().seed());
    assertEquals(List.of(25L), spec(text, "sweep.grid.seed=[8]", "sweep.grid.seed=[25]").axes().seed());
    assertEquals(8, spec(text, "sweep.grid.seed=25", "sweep.grid.seed=8").axes().seed().size());
    assertEquals(25, spec(text, "sweep.grid.seed=8", "sweep.grid.seed=25").axes().seed().size());
    // an object value merges with the earlier one key by key; the later value of a shared key wins
    SweepSpec merged = spec(text, "sweep.grid={depth=[3], seed=4}", "sweep.grid.depth=[5]");
    assertEquals(List.of(5), merged.axes().depth());
    assertEquals(4, merged.axes().seed().size());
  }

  @Test
  void unknownKeySuggestsTheClosest() {
    SpecException e = bad("sweep { name = t, grid { dept = [1] } }");
    assertEquals("sweep.grid.dept", e.key());
    assertTrue(e.getMessage().contains("did you mean 'sweep.grid.depth'"), e.getMessage());
    assertTrue(e.getMessage().contains("exp.conf"), e.getMessage());
    SpecException top = bad("sweeps { name = t }");
    assertTrue(top.getMessage().contains("did you mean 'sweep'"), top.getMessage());
    SpecException set = bad("sweep { name = t }", "sweep.batchsize=3");
    assertTrue(set.getMessage().contains("sweep.batch-size"), set.getMessage());
  }

  @Test
  void sparkConfKeysMustBeNamedLikeSparksAndNotTheMaster() throws IOException {
    String base = "sweep { name = t, grid { architecture = [feedforward], depth = [1], width = [4], seed = 1 } }";
    SpecException notSpark = bad(base, "spark.conf.ui=false");
    assertEquals("spark.conf", notSpark.key());
    assertTrue(notSpark.getMessage().contains("'ui'"), notSpark.getMessage());
    SpecException master = bad(base, "spark.conf.\"spark.master\"=\"local[1]\"");
    assertTrue(master.getMessage().contains("spark.master"), master.getMessage());
    spec(base, "spark.conf.\"spark.app.name\"=x"); // named like Spark's: accepted
    spec(base, "spark.conf.spark.ui.enabled=false"); // unquoted path, the same key
  }

  @Test
  void wrongTypesEmptyAxesAndOutOfRangeValuesNameTheKey() {
    assertEquals("sweep.grid.depth", bad("sweep { grid { depth = [] } }").key());
    assertEquals("sweep.grid.depth", bad("sweep { grid { depth = [0, 3] } }").key());
    assertEquals("sweep.grid.depth", bad("sweep { grid { depth = [\"deep\"] } }").key());
    assertEquals("sweep.grid.depth", bad("sweep { grid { depth = [1.5] } }").key());
    assertEquals("sweep.grid.width", bad("sweep { grid { width = -1 } }").key());
    assertEquals("sweep.grid.architecture", bad("sweep { grid { architecture = [convnet] } }").key());
    assertTrue(bad("sweep { grid { architecture = [convnet] } }").getMessage().contains("looks-linear"));
    assertEquals("sweep.grid.beta", bad("sweep { grid { beta = [-1] } }").key());
    assertEquals("sweep.grid.beta", bad("sweep { grid { beta = [\"1/log(depth)\"] } }").key());
    assertEquals("sweep.grid.seed", bad("sweep { grid { seed = 0 } }").key());
    assertEquals("sweep.grid.points", bad("sweep { grid { points = [2] } }").key());
    assertEquals("sweep.max-lag", bad("sweep { grid { points = [16] } }").key());
    assertEquals("sweep.batch-size", bad("sweep { batch-size = \"many\" }").key());
    assertEquals("sweep.store-gradients", bad("sweep { store-gradients = 3 }").key());
    assertEquals("sweep.input-max", bad("sweep { input-max = -3 }").key());
    assertEquals("sweep.grid.depth.step", bad("sweep { grid { depth = {from = 1, to = 5, step = 0} } }").key());
    assertEquals("sweep.exclude[0].colour", bad("sweep { exclude = [{colour = red}] }").key());
    assertEquals("--set", bad("sweep { }", "no-equals-sign").key());
  }

  @Test
  void missingFileAndSyntaxErrors() throws IOException {
    SpecException missing = assertThrows(SpecException.class,
        () -> SweepConfig.load(dir.resolve("nope.conf"), null, List.of()));
    assertEquals("CONFIG", missing.key());
    assertEquals("CONFIG", bad("sweep { grid { depth = [1, } ").key());
  }

  @Test
  void theShippedExperimentsLoad() {
    for (String job : List.of("quick", "figure1", "depth", "theory", "coactivation", "looks-linear")) {
      Path f = Path.of("jobs", job + ".conf");
      SweepSpec s = SweepConfig.sweepSpec(SweepConfig.load(f, Path.of("conf", "local.conf"), List.of()));
      assertEquals(job, s.name());
      assertTrue(s.grid().tasks().size() > 0, job);
    }
  }

  @Test
  void hashChangesWithTheGridButNotTheOutput() throws IOException {
    String text = "sweep { name = t }";
    String h = spec(text).configHash();
    assertEquals(h, spec(text, "sweep.output=elsewhere").configHash());
    assertTrue(!h.equals(spec(text, "sweep.grid.depth=[3]").configHash()));
  }

  @Test
  void inputsAxisMultipliesOutTheDimensionForSphereOnly() throws IOException {
    SweepSpec s = spec("sweep { name = t, input-seed = 5, grid { inputs = [line, sphere], input-dim = [10, 100],"
        + " depth = [1, 2], seed = 2 } }");
    List<PlannedTask> tasks = s.grid().tasks();
    // line: 2 depths x 2 seeds (d = 1); sphere: 2 dims x 2 depths x 2 seeds
    assertEquals(4 + 8, tasks.size());
    assertTrue(tasks.stream().filter(t -> t.spec().inputKind() == InputKind.LINE)
        .allMatch(t -> t.spec().inputDim() == 1 && t.spec().inputSeed() == 0));
    assertTrue(tasks.stream().filter(t -> t.spec().sphere()).allMatch(t -> t.spec().inputSeed() == 5));
    assertEquals(List.of(10, 100), tasks.stream().filter(t -> t.spec().sphere()).map(t -> t.spec().inputDim())
        .distinct().toList());
    SweepSpec only = spec("sweep { name = t, grid { inputs = [line, sphere], input-dim = [10, 100] },"
        + " exclude = [{inputs = sphere, input-dim = 10}] }");
    assertEquals(4 + 4, only.grid().tasks().size());
    assertEquals(List.of(InputKind.LINE), spec("sweep { name = t }").axes().inputs());
  }

  @Test
  void badInputSettingsNameTheKey() {
    assertEquals("sweep.grid.input-dim", bad("sweep { grid { input-dim = [5] } }").key());
    assertTrue(bad("sweep { grid { input-dim = [5] } }").getMessage().contains("line inputs"));
    assertEquals("sweep.grid.input-dim", bad("sweep { grid { inputs = sphere } }").key());
    assertEquals("sweep.grid.input-dim", bad("sweep { grid { inputs = sphere, input-dim = [0] } }").key());
    assertEquals("sweep.grid.inputs", bad("sweep { grid { inputs = [cube] } }").key());
    assertEquals("sweep.input-seed", bad("sweep { input-seed = -1 }").key());
    assertEquals("sweep.input-seed", bad("sweep { input-seed = 1.5 }").key());
    assertEquals("sweep.grid.points", bad("sweep { grid { inputs = sphere, input-dim = 10, points = 2 } }").key());
  }

  @Test
  void pathDecompositionRefusesGridsWithTasksThatHaveNone() throws IOException {
    String grid = "sweep { name = t, path-decomposition = true, grid { architecture = [feedforward, resnet, looks-linear],"
        + " depth = [2] } }";
    SpecException e = bad(grid);
    assertEquals("sweep.path-decomposition", e.key());
    assertTrue(e.getMessage().contains("looks-linear") && e.getMessage().contains("exp.conf"), e.getMessage());
    // pruned away, the same grid is accepted and its settings name the option
    SweepSpec ok = spec(grid, "sweep.exclude=[{architecture = looks-linear}]");
    assertTrue(ok.pathDecomposition());
    assertTrue(ok.measurementSettings().endsWith(";path-decomposition=true"), ok.measurementSettings());
    SpecException through = bad("sweep { name = t, path-decomposition = true, grid { architecture = resnet,"
        + " normalization = [none, batch], gradient-mode = [frozen, through-batch] } }");
    assertTrue(through.getMessage().contains("through-batch"), through.getMessage());
    // through-batch without batch norm is the per-point derivative: accepted
    assertTrue(spec("sweep { name = t, path-decomposition = true, grid { architecture = resnet,"
        + " normalization = none, gradient-mode = through-batch } }").pathDecomposition());
    // off by default, and then the settings are those of directories written before the option
    SweepSpec off = spec("sweep { name = t, grid { architecture = looks-linear } }");
    assertTrue(!off.pathDecomposition() && !off.measurementSettings().contains("path"), off.measurementSettings());
  }
}
