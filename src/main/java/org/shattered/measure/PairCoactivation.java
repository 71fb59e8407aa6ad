package org.shattered.measure;

import java.math.BigInteger;
import org.shattered.net.GateMatrix;

/**
 * The per-pair test of gate independence (docs/science.md, Per-task metrics): the spread over input
 * pairs of the pair co-activation c_pq = (1/U) sum_u A[u,p] A[u,q], beside the spread the same units
 * would give if each unit's gates were independent across the inputs.
 *
 * <p>Why not the mean: the mean of c_pq over all pairs p &lt; q (the layer's {@code coactivation}) is
 * an identity of the per-unit active counts s_u, (1/U) sum_u s_u (s_u - 1) / (P (P - 1)), so batch
 * norm, which makes every s_u about P/2, forces it to about 1/4 whatever the dependence between
 * inputs (a depth-1 net on a line, whose gates all flip at x = 0, gives 0.249). How c_pq spreads over
 * the pairs is what dependence changes: on that line c_pq is about 1/2 for two inputs on the same
 * side of 0 and 0 across it.
 *
 * <ul>
 *   <li>{@link #sd}: the population standard deviation of c_pq over the P (P - 1) / 2 pairs. The
 *       counts n_pq = sum_u A[u,p] A[u,q] are the off-diagonal entries of the boolean product
 *       A^T A, computed with A transposed to one bit set per point (AND and popcount over
 *       ceil(U / 64) words a pair, so P^2 U / 128 word operations a layer); their sum and sum of
 *       squares are exact integers, and the variance is formed exactly before one division.
 *   <li>{@link #nullSd}: the square root of the expected variance of c_pq over pairs when each
 *       unit's gate pattern is permuted over the inputs independently of the other units (same s_u,
 *       inputs independent). The mean over pairs is then unchanged (the identity above), and each
 *       pair's count is a sum of independent Bernoulli(r_u) terms, r_u = s_u (s_u - 1) / (P (P - 1)),
 *       so the expected variance is (1/U^2) sum_u r_u (1 - r_u): the limit of averaging the variance
 *       over infinitely many random permutations, in closed form, with no random stream (the test
 *       checks it against explicit permutations).
 * </ul>
 *
 * Their ratio sd / nullSd is near 1 for gates independent across inputs and far above 1 when the
 * inputs' gate patterns are dependent.
 */
public final class PairCoactivation {

  private PairCoactivation() {
  }

  /** Standard deviation over pairs p &lt; q of c_pq; 0 with fewer than 3 points' pairs to spread. */
  public static double sd(GateMatrix gates) {
    int units = gates.units();
    int points = gates.points();
    long[] byPoint = transpose(gates);
    int w = GateMatrix.words(units);
    long sum = 0;
    long sumSq = 0;
    for (int p = 0; p < points; p++) {
      int bp = p * w;
      for (int q = p + 1; q < points; q++) {
        int bq = q * w;
        long n = 0;
        for (int i = 0; i < w; i++) {
          n += Long.bitCount(byPoint[bp + i] & byPoint[bq + i]);
        }
        sum += n;
        sumSq += n * n;
      }
    }
    long pairs = (long) points * (points - 1) / 2;
    // variance of the counts times pairs^2, exactly: pairs * sumSq - sum^2
    BigInteger numerator = BigInteger.valueOf(pairs).multiply(BigInteger.valueOf(sumSq))
        .subtract(BigInteger.valueOf(sum).pow(2));
    double variance = numerator.doubleValue() / ((double) pairs * pairs) / ((double) units * units);
    return Math.sqrt(variance);
  }

  /** Square root of the expected variance over pairs of c_pq under independent per-unit permutations. */
  public static double nullSd(GateMatrix gates) {
    int units = gates.units();
    int points = gates.points();
    int w = gates.wordsPerUnit();
    long[] bits = gates.bits();
    double pairs = (double) points * (points - 1);
    double sum = 0;
    for (int u = 0; u < units; u++) {
      long s = 0;
      for (int i = 0; i < w; i++) {
        s += Long.bitCount(bits[u * w + i]);
      }
      double r = s * (s - 1) / pairs;
      sum += r * (1 - r);
    }
    return Math.sqrt(sum) / units;
  }

  /** A as one bit set per point: point p owns words(U) longs from p * words(U); unit u is bit u % 64 of word u / 64. */
  static long[] transpose(GateMatrix gates) {
    int units = gates.units();
    int points = gates.points();
    int wu = gates.wordsPerUnit();
    int wp = GateMatrix.words(units);
    long[] bits = gates.bits();
    long[] out = new long[points * wp];
    for (int u = 0; u < units; u++) {
      int word = u >>> 6;
      long bit = 1L << (u & 63);
      for (int i = 0; i < wu; i++) {
        long b = bits[u * wu + i];
        while (b != 0) {
          int p = (i << 6) + Long.numberOfTrailingZeros(b);
          out[p * wp + word] |= bit;
          b &= b - 1;
        }
      }
    }
    return out;
  }
}
