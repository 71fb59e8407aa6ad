package org.shattered.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figures of a training sweep's page (issue 18, point 5): (a) test accuracy after the budget
 * against depth per family at its best learning rate, the other rates faint; (b) shattering at
 * initialization on the data against that accuracy, every task a point, with rank correlations;
 * looks-linear against crelu at every depth; (c) learning curves of the deepest networks; (d) c_1
 * on the line between two test images against the training step. A family keeps its colour in
 * every figure.
 */
final class TrainingFigures {
  private final Function<String, Table> query;
  private final Table cells;
  private final Map<String, Integer> colors = new java.util.LinkedHashMap<>();
  /** The rank correlations of figure (b), for the findings. */
  private final List<String> correlations = new ArrayList<>();

  TrainingFigures(Function<String, Table> query) {
    this.query = query;
    this.cells = query.apply(CELLS_SQL);
    for (String f : new TreeSet<>(CurveData.distinct(cells, "family", r -> true))) {
      colors.put(f, colors.size());
    }
  }

  static final String CELLS_SQL = "SELECT *\nFROM train_cell\nORDER BY family, depth, learning_rate";

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    if (cells.isEmpty()) {
      return out;
    }
    out.add(accuracyByDepth());
    out.add(shattering());
    if (hasFamily("looks-linear") && hasFamily("crelu")) {
      out.add(looksLinearAgainstCrelu());
    }
    out.add(learningCurves());
    out.add(lineC1ByStep());
    return out;
  }

  /** The rank correlations of the shattering figure, one line each (after {@link #all}). */
  List<String> correlations() {
    return correlations;
  }

  /** The table of every (family, depth, learning rate) cell (train_cell). */
  Table cells() {
    return cells;
  }

  private boolean hasFamily(String architecture) {
    return cells.rows().stream().anyMatch(r -> cells.str(r, "architecture").equals(architecture));
  }

  private int color(String family) {
    return colors.getOrDefault(family, 0);
  }

  private double[] depths() {
    return cells.rows().stream().mapToDouble(r -> cells.num(r, "depth")).distinct().sorted().toArray();
  }

  private boolean logDepth() {
    double[] d = depths();
    return d.length > 1 && d[0] >= 1 && d[d.length - 1] / d[0] >= 8;
  }

  /** Curves of {@code t} grouped by family: y(x) with its band. */
  private List<Charts.Curve> byFamily(Table t, String x, String y, String ci) {
    List<Charts.Curve> curves = new ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t, r -> t.str(r, "family")).entrySet()) {
      curves.add(CurveData.curve(t, g.getValue(), g.getKey(), x, y, ci, color(g.getKey())));
    }
    return curves;
  }

  /** The other learning rates of each family as thin faint lines without legend entries, under the curves. */
  private void addFaint(JFreeChart chart, Table t, String y) {
    XYSeriesCollection faint = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setDefaultSeriesVisibleInLegend(false);
    Map<String, List<List<Object>>> groups = CurveData.groupBy(t.where(row -> !isBest(t, row)),
        row -> t.str(row, "family") + " lr=" + t.num(row, "learning_rate"));
    int i = 0;
    for (Map.Entry<String, List<List<Object>>> g : groups.entrySet()) {
      XYSeries s = new XYSeries(g.getKey(), true, true);
      for (List<Object> row : g.getValue()) {
        s.add(t.num(row, "depth"), t.num(row, y));
      }
      faint.addSeries(s);
      Color c = Charts.PALETTE[color(t.str(g.getValue().get(0), "family")) % Charts.PALETTE.length];
      r.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
      r.setSeriesStroke(i, new BasicStroke(0.8f));
      r.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
      i++;
    }
    XYPlot plot = chart.getXYPlot();
    plot.setDataset(2, faint);
    plot.setRenderer(2, r);
  }

  /** An accuracy axis from 0 to 1 (a band of few seeds may reach beyond; it is cut there). */
  private static void accuracyRange(JFreeChart chart) {
    chart.getXYPlot().getRangeAxis().setRange(0, 1);
  }

  private static boolean isBest(Table t, List<Object> row) {
    Object v = row.get(t.index("best"));
    return Boolean.TRUE.equals(v) || "true".equals(String.valueOf(v));
  }

  private Figure accuracyByDepth() {
    Table best = cells.where(r -> isBest(cells, r));
    JFreeChart c = Charts.lines("Test accuracy after the budget, best learning rate per family and depth",
        "depth L (ReLU layers)" + (logDepth() ? ", log scale" : ""), "test accuracy (10,000 test images)",
        byFamily(best, "depth", "accuracy_mean", "accuracy_ci95"), new Charts.Axes(logDepth(), false, depths()), 0.1);
    addFaint(c, cells, "accuracy_mean");
    accuracyRange(c);
    String rates = CurveData.distinct(cells, "learning_rate", r -> true).toString();
    return new Figure("accuracy_vs_depth", "(a) Test accuracy against depth, per family",
        "Mean test accuracy over seeds after the budget (95% t-interval as band), for each family at the learning "
            + "rate of the grid " + rates + " with the highest mean accuracy at that depth (column best); the other "
            + "learning rates are the faint lines of the same colour (no legend entry). A run whose loss stopped "
            + "being finite counts at chance (0.1, the dotted line); column diverged counts them. The paper's "
            + "claim (Section 4) is that looks-linear initialization lets deep feedforward nets without skip "
            + "connections train as resnets do.",
        CELLS_SQL, cells, Canvas.single(c, 1000, 600), true,
        "lambda t: lines([r for r in t[0] if r[\"best\"] == \"true\"], \"depth\", [(\"accuracy_mean\", "
            + "\"accuracy_ci95\", \"test accuracy (best learning rate)\")])");
  }

  static final String TASKS_SQL = "SELECT o.*, c.best\nFROM train_outcome o\n  JOIN train_cell c ON o.family = "
      + "c.family AND o.depth = c.depth AND o.learning_rate = c.learning_rate\nORDER BY o.family, o.depth, "
      + "o.learning_rate, o.seed";

  private Figure shattering() {
    Table t = query.apply(TASKS_SQL);
    List<Canvas.Panel> panels = new ArrayList<>();
    StringBuilder stats = new StringBuilder();
    for (String[] x : new String[][] {{"init_line_c1", "c_1 on the line between two test images at initialization"},
        {"init_pair_cosine", "pair cosine of the input gradients at initialization"}}) {
      String allLine = correlation(t, x[0], r -> true, "all tasks");
      String bestLine = correlation(t, x[0], r -> isBest(t, r), "tasks at their family's best learning rate");
      correlations.add(x[0] + " vs test accuracy, " + allLine);
      correlations.add(x[0] + " vs test accuracy, " + bestLine);
      stats.append(x[0]).append(": ").append(allLine).append("; ").append(bestLine).append(". ");
      JFreeChart chart = scatter("Test accuracy against " + x[0], x[1], "test accuracy after the budget", t, x[0]);
      chart.addSubtitle(new TextTitle(wrap(allLine), new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 11)));
      panels.add(new Canvas.Panel(chart, false));
    }
    return new Figure("shattering_vs_accuracy", "(b) Shattering at initialization against test accuracy",
        "Every task a point, coloured by family: filled at the family's best learning rate for its depth, hollow at "
            + "the others. Spearman's rank correlation rho with a 95% percentile bootstrap interval (" 
            + RankCorrelation.REPLICATES + " resamplings of the tasks, seed fixed; tasks of one family and depth are "
            + "not independent, so the interval is optimistic), and the partial rank correlation after controlling "
            + "for the rms input gradient at initialization (init_input_gradient_norm), which separates shattering "
            + "from vanishing or exploding gradients. " + stats,
        TASKS_SQL, t, new Canvas(panels, 2, 760, 620), true,
        "lambda t: scatter(t[0], \"test_accuracy\", [\"init_line_c1\", \"init_pair_cosine\"])");
  }

  /** "rho = ... [lo, hi], partial rho | gradient norm = ... [lo, hi] (n tasks, label)". */
  private static String correlation(Table t, String x, java.util.function.Predicate<List<Object>> keep, String label) {
    List<double[]> v = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      double a = t.num(r, x);
      double b = t.num(r, "test_accuracy");
      double z = t.num(r, "init_input_gradient_norm");
      if (keep.test(r) && Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(z)) {
        v.add(new double[] {a, b, z});
      }
    }
    double[] xs = v.stream().mapToDouble(p -> p[0]).toArray();
    double[] ys = v.stream().mapToDouble(p -> p[1]).toArray();
    double[] zs = v.stream().mapToDouble(p -> p[2]).toArray();
    RankCorrelation.Estimate rho = RankCorrelation.spearmanInterval(xs, ys, 1);
    RankCorrelation.Estimate partial = RankCorrelation.partialInterval(xs, ys, zs, 2);
    return String.format(Locale.ROOT, "%s (n = %d): Spearman rho = %.3f [%.3f, %.3f], partial rho given the "
        + "gradient norm = %.3f [%.3f, %.3f]", label, rho.n(), rho.value(), rho.lo(), rho.hi(), partial.value(),
        partial.lo(), partial.hi());
  }

  private static String wrap(String s) {
    int cut = s.indexOf(", partial");
    return cut < 0 ? s : s.substring(0, cut) + "\n" + s.substring(cut + 2);
  }

  /** A scatter of test accuracy against {@code x}, one series per family (filled: best rate; hollow: others). */
  private JFreeChart scatter(String title, String xLabel, String yLabel, Table t, String x) {
    XYSeriesCollection filled = new XYSeriesCollection();
    XYSeriesCollection hollow = new XYSeriesCollection();
    XYLineAndShapeRenderer rf = new XYLineAndShapeRenderer(false, true);
    XYLineAndShapeRenderer rh = new XYLineAndShapeRenderer(false, true);
    rh.setDefaultShapesFilled(false);
    rh.setDefaultSeriesVisibleInLegend(false);
    for (Map.Entry<String, List<List<Object>>> g : CurveData.groupBy(t, r -> t.str(r, "family")).entrySet()) {
      XYSeries sf = new XYSeries(g.getKey(), false, true);
      XYSeries sh = new XYSeries(g.getKey() + " (other rates)", false, true);
      for (List<Object> r : g.getValue()) {
        (isBest(t, r) ? sf : sh).add(t.num(r, x), t.num(r, "test_accuracy"));
      }
      Color c = Charts.PALETTE[color(g.getKey()) % Charts.PALETTE.length];
      int i = filled.getSeriesCount();
      filled.addSeries(sf);
      hollow.addSeries(sh);
      rf.setSeriesPaint(i, c);
      rf.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
      rh.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 130));
      rh.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    NumberAxis xa = new NumberAxis(xLabel);
    xa.setAutoRangeIncludesZero(false);
    NumberAxis ya = new NumberAxis(yLabel);
    ya.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(filled, xa, ya, rf);
    plot.setDataset(1, hollow);
    plot.setRenderer(1, rh);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private Figure looksLinearAgainstCrelu() {
    Table pair = cells.where(r -> List.of("looks-linear", "crelu").contains(cells.str(r, "architecture")));
    Table best = pair.where(r -> isBest(pair, r));
    Charts.Axes axes = new Charts.Axes(logDepth(), false, depths());
    String x = "depth L" + (logDepth() ? ", log scale" : "");
    JFreeChart acc = Charts.lines("Test accuracy (best learning rate)", x, "test accuracy",
        byFamily(best, "depth", "accuracy_mean", "accuracy_ci95"), axes, 0.1);
    addFaint(acc, pair, "accuracy_mean");
    accuracyRange(acc);
    JFreeChart c1 = Charts.lines("c_1 on the line at initialization", x, "c_1",
        byFamily(best, "depth", "init_line_c1_mean", "init_line_c1_ci95"), axes, 0.0);
    JFreeChart pc = Charts.lines("Pair cosine at initialization", x, "pair cosine",
        byFamily(best, "depth", "init_pair_cosine_mean", "init_pair_cosine_ci95"), axes, 0.0);
    String sql = "SELECT *\nFROM train_cell\nWHERE architecture IN ('looks-linear', 'crelu')\nORDER BY family, depth, "
        + "learning_rate";
    return new Figure("looks_linear_vs_crelu", "Looks-linear against its unmirrored control crelu, at every depth",
        "The two families have the same shape (concatenated ReLU, N x 2N layer matrices) and the same weight "
            + "norms; looks-linear mirrors its weights so the network is linear at initialization (c_1 = 1, no "
            + "shattering), crelu draws them independently (it shatters). Left: mean test accuracy at the best "
            + "learning rate per depth (band: 95% t-interval over seeds; faint: the other rates); middle and right: "
            + "the shattering at initialization, over the seeds of the best rate (the weights do not depend on the "
            + "rate). The pair isolates shattering from everything else that differs between families.",
        sql, pair, new Canvas(List.of(new Canvas.Panel(acc, false), new Canvas.Panel(c1, false),
            new Canvas.Panel(pc, false)), 3, 600, 520), true,
        "lambda t: lines([r for r in t[0] if r[\"best\"] == \"true\"], \"depth\", [(\"accuracy_mean\", "
            + "\"accuracy_ci95\", \"test accuracy\"), (\"init_line_c1_mean\", \"init_line_c1_ci95\", \"c_1 at init\"), "
            + "(\"init_pair_cosine_mean\", \"init_pair_cosine_ci95\", \"pair cosine at init\")])");
  }

  private Figure learningCurves() {
    int deepest = (int) depths()[depths().length - 1];
    String sql = TrainingQueries.atBestRate("k.depth = " + deepest, "test_accuracy", "train_loss");
    Table t = query.apply(sql);
    JFreeChart acc = Charts.lines("Test accuracy, depth " + deepest, "SGD step", "test accuracy",
        byFamily(t, "step", "test_accuracy_mean", "test_accuracy_ci95"), false, 0.1);
    accuracyRange(acc);
    JFreeChart loss = Charts.lines("Training loss, depth " + deepest, "SGD step",
        "training loss (step 0: 10,000 images; later: last 50 batches)",
        byFamily(t, "step", "train_loss_mean", "train_loss_ci95"), false);
    return new Figure("learning_curves", "(c) Learning curves of the deepest networks (L = " + deepest + ")",
        "Mean over seeds (95% t-interval) at the checkpoints, each family at its best learning rate for this depth. "
            + "A run that diverged has no checkpoints after it, so the later means are over the seeds still "
            + "running (column n).",
        sql, t, new Canvas(List.of(new Canvas.Panel(acc, false), new Canvas.Panel(loss, false)), 2, 700, 520), true,
        "lambda t: lines(t[0], \"step\", [(\"test_accuracy_mean\", \"test_accuracy_ci95\", \"test accuracy\"), "
            + "(\"train_loss_mean\", \"train_loss_ci95\", \"training loss\")])");
  }

  private Figure lineC1ByStep() {
    double[] d = depths();
    List<Integer> shown = new ArrayList<>();
    for (int i = Math.max(0, d.length - 3); i < d.length; i++) {
      shown.add((int) d[i]);
    }
    String in = shown.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    String sql = TrainingQueries.atBestRate("k.depth IN (" + in + ")", "line_c1", "pair_cosine");
    Table t = query.apply(sql);
    List<Canvas.Panel> panels = new ArrayList<>();
    for (int depth : shown) {
      Table one = t.where(r -> (int) t.num(r, "depth") == depth);
      panels.add(new Canvas.Panel(Charts.lines("c_1 on the line, depth " + depth, "SGD step", "c_1",
          byFamily(one, "step", "line_c1_mean", "line_c1_ci95"), false, 0.0), false));
    }
    return new Figure("line_c1_vs_step", "(d) Shattering while the network learns: c_1 against the training step",
        "c_1 of the true-class logit's gradient along the line between test images 0 and 1 (256 points), mean over "
            + "seeds with 95% t-interval, at every checkpoint, each family at its best learning rate, for the "
            + shown.size() + " deepest depths of the grid (the CSV has the pair cosine too).",
        sql, t, new Canvas(panels, Math.min(3, panels.size()), 600, 500), true,
        "lambda t: lines(t[0], \"step\", [(\"line_c1_mean\", \"line_c1_ci95\", \"c_1\")], split=\"depth\")");
  }
}
