package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every figure has its SVG file, or its page says why not: an SVG over the report's size limit is not
 * written and the page's file line names its size, the limit and the cause in place of the link.
 */
class SvgFileTest {
  @TempDir
  Path tmp;

  /** A figure of one heat map (drawn into the SVG as a raster image) of a random 64 x 64 matrix. */
  private static Figure heatMapFigure() {
    SplittableRandom r = new SplittableRandom(1);
    double[][] m = new double[64][64];
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 2 * r.nextDouble() - 1;
      }
    }
    Canvas c = new Canvas(List.of(new Canvas.Panel(Charts.heatMap("matrix", "index", m), true)), 1, 300, 260);
    return new Figure("matrix", "A matrix", "caption", "SELECT 1", new Table(List.of("x"), List.of(List.of(1))), c,
        true, "None");
  }

  @Test
  void anSvgWithinTheLimitIsWrittenAndLinked() throws Exception {
    Figure f = heatMapFigure();
    List<Path> files = new ArrayList<>();
    assertNull(ReportGenerator.writeSvg(f, tmp, ReportGenerator.MAX_SVG_CHARS, files));
    Path svg = tmp.resolve("matrix.svg");
    assertEquals(List.of(svg), files);
    assertEquals(f.canvas().svg(), Files.readString(svg));
    assertEquals("<p>Files: <a href=\"matrix.png\">PNG</a> · <a href=\"matrix.svg\">SVG</a> · "
        + "<a href=\"matrix.csv\">CSV</a></p>\n", HtmlPage.files(f, null));
  }

  @Test
  void anSvgOverTheLimitIsNotWrittenAndThePageSaysWhy() throws Exception {
    Figure f = heatMapFigure();
    int chars = f.canvas().svg().length();
    int limit = chars / 2; // a limit this SVG is over, as figure 1's 1.4 MB SVG is over the report's 1 MB
    List<Path> files = new ArrayList<>();
    String why = ReportGenerator.writeSvg(f, tmp, limit, files);
    assertEquals(List.of(), files);
    assertFalse(Files.exists(tmp.resolve("matrix.svg")));
    assertEquals(String.format(java.util.Locale.ROOT, "its SVG would be %.1f MB, over the report's limit of %.1f MB"
        + " for one SVG file (its heat maps are raster images inside the SVG); the PNG shows the same figure",
        chars / 1e6, limit / 1e6), why);
    String line = HtmlPage.files(f, why);
    assertFalse(line.contains("matrix.svg"), line);
    assertTrue(line.contains("<a href=\"matrix.png\">PNG</a> · no SVG: its SVG would be "), line);
    assertTrue(line.endsWith(" · <a href=\"matrix.csv\">CSV</a></p>\n"), line);
  }
}
