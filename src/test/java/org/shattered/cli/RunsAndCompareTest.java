package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs} and {@code compare} read results only: their answers against the run records and an
 * independent query, and the results directories byte-identical afterwards; bad input is one line, exit 2.
 */
class RunsAndCompareTest {

  @TempDir
  static Path tmp;

  static Path a;
  static Path b;

  private static void sweep(Path out, String depths, int seeds) throws IOException {
    Path conf = tmp.resolve(out.getFileName() + "-" + depths.replace(",", "_") + ".conf");
    Files.writeString(conf, "sweep { name = tiny, grid { architecture = [feedforward, resnet], depth = [" + depths
        + "], width = [8], seed = " + seeds + ", points = [32] }, max-lag = 4 }\nspark.master = \"local[2]\"\n"
        + "spark.conf { \"spark.ui.enabled\" = false }");
    SqlCommandTest.Run r = SqlCommandTest.run("sweep", conf.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
  }

  @BeforeAll
  static void sweeps() throws IOException {
    a = tmp.resolve("a");
    b = tmp.resolve("b");
    sweep(a, "1, 2", 3);
    sweep(a, "1, 2, 4", 3); // a second run extends the grid
    sweep(b, "1, 2, 4", 4);
  }

  @Test
  void runsListsEachRunWithItsCommittedTasksAndWritesNothing() throws IOException {
    Map<String, String> before = SqlCommandTest.hashes(a);
    SqlCommandTest.Run r = SqlCommandTest.run("runs", "--results", a.toString(), b.toString(), "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertEquals(before, SqlCommandTest.hashes(a), "runs writes nothing into the results directory");
    List<String> lines = r.out().lines().toList();
    assertEquals(String.join(",", RunsCommand.COLUMNS), lines.get(0));
    assertEquals(4, lines.size(), r.out());
    List<String> records;
    try (var s = Files.list(a.resolve("_runs"))) {
      records = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf") && !n.startsWith("."))
          .sorted().map(n -> n.replace(".conf", "")).toList();
    }
    assertEquals(2, records.size());
    // first run: 2 architectures x 2 depths x 3 seeds, all committed; second: the 6 of depth 4, 12 present
    String[] first = lines.get(1).split(",", -1);
    String[] second = lines.get(2).split(",", -1);
    assertEquals(records.get(0), first[1]);
    assertEquals(List.of("12", "0", "12", "12", "0", "complete"), List.of(first).subList(7, 13));
    assertEquals(records.get(1), second[1]);
    assertEquals(List.of("18", "12", "6", "6", "0", "complete"), List.of(second).subList(7, 13));
    assertTrue(second[3].contains("sweep") && second[3].contains("--out"), second[3]);
    assertEquals("6", first[6], "the engine version of the record");
    String[] third = lines.get(3).split(",", -1);
    assertEquals(b.toString(), third[0]);
    assertEquals(List.of("24", "0", "24", "24", "0", "complete"), List.of(third).subList(7, 13));

    SqlCommandTest.Run missing = SqlCommandTest.run("runs", "--results", tmp.resolve("nope").toString());
    assertEquals(2, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("--results"), missing.err());
  }

  @Test
  void statusSaysWhatIsMissingOrFailed() {
    assertEquals("complete", RunsCommand.status(10L, 4L, 6, 6));
    assertEquals("2 failed", RunsCommand.status(10L, 4L, 6, 4));
    assertEquals("incomplete: 3 of 10 planned not committed", RunsCommand.status(10L, 4L, 3, 3));
    assertEquals("complete", RunsCommand.status(null, null, 3, 3));
  }

  @Test
  void compareWritesAPageOfBothSweepsWithTheirNumbersAndReadsOnly() throws IOException {
    Map<String, String> beforeA = SqlCommandTest.hashes(a);
    Map<String, String> beforeB = SqlCommandTest.hashes(b);
    Path out = tmp.resolve("cmp");
    SqlCommandTest.Run r = SqlCommandTest.run("compare", a.toString(), b.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(beforeA, SqlCommandTest.hashes(a));
    assertEquals(beforeB, SqlCommandTest.hashes(b));
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("<h2>Findings</h2>") && html.contains("<section id=\"compare_acf_lag1\">"), html);
    assertTrue(html.contains("<a href=\"cmp.ipynb\">") && Files.exists(out.resolve("cmp.ipynb")));
    // the CSV's means against the same average computed by sql
    List<String> csv = Files.readAllLines(out.resolve("compare_acf_lag1.csv"));
    List<String> cols = List.of(csv.get(0).split(","));
    // the group column is quoted (its label has commas): the cells after it, the group's first cell empty
    String[] v = csv.stream().filter(l -> l.matches("^\"?resnet[^\"]*\"?,4,.*")).findFirst().orElseThrow()
        .replaceFirst("^\"[^\"]*\"", "").split(",", -1);
    SqlCommandTest.Run q = SqlCommandTest.run("sql", "--results", b.toString(), "--format", "csv",
        "SELECT avg(acf_lag1) AS m, count(*) AS n FROM tasks WHERE architecture = 'resnet' AND depth = 4");
    String[] expected = q.out().lines().toList().get(1).split(",");
    assertEquals(Double.parseDouble(expected[0]), Double.parseDouble(v[cols.indexOf("mean_b")]), 1e-12);
    assertEquals(expected[1], v[cols.indexOf("n_b")]);
    assertEquals("3", v[cols.indexOf("n_a")]);
    double diff = Double.parseDouble(v[cols.indexOf("mean_b")]) - Double.parseDouble(v[cols.indexOf("mean_a")]);
    assertEquals(diff, Double.parseDouble(v[cols.indexOf("b_minus_a")]), 1e-12);

    Path refused = tmp.resolve("cmp2");
    SqlCommandTest.Run bad = SqlCommandTest.run("compare", a.toString(), tmp.resolve("nope").toString(), "--out",
        refused.toString());
    assertEquals(2, bad.code());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertFalse(Files.exists(refused), "nothing written on bad input");
  }
}
