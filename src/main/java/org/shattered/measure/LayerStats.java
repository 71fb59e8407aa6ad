package org.shattered.measure;

/**
 * Gate statistics of one layer over the task's inputs (docs/science.md, Per-task metrics), from its
 * derivative matrix D[u,p] = phi'(v) (the binary gate matrix A for ReLU; docs/science.md,
 * Activations and the phase diagram, for the others).
 *
 * @param layer 1-based layer index
 * @param units number of gated units (2N for looks-linear)
 * @param activeFraction mean over units and inputs of D: for ReLU the fraction of units active,
 *     in general E[phi'(v)]
 * @param constantUnits share of units whose D is the same at every input (ReLU: active at every
 *     input or at none)
 * @param coactivation mean over pairs p &lt; q of (1/units) sum_u D[u,p] D[u,q]
 * @param coactivationLag1 the same over neighbour pairs q = p + 1
 * @param coactivationByLag the same over pairs q = p + k, for k = 1..K (element k-1)
 * @param kappa mean over the layer's normalized units of the squared batch-norm gain 1 / (var +
 *     eps); 1 without normalization. For looks-linear the N normalized units (whose crelu gives
 *     the 2N gated ones)
 * @param meanSquareDerivative mean over units and inputs of D^2, E[phi'(v)^2]: the co-activation of
 *     an input with itself, which normalizes the mean-field factor; equal to {@code activeFraction}
 *     for a binary D (ReLU)
 * @param coactivationPairSd standard deviation over pairs p &lt; q of the pair co-activation c_pq
 *     ({@link PairCoactivation#sd}); NaN when not computed (non-binary derivatives)
 * @param coactivationPairSdNull the same for gates permuted independently per unit over the inputs
 *     ({@link PairCoactivation#nullSd}); NaN when not computed
 */
public record LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
    double coactivationLag1, double[] coactivationByLag, double kappa, double meanSquareDerivative,
    double coactivationPairSd, double coactivationPairSdNull) {

  /** Content equality: the arrays by their elements (a record's own equals compares their identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof LayerStats that && layer == that.layer
        && units == that.units
        && Double.compare(activeFraction, that.activeFraction) == 0
        && Double.compare(constantUnits, that.constantUnits) == 0
        && Double.compare(coactivation, that.coactivation) == 0
        && Double.compare(coactivationLag1, that.coactivationLag1) == 0
        && java.util.Arrays.equals(coactivationByLag, that.coactivationByLag)
        && Double.compare(kappa, that.kappa) == 0
        && Double.compare(meanSquareDerivative, that.meanSquareDerivative) == 0
        && Double.compare(coactivationPairSd, that.coactivationPairSd) == 0
        && Double.compare(coactivationPairSdNull, that.coactivationPairSdNull) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        java.util.Arrays.hashCode(coactivationByLag), kappa, meanSquareDerivative, coactivationPairSd,
        coactivationPairSdNull);
  }


  /** Statistics without the per-pair spread (NaN). */
  public LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
      double coactivationLag1, double[] coactivationByLag, double kappa, double meanSquareDerivative) {
    this(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1, coactivationByLag, kappa,
        meanSquareDerivative, Double.NaN, Double.NaN);
  }

  /** Statistics of a binary (ReLU) layer: E[D^2] = E[D]. */
  public LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
      double coactivationLag1, double[] coactivationByLag, double kappa) {
    this(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1, coactivationByLag, kappa,
        activeFraction);
  }

  /** Statistics of a binary (ReLU) layer without normalization (kappa = 1). */
  public LayerStats(int layer, int units, double activeFraction, double constantUnits, double coactivation,
      double coactivationLag1, double[] coactivationByLag) {
    this(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1, coactivationByLag, 1.0);
  }

  /** The same statistics under another layer index. */
  public LayerStats withLayer(int newLayer) {
    return new LayerStats(newLayer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        coactivationByLag, kappa, meanSquareDerivative, coactivationPairSd, coactivationPairSdNull);
  }

  /** The same statistics with the layer's kappa. */
  public LayerStats withKappa(double newKappa) {
    return new LayerStats(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        coactivationByLag, newKappa, meanSquareDerivative, coactivationPairSd, coactivationPairSdNull);
  }

  /** The same statistics with the per-pair spread of co-activation and its independent-gate null. */
  public LayerStats withPairSpread(double sd, double nullSd) {
    return new LayerStats(layer, units, activeFraction, constantUnits, coactivation, coactivationLag1,
        coactivationByLag, kappa, meanSquareDerivative, sd, nullSd);
  }

  /** coactivationPairSd / coactivationPairSdNull: near 1 for gates independent across inputs. */
  public double coactivationPairRatio() {
    return coactivationPairSd / coactivationPairSdNull;
  }

  /** Co-activation at lag k (1-based), element k-1 of {@link #coactivationByLag()}. */
  double coactivationAtLag(int k) {
    return coactivationByLag[k - 1];
  }
}
