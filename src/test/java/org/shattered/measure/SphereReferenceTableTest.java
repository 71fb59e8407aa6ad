package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

/**
 * The sphere table of docs/science.md (Reference values: N = 200, P = 128, d = 100, batch norm,
 * frozen): the mean {@code pair_cosine} over 12 seeds lands within three standard errors of the
 * published value, the standard error that of the two means (this run's across-seed spread, over
 * sqrt(12) for this run and over sqrt(n) for the published one, n its seed count). The mean-field
 * prediction over all pairs lies within three of this run's standard errors of the measurement, and
 * feedforward co-activation stays at 1/4.
 */
class SphereReferenceTableTest {

  @ParameterizedTest(name = "{0} depth {1}: pair_cosine = {2}")
  @CsvSource({
      "feedforward, 1, 0.473, 12",
      "feedforward, 2, 0.243, 12",
      "feedforward, 4, 0.0626, 12",
      "resnet, 1, 0.831, 20",
      "resnet, 4, 0.554, 20"})
  void meanPairCosineMatchesThePublishedTable(String arch, int depth, double published, int publishedSeeds) {
    int seeds = 12;
    double[] pc = new double[seeds];
    double predicted = 0;
    double coactivation = 0;
    for (int s = 0; s < seeds; s++) {
      TaskSpec spec = TaskSpec.of(Architecture.parse("architecture", arch), Normalization.BATCH, depth, 200, 1.0, s)
          .withPoints(128, 32).withInputs(InputKind.SPHERE, 100, 0);
      Measurement m = TaskMeasurer.measure(spec, Networks::build);
      pc[s] = m.pairCosine();
      predicted += m.predictedPairCorrelation() / seeds;
      coactivation += m.lastLayer().coactivation() / seeds;
    }
    double mean = 0;
    for (double v : pc) {
      mean += v / seeds;
    }
    double ss = 0;
    for (double v : pc) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (seeds - 1));
    double se = sd / Math.sqrt(seeds);
    double tolerance = 3 * Math.sqrt(se * se + sd * sd / publishedSeeds);
    assertTrue(Math.abs(mean - published) <= tolerance, String.format(Locale.ROOT,
        "%s depth %d: mean pair_cosine %.4f, published %.4f, tolerance %.4f", arch, depth, mean, published,
        tolerance));
    assertTrue(Math.abs(mean - predicted) <= 3 * se + 0.002, String.format(Locale.ROOT,
        "%s depth %d: mean pair_cosine %.4f, mean-field prediction %.4f, se %.4f", arch, depth, mean, predicted, se));
    assertTrue(Math.abs(coactivation - 0.25) < 0.01, "co-activation " + coactivation);
  }
}
