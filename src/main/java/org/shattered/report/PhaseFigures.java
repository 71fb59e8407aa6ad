package org.shattered.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.shattered.spec.ActivationSpec;
import org.shattered.theory.MeanField;
import org.shattered.theory.OrderChaosBoundary;

/**
 * The phase diagram of gradient shattering (docs/activations.md), from the aggregate
 * {@code phase_summary} ({@link PhaseQueries}): per activation, a row per depth of three heat maps
 * over (sigma_w^2, sigma_b^2), the measured log10 pair correlation, the mean field's, and the
 * z-score of the one against the other, with the order-chaos boundary chi_1* = 1
 * ({@link OrderChaosBoundary}) drawn on each; and the pair correlation against depth at the marked
 * points (those measured at four depths or more) with the quadrature prediction. The digest says
 * where measurement and mean field agree within 3 standard errors, where not and by how much.
 */
final class PhaseFigures {

  /** |z| up to this counts as agreement. */
  static final double Z_AGREE = 3;
  /** The z maps' colour range. */
  static final double Z_RANGE = 6;
  /** Points measured at this many depths or more get a depth series. */
  static final int SERIES_MIN_DEPTHS = 4;

  private final Table s;

  PhaseFigures(Map<String, Aggregate> aggs) {
    Aggregate a = aggs.get("phase_summary");
    this.s = a == null ? null : a.table();
  }

  /**
   * Whether the results are a phase sweep: some activation and depth measured on a grid of two
   * weight variances or more by two bias variances or more.
   */
  boolean present() {
    return s != null && !diagramKeys().isEmpty();
  }

  /** (activation, depth) of the diagrams, in {@link #activations()} then depth order. */
  private List<List<Object>> diagramKeys() {
    List<List<Object>> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String act : activations()) {
      for (int depth : depths(act)) {
        Table c = cells(act, depth);
        if (distinct(c, "weight_variance").size() >= 2 && distinct(c, "bias_variance").size() >= 2) {
          out.add(List.of(act, depth));
        }
      }
    }
    return out;
  }

  /** The activations, tanh first, then as sorted. */
  private List<String> activations() {
    TreeSet<String> a = new TreeSet<>(Comparator.comparing((String x) -> x.equals("tanh") ? 0 : 1)
        .thenComparing(Comparator.naturalOrder()));
    s.rows().forEach(r -> a.add(s.str(r, "activation")));
    return new ArrayList<>(a);
  }

  private TreeSet<Integer> depths(String act) {
    TreeSet<Integer> d = new TreeSet<>();
    s.rows().stream().filter(r -> s.str(r, "activation").equals(act)).forEach(r -> d.add((int) s.num(r, "depth")));
    return d;
  }

  /** The diagram's cells: the points of the grid (those whose bias variance is one of at least two weight variances'). */
  private Table cells(String act, int depth) {
    Table c = s.where(r -> s.str(r, "activation").equals(act) && (int) s.num(r, "depth") == depth);
    // a point off the grid (the udlbook setting) is one whose bias variance appears at a single weight variance
    Map<Double, Integer> perBias = new LinkedHashMap<>();
    c.rows().forEach(r -> perBias.merge(c.num(r, "bias_variance"), 1, Integer::sum));
    return c.where(r -> perBias.get(c.num(r, "bias_variance")) >= 2);
  }

  private static TreeSet<Double> distinct(Table t, String col) {
    TreeSet<Double> v = new TreeSet<>();
    t.rows().forEach(r -> v.add(t.num(r, col)));
    return v;
  }

  /**
   * The standard deviation of one network's pair_cosine when its P gradients are independent and
   * isotropic in d dimensions: the mean of P (P - 1) / 2 pairwise cosines, each of variance 1/d and
   * uncorrelated, 1 / sqrt(d P (P - 1) / 2). Below it a correlation is not measurable with one network.
   */
  static double noiseFloor(int inputDim, int points) {
    return 1 / Math.sqrt(inputDim * points * (points - 1) / 2.0);
  }

  private double floorOf(Table t) {
    List<Object> r = t.rows().get(0);
    return noiseFloor((int) t.num(r, "input_dim"), (int) t.num(r, "points"));
  }

  /** The phase of a point from chi_1 at the q-map's fixed point. */
  static String phase(double chi1) {
    return Math.abs(chi1 - 1) <= 0.02 ? "critical" : chi1 < 1 ? "ordered" : "chaotic";
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    if (!present()) {
      return out;
    }
    for (String act : activations()) {
      List<Integer> ds = diagramKeys().stream().filter(k -> k.get(0).equals(act)).map(k -> (Integer) k.get(1))
          .toList();
      if (!ds.isEmpty()) {
        out.add(diagram(act, ds));
      }
      Figure f = series(act);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  private static String fileName(String act) {
    return act.replaceAll("[^A-Za-z0-9]+", "_");
  }

  private static String fmt(double v) {
    return new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
  }

  /** The points of a depth series: (weight variance, bias variance) measured at {@value #SERIES_MIN_DEPTHS} depths or more. */
  private List<double[]> marked(String act) {
    Map<List<Double>, Integer> n = new LinkedHashMap<>();
    s.rows().stream().filter(r -> s.str(r, "activation").equals(act))
        .forEach(r -> n.merge(List.of(s.num(r, "weight_variance"), s.num(r, "bias_variance")), 1, Integer::sum));
    List<double[]> out = new ArrayList<>();
    n.forEach((k, c) -> {
      if (c >= SERIES_MIN_DEPTHS) {
        out.add(new double[] {k.get(0), k.get(1)});
      }
    });
    out.sort(Comparator.comparingDouble((double[] p) -> p[1] == 0.1 ? 0 : 1).thenComparingDouble(p -> p[0])
        .thenComparingDouble(p -> p[1]));
    return out;
  }

  /** The short name of a known setting ("udlbook", "He (paper)"), or "". */
  static String knownSetting(String act, double w, double b) {
    return act.equals("relu") && w == 1.0 && b == 0.005 ? "udlbook"
        : act.equals("relu") && w == 2.0 && b == 0.0 ? "He (paper)" : "";
  }

  /** The name of a marked point: its phase and chi_1*, and what it is when it is a known setting. */
  static String pointName(String act, double w, double b) {
    double chi1 = OrderChaosBoundary.chi1AtFixedPoint(ActivationSpec.parse("activation", act), w, b);
    String known = knownSetting(act, w, b);
    return "σ_w²=" + fmt(w) + ", σ_b²=" + fmt(b) + " (" + (known.isEmpty() ? "" : known + ", ") + phase(chi1)
        + ", χ₁*=" + String.format(Locale.ROOT, "%.2f", chi1) + ")";
  }

  private Figure diagram(String act, List<Integer> depths) {
    ActivationSpec spec = ActivationSpec.parse("activation", act);
    List<Canvas.Panel> panels = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    double floor = Double.NaN;
    String boundaryText = "";
    for (int depth : depths) {
      Table c = cells(act, depth);
      floor = floorOf(c);
      double lo = Math.floor(2 * Math.log10(floor)) / 2;
      TreeSet<Double> ws = distinct(c, "weight_variance");
      TreeSet<Double> bs = distinct(c, "bias_variance");
      double wStep = step(ws);
      double bStep = step(bs);
      int n = c.rows().size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] meas = new double[n];
      double[] mf = new double[n];
      double[] z = new double[n];
      for (int i = 0; i < n; i++) {
        List<Object> r = c.rows().get(i);
        x[i] = c.num(r, "weight_variance");
        y[i] = c.num(r, "bias_variance");
        double m = c.num(r, "pair_cosine_mean");
        meas[i] = m > 0 ? Math.log10(m) : Double.NEGATIVE_INFINITY;
        double p = c.num(r, "mean_field_pair_corr");
        mf[i] = p > 0 ? Math.log10(p) : Double.NEGATIVE_INFINITY;
        z[i] = c.num(r, "z");
        rows.add(List.of(act, depth, x[i], y[i], (long) c.num(r, "n_seeds"), m, c.num(r, "pair_cosine_se"), p, z[i]));
      }
      double[][] line = boundary(spec, bs.first(), bs.last(), ws.first() - wStep / 2, ws.last() + wStep / 2);
      boundaryText = boundaryText(line);
      List<PhaseCharts.Mark> marks = new ArrayList<>();
      for (double[] p : marked(act)) {
        if (p[0] >= ws.first() && p[0] <= ws.last() && p[1] >= bs.first() && p[1] <= bs.last()) {
          double chi1 = OrderChaosBoundary.chi1AtFixedPoint(spec, p[0], p[1]);
          String known = knownSetting(act, p[0], p[1]);
          marks.add(new PhaseCharts.Mark(p[0], p[1], known.isEmpty() ? phase(chi1) : known));
        }
      }
      String lineLabel = "χ₁* = 1 (mean field)";
      PhaseCharts.Sequential logScale = new PhaseCharts.Sequential(lo, 0);
      panels.add(new Canvas.Panel(PhaseCharts.map(new PhaseCharts.Map(act + ", L=" + depth + ": measured",
          "σ_w²", "σ_b²", x, y, meas, wStep, bStep, logScale, "log10 pair_cosine (mean over seeds)", line, lineLabel,
          marks)), true));
      panels.add(new Canvas.Panel(PhaseCharts.map(new PhaseCharts.Map(act + ", L=" + depth + ": mean field",
          "σ_w²", "σ_b²", x, y, mf, wStep, bStep, logScale, "log10 mean_field_pair_corr", line, lineLabel, marks)),
          true));
      panels.add(new Canvas.Panel(PhaseCharts.map(new PhaseCharts.Map(act + ", L=" + depth
          + ": z = (measured − mean field) / SE", "σ_w²", "σ_b²", x, y, z, wStep, bStep,
          new PhaseCharts.DivergingTo(Z_RANGE), "z (clipped at ±" + fmt(Z_RANGE) + ")", line, lineLabel, marks)),
          true));
    }
    Table data = new Table(List.of("activation", "depth", "weight_variance", "bias_variance", "n_seeds",
        "pair_cosine_mean", "pair_cosine_se", "mean_field_pair_corr", "z"), rows);
    String depthList = String.join(", ", depths.stream().map(String::valueOf).toList());
    String sql = "SELECT *\nFROM phase_summary\nWHERE activation = '" + act + "' AND depth IN (" + depthList
        + ")\nORDER BY depth, weight_variance, bias_variance";
    double lo = Math.floor(2 * Math.log10(floor)) / 2;
    String caption = "The order-chaos phase diagram of " + act + " networks (feedforward, no normalization, sphere "
        + "inputs), one row per depth L. Left: the measured pair correlation of the gradients (mean over seeds of "
        + "each network's pair_cosine), log10. Middle: the mean-field prediction from the parameters alone "
        + "(mean_field_pair_corr, quadrature). Both share one colour scale from 10^" + fmt(lo) + " to 1; lower "
        + "values, and measured means ≤ 0, take its darkest colour: one network's pair_cosine has a noise floor "
        + "of about 1/sqrt(d P (P − 1) / 2) = " + String.format(Locale.ROOT, "%.2g", floor) + " (independent "
        + "isotropic gradients). Right: z = (measured − mean field) / SE, SE the standard error over seeds "
        + "(white: agreement; |z| > " + fmt(Z_AGREE) + " is outside 3 SE). Black line: χ₁* = 1, the boundary "
        + "where the gradient's squared norm neither grows nor shrinks per layer at the q-map's fixed point "
        + "(theory.MeanField, OrderChaosBoundary): ordered (gradients stay correlated) on its left, chaotic "
        + "(they shatter) on its right" + boundaryText + ". Circles: the points of the depth series (udlbook: the "
        + "udlbook notebook's setting, drawn in the cell it falls in; He (paper): He initialization without biases).";
    return new Figure("phase_" + fileName(act), "Phase diagram: " + act + " (measured, mean field, z-score)",
        caption, sql, data, new Canvas(panels, 3, 440, 380), true, "None");
  }

  /** The smallest spacing of sorted grid values (1 for a single value). */
  private static double step(TreeSet<Double> v) {
    double best = Double.MAX_VALUE;
    Double prev = null;
    for (double d : v) {
      if (prev != null) {
        best = Math.min(best, d - prev);
      }
      prev = d;
    }
    return best == Double.MAX_VALUE ? 1 : best;
  }

  /** The boundary chi_1* = 1 as (sigma_w^2, sigma_b^2) pairs at 21 bias variances over [bLo, bHi]. */
  static double[][] boundary(ActivationSpec spec, double bLo, double bHi, double wLo, double wHi) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      double b = bLo + (bHi - bLo) * i / 20;
      double w = OrderChaosBoundary.weightVariance(spec, b, wLo, wHi);
      if (Double.isFinite(w)) {
        pts.add(new double[] {w, b});
      }
    }
    return pts.toArray(new double[0][]);
  }

  private static String boundaryText(double[][] line) {
    if (line.length == 0) {
      return " (not in this range)";
    }
    double[] a = line[0];
    double[] b = line[line.length - 1];
    return String.format(Locale.ROOT, " (it runs from σ_w² = %.2f at σ_b² = %s to σ_w² = %.2f at σ_b² = %s)", a[0],
        fmt(a[1]), b[0], fmt(b[1]));
  }

  private Figure series(String act) {
    List<double[]> pts = marked(act);
    if (pts.isEmpty()) {
      return null;
    }
    List<Charts.Curve> curves = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    TreeSet<Integer> allDepths = new TreeSet<>();
    double floor = Double.NaN;
    int color = 0;
    List<String> where = new ArrayList<>();
    for (double[] p : pts) {
      Table t = pointRows(act, p[0], p[1]);
      floor = floorOf(t);
      int n = t.rows().size();
      // on the log axis the measured curve stops before its first mean <= 0 (at the noise floor)
      int drawn = n;
      for (int i = 0; i < n && drawn == n; i++) {
        if (!(t.num(t.rows().get(i), "pair_cosine_mean") > 0)) {
          drawn = i;
        }
      }
      double[] x = new double[n];
      double[] y = new double[n];
      double[] lo = new double[n];
      double[] hi = new double[n];
      double[] mf = new double[n];
      for (int i = 0; i < n; i++) {
        List<Object> r = t.rows().get(i);
        x[i] = t.num(r, "depth");
        allDepths.add((int) x[i]);
        y[i] = t.num(r, "pair_cosine_mean");
        double h = t.num(r, "pair_cosine_ci95");
        lo[i] = y[i] - h;
        hi[i] = y[i] + h;
        mf[i] = t.num(r, "mean_field_pair_corr");
        rows.add(List.of(act, p[0], p[1], (int) x[i], (long) t.num(r, "n_seeds"), y[i], t.num(r, "pair_cosine_se"),
            h, mf[i], t.num(r, "z")));
      }
      String name = pointName(act, p[0], p[1]);
      curves.add(new Charts.Curve(name + ": measured (95% band)", java.util.Arrays.copyOf(x, drawn),
          java.util.Arrays.copyOf(y, drawn), java.util.Arrays.copyOf(lo, drawn), java.util.Arrays.copyOf(hi, drawn),
          false, color));
      curves.add(new Charts.Curve(name + ": mean field", x, mf, null, null, true, color));
      where.add("(weight_variance = " + p[0] + " AND bias_variance = " + p[1] + ")");
      color++;
    }
    double[] ticks = allDepths.stream().mapToDouble(Integer::doubleValue).toArray();
    double shown = Double.parseDouble(String.format(Locale.ROOT, "%.2g", floor));
    var chart = Charts.lines(act + ": pair correlation against depth at the marked points", "depth L",
        "pair correlation of gradients", curves, new Charts.Axes(true, true, ticks), shown);
    Table data = new Table(List.of("activation", "weight_variance", "bias_variance", "depth", "n_seeds",
        "pair_cosine_mean", "pair_cosine_se", "pair_cosine_ci95", "mean_field_pair_corr", "z"), rows);
    String sql = "SELECT *\nFROM phase_summary\nWHERE activation = '" + act + "' AND (" + String.join("\n    OR ", where)
        + ")\nORDER BY weight_variance, bias_variance, depth";
    String caption = "Pair correlation of the gradients against depth (log-log) at the marked points of the "
        + act + " diagram: measured (mean over seeds of pair_cosine, solid, with its 95% Student-t band) and the "
        + "mean-field quadrature prediction (dashed, same colour). χ₁* is chi_1 at the q-map's fixed point: "
        + "below 1 ordered (the correlation levels off), near 1 critical, above 1 chaotic (geometric decay: the "
        + "gradients shatter). The dotted line is one network's noise floor for independent isotropic gradients, "
        + String.format(Locale.ROOT, "%.2g", shown) + " = 1/sqrt(d P (P − 1) / 2): below it a chaotic network's correlation cannot be "
        + "measured, and the y axis is cut at a quarter of the smallest positive measured mean (a prediction "
        + "below that is not drawn); a measured curve stops before its first mean ≤ 0 (the deeper depths are in the table).";
    return new Figure("phase_depth_" + fileName(act), "Pair correlation against depth: " + act + " at the marked points",
        caption, sql, data, new Canvas(List.of(new Canvas.Panel(chart, false)), 1, 1000, 620), true, "None");
  }

  private Table pointRows(String act, double w, double b) {
    List<List<Object>> r = s.rows().stream().filter(x -> s.str(x, "activation").equals(act)
        && s.num(x, "weight_variance") == w && s.num(x, "bias_variance") == b)
        .sorted(Comparator.comparingDouble(x -> s.num(x, "depth"))).toList();
    return new Table(s.columns(), r);
  }

  /**
   * The digest on the page: per activation and depth of the diagram, how many cells agree with the
   * mean field within 3 SE, above and at the noise floor, where they do not and by how much; the
   * depth series; where the udlbook setting sits.
   */
  String digest() {
    if (!present()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Phase diagram: measured pair correlation (mean over seeds of pair_cosine) against the mean-field "
        + "quadrature prediction, z = (measured - mean field) / SE; 'agree' = |z| <= 3. A cell is 'above the floor' "
        + "when its prediction exceeds 3 x the one-network noise floor 1/sqrt(d P (P-1)/2).\n");
    for (List<Object> k : diagramKeys()) {
      String act = (String) k.get(0);
      int depth = (Integer) k.get(1);
      Table c = cells(act, depth);
      double floor = floorOf(c);
      ActivationSpec spec = ActivationSpec.parse("activation", act);
      Table above = c.where(r -> c.num(r, "mean_field_pair_corr") > 3 * floor);
      Table at = c.where(r -> !(c.num(r, "mean_field_pair_corr") > 3 * floor));
      sb.append(String.format(Locale.ROOT, "%n%s, L=%d (%d seeds): %s above the floor, %s at it.", act, depth,
          (long) c.num(c.rows().get(0), "n_seeds"), agreement(above), agreement(at)));
      Table off = above.where(r -> Math.abs(above.num(r, "z")) > Z_AGREE);
      if (!off.isEmpty()) {
        double minChi = Double.MAX_VALUE;
        double maxChi = -Double.MAX_VALUE;
        double minRel = Double.MAX_VALUE;
        double maxRel = -Double.MAX_VALUE;
        for (List<Object> r : off.rows()) {
          double chi = OrderChaosBoundary.chi1AtFixedPoint(spec, off.num(r, "weight_variance"), off.num(r, "bias_variance"));
          minChi = Math.min(minChi, chi);
          maxChi = Math.max(maxChi, chi);
          double rel = off.num(r, "pair_cosine_mean") / off.num(r, "mean_field_pair_corr") - 1;
          minRel = Math.min(minRel, rel);
          maxRel = Math.max(maxRel, rel);
        }
        sb.append(String.format(Locale.ROOT, " Outside 3 SE above the floor: chi_1* from %.2f to %.2f, measured/predicted "
            + "- 1 from %+.1f%% to %+.1f%%.", minChi, maxChi, 100 * minRel, 100 * maxRel));
      }
      sb.append(String.format(Locale.ROOT, " Median |measured/predicted - 1| above the floor: %.1f%%.",
          100 * medianAbsRel(above)));
      if (!at.isEmpty()) {
        double[] sd = at.rows().stream().mapToDouble(r -> at.num(r, "pair_cosine_sd")).sorted().toArray();
        sb.append(String.format(Locale.ROOT, " At the floor the seeds' sd of pair_cosine is %.2g (median; the isotropic "
            + "value %.2g).", sd[sd.length / 2], floor));
      }
    }
    sb.append("\n\nDepth series at the marked points (each depth's numbers in the series' figure and CSV):\n");
    for (String act : activations()) {
      for (double[] p : marked(act)) {
        sb.append(act).append(", ").append(seriesSummary(act, p[0], p[1])).append('\n');
      }
    }
    sb.append(udlbook());
    return sb.toString();
  }

  /**
   * One sentence for a depth series: at how many depths the measured pair correlation is within 3 SE
   * of the mean field, those outside, and the deepest depth above the noise floor with its numbers.
   */
  private String seriesSummary(String act, double w, double b) {
    Table t = pointRows(act, w, b);
    List<String> outside = new ArrayList<>();
    long agree = 0;
    List<Object> deepest = null;
    double floor = floorOf(t);
    for (List<Object> r : t.rows()) {
      if (Math.abs(t.num(r, "z")) <= Z_AGREE) {
        agree++;
      } else {
        outside.add(String.format(Locale.ROOT, "%d (z = %+.1f)", (int) t.num(r, "depth"), t.num(r, "z")));
      }
      if (t.num(r, "mean_field_pair_corr") > 3 * floor) {
        deepest = r;
      }
    }
    StringBuilder sb = new StringBuilder(pointName(act, w, b)).append(String.format(Locale.ROOT,
        ": within 3 SE of the mean field at %d of %d depths (L = %d-%d)", agree, t.rows().size(),
        (int) t.num(t.rows().get(0), "depth"), (int) t.num(t.rows().get(t.rows().size() - 1), "depth")));
    if (!outside.isEmpty()) {
      sb.append("; outside at L = ").append(String.join(", ", outside));
    }
    if (deepest != null) {
      sb.append(String.format(Locale.ROOT, "; deepest above the floor L = %d: measured %.4g ± %.2g (SE), mean field %.4g",
          (int) t.num(deepest, "depth"), t.num(deepest, "pair_cosine_mean"), t.num(deepest, "pair_cosine_se"),
          t.num(deepest, "mean_field_pair_corr")));
    } else {
      sb.append("; no depth above the noise floor");
    }
    return sb.append('.').toString();
  }

  private static String agreement(Table t) {
    if (t.isEmpty()) {
      return "no cells";
    }
    long ok = t.rows().stream().filter(r -> Math.abs(t.num(r, "z")) <= Z_AGREE).count();
    return ok + " of " + t.rows().size() + " cells agree";
  }

  private static double medianAbsRel(Table t) {
    double[] v = t.rows().stream().mapToDouble(r -> Math.abs(t.num(r, "pair_cosine_mean")
        / t.num(r, "mean_field_pair_corr") - 1)).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  /** Where the udlbook notebook's setting (ReLU, sigma_w^2 = 1, sigma_b^2 = 0.005) sits, when the sweep has it. */
  private String udlbook() {
    Table u = pointRows("relu", 1.0, 0.005);
    if (u.isEmpty()) {
      return "";
    }
    MeanField mf = MeanField.of(ActivationSpec.RELU, 1.0, 0.005);
    Table he = pointRows("relu", 2.0, 0.0);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nThe udlbook notebook's setting (ReLU, "
        + "sigma_w^2 = 1, sigma_b^2 = 0.005 = 1/D): chi_1 = %.2f, deep in the ordered phase (the boundary for ReLU is "
        + "sigma_w^2 = 2 at every sigma_b^2); q* = %.3g is set by the biases, c* = %.3f, depth scale xi_c = %.2f "
        + "layers. The gradient's squared norm shrinks by chi_1 per layer while every pair of inputs is driven to "
        + "correlation 1 within a few layers, so the per-layer factor chi_c/chi_1 goes to 1 and the pair "
        + "correlation stops decaying: it levels off instead of halving per layer as at He initialization "
        + "without biases.", mf.chi1(mf.fixedPointQ()), mf.fixedPointQ(), mf.fixedPointC(),
        OrderChaosBoundary.depthScale(ActivationSpec.RELU, 1.0, 0.005)));
    // the deepest depth of each series, the numbers behind "levels off" (every depth is in the series' CSV)
    List<Object> ud = u.rows().get(u.rows().size() - 1);
    int d = (int) u.num(ud, "depth");
    sb.append(String.format(Locale.ROOT, " At L = %d the udlbook setting measures %.4g ± %.2g (SE; mean field %.4g)", d,
        u.num(ud, "pair_cosine_mean"), u.num(ud, "pair_cosine_se"), u.num(ud, "mean_field_pair_corr")));
    Table h = he.where(x -> (int) he.num(x, "depth") == d);
    if (!h.isEmpty()) {
      List<Object> x = h.rows().get(0);
      sb.append(String.format(Locale.ROOT, ", He without biases %.4g ± %.2g (mean field %.4g)",
          h.num(x, "pair_cosine_mean"), h.num(x, "pair_cosine_se"), h.num(x, "mean_field_pair_corr")));
    }
    sb.append('.');
    return sb.toString();
  }
}
