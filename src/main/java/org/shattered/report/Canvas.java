package org.shattered.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Lays out charts on a grid and renders them as PNG bytes or SVG text. Panels marked raster (heat
 * maps of many cells) are embedded in the SVG as images, which keeps the SVG small.
 *
 * @param panels the charts, row by row
 * @param columns panels per row
 * @param panelWidth width of one panel in pixels
 * @param panelHeight height of one panel in pixels
 */
public record Canvas(List<Panel> panels, int columns, int panelWidth, int panelHeight) {

  /**
   * Gives every chart the report's fonts ({@link Charts#readableFonts}), so each figure, whichever class
   * draws it, stays legible on a page shrunk to a phone's width.
   */
  public Canvas {
    panels = List.copyOf(panels);
    panels.forEach(p -> Charts.readableFonts(p.chart()));
  }

  /** One chart and whether it goes into SVG as an image. */
  public record Panel(JFreeChart chart, boolean raster) {
  }

  /** A single chart. */
  public static Canvas single(JFreeChart chart, int width, int height) {
    return new Canvas(List.of(new Panel(chart, false)), 1, width, height);
  }

  /** The width of the charts of {@link #narrow()}: legible (ticks 10 px or more) in a 400 px window. */
  static final int NARROW_WIDTH = 440;

  /** Charts this wide or narrower fit a 400 px window already (at {@link HtmlPage#MIN_SCALE}). */
  static final int FITS_NARROW = 530;

  /** The height of a narrow chart without its legend. */
  private static final int NARROW_BASE_HEIGHT = 400;

  /** One row of legend entries in {@link Charts#LEGEND_FONT}. */
  private static final int LEGEND_ROW = 17;

  /**
   * The same charts one a row at {@link #NARROW_WIDTH}, for a window too narrow for this canvas's charts
   * (a phone): drawn anew at that width rather than shrunk, so their text keeps its size. Each is as tall
   * as a chart of {@value #NARROW_BASE_HEIGHT} px plus its legend's rows at that width (a legend that took
   * one row beside a wide chart takes several). Null when the charts are {@value #FITS_NARROW} px wide or
   * less, which a 400 px window shows legibly as they are.
   */
  public Canvas narrow() {
    if (panelWidth <= FITS_NARROW) {
      return null;
    }
    List<Panel> fitted = new java.util.ArrayList<>();
    int rows = 0;
    for (Panel p : panels) {
      // entries wider than the chart are broken onto lines rather than cut at its edge
      JFreeChart chart = NarrowLegend.fit(p.chart(), NARROW_WIDTH - 20);
      fitted.add(new Panel(chart, p.raster()));
      rows = Math.max(rows, legendRows(chart, NARROW_WIDTH - 20));
    }
    return new Canvas(fitted, 1, NARROW_WIDTH, NARROW_BASE_HEIGHT + LEGEND_ROW * rows);
  }

  /**
   * How many lines of text {@code chart}'s legend takes when its entries flow into rows of {@code width} px
   * (a row as many lines as its entry of most lines).
   */
  static int legendRows(JFreeChart chart, int width) {
    if (chart.getLegend() == null || chart.getLegend().getSources().length == 0) {
      return 0;
    }
    java.awt.FontMetrics fm = NarrowLegend.metrics();
    int lines = 0;
    int rowLines = 0;
    int used = width;
    for (org.jfree.chart.LegendItemSource source : chart.getLegend().getSources()) {
      org.jfree.chart.LegendItemCollection items = source.getLegendItems();
      for (int i = 0; items != null && i < items.getItemCount(); i++) {
        String[] text = items.get(i).getLabel().split("\n");
        int w = 0;
        for (String t : text) {
          w = Math.max(w, fm.stringWidth(t) + NarrowLegend.ENTRY_EXTRA);
        }
        if (used + w > width) {
          lines += rowLines;
          rowLines = 0;
          used = 0;
        }
        used += w;
        rowLines = Math.max(rowLines, text.length);
      }
    }
    return lines + rowLines;
  }

  private int rows() {
    return (panels.size() + columns - 1) / columns;
  }

  public int width() {
    return columns * panelWidth;
  }

  public int height() {
    return rows() * panelHeight;
  }

  /** PNG bytes (an 8-bit palette PNG, {@link PalettePng}). */
  public byte[] png() {
    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    draw(g, false);
    g.dispose();
    return PalettePng.encode(img);
  }

  /**
   * SVG text, the same for the same figure: the ids of its definitions (clip paths, gradients) get a
   * fixed prefix, not JFreeSVG's default of the clock's nanoseconds. Each SVG is its own document (the
   * page shows it through an img element), so ids need to be unique within one file only.
   */
  public String svg() {
    SVGGraphics2D g = new SVGGraphics2D(width(), height());
    g.setDefsKeyPrefix("shattered-");
    draw(g, true);
    return g.getSVGDocument();
  }

  private void draw(Graphics2D g, boolean svg) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width(), height());
    for (int i = 0; i < panels.size(); i++) {
      int x = (i % columns) * panelWidth;
      int y = (i / columns) * panelHeight;
      Panel p = panels.get(i);
      if (svg && p.raster()) {
        g.drawImage(p.chart().createBufferedImage(panelWidth, panelHeight), x, y, null);
      } else {
        p.chart().draw(g, new Rectangle2D.Double(x, y, panelWidth, panelHeight));
      }
    }
  }
}
