package org.shattered.measure;

/**
 * The part of a task's gradient carried by the paths through exactly k residual branches, g^(k)
 * (one row of the {@code paths} table).
 *
 * @param pathLength k, from 0 to L
 * @param paths binomial(L, k), the number of such paths, as a double (exact below 2^53, nearest
 *     double above: L up to 56 is exact)
 * @param rms root mean square of g^(k) over the inputs (sqrt of mean_p |g_p^(k)|^2)
 * @param energyShare mean_p |g_p^(k)|^2 over the sum of the same for every k: cross terms between
 *     path lengths (2 g^(j) . g^(k)) are left out, so the shares sum to 1 but |g|^2 is not their sum
 * @param cumulativeEnergyShare the shares of path lengths 0..k
 * @param acf the mean-centred autocorrelation c_1..c_K of g^(k) over the inputs (the task's c_k);
 *     null for sphere inputs, whose order is arbitrary
 * @param constantGradient g^(k) numerically the same at every input (c_k = 1 by convention); always
 *     so for k = 0, where g^(0) = w_out W0 skips every branch
 * @param pairCosine mean over pairs p &lt; q of the cosine between g_p^(k) and g_q^(k) (the task's
 *     {@code pair_cosine}, see {@link PairCosine})
 */
public record PathLength(int pathLength, double paths, double rms, double energyShare, double cumulativeEnergyShare,
    double[] acf, boolean constantGradient, double pairCosine) implements java.io.Serializable {
  /** Content equality: the arrays by their elements (a record's own equals compares their identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof PathLength that && pathLength == that.pathLength
        && Double.compare(paths, that.paths) == 0
        && Double.compare(rms, that.rms) == 0
        && Double.compare(energyShare, that.energyShare) == 0
        && Double.compare(cumulativeEnergyShare, that.cumulativeEnergyShare) == 0
        && java.util.Arrays.equals(acf, that.acf)
        && constantGradient == that.constantGradient
        && Double.compare(pairCosine, that.pairCosine) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(pathLength, paths, rms, energyShare, cumulativeEnergyShare, java.util.Arrays.hashCode(acf), constantGradient,
        pairCosine);
  }


  /** c_1 of g^(k), or null for sphere inputs. */
  public Double acfLag1() {
    return acf == null ? null : acf[0];
  }
}
