package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-layer bits and kappa by hand; the exact looks-linear case is net.LooksLinearOracleTest. */
class PrecisionLossTest {

  @Test
  void equalGainsLoseNothing() {
    assertEquals(0.0, PrecisionLoss.layerBits(new double[] {3, 3, 3, 3}), 1e-15);
    assertEquals(9.0, PrecisionLoss.kappa(new double[] {3, 3, 3, 3}), 1e-15);
  }

  @Test
  void handComputedLayer() {
    // gains 1 and 4: mean s^2 = 8.5, mean 1/s^2 = (1 + 1/16)/2 = 17/32; product 289/64 = (17/8)^2
    assertEquals(Math.log(17.0 / 8) / Math.log(2), PrecisionLoss.layerBits(new double[] {1, 4}), 1e-14);
    assertEquals(8.5, PrecisionLoss.kappa(new double[] {1, 4}), 0);
  }

  @Test
  void theFirstLayerCountsOnlyWhenTheStemIsAProduct() {
    double[] spread = {1, 4};
    double[] flat = {2, 2};
    double one = PrecisionLoss.layerBits(spread);
    assertEquals(one, PrecisionLoss.totalBits(List.of(flat, spread), false), 1e-15);
    assertEquals(0.0, PrecisionLoss.totalBits(List.of(spread, flat), false), 1e-15);
    assertEquals(one, PrecisionLoss.totalBits(List.of(spread, flat), true), 1e-15);
    assertEquals(0.0, PrecisionLoss.totalBits(List.of(), true), 0);
  }

  @Test
  void flagAboveTwentyBits() {
    assertFalse(PrecisionLoss.flagged(20.0));
    assertTrue(PrecisionLoss.flagged(20.01));
  }

  @Test
  void resnetLayerByHand() {
    // gains 1 and 4: kappa 8.5, v = 17/32; beta 1: (1 + 8.5) / (1 + 32/17)
    assertEquals(0.5 * Math.log(9.5 / (1 + 32.0 / 17)) / Math.log(2), PrecisionLoss.resnetLayerBits(new double[] {1, 4},
        1.0), 1e-14);
    // equal gains: kappa = 1 / v, nothing lost at any beta
    assertEquals(0.0, PrecisionLoss.resnetLayerBits(new double[] {0.5, 0.5, 0.5}, 0.7), 1e-15);
    // no branch (beta 0): nothing lost
    assertEquals(0.0, PrecisionLoss.resnetLayerBits(new double[] {1, 4}, 0.0), 0);
    assertEquals(PrecisionLoss.resnetLayerBits(new double[] {1, 4}, 1.0),
        PrecisionLoss.resnetTotalBits(List.of(new double[] {1, 4}, new double[] {1, 4}), 1.0, false), 1e-15);
  }
}
