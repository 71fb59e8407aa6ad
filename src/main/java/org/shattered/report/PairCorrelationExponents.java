package org.shattered.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.shattered.theory.TheoryCurves;

/**
 * The local exponent of the ensemble pair correlation against depth (docs/science.md, Theory
 * curves): between neighbouring depths L1 &lt; L2 of a family, e = -log(pair_corr(L2) /
 * pair_corr(L1)) / log(L2 / L1), and over the depths at or above a threshold the least-squares
 * slope of -log pair_corr against log L, with an interval from a bootstrap over seeds.
 *
 * <p><b>One bootstrap for all depths of a family.</b> A seed's depths are prefixes of one network
 * (nested weights), so the depths of a family are not independent and an exponent's interval must
 * resample seeds jointly across depths. On the executors, per group (one depth), {@link #call}
 * recomputes pair_corr for {@value PairCorrelationBootstrap#REPLICATES} replicates whose seed
 * weights come from a stream seeded with {@value #FAMILY_SEED} mixed with the hash of the family's
 * key (the group key without depth and beta): every depth of a family with the same seeds draws the
 * same resamples, replicate b at every depth being the same draw of seeds. The driver ({@link
 * #exponents}) turns the aligned replicates into the exponents' replicates: standard error (their
 * standard deviation) and 95% percentile interval. Families whose depths do not have the same seeds
 * get no interval.
 */
final class PairCorrelationExponents implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The fixed seed of the family-aligned bootstrap stream (mixed with each family's key). */
  static final long FAMILY_SEED = 20170303L;

  /** The fit thresholds: least-squares exponents over the depths at or above each. */
  static final int[] FIT_FROM = {32, 128};

  /** Columns of the family key: {@link TheoryAggregates#KEYS} without depth and beta. */
  static final List<String> FAMILY = TheoryAggregates.KEYS.stream().filter(k -> !k.equals("depth") && !k.equals("beta"))
      .toList();

  /** The exponent table's columns after the family key. */
  static final List<String> COLUMNS = List.of("kind", "depth_from", "depth_to", "n_depths", "n_seeds", "exponent",
      "exponent_se", "exponent_lo", "exponent_hi", "closed_form_exponent", "heuristic_exponent", "z_closed_form",
      "z_one_half");

  private final List<String> keys;

  /** @param keys the group's key columns, the first fields of each input row ({@link TheoryAggregates#KEYS}) */
  PairCorrelationExponents(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  /** The output schema: the group keys, the seeds (text) and the aligned replicates. */
  static StructType schema(StructType input, List<String> keys) {
    StructType s = new StructType();
    for (String k : keys) {
      s = s.add(input.apply(k));
    }
    return s.add("seeds", DataTypes.StringType).add("family_replicates", DataTypes.createArrayType(DataTypes.DoubleType,
        true));
  }

  @Override
  public Iterator<Row> call(Row group) {
    int n = keys.size();
    int d = group.getInt(n);
    List<Row> seeds = group.getList(n + 1);
    double[][] g = PairCorrelationBootstrap.gradients(seeds);
    StringBuilder ids = new StringBuilder();
    for (int s = 0; s < g.length; s++) {
      ids.append(s == 0 ? "" : ",").append(((Number) seeds.get(s).get(0)).longValue());
    }
    StringBuilder family = new StringBuilder();
    Object[] out = new Object[n + 2];
    for (int i = 0; i < n; i++) {
      out[i] = group.get(i);
      if (FAMILY.contains(keys.get(i))) {
        family.append(out[i]).append('|');
      }
    }
    double[] reps = replicates(g, d, PairCorrelationBootstrap.REPLICATES, familySeed(family.toString()));
    out[n] = ids.toString();
    out[n + 1] = scala.jdk.javaapi.CollectionConverters.asScala(Arrays.stream(reps).boxed().toList()).toSeq();
    return List.of(RowFactory.create(out)).iterator();
  }

  /** The stream's seed for a family key text. */
  static long familySeed(String familyKey) {
    return FAMILY_SEED ^ ((long) familyKey.hashCode() << 32);
  }

  /**
   * pair_corr of gradients g[s] (P x d values, point-major) for {@code replicates} resamples of the
   * seeds drawn from {@code SplittableRandom(seed)}: the same seed and seed count give the same
   * resamples whatever the gradients.
   */
  static double[] replicates(double[][] g, int d, int replicates, long seed) {
    int s = g.length;
    int p = g[0].length / d;
    double[][] gram = new double[s][];
    for (int i = 0; i < s; i++) {
      gram[i] = PairCorrelationBootstrap.gram(g[i], p, d);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[s];
    double[] reps = new double[replicates];
    for (int b = 0; b < replicates; b++) {
      Arrays.fill(w, 0.0);
      for (int i = 0; i < s; i++) {
        w[rng.nextInt(s)] += 1.0;
      }
      reps[b] = PairCorrelationBootstrap.pairCorr(gram, w, p);
    }
    return reps;
  }

  /** -slope of log y against log x (least squares); NaN if any y is not positive. */
  static double fitExponent(double[] depths, double[] y) {
    int n = depths.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      if (!(y[i] > 0)) {
        return Double.NaN;
      }
      mx += Math.log(depths[i]) / n;
      my += Math.log(y[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double dx = Math.log(depths[i]) - mx;
      sxy += dx * (Math.log(y[i]) - my);
      sxx += dx * dx;
    }
    return -sxy / sxx;
  }

  /**
   * The exponent table: per family (rows of {@code comparison} grouped by {@link #FAMILY}), one row
   * per pair of neighbouring depths ({@code kind} "local") and one per fit threshold with at least 3
   * depths ("fit"), with the closed form's and the heuristic's exponent over the same depths
   * (computed from the {@code closed_form} and {@code heuristic} columns) and z-scores of the
   * measured exponent against the closed form's and against 1/2 (the paper's L^-1/2).
   *
   * @param comparison {@link TheoryAggregates#comparison}'s table (pair_corr, closed_form, heuristic)
   * @param replicates the rows of {@link #call}: group keys, seeds, family_replicates
   */
  static Table exponents(Table comparison, Table replicates) {
    Map<List<Object>, List<Object>> reps = new LinkedHashMap<>();
    for (List<Object> r : replicates.rows()) {
      reps.put(TheoryAggregates.keyOf(replicates, r), r);
    }
    Map<List<Object>, List<List<Object>>> families = new LinkedHashMap<>();
    for (List<Object> r : comparison.rows()) {
      List<Object> f = FAMILY.stream().map(k -> r.get(comparison.index(k))).toList();
      families.computeIfAbsent(f, k -> new ArrayList<>()).add(r);
    }
    List<String> cols = new ArrayList<>(FAMILY);
    cols.addAll(COLUMNS);
    List<List<Object>> out = new ArrayList<>();
    for (Map.Entry<List<Object>, List<List<Object>>> fam : families.entrySet()) {
      List<List<Object>> rows = new ArrayList<>(fam.getValue());
      rows.sort(Comparator.comparingDouble(r -> comparison.num(r, "depth")));
      int n = rows.size();
      double[] depth = new double[n];
      double[] corr = new double[n];
      double[] closed = new double[n];
      double[] heuristic = new double[n];
      double[][] rep = new double[n][];
      String seeds = null;
      boolean aligned = true;
      for (int i = 0; i < n; i++) {
        List<Object> r = rows.get(i);
        depth[i] = comparison.num(r, "depth");
        corr[i] = comparison.num(r, "pair_corr");
        closed[i] = comparison.num(r, "closed_form");
        heuristic[i] = comparison.num(r, "heuristic");
        List<Object> x = reps.get(TheoryAggregates.keyOf(comparison, r));
        String s = x == null ? null : replicates.str(x, "seeds");
        aligned &= x != null && (seeds == null || seeds.equals(s));
        seeds = seeds == null ? s : seeds;
        rep[i] = x == null ? null : toArray(x.get(replicates.index("family_replicates")));
      }
      long nSeeds = (long) comparison.num(rows.get(0), "n_seeds");
      for (int i = 0; i + 1 < n; i++) {
        int[] idx = {i, i + 1};
        out.add(row(fam.getKey(), "local", idx, depth, corr, closed, heuristic, aligned ? rep : null, nSeeds));
      }
      for (int from : FIT_FROM) {
        int[] idx = java.util.stream.IntStream.range(0, n).filter(i -> depth[i] >= from).toArray();
        if (idx.length >= 3) {
          out.add(row(fam.getKey(), "fit", idx, depth, corr, closed, heuristic, aligned ? rep : null, nSeeds));
        }
      }
    }
    return new Table(cols, out);
  }

  private static List<Object> row(List<Object> family, String kind, int[] idx, double[] depth, double[] corr,
      double[] closed, double[] heuristic, double[][] rep, long nSeeds) {
    double[] x = Arrays.stream(idx).mapToDouble(i -> depth[i]).toArray();
    IntFunction<double[]> pick = b -> Arrays.stream(idx).mapToDouble(i -> rep[i][b]).toArray();
    double est = fitExponent(x, Arrays.stream(idx).mapToDouble(i -> corr[i]).toArray());
    double closedExp = fitExponent(x, Arrays.stream(idx).mapToDouble(i -> closed[i]).toArray());
    double heurExp = fitExponent(x, Arrays.stream(idx).mapToDouble(i -> heuristic[i]).toArray());
    double se = Double.NaN;
    double lo = Double.NaN;
    double hi = Double.NaN;
    if (rep != null && Double.isFinite(est) && Arrays.stream(idx).allMatch(i -> rep[i] != null)) {
      int b = rep[idx[0]].length;
      double[] e = new double[b];
      int finite = 0;
      for (int k = 0; k < b; k++) {
        double v = fitExponent(x, pick.apply(k));
        if (Double.isFinite(v)) {
          e[finite++] = v;
        }
      }
      // an interval only when (almost) every replicate has positive pair correlations at these depths
      if (finite >= 0.99 * b && finite > 1) {
        double[] f = Arrays.copyOf(e, finite);
        double mean = Arrays.stream(f).average().orElse(Double.NaN);
        se = Math.sqrt(Arrays.stream(f).map(v -> (v - mean) * (v - mean)).sum() / (finite - 1));
        Arrays.sort(f);
        lo = PairCorrelationBootstrap.percentile(f, 0.025);
        hi = PairCorrelationBootstrap.percentile(f, 0.975);
      }
    }
    List<Object> r = new ArrayList<>(family);
    r.addAll(Arrays.asList(kind, (int) x[0], (int) x[x.length - 1], x.length, nSeeds, est, se, lo, hi, closedExp,
        heurExp, (est - closedExp) / se, (est - 0.5) / se));
    return r;
  }

  private static double[] toArray(Object list) {
    if (list instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream().mapToDouble(v -> v == null ? Double.NaN
          : ((Number) v).doubleValue()).toArray();
    }
    return ((List<?>) list).stream().mapToDouble(v -> v == null ? Double.NaN : ((Number) v).doubleValue()).toArray();
  }

  /** The curve's exponent the power law approaches (resnet with batch norm), for the captions. */
  static double asymptote() {
    return TheoryCurves.RESNET_BATCH_NORM_EXPONENT;
  }
}
