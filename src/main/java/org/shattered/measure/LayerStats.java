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
 */
public record LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
    double coactivationLag1, double[] coactivationByLag) {

  /** The same statistics under another layer index. */
  public LayerStats withLayer(int newLayer) {
    return new LayerStats(newLayer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        coactivationByLag);
  }

  /** Co-activation at lag k (1-based), element k-1 of {@link #coactivationByLag()}. */
  public double coactivationAtLag(int k) {
    return coactivationByLag[k - 1];
  }
}
