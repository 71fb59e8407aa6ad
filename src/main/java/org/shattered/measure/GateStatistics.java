package org.shattered.measure;

import java.util.ArrayList;
import java.util.List;
import org.shattered.net.GateMatrix;

/**
 * Gate statistics of one layer from its derivative matrix (docs/science.md, Activations and the
 * phase diagram: for activations other than ReLU the same definitions with D[u,p] = phi'(v) in place
 * of A, see {@link #ofDerivatives}). For ReLU, from the binary gate matrix A (U units x P inputs),
 * docs/science.md, Per-task metrics:
 *
 * <ul>
 *   <li>active fraction: (1/(U P)) sum_{u,p} A[u,p], the mean over inputs of the fraction of
 *       units active;
 *   <li>constant units: share of units active at every input or at none;
 *   <li>co-activation over all pairs p &lt; q: (1/U) sum_u A[u,p] A[u,q] averaged over the
 *       P(P-1)/2 pairs, computed exactly from the per-unit counts s_u = sum_p A[u,p] as
 *       sum_u s_u (s_u - 1) / 2 / (U P (P-1) / 2);
 *   <li>co-activation at lag k (pairs q = p + k): sum_u sum_{p=0}^{P-1-k} A[u,p] A[u,p+k] / (U (P-k)),
 *       for k = 1..K; lag 1 is the neighbour co-activation;
 *   <li>the spread of co-activation over pairs and its independent-gate null ({@link PairCoactivation}),
 *       the per-pair test of independence that the all-pairs mean cannot be.
 * </ul>
 *
 * Counts are exact integers taken with word-wise shifted AND and {@link Long#bitCount}; only the
 * final division is floating point. Cost: U x words x (K + 1) word operations per layer, plus
 * P^2 U / 128 for the spread over pairs.
 */
public final class GateStatistics {

  private GateStatistics() {
  }

  /**
   * Statistics of one layer with {@link LayerStats#layer()} = 0 (no index); see
   * {@link #of(GateMatrix, int, int)} or {@link LayerStats#withLayer(int)}.
   */
  public static LayerStats of(GateMatrix gates, int maxLag) {
    return of(gates, maxLag, 0);
  }

  /**
   * Statistics of one layer.
   *
   * @param gates the layer's gate matrix, at least 2 points
   * @param maxLag K, from 0 to points - 1 (the neighbour co-activation is computed regardless)
   * @param layer the 1-based layer index stored in the result
   */
  public static LayerStats of(GateMatrix gates, int maxLag, int layer) {
    int units = gates.units();
    int points = gates.points();
    if (points < 2 || maxLag < 0 || maxLag >= points) {
      throw new IllegalArgumentException("gate statistics need at least 2 points and 0 <= maxLag < points; got "
          + points + " points and maxLag " + maxLag);
    }
    if (!gates.binary()) {
      return ofDerivatives(gates, maxLag, layer);
    }
    int w = gates.wordsPerUnit();
    long[] bits = gates.bits();
    long activeCount = 0;
    long constantCount = 0;
    long pairCount = 0;
    int lags = Math.max(maxLag, 1);
    long[] lagCount = new long[lags];
    for (int u = 0; u < units; u++) {
      int base = u * w;
      long s = 0;
      for (int i = 0; i < w; i++) {
        s += Long.bitCount(bits[base + i]);
      }
      activeCount += s;
      if (s == 0 || s == points) {
        constantCount++;
      }
      pairCount += s * (s - 1) / 2;
      if (s < 2) {
        continue; // no co-active pair at any lag
      }
      for (int k = 1; k <= lags; k++) {
        lagCount[k - 1] += lagOverlap(bits, base, w, k);
      }
    }
    double u = units;
    double[] byLag = new double[maxLag];
    for (int k = 1; k <= maxLag; k++) {
      byLag[k - 1] = lagCount[k - 1] / (u * (points - k));
    }
    return new LayerStats(layer, units, activeCount / (u * points), constantCount / u,
        pairCount / (u * ((double) points * (points - 1) / 2)), lagCount[0] / (u * (points - 1)), byLag)
        .withPairSpread(PairCoactivation.sd(gates), PairCoactivation.nullSd(gates));
  }

  /**
   * The same definitions for a real-valued derivative matrix D (activations other than ReLU): per
   * unit the sum S_u and sum of squares Q_u of D[u, .] give the active fraction E[D] = sum S_u / (U P),
   * E[D^2] = sum Q_u / (U P) and the co-activation over all pairs sum_u (S_u^2 - Q_u) / 2 / (U P (P-1)
   * / 2); the lags are sums of D[u,p] D[u,p+k]. All in double, in unit and point order.
   */
  private static LayerStats ofDerivatives(GateMatrix gates, int maxLag, int layer) {
    int units = gates.units();
    int points = gates.points();
    double[] d = gates.derivatives();
    int lags = Math.max(maxLag, 1);
    double sum = 0;
    double squares = 0;
    double pairs = 0;
    long constant = 0;
    double[] lagSum = new double[lags];
    for (int u = 0; u < units; u++) {
      int base = u * points;
      double s = 0;
      double q = 0;
      boolean same = true;
      for (int p = 0; p < points; p++) {
        double x = d[base + p];
        s += x;
        q += x * x;
        same &= x == d[base];
      }
      sum += s;
      squares += q;
      pairs += (s * s - q) / 2;
      constant += same ? 1 : 0;
      for (int k = 1; k <= lags; k++) {
        double c = 0;
        for (int p = 0; p + k < points; p++) {
          c += d[base + p] * d[base + p + k];
        }
        lagSum[k - 1] += c;
      }
    }
    double u = units;
    double[] byLag = new double[maxLag];
    for (int k = 1; k <= maxLag; k++) {
      byLag[k - 1] = lagSum[k - 1] / (u * (points - k));
    }
    return new LayerStats(layer, units, sum / (u * points), constant / u,
        pairs / (u * ((double) points * (points - 1) / 2)), lagSum[0] / (u * (points - 1)), byLag, 1.0,
        squares / (u * points));
  }

  /** Statistics of every layer, numbered 1..L in list order. */
  public static List<LayerStats> ofLayers(List<GateMatrix> gates, int maxLag) {
    List<LayerStats> out = new ArrayList<>(gates.size());
    for (int l = 0; l < gates.size(); l++) {
      out.add(of(gates.get(l), maxLag, l + 1));
    }
    return out;
  }

  /**
   * Number of p with bit p and bit p + k both set in the bit set of {@code w} words at
   * {@code base}: popcount(row AND (row shifted down by k)). Bits past the last point are zero,
   * so pairs running off the end never count.
   */
  static long lagOverlap(long[] bits, int base, int w, int k) {
    if (k < 64) {
      return shortLagOverlap(bits, base, w, k);
    }
    int q = k >>> 6;
    int r = k & 63;
    long count = 0;
    for (int j = 0; j + q < w; j++) {
      long shifted = bits[base + j + q] >>> r;
      if (r != 0 && j + q + 1 < w) {
        shifted |= bits[base + j + q + 1] << (64 - r);
      }
      count += Long.bitCount(bits[base + j] & shifted);
    }
    return count;
  }

  /** {@link #lagOverlap} for 0 &lt; k &lt; 64, without the general case's branches (the common lags). */
  private static long shortLagOverlap(long[] bits, int base, int w, int k) {
    int last = base + w - 1;
    long count = 0;
    for (int j = base; j < last; j++) {
      count += Long.bitCount(bits[j] & ((bits[j] >>> k) | (bits[j + 1] << (64 - k))));
    }
    return count + Long.bitCount(bits[last] & (bits[last] >>> k));
  }
}
