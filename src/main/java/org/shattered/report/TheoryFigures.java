package org.shattered.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.shattered.theory.TheoryCurves;

/**
 * The theorems' test, one figure per family (architecture, normalization, beta rule; per input
 * setting, at the largest width): on top the measured ensemble {@code pair_corr} and the mean
 * {@code pair_cosine} against depth on a log axis with their intervals, the closed form of the
 * theory table, the paper's 1/l heuristic (resnet with batch norm) and the mean-field prediction
 * from the measured gates; under it the co-activation per layer of each depth. The figure's table
 * holds the z-scores of the measurement against each curve, and the caption says, from those
 * numbers, which curve the data follow. Reads the aggregates of {@link TheoryAggregates}.
 */
final class TheoryFigures {

  /** Setting columns: one set of figures per distinct value. */
  private static final List<String> SETTING = List.of("inputs", "input_dim", "input_seed", "points", "precision",
      "gradient_mode");

  /** A curve the measurement is compared with: its name, value column and z column. */
  record Candidate(String name, String value, String z) {
  }

  private final Map<String, Aggregate> aggs;

  TheoryFigures(Map<String, Aggregate> aggs) {
    this.aggs = aggs;
  }

  List<Figure> all() {
    List<Figure> out = new ArrayList<>();
    Aggregate cmpAgg = aggs.get("theory_comparison");
    if (cmpAgg == null || cmpAgg.table().isEmpty()) {
      return out;
    }
    Table cmp = CurveData.expandRules(cmpAgg.table());
    Table layers = CurveData.expandRules(aggs.get("theory_layers").table());
    for (Map.Entry<String, List<List<Object>>> setting : CurveData.groupBy(cmp, r -> setting(cmp, r)).entrySet()) {
      Table s = new Table(cmp.columns(), setting.getValue());
      int width = s.rows().stream().mapToInt(r -> (int) s.num(r, "width")).max().orElse(0);
      Table t = s.where(r -> (int) s.num(r, "width") == width);
      double[] ticks = t.rows().stream().mapToDouble(r -> t.num(r, "depth")).distinct().sorted().toArray();
      for (Map.Entry<String, List<List<Object>>> fam : CurveData.groupBy(t, r -> family(t, r)).entrySet()) {
        List<List<Object>> rows = new ArrayList<>(fam.getValue());
        rows.sort(Comparator.comparingDouble(r -> t.num(r, "depth")));
        out.add(figure(new Table(t.columns(), rows), layers, fam.getKey(), setting.getKey(), width, ticks));
      }
      Figure exp = exponents(setting.getKey(), width);
      if (exp != null) {
        out.add(exp);
      }
    }
    return out;
  }

  /** Families whose local exponent reaches this depth get the exponent figure. */
  static final int EXPONENT_MIN_DEPTH = 128;

  /**
   * The local exponent of pair_corr against depth (theory_exponents) of the families of a setting
   * measured to depth {@value #EXPONENT_MIN_DEPTH} or more, with the closed form's and the
   * heuristic's exponents over the same depths, and a verdict on the paper's L^-1/2; null when no
   * family goes that deep.
   */
  private Figure exponents(String setting, int width) {
    Aggregate agg = aggs.get("theory_exponents");
    if (agg == null || agg.table().isEmpty()) {
      return null;
    }
    Table all = agg.table();
    Table e = all.where(r -> setting(all, r).equals(setting) && (int) all.num(r, "width") == width);
    List<String> deep = new ArrayList<>();
    for (List<Object> r : e.rows()) {
      String f = family(e, r);
      if (e.num(r, "depth_to") >= EXPONENT_MIN_DEPTH && !deep.contains(f)) {
        deep.add(f);
      }
    }
    if (deep.isEmpty()) {
      return null;
    }
    Table t = e.where(r -> deep.contains(family(e, r)));
    List<Charts.Curve> curves = new ArrayList<>();
    StringBuilder verdict = new StringBuilder();
    int color = 0;
    for (String f : deep) {
      Table local = t.where(r -> family(t, r).equals(f) && t.str(r, "kind").equals("local")
          && Double.isFinite(t.num(r, "exponent_lo")));
      int n = local.rows().size();
      double[] xs = new double[n];
      double[] ys = new double[n];
      double[] los = new double[n];
      double[] his = new double[n];
      double[] closed = new double[n];
      double[] heur = new double[n];
      for (int i = 0; i < n; i++) {
        List<Object> r = local.rows().get(i);
        xs[i] = Math.sqrt(local.num(r, "depth_from") * local.num(r, "depth_to"));
        ys[i] = local.num(r, "exponent");
        los[i] = local.num(r, "exponent_lo");
        his[i] = local.num(r, "exponent_hi");
        closed[i] = local.num(r, "closed_form_exponent");
        heur[i] = local.num(r, "heuristic_exponent");
      }
      curves.add(new Charts.Curve(f + ": measured (95% bootstrap interval over seeds)", xs, ys, los, his, false,
          color));
      curves.add(new Charts.Curve(f + ": closed form", xs, closed, null, null, true, color));
      if (Arrays.stream(heur).anyMatch(Double::isFinite)) {
        curves.add(new Charts.Curve(f + ": paper's 1/l heuristic", xs, heur, null, null, true, 4));
      }
      color++;
      Table fits = t.where(r -> family(t, r).equals(f) && t.str(r, "kind").equals("fit"));
      for (List<Object> r : fits.rows()) {
        verdict.append(exponentSentence(f, fits, r));
      }
    }
    JFreeChart chart = Charts.lines("local exponent of pair_corr against depth (" + setting + ", N=" + width + ")",
        "depth L (geometric mean of neighbouring depths), log scale", "−Δlog pair_corr / Δlog L", curves,
        new Charts.Axes(true, false, null), 0.5, TheoryCurves.RESNET_BATCH_NORM_EXPONENT);
    Canvas canvas = new Canvas(List.of(new Canvas.Panel(chart, false)), 1, 1000, 460);
    String caption = "The local exponent e of the ensemble pair correlation, pair_corr ∝ L^-e, between neighbouring "
        + "depths L1 < L2: e = −log(pair_corr(L2)/pair_corr(L1)) / log(L2/L1), drawn at √(L1 L2), for the families "
        + "measured to depth " + EXPONENT_MIN_DEPTH + " or more; the band is the 95% percentile interval of "
        + PairCorrelationBootstrap.REPLICATES + " bootstrap resamplings of the seeds, the same resamples at every depth "
        + "of a family (" + NESTED + ", so the seeds, not the depths, are resampled). Dashed: the same exponent of "
        + "the closed form (which approaches π/(2(π−1)) = " + String.format(Locale.ROOT, "%.3f",
            TheoryCurves.RESNET_BATCH_NORM_EXPONENT) + ", the upper reference line, for batch-norm resnets: the "
        + "stream's batch variance grows by (1 − 1/π)β² a layer) and of the paper's 1/l heuristic (approaching 1/2, "
        + "the lower reference line). The table also has least-squares fits over the depths at or above 32 and "
        + PairCorrelationExponents.FIT_FROM[PairCorrelationExponents.FIT_FROM.length - 1] + " (kind = fit), with "
        + "z-scores against the closed form's exponent and against 1/2. " + VERDICT + verdict.toString().trim();
    String sql = agg.sql() + "\n-- selection: " + setting + ", width = " + width + ", families measured to depth >= "
        + EXPONENT_MIN_DEPTH;
    return new Figure("theory_exponents", "Theory: the local exponent of pair correlation against depth (" + setting
        + ")", caption, sql, t, canvas, true, "None");
  }

  /** One fit's sentence: the exponent with its interval, the closed form's, and whether 1/2 is excluded. */
  private static String exponentSentence(String family, Table t, List<Object> r) {
    double e = t.num(r, "exponent");
    double lo = t.num(r, "exponent_lo");
    double hi = t.num(r, "exponent_hi");
    double closed = t.num(r, "closed_form_exponent");
    String span = "L = " + (int) t.num(r, "depth_from") + "-" + (int) t.num(r, "depth_to") + " (" + (int) t.num(r,
        "n_depths") + " depths, " + (long) t.num(r, "n_seeds") + " seeds)";
    if (!Double.isFinite(lo)) {
      return String.format(Locale.ROOT, "%s, fit over %s: e = %.3f, no interval (the pair correlation of some "
          + "resample is not positive). ", family, span, e);
    }
    String half = 0.5 < lo || 0.5 > hi ? "outside the interval: the paper's L^-1/2 does not hold here"
        : "inside the interval: these data cannot tell the paper's L^-1/2 apart";
    String cf = closed >= lo && closed <= hi ? "inside" : "outside";
    return String.format(Locale.ROOT, "%s, fit over %s: e = %.3f (95%% interval %.3f to %.3f, SE %.3f); the closed "
        + "form's %.3f is %s it; 1/2 is %s. ", family, span, e, lo, hi, t.num(r, "exponent_se"), closed, cf, half);
  }

  /**
   * The verdicts of every theory figure, one item per figure (for the page's findings): the conclusion
   * first, then the measured pair correlation at the deepest depth above the noise floor with its
   * interval and the curves there, then the per-curve sentences of the figure's verdict.
   */
  static List<PageFindings.Item> verdicts(List<Figure> figures) {
    List<PageFindings.Item> out = new ArrayList<>();
    for (Figure f : figures) {
      if (!f.name().startsWith("theory_")) {
        continue;
      }
      int i = f.caption().indexOf(VERDICT);
      List<String> sentences = new ArrayList<>(PageFindings.sentences(i < 0 ? ""
          : f.caption().substring(i + VERDICT.length())));
      List<String> ordered = new ArrayList<>();
      sentences.stream().filter(s -> s.startsWith("The data follow") || s.startsWith("Too few")).forEach(ordered::add);
      String deepest = deepest(f.data());
      if (deepest != null) {
        ordered.add(deepest);
      }
      sentences.stream().filter(s -> !ordered.contains(s)).forEach(ordered::add);
      out.add(new PageFindings.Item(f.title(), ordered));
    }
    return out;
  }

  /**
   * The sentence of the deepest depth whose pair correlation is above the noise floor, with its 95%
   * bootstrap interval and the curves' values there (null when the table has no such depth).
   */
  static String deepest(Table t) {
    if (!t.columns().contains("above_noise_floor") || !t.columns().contains("pair_corr_lo")) {
      return null;
    }
    List<Object> best = null;
    for (List<Object> r : t.rows()) {
      if ("true".equals(t.str(r, "above_noise_floor")) && (best == null || t.num(r, "depth") > t.num(best, "depth"))) {
        best = r;
      }
    }
    if (best == null) {
      return null;
    }
    List<Object> r = best;
    double mf = t.num(r, "mean_field");
    double mfHalf = StudentT.quantile975(Math.max(1, (long) t.num(r, "n_seeds") - 1)) * t.num(r, "mean_field_se");
    return String.format(Locale.ROOT, "At L = %d, the deepest depth above the noise floor (%d seeds), pair_corr = "
        + "%.3g (95%% bootstrap interval %.3g to %.3g); the closed form gives %.3g and the mean-field prediction "
        + "%s.", (int) t.num(r, "depth"), (long) t.num(r, "n_seeds"), t.num(r, "pair_corr"), t.num(r, "pair_corr_lo"),
        t.num(r, "pair_corr_hi"), t.num(r, "closed_form"), Double.isFinite(mf) ? String.format(Locale.ROOT,
            "%.3g ± %.2g (95%% t-interval)", mf, mfHalf) : "nothing (not measured)");
  }

  private static final String VERDICT = "Verdict: ";

  /** Said beside every count of depths: the depths of one seed are not independent networks. */
  static final String NESTED = "nested weights: a seed's depths are one network, so these depths are not "
      + "independent tests";

  private static String setting(Table t, List<Object> r) {
    String in = t.str(r, "inputs");
    return (in.equals("sphere") ? "sphere inputs, d=" + t.str(r, "input_dim") + ", input seed " + t.str(r,
        "input_seed") : in + " inputs") + ", P=" + t.str(r, "points") + ", " + t.str(r, "precision") + ", "
        + t.str(r, "gradient_mode");
  }

  private static String family(Table t, List<Object> r) {
    String a = t.str(r, "architecture");
    return a + (CurveData.usesBeta(t, r) ? ", β=" + t.str(r, "beta_rule") : "") + ", "
        + (t.str(r, "normalization").equals("batch") ? "batch norm" : "no normalization");
  }

  private Figure figure(Table t, Table layers, String family, String setting, int width, double[] ticks) {
    List<Object> first = t.rows().get(0);
    // the heuristic has no beta: TheoryAggregates gives it at beta = 1 only
    boolean heuristic = t.rows().stream().anyMatch(r -> Double.isFinite(t.num(r, "heuristic")));
    String closed = CurveData.closedFormLabel(t, first);
    List<Charts.Curve> curves = new ArrayList<>();
    curves.add(band(t, "pair_corr (ensemble over seeds, 95% bootstrap interval)", "pair_corr", "pair_corr_lo",
        "pair_corr_hi", 0));
    curves.add(tBand(t, "mean pair_cosine (per network, 95% t-interval)", "pair_cosine_mean", "pair_cosine_se", 3));
    curves.add(tBand(t, "mean-field prediction from measured gates (95% t-interval)", "mean_field", "mean_field_se",
        2));
    curves.add(line(t, "closed form " + closed, "closed_form", 1));
    if (heuristic) {
      curves.add(line(t, "paper's heuristic Γ(L+3/2)/(Γ(3/2)Γ(L+2))", "heuristic", 4));
    }
    boolean logX = ticks.length > 1 && ticks[ticks.length - 1] / Math.max(ticks[0], 1) >= 8;
    JFreeChart top = Charts.lines(family + " (" + setting + ", N=" + width + ")", "depth L" + (logX ? ", log scale"
        : ""), "gradient correlation, log scale", curves, new Charts.Axes(logX, true, ticks));
    JFreeChart bottom = coactivation(t, layers, ticks);
    Canvas canvas = new Canvas(List.of(new Canvas.Panel(top, false), new Canvas.Panel(bottom, false)), 1, 1000, 460);

    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate("the closed form " + closed, "closed_form", "z_closed_form"));
    if (heuristic) {
      candidates.add(new Candidate("the paper's 1/l heuristic", "heuristic", "z_heuristic"));
    }
    candidates.add(new Candidate("the mean-field prediction from measured gates", "mean_field", "z_mean_field"));
    String caption = "Top: the ensemble pair correlation pair_corr = mean over pairs p<q of Σ_s g_p·g_q / "
        + "√(Σ_s|g_p|² Σ_s|g_q|²) over the seeds' stored gradients (band: 95% bootstrap percentile interval, "
        + PairCorrelationBootstrap.REPLICATES + " resamplings of the seeds), the mean over seeds of each network's "
        + "pair_cosine, the mean-field prediction from each network's measured gates (and κ), and the closed form "
        + closed + (heuristic ? " with the paper's 1/l heuristic (it has no β: shown at β = 1 only)" : "")
        + " (dashed, drawn over the measured curves with a dash pattern each, so a curve that coincides with another, "
        + "as the closed form and the mean-field prediction do for feedforward nets with batch norm, stays visible), "
        + "against depth on a log scale; "
        + "values ≤ 0, and curve values below a quarter of the smallest measured one, are not drawn there (the "
        + "table has them). Bottom: the per-pair test of the closed form's assumption, per "
        + "layer of the deepest network (95% t-interval over seeds; nested weights make a shallower depth the first "
        + "layers of the deepest, so one curve shows them all, one per depth where β depends on the depth): the "
        + "standard deviation over input pairs of the pair co-activation "
        + "c_pq = (1/N) Σ_u A[u,p] A[u,q], divided by its value for each unit's gates permuted independently over "
        + "the inputs (coactivation_pair_sd / coactivation_pair_sd_null); about 1 (the dashed line) where the gates at "
        + "different inputs are independent, well above 1 where they are dependent, below 1 for looks-linear's "
        + "complementary unit pairs. (The all-pairs co-activation is not drawn: it is an identity of the active "
        + "fractions, near 1/4 under batch norm whatever the dependence.) Table: z = (pair_corr − curve) / SE (bootstrap SE; for the mean-field "
        + "prediction its own standard error is added in quadrature); mc_replay is the independent-gate Monte "
        + "Carlo replaying the mean per-layer active fraction, co-activation and κ, a check of the mean-field "
        + "algebra only: its standard error (mc_replay_se, about 0.01-0.02 with " + TheoryAggregates.REPLAY_SAMPLES
        + " draws) does not shrink with the value, so it tells nothing apart below about 0.05 (feedforward beyond "
        + "depth 4-6). " + VERDICT + verdict(t, candidates);
    String sql = aggs.get("theory_comparison").sql() + "\n\n-- measurement:\n" + aggs.get("theory_pair_corr").sql()
        + "\n\n-- per-task means:\n" + aggs.get("theory_summary").sql() + "\n\n-- bottom panel:\n"
        + aggs.get("theory_layers").sql() + "\n-- selection: " + family + ", " + setting + ", width = " + width;
    String name = "theory_" + (setting.startsWith("sphere") ? "" : t.str(first, "inputs") + "_")
        + family.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "");
    return new Figure(name, "Theory: " + family + " (" + setting + ")", caption, sql, table(t, heuristic), canvas, true,
        "None"); // the notebook shows the stored figure: its table is computed in Java
  }

  /** The figure's table: the z-scores and what they compare. */
  private static Table table(Table t, boolean heuristic) {
    List<String> keep = new ArrayList<>(TheoryAggregates.KEYS);
    keep.add("measured_as");
    for (String c : TheoryAggregates.COMPARISON) {
      if (heuristic || !c.contains("heuristic")) {
        keep.add(c);
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      rows.add(keep.stream().map(c -> r.get(t.index(c))).toList());
    }
    return new Table(keep, rows);
  }

  /**
   * The sentence saying which curve the data follow, from the z-scores: over the depths where the
   * curve or the data exceed the noise floor (3 bootstrap standard errors of pair_corr), how many |z| &lt;= 3 and
   * the rms z; the curve followed is the one with the most depths within 3 SE (then the smaller rms
   * z), provided that is at least half of them.
   */
  static String verdict(Table t, List<Candidate> candidates) {
    StringBuilder sb = new StringBuilder();
    String best = null;
    double bestShare = -1;
    double bestRms = Double.MAX_VALUE;
    List<String> all = new ArrayList<>();
    for (Candidate c : candidates) {
      int n = 0;
      int within = 0;
      double sumZ2 = 0;
      TreeSet<Integer> off = new TreeSet<>();
      for (List<Object> r : t.rows()) {
        double v = t.num(r, c.value());
        double z = t.num(r, c.z());
        double se = t.num(r, "pair_corr_se");
        double floor = TheoryAggregates.Z_WITHIN * se;
        // a depth counts when the curve or the data is above the noise floor: a curve near 0 where the
        // data are far from it is a disagreement, not a depth to leave out
        if (!Double.isFinite(v) || !Double.isFinite(z)
            || !(Math.abs(v) > floor || Math.abs(t.num(r, "pair_corr")) > floor)) {
          continue;
        }
        n++;
        sumZ2 += z * z;
        if (Math.abs(z) <= TheoryAggregates.Z_WITHIN) {
          within++;
        } else {
          off.add((int) t.num(r, "depth"));
        }
      }
      if (n == 0) {
        sb.append(c.name()).append(": no depth above the noise floor. ");
        continue;
      }
      double rms = Math.sqrt(sumZ2 / n);
      double share = (double) within / n;
      sb.append(String.format(Locale.ROOT, "%s: within 3 standard errors at %d of %d depths where it or the data "
          + "are above the noise floor (%s; rms z = %.1f%s). ", capital(c.name()), within, n, NESTED, rms, off.isEmpty() ? ""
          : "; outside at L = " + String.join(", ", off.stream().map(String::valueOf).toList())));
      if (share == 1.0) {
        all.add(c.name());
      }
      if (share > bestShare || (share == bestShare && rms < bestRms)) {
        best = c.name();
        bestShare = share;
        bestRms = rms;
      }
    }
    if (best == null) {
      return sb.append("Too few seeds or depths to say which curve the data follow.").toString();
    }
    if (all.size() > 1) {
      sb.append("The data follow ").append(String.join(" and ", all))
          .append(" (at this precision they do not separate).");
    } else if (bestShare >= 0.5) {
      sb.append("The data follow ").append(best).append('.');
    } else {
      sb.append("The data follow none of the curves within 3 standard errors; the closest is ").append(best)
          .append('.');
    }
    return sb.toString();
  }

  private static String capital(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static Charts.Curve band(Table t, String label, String y, String lo, String hi, int color) {
    return band(t, label, y, r -> new double[] {t.num(r, lo), t.num(r, hi)}, color);
  }

  /** y with its 95% Student-t interval y +- t975(n - 1) se per depth. */
  private static Charts.Curve tBand(Table t, String label, String y, String se, int color) {
    return band(t, label, y, r -> {
      double h = StudentT.quantile975(Math.max(1, (long) t.num(r, "n_seeds") - 1)) * t.num(r, se);
      return new double[] {t.num(r, y) - h, t.num(r, y) + h};
    }, color);
  }

  /** y against depth with the interval {lo, hi} that {@code interval} gives for each row. */
  private static Charts.Curve band(Table t, String label, String y,
      java.util.function.Function<List<Object>, double[]> interval, int color) {
    int n = t.rows().size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    double[] los = new double[n];
    double[] his = new double[n];
    for (int i = 0; i < n; i++) {
      List<Object> r = t.rows().get(i);
      xs[i] = t.num(r, "depth");
      ys[i] = t.num(r, y);
      double[] loHi = interval.apply(r);
      los[i] = loHi[0];
      his[i] = loHi[1];
    }
    return new Charts.Curve(label, xs, ys, los, his, false, color);
  }

  private static Charts.Curve line(Table t, String label, String y, int color) {
    int n = t.rows().size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = t.num(t.rows().get(i), "depth");
      ys[i] = t.num(t.rows().get(i), y);
    }
    return new Charts.Curve(label, xs, ys, null, null, true, color);
  }

  /**
   * The per-pair test of gate independence against the layer (rows of theory_layers): the spread over
   * input pairs of the pair co-activation divided by its value for gates permuted independently over the
   * inputs (docs/science.md, Per-task metrics), with the independent-gate value 1 drawn. Weights are
   * nested, so a shallower depth's layers are the first layers of the deepest network and would lie
   * exactly under its curve: the deepest network alone is drawn, unless the family's beta depends on the
   * depth (then each depth is another network, one curve each). The all-pairs co-activation is not drawn:
   * it is an identity of the active fractions, which batch norm holds near 1/4 whatever the dependence.
   */
  private static JFreeChart coactivation(Table t, Table layers, double[] ticks) {
    boolean perDepth = t.rows().stream().anyMatch(r -> t.str(r, "beta_rule").contains("depth"));
    List<List<Object>> drawn = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      if (perDepth || drawn.isEmpty() || t.num(r, "depth") > t.num(drawn.get(0), "depth")) {
        if (!perDepth) {
          drawn.clear();
        }
        drawn.add(r);
      }
    }
    List<Charts.Curve> curves = new ArrayList<>();
    int color = 0;
    double deepest = 1;
    for (List<Object> r : drawn) {
      List<Object> key = TheoryAggregates.KEYS.stream().map(k -> r.get(t.index(k))).toList();
      Table l = layers.where(x -> TheoryAggregates.KEYS.stream().map(k -> x.get(layers.index(k))).toList()
          .equals(key));
      if (l.isEmpty()) {
        continue;
      }
      String label = perDepth ? "L=" + t.str(r, "depth") : "the depth-" + t.str(r, "depth") + " network (a shallower "
          + "depth is its first layers: nested weights)";
      curves.add(CurveData.curve(l, l.rows(), label, "layer", "coactivation_pair_ratio_mean",
          "coactivation_pair_ratio_ci95", color++));
      deepest = Math.max(deepest, t.num(r, "depth"));
    }
    curves.add(new Charts.Curve("gates independent across inputs (ratio 1)", new double[] {1, deepest},
        new double[] {1, 1}, null, null, true, color));
    boolean logX = ticks.length > 1 && ticks[ticks.length - 1] / Math.max(ticks[0], 1) >= 8;
    return Charts.lines("gate independence per pair: sd of pair co-activation / independent null", "layer l"
        + (logX ? ", log scale" : ""), "pair co-activation spread / null", curves, new Charts.Axes(logX, false,
        ticks));
  }
}
