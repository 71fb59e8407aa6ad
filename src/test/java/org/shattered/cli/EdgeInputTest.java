package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.cli.CommandLineTest.Run;
import org.shattered.testing.ReadOnly;

/**
 * Bad input at the edge, as a user meets it: each case is exit code 2, one line on standard error
 * naming the argument or key, nothing on standard output and nothing written. The cases that must
 * not start Spark (master, output, results, bounds, cost) are checked before it starts; the timing
 * (well under 3 s) is measured by hand, not asserted.
 */
class EdgeInputTest {
  @TempDir
  Path tmp;

  private static Run run(String... args) {
    return CommandLineTest.run(args);
  }

  private static void oneLine(Run r, String... named) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String n : named) {
      assertTrue(r.err().contains(n), "'" + n + "' not in: " + r.err());
    }
  }

  private Path conf(String text) throws IOException {
    Path c = tmp.resolve("exp-" + System.nanoTime() + ".conf");
    Files.writeString(c, text);
    return c;
  }

  private List<String> listing() throws IOException {
    try (var s = Files.walk(tmp)) {
      return s.map(p -> tmp.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void depthTenThousandIsRefusedByPlanSweepAndTask() throws IOException {
    Path c = conf("sweep { name = deep, grid { depth = [10000] } }\n");
    Path out = tmp.resolve("deep");
    for (Run r : List.of(run("plan", c.toString()), run("sweep", c.toString(), "--out", out.toString()))) {
      oneLine(r, "sweep.grid.depth", "depth 10000", "width 200", "points 256", "268,435,455");
      assertEquals("", r.out());
    }
    assertFalse(Files.exists(out));
    Run task = run("task", "--architecture", "feedforward", "--depth", "10000");
    oneLine(task, "--depth", "depth 10000", "width 200", "268,435,455");
    assertEquals("", task.out());
  }

  @Test
  void aBadMasterIsRefusedBeforeSpark() throws IOException {
    Path c = conf("sweep { name = m, grid { depth = [1], width = [8], points = [16] }, max-lag = 2 }\n");
    List<String> before = listing();
    oneLine(run("sweep", c.toString(), "--master", "spork://x", "--out", tmp.resolve("m").toString()),
        "--master", "spork://x", "local[N]", "spark://HOST:PORT");
    oneLine(run("sweep", c.toString(), "--set", "spark.master=\"local[two]\"", "--out", tmp.resolve("m").toString()),
        "spark.master", "local[two]");
    oneLine(run("sql", "--results", tmp.toString(), "--master", "yarn://x", "SELECT 1"), "--master");
    oneLine(run("report", "--results", tmp.toString(), "--master", "local[", "--out", tmp.resolve("r").toString()),
        "--master");
    assertEquals(before, listing(), "nothing written");
  }

  @Test
  void sparkAcceptsTheMastersWeAccept() {
    for (String ok : List.of("local", "local[4]", "local[*]", "local[2,3]", "local[*, 4]", "local-cluster[2,1,1024]",
        "spark://h:7077", "spark://a:7077,b.example.org:7078", "yarn", "k8s://https://k8s-api:6443", "k8s://host:443")) {
      assertTrue(Preflight.isMaster(ok), ok);
    }
    for (String bad : List.of("spork://x", "local[]", "local[x]", "spark://host", "spark://", "yarn-client", "",
        "mesos://h:5050", "k8s://")) {
      assertFalse(Preflight.isMaster(bad), bad);
    }
  }

  @Test
  @SuppressWarnings("try") // the read-only tree is a resource held for its effect
  void anUnusableOutIsRefusedBeforeSpark() throws Exception {
    Path c = conf("sweep { name = o, grid { depth = [1], width = [8], points = [16] }, max-lag = 2 }\n");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    oneLine(run("sweep", c.toString(), "--out", file.toString()), "--out", "names a file");
    oneLine(run("sweep", c.toString(), "--out", file.resolve("sub").toString()), "--out", "is a file");
    Path ro = Files.createDirectories(tmp.resolve("read-only"));
    Path results = Files.createDirectories(tmp.resolve("results/tasks/architecture=resnet"));
    Files.writeString(results.resolve("b1--part-0.parquet"), "not checked before Spark");
    List<String> before = listing();
    try (ReadOnly r = ReadOnly.make(ro)) {
      oneLine(run("sweep", c.toString(), "--out", ro.resolve("results").toString()), "--out", "can write");
      oneLine(run("sweep", c.toString(), "--out", ro.toString()), "--out", "can write");
      oneLine(run("report", "--results", tmp.resolve("results").toString(), "--out", ro.resolve("page").toString()),
          "--out", "can write");
    }
    assertEquals(before, listing(), "nothing written");
    assertEquals("x", Files.readString(file));
  }

  @Test
  void missingResultsAreRefusedBeforeSpark() throws IOException {
    List<String> before = listing();
    Path missing = tmp.resolve("missing");
    oneLine(run("sql", "--results", missing.toString(), "SELECT 1"), "--results", "missing");
    oneLine(run("report", "--results", missing.toString(), "--out", tmp.resolve("page").toString()), "--results");
    Files.createDirectories(tmp.resolve("empty/tasks/architecture=resnet"));
    oneLine(run("sql", "--results", tmp.resolve("empty").toString(), "SELECT 1"), "--results", "empty");
    assertEquals(before.size() + 3, listing().size(), "only the directories this test made");
  }

  @Test
  void reportReplaceWithBadResultsLeavesTheEarlierReportIntact() throws IOException {
    Path page = Files.createDirectories(tmp.resolve("export/page"));
    Files.writeString(page.resolve("index.html"), "the earlier report");
    Files.writeString(page.resolve("fig.png"), "png");
    oneLine(run("report", "--results", tmp.resolve("missing").toString(), "--out", page.toString(), "--replace"),
        "--results");
    assertEquals("the earlier report", Files.readString(page.resolve("index.html")));
    assertEquals("png", Files.readString(page.resolve("fig.png")));
    try (var s = Files.list(tmp.resolve("export"))) {
      assertEquals(List.of("page"), s.map(p -> p.getFileName().toString()).toList(), "no sibling left");
    }
  }

  @Test
  void anExpensiveGridIsRefusedWithoutYesAndPlanWarns() throws IOException {
    // 4 tasks of about 2 ms each are far above a limit of 1e-9 hours
    Path c = conf("sweep { name = costly, grid { depth = [1, 2], width = [8], points = [16], seed = 2 },"
        + " max-lag = 2, max-estimated-hours = 1e-9 }\nspark.master = \"local[1]\"\n");
    Path out = tmp.resolve("costly");
    Run refused = run("sweep", c.toString(), "--out", out.toString());
    oneLine(refused, "sweep.max-estimated-hours", "--yes", "on 1 core ");
    assertEquals("", refused.out());
    assertFalse(Files.exists(out));
    Run plan = run("plan", c.toString());
    assertEquals(0, plan.code(), plan.err());
    assertTrue(plan.out().contains("WARNING: estimated") && plan.out().contains("--yes"), plan.out());
    Run cheap = run("plan", c.toString(), "--set", "sweep.max-estimated-hours=24");
    assertFalse(cheap.out().contains("WARNING"), cheap.out());
    oneLine(run("plan", c.toString(), "--set", "sweep.max-estimated-hours=0"), "sweep.max-estimated-hours", "> 0");

    Run yes = run("sweep", c.toString(), "--out", out.toString(), "--yes");
    assertEquals(0, yes.code(), yes.err());
    assertTrue(yes.out().contains("tasks: total 4, skipped 0, computed 4, failed 0"), yes.out());
    // a misspelled column: one line with Spark's suggestions, no plan
    Run sql = run("sql", "--results", out.toString(), "--master", "local[1]", "SELECT acf_lg1 FROM tasks");
    oneLine(sql, "QUERY", "acf_lg1", "acf_lag1");
    assertFalse(sql.err().contains("Project"), sql.err());
  }

  @Test
  void aSparkSettingSparkRejectsIsOneLineAndNothingIsWritten() throws IOException {
    Path c = conf("sweep { name = bad-spark, grid { depth = [1], width = [8], points = [16] }, max-lag = 2 }\n"
        + "spark { master = \"local[1]\", conf { \"spark.sql.shuffle.partitions\" = \"abc\" } }\n");
    Path out = tmp.resolve("bad-spark");
    Run r = run("sweep", c.toString(), "--out", out.toString());
    oneLine(r, "spark", "spark.sql.shuffle.partitions", "abc");
    assertFalse(Files.exists(out));
  }

  @Test
  void aMissingIncludeAndADuplicateKeyAreOneLineNamingFileAndKey() throws IOException {
    Path c = conf("include \"commn.conf\"\nsweep.name = x\n");
    oneLine(run("plan", c.toString()), "CONFIG", "commn.conf");
    Path d = conf("sweep.name = x\nsweep.grid.depth = [1]\nsweep.grid.depth = [2]\n");
    oneLine(run("plan", d.toString()), "sweep.grid.depth", d.getFileName().toString(), "lines 2 and 3");
  }
}
