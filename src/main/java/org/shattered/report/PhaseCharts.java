package org.shattered.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Heat maps over a rectangular grid of two parameters (the phase diagram's sigma_w^2 x sigma_b^2),
 * with a boundary line and labelled points drawn over the cells; their legend holds the line and
 * the points only (the cells are read off the colour bar).
 */
final class PhaseCharts {

  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 14);

  /** A labelled point drawn over the map (a marked point of the diagram). */
  record Mark(double x, double y, String label) {
  }

  /**
   * What the map shows: the cells (x, y, value; NaN cells grey), their spacing, the colour scale
   * and its label, the boundary polyline (x, y pairs; empty for none) and its legend name, the marks.
   */
  record Map(String title, String xLabel, String yLabel, double[] x, double[] y, double[] value, double xStep,
      double yStep, PaintScale scale, String scaleLabel, double[][] line, String lineLabel, List<Mark> marks) {
  }

  private PhaseCharts() {
  }

  static JFreeChart map(Map m) {
    DefaultXYZDataset cells = new DefaultXYZDataset();
    cells.addSeries("cells", new double[][] {m.x(), m.y(), m.value()});
    XYBlockRenderer blocks = new XYBlockRenderer();
    blocks.setBlockWidth(m.xStep());
    blocks.setBlockHeight(m.yStep());
    blocks.setPaintScale(m.scale());
    blocks.setDefaultSeriesVisibleInLegend(false);
    NumberAxis x = new NumberAxis(m.xLabel());
    NumberAxis y = new NumberAxis(m.yLabel());
    x.setRange(min(m.x()) - m.xStep() / 2, max(m.x()) + m.xStep() / 2);
    y.setRange(min(m.y()) - m.yStep() / 2, max(m.y()) + m.yStep() / 2);
    XYPlot plot = new XYPlot(cells, x, y, blocks);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    XYSeriesCollection over = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
    int i = 0;
    if (m.line().length > 1) {
      XYSeries s = new XYSeries(m.lineLabel(), false, true);
      for (double[] p : m.line()) {
        s.add(p[0], p[1]);
      }
      over.addSeries(s);
      r.setSeriesLinesVisible(i, true);
      r.setSeriesShapesVisible(i, false);
      r.setSeriesPaint(i, Color.BLACK);
      r.setSeriesStroke(i, new BasicStroke(2.5f));
      i++;
    }
    if (!m.marks().isEmpty()) {
      XYSeries s = new XYSeries("marked points (depth series)", false, true);
      for (Mark k : m.marks()) {
        s.add(k.x(), k.y());
        // labels of points in the right half go to their left, so they stay inside the plot
        boolean right = k.x() > (min(m.x()) + max(m.x())) / 2;
        XYTextAnnotation a = new XYTextAnnotation(right ? k.label() + "  " : "  " + k.label(), k.x(), k.y());
        a.setTextAnchor(right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        a.setFont(new Font("SansSerif", Font.BOLD, 11));
        a.setPaint(Color.BLACK);
        a.setBackgroundPaint(new Color(255, 255, 255, 190));
        plot.addAnnotation(a);
      }
      over.addSeries(s);
      r.setSeriesLinesVisible(i, false);
      r.setSeriesShapesVisible(i, true);
      r.setSeriesShape(i, new Ellipse2D.Double(-6, -6, 12, 12));
      r.setSeriesShapesFilled(i, true);
      r.setUseFillPaint(true);
      r.setSeriesFillPaint(i, Color.MAGENTA);
      r.setDrawOutlines(true);
      r.setUseOutlinePaint(true);
      r.setSeriesOutlinePaint(i, Color.BLACK);
      r.setSeriesOutlineStroke(i, new BasicStroke(1.5f));
      r.setSeriesPaint(i, Color.MAGENTA);
    }
    plot.setDataset(1, over);
    plot.setRenderer(1, r);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    JFreeChart chart = new JFreeChart(m.title(), TITLE, plot, over.getSeriesCount() > 0);
    NumberAxis scaleAxis = new NumberAxis(m.scaleLabel());
    scaleAxis.setRange(m.scale().getLowerBound(), m.scale().getUpperBound());
    PaintScaleLegend legend = new PaintScaleLegend(m.scale(), scaleAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(10);
    legend.setMargin(4, 4, 40, 4);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static double min(double[] v) {
    return java.util.Arrays.stream(v).min().orElse(0);
  }

  private static double max(double[] v) {
    return java.util.Arrays.stream(v).max().orElse(1);
  }

  /** A sequential scale from {@code lo} (dark purple) to {@code hi} (yellow), viridis' anchors; NaN grey, ends clamped. */
  record Sequential(double lo, double hi) implements PaintScale, java.io.Serializable {
    private static final int[] ANCHORS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

    @Override
    public double getLowerBound() {
      return lo;
    }

    @Override
    public double getUpperBound() {
      return hi;
    }

    @Override
    public Paint getPaint(double v) {
      if (Double.isNaN(v)) {
        return Color.LIGHT_GRAY;
      }
      double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo))) * (ANCHORS.length - 1);
      int k = Math.min(ANCHORS.length - 2, (int) t);
      double f = t - k;
      Color a = new Color(ANCHORS[k]);
      Color b = new Color(ANCHORS[k + 1]);
      return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
          (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
          (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
  }

  /** {@link Charts.Diverging} stretched to [-limit, limit] (z-scores): blue below, white at 0, red above. */
  record DivergingTo(double limit) implements PaintScale, java.io.Serializable {
    @Override
    public double getLowerBound() {
      return -limit;
    }

    @Override
    public double getUpperBound() {
      return limit;
    }

    @Override
    public Paint getPaint(double v) {
      return new Charts.Diverging().getPaint(v / limit);
    }
  }
}
