package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.cli.Main;

/** {@code shattered report} on a missing or empty results directory: exit 2, one clear line, nothing written. */
class ReportCommandTest {

  @TempDir
  Path tmp;

  @Test
  void emptyAndMissingResultsExitWithTwo() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (Path dir : new Path[] {empty, tmp.resolve("missing")}) {
      Path out = tmp.resolve("out-" + dir.getFileName());
      PrintStream saved = System.err;
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try {
        System.setErr(new PrintStream(err, true));
        code = Main.execute("report", "--results", dir.toString(), "--out", out.toString(), "--master", "local[1]");
      } finally {
        System.setErr(saved);
      }
      assertEquals(Main.BAD_INPUT, code, err.toString());
      assertTrue(err.toString().contains("--results") && err.toString().contains("no tasks table"), err.toString());
      assertFalse(Files.exists(out));
    }
  }

  @Test
  void anEarlierReportIsNotOverwrittenWithoutReplace() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("earlier"));
    Files.writeString(out.resolve("index.html"), "an earlier report");
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true));
      code = Main.execute("report", "--results", tmp.resolve("missing").toString(), "--out", out.toString());
    } finally {
      System.setErr(saved);
    }
    assertEquals(Main.BAD_INPUT, code, err.toString());
    assertTrue(err.toString().contains("--out") && err.toString().contains("--replace"), err.toString());
    assertEquals("an earlier report", Files.readString(out.resolve("index.html")));
  }
}
