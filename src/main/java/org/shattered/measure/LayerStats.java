package org.shattered.measure;

/**
 * Gate statistics of one ReLU layer over the task's inputs (docs/science.md, Per-task metrics).
 *
 * @param layer 1-based layer index
 * @param units number of gated units (2N for looks-linear)
 * @param activeFraction mean over inputs of the fraction of units active
 * @param constantUnits share of units active at every input or at none
 * @param coactivation mean over pairs p &lt; q of (1/units) sum_u A[u,p] A[u,q]
 * @param coactivationLag1 the same over neighbour pairs q = p + 1
 * @param coactivationByLag the same over pairs q = p + k, for k = 1..K (element k-1)
 * @param kappa mean over the layer's normalized units of the squared batch-norm gain 1 / (var +
 *     eps); 1 without normalization. For looks-linear the N normalized units (whose crelu gives
 *     the 2N gated ones)
 */
public record LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
    double coactivationLag1, double[] coactivationByLag, double kappa) {

  /** Statistics of a layer without normalization (kappa = 1). */
  public LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
      double coactivationLag1, double[] coactivationByLag) {
    this(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1, coactivationByLag, 1.0);
  }

  /** The same statistics under another layer index. */
  public LayerStats withLayer(int newLayer) {
    return new LayerStats(newLayer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        coactivationByLag, kappa);
  }

  /** The same statistics with the layer's kappa. */
  public LayerStats withKappa(double newKappa) {
    return new LayerStats(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        coactivationByLag, newKappa);
  }

  /** Co-activation at lag k (1-based), element k-1 of {@link #coactivationByLag()}. */
  public double coactivationAtLag(int k) {
    return coactivationByLag[k - 1];
  }
}
