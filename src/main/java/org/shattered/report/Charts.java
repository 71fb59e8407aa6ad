package org.shattered.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** JFreeChart line charts with 95% bands and dashed theory curves, and heat maps, in one style. */
public final class Charts {

  /** Colours by index; a measured curve and its theory share one. */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};

  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 15);

  /**
   * One line: points (x, y), optionally a band [lo, hi] (null for none), drawn dashed without
   * markers when {@code theory}. Equality is identity (a curve is drawn, never compared).
   */
  public record Curve(String label, double[] x, double[] y, double[] lo, double[] hi, boolean theory, int color) {
  }

  private Charts() {
  }

  /**
   * The axes of a line chart.
   *
   * @param logX logarithmic x axis (base 2)
   * @param logY logarithmic y axis (base 10; points and band ends &lt;= 0 are not drawn)
   * @param xTicks the x values to label (the grid's depths), or null for automatic ticks
   */
  public record Axes(boolean logX, boolean logY, double[] xTicks) {

    /** Content equality: the arrays by their elements (a record's own equals compares their identity). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Axes that && logX == that.logX
          && logY == that.logY
          && java.util.Arrays.equals(xTicks, that.xTicks);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(logX, logY, java.util.Arrays.hashCode(xTicks));
    }

  }

  /**
   * A line chart.
   *
   * @param logX logarithmic depth axis
   * @param markers horizontal reference lines, labelled with their value
   */
  public static JFreeChart lines(String title, String xLabel, String yLabel, List<Curve> curves, boolean logX,
      double... markers) {
    return lines(title, xLabel, yLabel, curves, new Axes(logX, false, null), markers);
  }

  /** Dash patterns of the theory curves, one per curve in turn, so that coinciding curves stay apart. */
  private static final float[][] DASHES = {{6f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}, {14f, 5f}};

  /**
   * A line chart: measured curves solid with markers (a different shape per curve, so a curve
   * under another stays visible) and their band, theory curves dashed (a dash pattern each) with
   * small hollow markers, drawn over the measured ones.
   * Legend entries are the curves' labels, one per curve given.
   */
  public static JFreeChart lines(String title, String xLabel, String yLabel, List<Curve> curves, Axes axes,
      double... markers) {
    boolean logX = axes.logX();
    YIntervalSeriesCollection measured = new YIntervalSeriesCollection();
    XYSeriesCollection theory = new XYSeriesCollection();
    boolean shapes = curves.stream().allMatch(c -> c.x().length <= 40);
    DeviationRenderer band = new DeviationRenderer(true, shapes);
    band.setAlpha(0.2f);
    XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, shapes);
    dashed.setDefaultShapesFilled(false);
    double floor = Double.MAX_VALUE;
    if (axes.logY()) {
      // the range follows the measured curves: a theory curve far below them is cut at the axis
      for (Curve c : curves) {
        for (int i = 0; i < c.y().length && !c.theory(); i++) {
          if (c.y()[i] > 0) {
            floor = Math.min(floor, c.y()[i]);
          }
        }
      }
      floor = floor == Double.MAX_VALUE ? 1e-3 : floor / 4;
    }
    int[] under = Coincident.earlier(curves);
    for (int ci = 0; ci < curves.size(); ci++) {
      Curve c = curves.get(ci);
      Color color = PALETTE[c.color() % PALETTE.length];
      // a curve on top of an earlier one is drawn wider beneath it and says so in the legend
      boolean hidden = under[ci] >= 0;
      String label = hidden ? c.label() + " (coincides with " + curves.get(under[ci]).label() + ")" : c.label();
      if (c.theory()) {
        XYSeries s = new XYSeries(label, false, true);
        for (int i = 0; i < c.x().length; i++) {
          if (!axes.logY() || c.y()[i] >= floor) {
            s.add(c.x()[i], c.y()[i]);
          }
        }
        int i = theory.getSeriesCount();
        theory.addSeries(s);
        dashed.setSeriesPaint(i, color);
        dashed.setSeriesStroke(i, new BasicStroke(hidden ? 5f : 1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, DASHES[i % DASHES.length], 0f));
      } else {
        YIntervalSeries s = new YIntervalSeries(label, false, true);
        for (int i = 0; i < c.x().length; i++) {
          double y = c.y()[i];
          if (axes.logY() && !(y > 0)) {
            continue;
          }
          boolean band0 = c.lo() == null || Double.isNaN(c.lo()[i]);
          double lo = band0 ? y : c.lo()[i];
          s.add(c.x()[i], y, axes.logY() ? Math.max(lo, floor) : lo, band0 ? y : c.hi()[i]);
        }
        int i = measured.getSeriesCount();
        measured.addSeries(s);
        band.setSeriesPaint(i, color);
        band.setSeriesFillPaint(i, color);
        band.setSeriesStroke(i, hidden ? new BasicStroke(7f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {9f, 5f}, 0f) : new BasicStroke(2f));
      }
    }
    ValueAxis xAxis;
    if (logX) {
      LogAxis a = axes.xTicks() == null ? new LogAxis(xLabel) : new TickedLogAxis(xLabel, axes.xTicks());
      a.setBase(2);
      a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      a.setSmallestValue(0.5);
      a.setNumberFormatOverride(new java.text.DecimalFormat("0"));
      xAxis = a;
    } else if (axes.xTicks() != null) {
      NumberAxis a = new TickedNumberAxis(xLabel, axes.xTicks());
      a.setAutoRangeIncludesZero(false);
      xAxis = a;
    } else {
      NumberAxis a = new NumberAxis(xLabel);
      a.setAutoRangeIncludesZero(false);
      xAxis = a;
    }
    ValueAxis yAxis;
    if (axes.logY()) {
      yAxis = logAxis(yLabel, floor);
    } else {
      NumberAxis a = new NumberAxis(yLabel);
      a.setAutoRangeIncludesZero(false);
      a.setAutoRangeMinimumSize(0.05);
      yAxis = a;
    }
    XYPlot plot = new XYPlot(measured, xAxis, yAxis, band);
    plot.setDataset(1, theory);
    plot.setRenderer(1, dashed);
    // theory curves over the measured ones: a dashed curve that coincides with a measured one stays visible
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
    for (double m : markers) {
      ValueMarker vm = new ValueMarker(m, Color.DARK_GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
      if (m != 0) {
        vm.setLabel(String.valueOf(m));
      }
      vm.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      vm.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(vm);
    }
    style(plot);
    JFreeChart chart = new JFreeChart(title, TITLE, plot, curves.size() > 1);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Ranges spanning at least this factor get ticks at powers of ten. */
  static final double DECADES_AXIS = 100;

  /**
   * A logarithmic value axis from {@code floor} up whose ticks follow the range it shows ({@link RangeLogAxis}):
   * over {@value #DECADES_AXIS} or more, ticks at powers of ten (every k-th decade, at most about 10 ticks)
   * labelled 10⁻², 10⁻¹ ...; over less, round decimals (1, 2, 5 × 10ᵏ, finer within one decade), so an axis
   * always labels at least two values.
   */
  static LogAxis logAxis(String label, double floor) {
    RangeLogAxis a = new RangeLogAxis(label);
    a.setSmallestValue(floor);
    return a;
  }

  /**
   * A log axis whose ticks are chosen from the range it shows when drawn ({@link #logTicks}), not from
   * the data's bounds when built: an axis built for "1 down to a quarter of the smallest value" that
   * auto-ranges to 0.02-0.9 shows 0.02, 0.05, 0.1, 0.2, 0.5 rather than the one power of ten inside it.
   */
  static final class RangeLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    RangeLogAxis(String label) {
      super(label);
    }

    @Override
    @SuppressWarnings({"rawtypes"})
    public List refreshTicks(java.awt.Graphics2D g2, org.jfree.chart.axis.AxisState state,
        java.awt.geom.Rectangle2D dataArea, RectangleEdge edge) {
      org.jfree.data.Range r = getRange();
      boolean decades = r.getUpperBound() / r.getLowerBound() >= DECADES_AXIS;
      return unclutter(TickedLogAxis.ticks(logTicks(r.getLowerBound(), r.getUpperBound()), r, edge,
          decades ? PowerOfTen::label : Charts::decimal), this, g2, dataArea, edge);
    }
  }

  /**
   * Tick values for a log axis from {@code lo} to {@code hi} (both positive): over {@value #DECADES_AXIS}
   * or more, the powers of ten inside (every k-th, k the smallest that leaves at most 10); over less,
   * 1, 2, 5 × 10ᵏ (within one decade 1, 1.5, 2, 3 ... 8 × 10ᵏ; over a range so short that these give
   * fewer than two, every 0.1 × 10ᵏ).
   */
  static double[] logTicks(double lo, double hi) {
    if (!(lo > 0) || !(hi > lo)) {
      return new double[0];
    }
    if (hi / lo >= DECADES_AXIS) {
      int first = (int) Math.ceil(Math.log10(lo) - 1e-9);
      int last = (int) Math.floor(Math.log10(hi) + 1e-9);
      int step = Math.max(1, (int) Math.ceil((last - first + 1) / 10.0));
      List<Double> out = new java.util.ArrayList<>();
      for (int k = Math.floorDiv(first + step - 1, step) * step; k <= last; k += step) {
        out.add(Math.pow(10, k));
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
    double[][] levels = {hi / lo < 10 ? new double[] {1, 1.5, 2, 3, 4, 5, 6, 7, 8} : new double[] {1, 2, 5},
        java.util.stream.IntStream.range(10, 100).mapToDouble(i -> i / 10.0).toArray()};
    double[] out = new double[0];
    for (double[] mantissas : levels) {
      List<Double> ticks = new java.util.ArrayList<>();
      for (int k = (int) Math.floor(Math.log10(lo)) - 1; k <= (int) Math.ceil(Math.log10(hi)) + 1; k++) {
        for (double m : mantissas) {
          double t = Double.parseDouble(decimal(m * Math.pow(10, k)));
          if (t >= lo && t <= hi) {
            ticks.add(t);
          }
        }
      }
      out = ticks.stream().mapToDouble(Double::doubleValue).toArray();
      if (out.length >= 2) {
        break;
      }
    }
    return out;
  }

  /** A round tick value as plain decimals, without float noise (0.15, 0.002, 20). */
  static String decimal(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /**
   * Formats a power of ten as 10 with a superscript exponent (10⁻³, 10⁰, 10²), rounding the exponent
   * to the nearest integer; the tick labels of {@link #logAxis} over several decades.
   */
  static final class PowerOfTen extends java.text.NumberFormat {
    private static final long serialVersionUID = 1L;

    private static final String SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    static String label(double v) {
      long e = Math.round(Math.log10(v));
      StringBuilder sb = new StringBuilder("10");
      if (e < 0) {
        sb.append('⁻');
      }
      for (char c : Long.toString(Math.abs(e)).toCharArray()) {
        sb.append(SUPERSCRIPT_DIGITS.charAt(c - '0'));
      }
      return sb.toString();
    }

    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
      return toAppendTo.append(label(number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
      return toAppendTo.append(label(number));
    }

    @Override
    public Number parse(String source, java.text.ParsePosition parsePosition) {
      throw new UnsupportedOperationException("labels only");
    }
  }

  /** Tick labels, axis labels and legend of every chart of a figure: sized to stay legible when shrunk. */
  static final Font TICK_FONT = new Font("SansSerif", Font.PLAIN, 12);

  static final Font AXIS_FONT = new Font("SansSerif", Font.PLAIN, 13);

  static final Font LEGEND_FONT = new Font("SansSerif", Font.PLAIN, 11);

  /**
   * Sets the fonts of {@code chart}'s axes and legend to the report's ({@link #TICK_FONT},
   * {@link #AXIS_FONT}, {@link #LEGEND_FONT}): JFreeChart's defaults (10 px ticks) are unreadable once a
   * page shrinks a figure to a phone's width. {@link Canvas} applies it to every panel.
   */
  static void readableFonts(JFreeChart chart) {
    if (chart.getPlot() instanceof XYPlot p) {
      for (int i = 0; i < p.getDomainAxisCount(); i++) {
        axisFonts(p.getDomainAxis(i));
      }
      for (int i = 0; i < p.getRangeAxisCount(); i++) {
        axisFonts(p.getRangeAxis(i));
      }
    } else if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot p) {
      axisFonts(p.getDomainAxis());
      axisFonts(p.getRangeAxis());
    }
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(LEGEND_FONT);
    }
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      if (chart.getSubtitle(i) instanceof PaintScaleLegend l) {
        axisFonts(l.getAxis());
      }
    }
  }

  private static void axisFonts(org.jfree.chart.axis.Axis a) {
    if (a != null) {
      a.setTickLabelFont(TICK_FONT);
      a.setLabelFont(AXIS_FONT);
    }
  }

  /** A heat map of a symmetric matrix with values in [-1, 1] (blue - white - red). */
  public static JFreeChart heatMap(String title, String axisLabel, double[][] m) {
    int n = m.length;
    double[] xs = new double[n * n];
    double[] ys = new double[n * n];
    double[] zs = new double[n * n];
    for (int p = 0, i = 0; p < n; p++) {
      for (int q = 0; q < n; q++, i++) {
        xs[i] = p;
        ys[i] = q;
        zs[i] = m[p][q];
      }
    }
    DefaultXYZDataset d = new DefaultXYZDataset();
    d.addSeries("matrix", new double[][] {xs, ys, zs});
    XYBlockRenderer r = new XYBlockRenderer();
    Diverging scale = new Diverging();
    r.setPaintScale(scale);
    NumberAxis x = new NumberAxis(axisLabel);
    NumberAxis y = new NumberAxis(axisLabel);
    x.setRange(-0.5, n - 0.5);
    y.setRange(-0.5, n - 0.5);
    y.setInverted(true);
    XYPlot plot = new XYPlot(d, x, y, r);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    NumberAxis legendAxis = new NumberAxis("correlation");
    legendAxis.setRange(-1, 1);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(10);
    legend.setMargin(4, 4, 40, 4);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** A base-2 log axis labelled at given values (the grid's depths), so every depth has a tick. */
  static final class TickedLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private final double[] ticks;
    private final transient java.util.function.DoubleFunction<String> labels;

    TickedLogAxis(String label, double[] ticks) {
      this(label, ticks, INTEGER);
    }

    /** Ticks at {@code ticks} (those in range), labelled by {@code labels}. */
    TickedLogAxis(String label, double[] ticks, java.util.function.DoubleFunction<String> labels) {
      super(label);
      this.ticks = ticks.clone();
      this.labels = labels;
    }

    private static final java.util.function.DoubleFunction<String> INTEGER =
        t -> new java.text.DecimalFormat("0").format(t);

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(java.awt.Graphics2D g2, org.jfree.chart.axis.AxisState state,
        java.awt.geom.Rectangle2D dataArea, RectangleEdge edge) {
      return unclutter(ticks(ticks, getRange(), edge, labels), this, g2, dataArea, edge);
    }

    @SuppressWarnings({"rawtypes"})
    static List ticks(double[] ticks, org.jfree.data.Range range, RectangleEdge edge) {
      return ticks(ticks, range, edge, INTEGER);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static List ticks(double[] ticks, org.jfree.data.Range range, RectangleEdge edge,
        java.util.function.DoubleFunction<String> labels) {
      List out = new java.util.ArrayList();
      boolean horizontal = RectangleEdge.isTopOrBottom(edge);
      for (double t : ticks) {
        if (range.contains(t)) {
          out.add(new org.jfree.chart.axis.NumberTick(t, labels.apply(t),
              horizontal ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT,
              horizontal ? TextAnchor.CENTER : TextAnchor.CENTER, 0.0));
        }
      }
      return out;
    }
  }

  /**
   * {@code ticks} (in order along the axis) with the labels that would overlap the last one kept made
   * empty (their tick marks stay): a chart drawn narrow (a phone's page) keeps its depth axis 1, 2, 4
   * ... 256 legible instead of printing 192 over 256. Unchanged without a graphics context or area.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static List unclutter(List ticks, ValueAxis axis, java.awt.Graphics2D g2, java.awt.geom.Rectangle2D area,
      RectangleEdge edge) {
    if (g2 == null || area == null) {
      return ticks;
    }
    java.awt.FontMetrics fm = g2.getFontMetrics(axis.getTickLabelFont());
    boolean horizontal = RectangleEdge.isTopOrBottom(edge);
    List out = new java.util.ArrayList();
    double lastEnd = Double.NEGATIVE_INFINITY;
    for (Object o : ticks) {
      org.jfree.chart.axis.ValueTick t = (org.jfree.chart.axis.ValueTick) o;
      double at = axis.valueToJava2D(t.getValue(), area, edge);
      double pos = horizontal ? at : -at;
      double half = (horizontal ? fm.stringWidth(t.getText()) : fm.getHeight()) / 2.0;
      if (t.getText() == null || t.getText().isEmpty() || pos - half >= lastEnd + 4) {
        out.add(t);
        if (t.getText() != null && !t.getText().isEmpty()) {
          lastEnd = pos + half;
        }
      } else {
        out.add(new org.jfree.chart.axis.NumberTick(t.getValue(), "", t.getTextAnchor(), t.getRotationAnchor(),
            t.getAngle()));
      }
    }
    return out;
  }

  /** A number axis labelled at given values only (the grid's depths). */
  static final class TickedNumberAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;
    private final double[] ticks;

    TickedNumberAxis(String label, double[] ticks) {
      super(label);
      this.ticks = ticks.clone();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(java.awt.Graphics2D g2, org.jfree.chart.axis.AxisState state,
        java.awt.geom.Rectangle2D dataArea, RectangleEdge edge) {
      return unclutter(TickedLogAxis.ticks(ticks, getRange(), edge), this, g2, dataArea, edge);
    }
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlinePaint(Color.GRAY);
  }

  /** Blue (-1) to white (0) to red (+1); NaN is grey. */
  static final class Diverging implements PaintScale, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    @Override
    public double getLowerBound() {
      return -1;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double v) {
      if (Double.isNaN(v)) {
        return Color.LIGHT_GRAY;
      }
      double t = Math.max(-1, Math.min(1, v));
      int fade = (int) Math.round(255 * (1 - Math.abs(t)));
      return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }
  }
}
