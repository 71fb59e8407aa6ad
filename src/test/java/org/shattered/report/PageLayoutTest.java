package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** The page's layout pieces: powers-of-ten log ticks, the findings as wrapped HTML, the cropped charts. */
class PageLayoutTest {

  @Test
  void powersOfTenAreLabelledWithSuperscriptExponents() {
    assertEquals("10⁻³", Charts.PowerOfTen.label(1e-3));
    assertEquals("10⁰", Charts.PowerOfTen.label(1));
    assertEquals("10¹²", Charts.PowerOfTen.label(1e12));
    assertEquals("10⁻¹", Charts.PowerOfTen.label(0.1000000001));
  }

  /** The tick labels of a chart's y axis, as drawn (laid out on a real image). */
  @SuppressWarnings("unchecked")
  private static List<String> ticks(LogAxis axis) {
    BufferedImage img = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    List<String> out = new ArrayList<>();
    for (Object t : axis.refreshTicks(g, new AxisState(), new java.awt.geom.Rectangle2D.Double(50, 10, 500, 350),
        RectangleEdge.LEFT)) {
      String s = ((org.jfree.chart.axis.Tick) t).getText();
      if (t instanceof org.jfree.chart.axis.LogTick lt && lt.getAttributedLabel() != null) {
        java.text.AttributedCharacterIterator it = lt.getAttributedLabel().getIterator();
        StringBuilder sb = new StringBuilder();
        for (char ch = it.first(); ch != java.text.CharacterIterator.DONE; ch = it.next()) {
          sb.append(ch);
        }
        s = sb.toString();
      }
      if (s != null && !s.isEmpty()) {
        out.add(s);
      }
    }
    g.dispose();
    return out;
  }

  @Test
  void logAxesOverDecadesTickAtPowersOfTenAndNeverInENotation() {
    // a curve from 1 down to 1e-6: every decade labelled 10^-k
    double[] x = {1, 2, 4, 8, 16, 32, 64};
    double[] y = {1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    JFreeChart c = Charts.lines("t", "depth", "corr", List.of(new Charts.Curve("a", x, y, null, null, false, 0)),
        new Charts.Axes(true, true, x));
    LogAxis axis = (LogAxis) c.getXYPlot().getRangeAxis();
    axis.setRange(2.5e-7, 1.2);
    List<String> labels = ticks(axis);
    assertEquals(List.of("10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"), labels);
    // less than two decades: decimals, no exponent notation
    LogAxis narrow = Charts.logAxis("corr", 0.05);
    narrow.setRange(0.05, 1);
    assertEquals(List.of("0.05", "0.1", "0.2", "0.5", "1"), ticks(narrow), "round decimals");
    LogAxis oneDecade = Charts.logAxis("corr", 0.12);
    oneDecade.setRange(0.12, 0.8);
    assertEquals(List.of("0.15", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"), ticks(oneDecade));
    // built for 1 down to 0.005 but drawn over 0.02-0.9: one power of ten inside, so round decimals instead
    LogAxis shown = Charts.logAxis("corr", 0.005);
    shown.setRange(0.02, 0.9);
    assertEquals(List.of("0.02", "0.05", "0.1", "0.2", "0.5"), ticks(shown));
    // 11 decades: every second power of ten, at most 10 labels
    LogAxis wide = Charts.logAxis("corr", 1e-12);
    wide.setRange(3e-12, 0.5);
    assertEquals(List.of("10⁻¹⁰", "10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²"), ticks(wide));
    // a range too short for 1, 1.5, 2, 3 ...: every 0.1 x 10^k
    LogAxis tight = Charts.logAxis("corr", 0.3);
    tight.setRange(0.31, 0.36);
    assertEquals(List.of("0.31", "0.32", "0.33", "0.34", "0.35", "0.36"), ticks(tight));
  }

  @Test
  void findingsAreAListOfSentencesAndATable() {
    PageFindings f = PageFindings.of("Intro.", List.of(new PageFindings.Item("resnet <b>", List.of("The data follow x.",
        "At L = 8, r = 0.5 ± 0.1."))), "All depths", new Table(List.of("L", "r"), List.of(List.of(8, "0.5 ± 0.1"))));
    String h = f.html();
    assertTrue(h.startsWith("<p>Intro.</p>\n<ul class=\"findings\">"), h);
    assertTrue(h.contains("<b>resnet &lt;b&gt;</b>: The data follow x.<ul><li>At L = 8, r = 0.5 ± 0.1.</li></ul>"), h);
    assertTrue(h.contains("<summary>All depths</summary>") && h.contains("<td>0.5 ± 0.1</td>"), h);
    assertFalse(h.contains("<pre>"));
    assertEquals(List.of("The closed form: within 3 at 6 of 6 (rms z = 1.2).", "The data follow it."),
        PageFindings.sentences("The closed form: within 3 at 6 of 6 (rms z = 1.2). The data follow it. "));
    PageFindings text = PageFindings.text("family a:\n  L=1 x\n  L=2 y\n\nnoise: c_1 = 1\n");
    assertEquals(List.of(new PageFindings.Item("family a", List.of("L=1 x", "L=2 y")),
        new PageFindings.Item("", List.of("noise: c_1 = 1"))), text.items());
  }

  @Test
  void eachChartOfACanvasIsCroppedIntoItsOwnBox() {
    JFreeChart chart = Charts.lines("t", "x", "y", List.of(new Charts.Curve("a", new double[] {1, 2},
        new double[] {1, 2}, null, null, false, 0)), false);
    Canvas canvas = new Canvas(List.of(new Canvas.Panel(chart, false), new Canvas.Panel(chart, false),
        new Canvas.Panel(chart, false)), 2, 500, 400);
    Figure f = new Figure("fig", "Title", "", "", new Table(List.of(), List.of()), canvas, true, "None");
    String h = HtmlPage.image(f, "fig.svg");
    assertEquals(3, h.split("<img ").length - 1);
    assertTrue(h.contains("style=\"width:200%;left:-100%;top:-0%\""), "second chart: right half of the first row");
    assertTrue(h.contains("style=\"width:200%;left:-0%;top:-100%\""), "third chart: left of the second row");
    assertTrue(h.contains("max-width:1000px;min-width:350px"), h);
    assertEquals(Charts.TICK_FONT, chart.getXYPlot().getRangeAxis().getTickLabelFont(), "the canvas sets the fonts");
    assertEquals(null, canvas.narrow(), "500 px charts fit a 400 px window as they are");
    String svg = canvas.svg();
    assertEquals(svg, canvas.svg(), "the same figure gives the same SVG (no clock in its ids)");
    assertTrue(svg.contains("id='shattered-clip-0'"), svg.substring(0, 400));
  }

  @Test
  void wideChartsAreDrawnAgainNarrowForAPhone() {
    List<Charts.Curve> curves = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      curves.add(new Charts.Curve("a rather long legend entry number " + k, new double[] {1, 2}, new double[] {1, 2 + k},
          null, null, false, k));
    }
    JFreeChart chart = Charts.lines("t", "x", "y", curves, false);
    Canvas wide = new Canvas(List.of(new Canvas.Panel(chart, false), new Canvas.Panel(chart, false)), 2, 1000, 500);
    Canvas narrow = wide.narrow();
    assertEquals(1, narrow.columns());
    assertEquals(Canvas.NARROW_WIDTH, narrow.panelWidth());
    // six entries of about 230 px: one a row at 420 px (two rows at 1000 px)
    assertEquals(6, Canvas.legendRows(chart, Canvas.NARROW_WIDTH - 20));
    assertEquals(2, Canvas.legendRows(chart, 980), () -> chart.getPlot().getLegendItems().getItemCount() + " items, "
        + new BufferedImage(1, 1, 1).createGraphics().getFontMetrics(Charts.LEGEND_FONT).stringWidth(curves.get(0).label()));
    assertEquals(400 + 17 * 6, narrow.panelHeight());
    Figure f = new Figure("fig", "Title", "", "", new Table(List.of(), List.of()), wide, true, "None");
    assertEquals(733, HtmlPage.narrowBelow(f), "700 px (0.7 of 1000) plus the page's margins");
    String h = HtmlPage.image(f, "fig.svg", "fig-narrow.svg");
    assertTrue(h.startsWith("<div class=\"nb733\">\n<div class=\"figbox\""), h);
    assertTrue(h.contains("<img src=\"fig-narrow.svg\" alt=\"Title (chart 2 of 2)\" style=\"width:100%;left:0;top:-100%\">"),
        h);
    assertEquals(HtmlPage.image(f, "fig.svg"), HtmlPage.image(f, "fig.svg", null));
    String page = HtmlPage.render("p", List.of(f), java.util.Map.of(), java.util.Map.of("fig", "fig-narrow.svg"),
        new ProvenanceSection("", new Table(List.of(), List.of()), "", List.of(), "", new Table(List.of(), List.of())),
        PageFindings.text(""), java.util.Map.of());
    assertTrue(page.contains("@media (max-width:733px){.nb733>.figbox{display:none}.nb733>.narrow{display:block}}"),
        page);
  }

  @Test
  void legendEntriesWiderThanANarrowChartAreWrappedNotCut() {
    String longLabel = "feedforward, no norm, β=1/sqrt(L), N=200, through-batch [degenerate: dy/dx a step at x=0] "
        + "(coincides with resnet, no norm, β=0.5)";
    List<Charts.Curve> curves = List.of(new Charts.Curve("short", new double[] {1, 2}, new double[] {1, 2}, null, null,
        false, 0), new Charts.Curve(longLabel, new double[] {1, 2}, new double[] {2, 3}, null, null, false, 1));
    JFreeChart chart = Charts.lines("t", "x", "y", curves, false);
    Canvas narrow = new Canvas(List.of(new Canvas.Panel(chart, false)), 1, 1000, 500).narrow();
    JFreeChart drawn = narrow.panels().get(0).chart();
    assertNotSame(chart, drawn, "a copy whose legend is wrapped");
    assertEquals(longLabel, chart.getPlot().getLegendItems().get(1).getLabel(), "the wide chart keeps its entry");
    String wrapped = drawn.getLegend().getSources()[0].getLegendItems().get(1).getLabel();
    assertEquals(longLabel, wrapped.replace("\n", " "), "only line breaks added");
    java.awt.FontMetrics fm = NarrowLegend.metrics();
    String[] lines = wrapped.split("\n");
    assertTrue(lines.length >= 2, wrapped);
    for (String line : lines) {
      assertTrue(fm.stringWidth(line) + NarrowLegend.ENTRY_EXTRA <= Canvas.NARROW_WIDTH - 20, line);
    }
    // the legend as JFreeChart lays it out fits the chart's width, and the chart is tall enough for its lines
    java.awt.Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    org.jfree.chart.ui.Size2D size = drawn.getLegend().arrange(g, new org.jfree.chart.block.RectangleConstraint(
        0, new org.jfree.data.Range(0, Canvas.NARROW_WIDTH - 20), org.jfree.chart.block.LengthConstraintType.RANGE, 0,
        new org.jfree.data.Range(0, 1000), org.jfree.chart.block.LengthConstraintType.RANGE));
    assertTrue(size.getWidth() <= Canvas.NARROW_WIDTH - 20, () -> "legend " + size);
    assertEquals(1 + lines.length, Canvas.legendRows(drawn, Canvas.NARROW_WIDTH - 20));
    assertEquals(400 + 17 * (1 + lines.length), narrow.panelHeight());
    assertEquals("abcdef\nghij", NarrowLegend.wrap("abcdefghij", fm, fm.stringWidth("abcdef")), "a long word broken");
  }

  @Test
  void crowdedTickLabelsAreLeftOutNotOverprinted() {
    Charts.TickedLogAxis axis = new Charts.TickedLogAxis("depth", new double[] {1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256});
    axis.setTickLabelFont(Charts.TICK_FONT);
    axis.setRange(0.8, 300);
    BufferedImage img = new BufferedImage(400, 100, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    List<String> labels = new ArrayList<>();
    for (Object t : axis.refreshTicks(g, new AxisState(), new java.awt.geom.Rectangle2D.Double(40, 0, 200, 80),
        RectangleEdge.BOTTOM)) {
      labels.add(((org.jfree.chart.axis.Tick) t).getText());
    }
    g.dispose();
    assertEquals(11, labels.size(), "every tick mark stays");
    assertEquals(List.of("1", "2", "4", "8", "16", "32", "64"), labels.subList(0, 7));
    assertTrue(labels.subList(7, 11).contains(""), labels.toString());
    assertTrue(labels.subList(7, 11).stream().anyMatch(l -> !l.isEmpty()), labels.toString());
  }

  @Test
  void notebookChartsTakeThePagesTitlesAxisLabelsAndLegend() {
    JFreeChart a = Charts.lines("c_1 \"a\"", "depth L, log scale", "c_1", List.of(
        new Charts.Curve("feedforward", new double[] {1, 2}, new double[] {1, 2}, null, null, false, 0),
        new Charts.Curve("resnet", new double[] {1, 2}, new double[] {2, 3}, null, null, false, 1)), false);
    JFreeChart b = Charts.heatMap("two\nlines", "input index", new double[][] {{1}});
    String py = Notebook.labels(new Canvas(List.of(new Canvas.Panel(a, false), new Canvas.Panel(b, true)), 2, 300, 300));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\[\\(\"c_1 \\\\\"a\\\\\"\", \"depth L, log scale\", "
        + "\"c_1\", \\[\\(\"feedforward\", \"(#[0-9a-f]{6})\"\\), \\(\"resnet\", \"(#[0-9a-f]{6})\"\\)\\]\\), "
        + "\\(\"two\\\\nlines\", \"input index\", \"input index\", \\[\\]\\)\\]$").matcher(py);
    assertTrue(m.matches(), py);
    assertTrue(!m.group(1).equals(m.group(2)), "the two curves keep the page's two colours: " + py);
  }
}
