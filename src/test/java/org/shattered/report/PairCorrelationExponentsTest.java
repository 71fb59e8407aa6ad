package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shattered.theory.TheoryCurves;

class PairCorrelationExponentsTest {

  @Test
  void fitExponentOfAPowerLawIsItsExponent() {
    double[] depths = {32, 48, 64, 128, 256};
    double[] y = Arrays.stream(depths).map(l -> 3 * Math.pow(l, -0.7)).toArray();
    assertEquals(0.7, PairCorrelationExponents.fitExponent(depths, y), 1e-12);
    // two depths: the local exponent
    assertEquals(TheoryCurves.localExponent(8, 0.3, 16, 0.2),
        PairCorrelationExponents.fitExponent(new double[] {8, 16}, new double[] {0.3, 0.2}), 1e-12);
    assertTrue(Double.isNaN(PairCorrelationExponents.fitExponent(new double[] {8, 16}, new double[] {0.3, -0.01})));
  }

  @Test
  void replicatesOfOneFamilyResampleTheSameSeedsAtEveryDepth() {
    SplittableRandom rng = new SplittableRandom(1);
    double[][] a = PairCorrelationBootstrapTest.ensemble(10, 6, 3, 0.5, rng);
    double[][] b = PairCorrelationBootstrapTest.ensemble(10, 6, 3, 0.5, rng);
    long seed = PairCorrelationExponents.familySeed("resnet|batch|");
    double[] ra = PairCorrelationExponents.replicates(a, 3, 50, seed);
    double[] rb = PairCorrelationExponents.replicates(b, 3, 50, seed);
    // replicate k at both depths uses the same seed weights: recompute them and check both
    SplittableRandom draw = new SplittableRandom(seed);
    for (int k = 0; k < 50; k++) {
      List<double[]> pickA = new ArrayList<>();
      List<double[]> pickB = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int s = draw.nextInt(10);
        pickA.add(a[s]);
        pickB.add(b[s]);
      }
      assertEquals(PairCorrelationBootstrapTest.direct(pickA.toArray(double[][]::new), 3), ra[k], 1e-12);
      assertEquals(PairCorrelationBootstrapTest.direct(pickB.toArray(double[][]::new), 3), rb[k], 1e-12);
    }
    assertArrayEquals(ra, PairCorrelationExponents.replicates(a, 3, 50, seed));
  }

  /** A comparison table of one family at the given depths, and its replicates table. */
  private static Table[] family(double[] depths, double[] rho, int seeds, SplittableRandom rng, boolean sameSeeds) {
    List<String> cols = new ArrayList<>(TheoryAggregates.KEYS);
    cols.addAll(List.of("n_seeds", "pair_corr", "closed_form", "heuristic"));
    List<String> repCols = new ArrayList<>(TheoryAggregates.KEYS);
    repCols.addAll(List.of("seeds", "family_replicates"));
    List<List<Object>> rows = new ArrayList<>();
    List<List<Object>> reps = new ArrayList<>();
    for (int i = 0; i < depths.length; i++) {
      double[][] g = PairCorrelationBootstrapTest.ensemble(seeds, 12, 4, rho[i], rng);
      List<Object> key = Arrays.asList("resnet", "batch", "sphere", 4, 0L, 16, (int) depths[i], "1.0", 1.0, 12,
          "double", "frozen");
      List<Object> r = new ArrayList<>(key);
      r.addAll(Arrays.asList((long) seeds, PairCorrelationBootstrap.estimate(g, 4, 0, 0).pairCorr(),
          Math.pow(depths[i], -0.7), Double.NaN));
      rows.add(r);
      List<Object> x = new ArrayList<>(key);
      x.add(sameSeeds || i == 0 ? "0,1,2" : "0,1,3");
      x.add(Arrays.stream(PairCorrelationExponents.replicates(g, 4, 400, 99)).boxed().toList());
      reps.add(x);
    }
    return new Table[] {new Table(cols, rows), new Table(repCols, reps)};
  }

  @Test
  void exponentIntervalsCoverTheTrueExponent() {
    // independent ensembles at L = 32, 128 with pair correlation 0.4 (L/32)^-0.7: the local exponent's
    // z-score against 0.7 over 20 trials has rms about 1
    double[] depths = {32, 128};
    double sumZ2 = 0;
    int covered = 0;
    int trials = 20;
    SplittableRandom rng = new SplittableRandom(7);
    for (int k = 0; k < trials; k++) {
      double[] rho = {0.4, 0.4 * Math.pow(4, -0.7)};
      Table[] t = family(depths, rho, 40, rng, true);
      Table e = PairCorrelationExponents.exponents(t[0], t[1]);
      assertEquals(1, e.rows().size()); // one local pair, no fit (fewer than 3 depths)
      List<Object> r = e.rows().get(0);
      assertEquals("local", e.str(r, "kind"));
      double est = e.num(r, "exponent");
      assertEquals(TheoryCurves.localExponent(32, t[0].num(t[0].rows().get(0), "pair_corr"), 128,
          t[0].num(t[0].rows().get(1), "pair_corr")), est, 1e-12);
      assertEquals(0.7, e.num(r, "closed_form_exponent"), 1e-12);
      assertEquals((est - 0.5) / e.num(r, "exponent_se"), e.num(r, "z_one_half"), 1e-12);
      double z = (est - 0.7) / e.num(r, "exponent_se");
      sumZ2 += z * z;
      covered += e.num(r, "exponent_lo") <= 0.7 && 0.7 <= e.num(r, "exponent_hi") ? 1 : 0;
    }
    double rms = Math.sqrt(sumZ2 / trials);
    assertTrue(rms > 0.5 && rms < 1.6, "rms z " + rms);
    assertTrue(covered >= 15, covered + " of " + trials + " intervals cover 0.7");
  }

  @Test
  void fitsNeedThreeDepthsAndSeedsThatAgree() {
    double[] depths = {16, 32, 64, 128, 256};
    double[] rho = Arrays.stream(depths).map(l -> 0.6 * Math.pow(l / 16, -0.7)).toArray();
    Table[] t = family(depths, rho, 30, new SplittableRandom(3), true);
    Table e = PairCorrelationExponents.exponents(t[0], t[1]);
    // 4 local pairs, fits over L >= 32 (4 depths) and L >= 128 (2 depths: none)
    assertEquals(List.of("local", "local", "local", "local", "fit"), e.rows().stream().map(r -> e.str(r, "kind")).toList());
    List<Object> fit = e.rows().get(4);
    assertEquals(32, (int) e.num(fit, "depth_from"));
    assertEquals(256, (int) e.num(fit, "depth_to"));
    assertEquals(4, (int) e.num(fit, "n_depths"));
    assertEquals(0.7, e.num(fit, "closed_form_exponent"), 1e-12);
    assertTrue(e.num(fit, "exponent_lo") < e.num(fit, "exponent") && e.num(fit, "exponent") < e.num(fit, "exponent_hi"));
    // different seeds at two depths: the resamples are not aligned, so no interval
    Table[] m = family(depths, rho, 30, new SplittableRandom(3), false);
    Table em = PairCorrelationExponents.exponents(m[0], m[1]);
    assertTrue(em.rows().stream().allMatch(r -> Double.isNaN(em.num(r, "exponent_se"))));
    assertTrue(em.rows().stream().allMatch(r -> Double.isFinite(em.num(r, "exponent"))));
  }
}
