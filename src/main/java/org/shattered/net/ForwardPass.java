package org.shattered.net;

/**
 * The element-wise step of one forward-mode layer (see {@link AbstractNetwork#forwardGradient}),
 * in one pass over the layer and in blocks of rows written straight into the native input of the
 * layer's product: from the pre-activation r (P x N) and its tangent t, with the layer's batch
 * statistics already computed,
 *
 * <ul>
 *   <li>input rows [0, P): rho(v), v = n(r);
 *   <li>input rows [P, 2P): t / std where v &gt; 0, else 0 (t unscaled without normalization);
 *   <li>the returned gate bits: v &gt; 0, as {@link GateMatrix} stores them.
 * </ul>
 *
 * Each element gets the same operations and rounding as {@link BatchNorm#forward} followed by
 * {@link Ops#gateBits}; the tangent is scaled as the frozen backward pass scales a gradient
 * ({@link BatchNorm#frozenScale}), then masked.
 */
final class ForwardPass {
  /** Doubles per block of rows: a block of values and one of tangents stay in the first-level cache. */
  private static final int BLOCK_VALUES = 2048;

  private final int points;
  private final int units;
  private final int words;
  private final boolean single;
  private final BatchNorm norm;
  private final int blockRows;
  private final double[] values;
  private final double[] tangents;
  private final long[] word;

  ForwardPass(BatchNorm norm, int points, int units, boolean single) {
    this.norm = norm;
    this.points = points;
    this.units = units;
    this.single = single;
    words = GateMatrix.words(points);
    blockRows = Math.max(1, Math.min(points, BLOCK_VALUES / units));
    values = new double[blockRows * units];
    tangents = new double[blockRows * units];
    word = new long[units];
  }

  /**
   * Writes layer l's activations and tangents into {@code product}'s input and returns its gate
   * bits. {@code t} holds the entering tangent, P x N, or is null when the tangent is
   * {@code stemRow} in every row (the first layer).
   */
  long[] activate(int layer, double[] r, double[] t, double[] stemRow, Blas.Product product) {
    boolean normalize = norm.enabled();
    double[] mu = normalize ? norm.mean(layer) : null;
    double[] s = normalize ? norm.frozenScale(layer) : null;
    long[] bits = new long[units * words];
    java.util.Arrays.fill(word, 0L);
    for (int first = 0; first < points; first += blockRows) {
      int rows = Math.min(blockRows, points - first);
      for (int k = 0; k < rows; k++) {
        int p = first + k;
        int row = p * units;
        int local = k * units;
        int shift = p & 63;
        for (int u = 0; u < units; u++) {
          double v = normalize ? Ops.round(Ops.round(r[row + u] - mu[u], single) * s[u], single) : r[row + u];
          values[local + u] = Math.max(v, 0.0);
          double d = t == null ? stemRow[u] : t[row + u];
          if (normalize) {
            d = Ops.round(d * s[u], single);
          }
          long on = Ops.positive(v);
          tangents[local + u] = d * on;
          word[u] |= on << shift;
        }
        if (shift == 63 || p == points - 1) {
          int w = p >> 6;
          for (int u = 0; u < units; u++) {
            bits[u * words + w] = word[u];
            word[u] = 0;
          }
        }
      }
      product.put(first, rows, values, 0);
      product.put(points + first, rows, tangents, 0);
    }
    return bits;
  }

  /** The number of rows streamed per block. */
  int blockRows() {
    return blockRows;
  }
}
