package org.shattered.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shattered.measure.GateStatistics;
import org.shattered.measure.LayerStats;
import org.shattered.measure.PairCosine;
import org.shattered.net.Backprop;
import org.shattered.net.Network;
import org.shattered.net.Networks;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;

/**
 * At initialization the training engine's network is the measurement engine's network for the same
 * spec (docs/science.md, Training): on the same inputs (class-0 logit, whose readout row is the
 * measurement engine's w_out; batch statistics of the inputs themselves, frozen) the input
 * gradients agree to rounding, the gates bit for bit, and so do pair cosine and gate statistics.
 * The two engines sum in different orders (gemm against Java loops), hence 1e-10, not bits, for
 * the gradients.
 */
class MeasurementAgreementTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"feedforward,none", "feedforward,batch", "resnet,none", "resnet,batch", "looks-linear,none",
      "looks-linear,batch"})
  void initialNetworkIsTheMeasuredNetwork(String family, String normalization) {
    int dim = 784;
    int points = 24;
    TrainSpec spec = new TrainSpec(Family.parse("a", family), Normalization.parse("n", normalization),
        Precision.DOUBLE, 6, 40, 0.5, 2, 0.01, 0.9, 8, 1, 1);
    SplittableRandom rnd = new SplittableRandom(5);
    double[] x = new double[points * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
    }
    try (TrainNet net = TrainNet.build(spec, dim, 10); Network measured = Networks.build(spec.measured(dim, points))) {
      Probe.DataGradient mine = Probe.gradient(net, x, new int[points], true);
      Backprop theirs = measured.backprop(x);
      double scale = 0;
      for (double v : theirs.gradient()) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 0);
      for (int i = 0; i < x.length; i++) {
        assertEquals(theirs.gradient()[i], mine.input()[i], 1e-10 * scale, "gradient value " + i);
      }
      assertEquals(PairCosine.of(theirs.gradient(), dim), PairCosine.of(mine.input(), dim), 1e-10);
      for (int l = 0; l < spec.depth(); l++) {
        assertEquals(theirs.gates().get(l), mine.gates().get(l), "gates of layer " + (l + 1));
        LayerStats a = GateStatistics.of(theirs.gates().get(l), 0, l + 1);
        LayerStats b = GateStatistics.of(mine.gates().get(l), 0, l + 1);
        assertEquals(a.coactivation(), b.coactivation());
        assertEquals(a.activeFraction(), b.activeFraction());
      }
    }
  }
}
