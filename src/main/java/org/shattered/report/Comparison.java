package org.shattered.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;

/**
 * The comparison of two sweeps A and B ({@code shattered compare}): per measured quantity, the curves
 * against depth of every group of A beside those of B (same colours, same axes), each mean over seeds
 * with its 95% Student-t band; a table of A, B and B − A with a Welch 95% interval per group and
 * depth; and findings at the deepest depth both measured. It works on the per-group statistics of
 * {@link #SQL} (computed by the caller on each directory), so it needs no Spark.
 */
public final class Comparison {

  /** The columns that make a group (with depth), besides the report's keys. */
  static final String KEYS = ResultViews.KEYS + ", inputs, activation, weight_variance, bias_variance";

  /** A quantity of the tasks table compared: its column and how the page names it. */
  record Quantity(String column, String name, String axis) {
  }

  static final List<Quantity> QUANTITIES = List.of(
      new Quantity("acf_lag1", "c_1", "c_1 (lag-1 autocorrelation of dy/dx)"),
      new Quantity("pair_cosine", "pair_cosine", "pair_cosine (mean over input pairs)"));

  /** Per group of one results directory: the seeds and each quantity's mean and standard deviation. */
  public static final String SQL;

  static {
    StringBuilder s = new StringBuilder("SELECT " + KEYS);
    for (Quantity q : QUANTITIES) {
      s.append(",\n  count(").append(q.column()).append(") AS ").append(q.column()).append("_n, avg(")
          .append(q.column()).append(") AS ").append(q.column()).append("_mean, stddev_samp(").append(q.column())
          .append(") AS ").append(q.column()).append("_sd");
    }
    SQL = s.append("\nFROM tasks\nWHERE status = 'ok' AND architecture NOT LIKE '%noise'\nGROUP BY ").append(KEYS)
        .append("\nORDER BY ").append(KEYS).toString();
  }

  private final String nameA;
  private final Table a;
  private final String nameB;
  private final Table b;
  private final List<String> labels = new ArrayList<>();

  /**
   * @param nameA how the page names A (its directory)
   * @param a the rows of {@link #SQL} on A
   */
  public Comparison(String nameA, Table a, String nameB, Table b) {
    this.nameA = nameA;
    this.a = a;
    this.nameB = nameB;
    this.b = b;
    for (Table t : List.of(a, b)) {
      for (List<Object> r : t.rows()) {
        String l = label(r, t);
        if (!labels.contains(l)) {
          labels.add(l);
        }
      }
    }
  }

  /** The group's name: the architecture and every other key (but depth) that varies over A and B. */
  private String label(List<Object> r, Table t) {
    StringBuilder sb = new StringBuilder(t.str(r, "architecture"));
    for (String k : KEYS.split(", ")) {
      if (k.equals("architecture") || k.equals("depth")) {
        continue;
      }
      java.util.Set<String> values = new java.util.HashSet<>();
      a.rows().forEach(x -> values.add(a.str(x, k)));
      b.rows().forEach(x -> values.add(b.str(x, k)));
      if (values.size() > 1 && !t.str(r, k).isEmpty()) {
        sb.append(", ").append(k).append('=').append(t.str(r, k));
      }
    }
    return sb.toString();
  }

  /** One group and depth of one side: seeds, mean, 95% half-width (NaN when fewer than 2 seeds). */
  record Stat(long n, double mean, double half, double sd) {
    static Stat of(Table t, List<Object> r, Quantity q) {
      long n = (long) t.num(r, q.column() + "_n");
      double sd = t.num(r, q.column() + "_sd");
      double half = n > 1 ? StudentT.quantile975(n - 1) * sd / Math.sqrt(n) : Double.NaN;
      return new Stat(n, t.num(r, q.column() + "_mean"), half, sd);
    }
  }

  /** label -> depth -> the side's statistic, for the groups that measured {@code q}. */
  private Map<String, java.util.TreeMap<Integer, Stat>> stats(Table t, Quantity q) {
    Map<String, java.util.TreeMap<Integer, Stat>> out = new LinkedHashMap<>();
    for (List<Object> r : t.rows()) {
      Stat s = Stat.of(t, r, q);
      if (s.n() > 0) {
        out.computeIfAbsent(label(r, t), k -> new java.util.TreeMap<>()).put((int) t.num(r, "depth"), s);
      }
    }
    return out;
  }

  /** The figures: one per quantity that A or B measured. */
  public List<Figure> figures() {
    List<Figure> out = new ArrayList<>();
    for (Quantity q : QUANTITIES) {
      Map<String, java.util.TreeMap<Integer, Stat>> sa = stats(a, q);
      Map<String, java.util.TreeMap<Integer, Stat>> sb = stats(b, q);
      if (sa.isEmpty() && sb.isEmpty()) {
        continue;
      }
      TreeSet<Integer> depths = new TreeSet<>();
      sa.values().forEach(m -> depths.addAll(m.keySet()));
      sb.values().forEach(m -> depths.addAll(m.keySet()));
      double[] ticks = depths.stream().mapToDouble(Integer::doubleValue).toArray();
      boolean logX = ticks.length > 1 && ticks[ticks.length - 1] / Math.max(1, ticks[0]) >= 8;
      JFreeChart left = chart("A: " + nameA, q, sa, ticks, logX);
      JFreeChart right = chart("B: " + nameB, q, sb, ticks, logX);
      sameRange(left, right);
      Canvas canvas = new Canvas(List.of(new Canvas.Panel(left, false), new Canvas.Panel(right, false)), 2, 640,
          380 + 17 * labels.size()); // room for a legend line per group
      out.add(new Figure("compare_" + q.column(), q.name() + " against depth: A beside B", "Left A (" + nameA
          + "), right B (" + nameB + "), on the same axes; a colour is the same group in both. Each point is the mean "
          + "over seeds of " + q.column() + " in the tasks table, the band its 95% Student-t interval "
          + "(mean ± t_{0.975,n-1}·sd/√n). The table has A, B and B − A with its Welch 95% interval "
          + "(± t_{0.975,ν}·√(sd_A²/n_A + sd_B²/n_B), ν the Welch-Satterthwaite degrees of freedom) wherever both "
          + "measured a group at a depth.", SQL + "\n-- run on A and on B; quantity: " + q.column(), table(q, sa, sb),
          canvas, true, "None"));
    }
    return out;
  }

  private JFreeChart chart(String title, Quantity q, Map<String, java.util.TreeMap<Integer, Stat>> s, double[] ticks,
      boolean logX) {
    List<Charts.Curve> curves = new ArrayList<>();
    for (Map.Entry<String, java.util.TreeMap<Integer, Stat>> e : s.entrySet()) {
      int n = e.getValue().size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] lo = new double[n];
      double[] hi = new double[n];
      int i = 0;
      for (Map.Entry<Integer, Stat> d : e.getValue().entrySet()) {
        x[i] = d.getKey();
        y[i] = d.getValue().mean();
        lo[i] = y[i] - d.getValue().half();
        hi[i] = y[i] + d.getValue().half();
        i++;
      }
      curves.add(new Charts.Curve(e.getKey(), x, y, lo, hi, false, labels.indexOf(e.getKey())));
    }
    return Charts.lines(title, "depth L" + (logX ? ", log scale" : ""), q.axis(), curves,
        new Charts.Axes(logX, false, ticks));
  }

  /** Both panels on the union of their value ranges, so A and B read against the same axis. */
  private static void sameRange(JFreeChart left, JFreeChart right) {
    ValueAxis l = left.getXYPlot().getRangeAxis();
    ValueAxis r = right.getXYPlot().getRangeAxis();
    double lo = Math.min(l.getLowerBound(), r.getLowerBound());
    double hi = Math.max(l.getUpperBound(), r.getUpperBound());
    l.setRange(lo, hi);
    r.setRange(lo, hi);
  }

  private static final List<String> COLUMNS = List.of("group", "depth", "n_a", "mean_a", "ci95_a", "n_b", "mean_b",
      "ci95_b", "b_minus_a", "ci95_diff", "differs");

  private Table table(Quantity q, Map<String, java.util.TreeMap<Integer, Stat>> sa,
      Map<String, java.util.TreeMap<Integer, Stat>> sb) {
    List<List<Object>> rows = new ArrayList<>();
    for (String label : labels) {
      TreeSet<Integer> depths = new TreeSet<>();
      depths.addAll(sa.getOrDefault(label, new java.util.TreeMap<>()).keySet());
      depths.addAll(sb.getOrDefault(label, new java.util.TreeMap<>()).keySet());
      for (int d : depths) {
        Stat x = sa.getOrDefault(label, new java.util.TreeMap<>()).get(d);
        Stat y = sb.getOrDefault(label, new java.util.TreeMap<>()).get(d);
        List<Object> r = new ArrayList<>(List.of(label, d));
        addSide(r, x);
        addSide(r, y);
        if (x != null && y != null) {
          double diff = y.mean() - x.mean();
          double h = welch(x, y);
          r.add(diff);
          r.add(h);
          r.add(Double.isNaN(h) ? "" : Math.abs(diff) > h ? "yes" : "no");
        } else {
          r.add(null);
          r.add(null);
          r.add("");
        }
        rows.add(r);
      }
    }
    return new Table(COLUMNS, rows);
  }

  private static void addSide(List<Object> r, Stat s) {
    r.add(s == null ? null : s.n());
    r.add(s == null ? null : s.mean());
    r.add(s == null ? null : s.half());
  }

  /** The Welch 95% half-width of the difference of two means (NaN with fewer than 2 seeds a side). */
  static double welch(Stat x, Stat y) {
    if (x.n() < 2 || y.n() < 2) {
      return Double.NaN;
    }
    double va = x.sd() * x.sd() / x.n();
    double vb = y.sd() * y.sd() / y.n();
    double se = Math.sqrt(va + vb);
    if (se == 0) {
      return 0;
    }
    double nu = (va + vb) * (va + vb) / (va * va / (x.n() - 1) + vb * vb / (y.n() - 1));
    return StudentT.quantile975(Math.max(1, (long) Math.floor(nu))) * se;
  }

  /** The findings: per quantity and group, A and B at the deepest depth both measured, and where they differ. */
  public PageFindings findings(List<Figure> figures) {
    PageFindings all = PageFindings.NONE;
    for (Figure f : figures) {
      Table t = f.data();
      List<PageFindings.Item> items = new ArrayList<>();
      for (String label : labels) {
        List<List<Object>> both = t.rows().stream().filter(r -> t.str(r, "group").equals(label)
            && !t.str(r, "differs").isEmpty()).toList();
        if (both.isEmpty()) {
          continue;
        }
        List<Object> r = both.get(both.size() - 1);
        long differ = both.stream().filter(x -> t.str(x, "differs").equals("yes")).count();
        double diff = t.num(r, "b_minus_a");
        items.add(new PageFindings.Item(label, List.of(String.format(Locale.ROOT, "At L = %d, A %.3f ± %.3f (%d seeds), "
            + "B %.3f ± %.3f (%d seeds): B − A = %.3f ± %.3f (Welch 95%%), %s; the interval of the difference "
            + "excludes 0 at %d of the %d depths both measured.", (int) t.num(r, "depth"), t.num(r, "mean_a"),
            t.num(r, "ci95_a"), (long) t.num(r, "n_a"), t.num(r, "mean_b"), t.num(r, "ci95_b"), (long) t.num(r, "n_b"),
            diff, t.num(r, "ci95_diff"), t.str(r, "differs").equals("yes") ? (diff > 0 ? "B is higher" : "B is lower")
                : "no difference at this precision", differ, both.size()))));
      }
      String column = f.name().replaceFirst("^compare_", "");
      String q = QUANTITIES.stream().filter(x -> x.column().equals(column)).findFirst().orElseThrow().name();
      all = all.and(PageFindings.of(q + " (mean over seeds ± 95% t half-width), at each group's deepest depth that "
          + "both sweeps measured:", items, "", new Table(List.of(), List.of())));
    }
    return all;
  }

  /**
   * Writes the page (index.html, the figures, their CSVs and the notebook) into {@code out}.
   *
   * @param prov where the numbers come from: both directories' runs and identities, and the command
   * @param results the directory the notebook reads (A)
   */
  public ReportGenerator.Written write(Path out, ProvenanceSection prov, String results) {
    Map<String, String> views = new LinkedHashMap<>();
    views.put("per group (run on A and on B)", SQL);
    List<Figure> figures = figures();
    return ReportGenerator.writePage(out, figures, prov, findings(figures), views, results);
  }

  /**
   * Where the comparison's numbers come from: each directory's sweep commands (from its run records),
   * identity and runs, and the command that wrote the page.
   *
   * @param counts one row per directory (results, tasks, ok), from the committed task rows
   */
  public static ProvenanceSection provenance(String dirA, String dirB, Table counts, String command) {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    List<String> lines = new ArrayList<>();
    StringBuilder identity = new StringBuilder();
    List<String> runColumns = null;
    List<List<Object>> runRows = new ArrayList<>();
    for (String[] side : new String[][] {{"A", dirA}, {"B", dirB}}) {
      String dir = side[1];
      String id = org.shattered.sweep.SweepIdentity.readText(conf, dir).orElse("");
      RunHistory history = RunHistory.read(new org.apache.hadoop.fs.Path(dir), conf);
      lines.add("# " + side[0] + ": " + dir);
      lines.addAll(ReportGenerator.sweepLines(null, history, id, dir));
      identity.append(side[0]).append(" (").append(dir).append("):\n").append(id.strip()).append("\n\n");
      Table runs = history.table();
      runColumns = new ArrayList<>(List.of("results"));
      runColumns.addAll(runs.columns());
      for (List<Object> r : runs.rows()) {
        List<Object> row = new ArrayList<>(List.of(side[0]));
        row.addAll(r);
        runRows.add(row);
      }
    }
    return new ProvenanceSection("SELECT count(*) AS tasks, sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) AS ok "
        + "FROM tasks -- on A and on B", counts, identity.toString().strip(), lines, command,
        new Table(runColumns, runRows));
  }
}
