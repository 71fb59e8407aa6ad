package org.shattered.report;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.LegendItemSource;

/**
 * Legends of the charts drawn for a narrow window ({@link Canvas#narrow()}): an entry wider than the chart
 * (a long label such as "feedforward, no norm [degenerate: dy/dx a step at x=0]") would be cut off at the
 * chart's edge, so its label is broken onto several lines (at spaces, or inside a word longer than a line)
 * in a copy of the chart; the wide chart keeps its one-line entries. JFreeChart's legend draws a label's
 * line breaks as lines of one entry.
 */
final class NarrowLegend {

  /** The symbol of an entry and the gaps around it, beside its text. */
  static final int ENTRY_EXTRA = 30;

  private NarrowLegend() {
  }

  /**
   * {@code chart}, or a copy of it whose legend entries are wrapped to fit {@code width} px when one is
   * wider (the chart itself when it cannot be copied: its legend is then as before).
   */
  static JFreeChart fit(JFreeChart chart, int width) {
    if (chart.getLegend() == null || chart.getPlot().getLegendItems() == null) {
      return chart;
    }
    FontMetrics fm = metrics();
    boolean tooWide = false;
    for (LegendItem item : items(chart.getPlot().getLegendItems())) {
      tooWide |= fm.stringWidth(item.getLabel()) + ENTRY_EXTRA > width;
    }
    if (!tooWide) {
      return chart;
    }
    JFreeChart copy;
    try {
      copy = (JFreeChart) chart.clone();
    } catch (CloneNotSupportedException e) {
      return chart;
    }
    LegendItemSource plot = copy.getPlot();
    copy.getLegend().setSources(new LegendItemSource[] {() -> {
      LegendItemCollection out = new LegendItemCollection();
      for (LegendItem item : items(plot.getLegendItems())) {
        out.add(relabel(item, wrap(item.getLabel(), fm, width - ENTRY_EXTRA)));
      }
      return out;
    }});
    return copy;
  }

  /** The legend's font metrics ({@link Charts#LEGEND_FONT}). */
  static FontMetrics metrics() {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    FontMetrics fm = g.getFontMetrics(Charts.LEGEND_FONT);
    g.dispose();
    return fm;
  }

  /** {@code text} broken into lines of at most {@code width} px: at spaces, or inside a longer word. */
  static String wrap(String text, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (fm.stringWidth(candidate) <= width) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      if (!line.isEmpty()) {
        lines.add(line.toString());
        line.setLength(0);
      }
      for (int i = 0; i < word.length(); i++) { // a word longer than a line: broken where it must be
        if (!line.isEmpty() && fm.stringWidth(line.toString() + word.charAt(i)) > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        line.append(word.charAt(i));
      }
    }
    lines.add(line.toString());
    return String.join("\n", lines);
  }

  private static List<LegendItem> items(LegendItemCollection c) {
    List<LegendItem> out = new ArrayList<>();
    for (int i = 0; i < c.getItemCount(); i++) {
      out.add(c.get(i));
    }
    return out;
  }

  /** A copy of {@code item} with another label: the same symbol, line and colours. */
  private static LegendItem relabel(LegendItem item, String label) {
    LegendItem out = new LegendItem(label, item.getDescription(), item.getToolTipText(), item.getURLText(),
        item.isShapeVisible(), item.getShape(), item.isShapeFilled(), item.getFillPaint(), item.isShapeOutlineVisible(),
        item.getOutlinePaint(), item.getOutlineStroke(), item.isLineVisible(), item.getLine(), item.getLineStroke(),
        item.getLinePaint());
    out.setLabelFont(item.getLabelFont());
    out.setLabelPaint(item.getLabelPaint());
    out.setFillPaintTransformer(item.getFillPaintTransformer());
    out.setDataset(item.getDataset());
    out.setDatasetIndex(item.getDatasetIndex());
    out.setSeriesKey(item.getSeriesKey());
    out.setSeriesIndex(item.getSeriesIndex());
    return out;
  }
}
