package org.shattered.net;

/**
 * The element-wise step of one forward-mode layer (see {@link AbstractNetwork#forwardGradient}),
 * in one pass over the layer and in blocks of rows written straight into the native input of the
 * layer's product: from the pre-activation r (P x N) and its tangent t, with the layer's batch
 * statistics already computed,
 *
 * <ul>
 *   <li>input rows [0, P): phi(v), v = n(r);
 *   <li>input rows [P, 2P): (t / std) phi'(v) (t unscaled without normalization);
 *   <li>the returned derivative matrix phi'(v): for ReLU the gate bits v &gt; 0, as {@link GateMatrix}
 *       stores them, else the values.
 * </ul>
 *
 * Each element gets the same operations and rounding as {@link BatchNorm#forward} followed by
 * {@link Ops#gateBits}; the tangent is scaled as the frozen backward pass scales a gradient
 * ({@link BatchNorm#frozenScale}), then multiplied by phi'(v) (for ReLU by 0 or 1, exactly the
 * masking it was before activations were an axis).
 */
final class ForwardPass {
  /** Doubles per block of rows: a block of values and one of tangents stay in the first-level cache. */
  private static final int BLOCK_VALUES = 2048;

  private final int points;
  private final int units;
  private final int words;
  private final boolean single;
  private final BatchNorm norm;
  private final Activation phi;
  private final int blockRows;
  private final double[] values;
  private final double[] tangents;
  private final long[] word;
  /** phi'(v) of the row being written. */
  private final double[] slope;
  private final double[] zeros;
  private final double[] ones;

  ForwardPass(BatchNorm norm, Activation phi, int points, int units, boolean single) {
    this.norm = norm;
    this.phi = phi;
    this.points = points;
    this.units = units;
    this.single = single;
    words = GateMatrix.words(points);
    blockRows = Math.max(1, Math.min(points, BLOCK_VALUES / units));
    values = new double[blockRows * units];
    tangents = new double[blockRows * units];
    word = new long[units];
    slope = new double[units];
    zeros = new double[units];
    ones = new double[units];
    java.util.Arrays.fill(ones, 1.0);
  }

  /**
   * Writes layer l's activations and tangents into {@code product}'s input and returns its
   * derivative matrix. {@code t} holds the entering tangent, P x N.
   */
  GateMatrix activate(int layer, double[] r, double[] t, Blas.Product product) {
    // without normalization: mean 0 and scale 1, which change no value (x - 0 and x * 1 are exact)
    double[] mu = norm.enabled() ? norm.mean(layer) : zeros;
    double[] s = norm.enabled() ? norm.frozenScale(layer) : ones;
    boolean gated = phi.gated();
    long[] bits = gated ? new long[units * words] : null;
    double[] derivatives = gated ? null : new double[units * points];
    java.util.Arrays.fill(word, 0L);
    for (int first = 0; first < points; first += blockRows) {
      int rows = Math.min(blockRows, points - first);
      for (int k = 0; k < rows; k++) {
        int p = first + k;
        if (single) {
          rowSingle(r, t, p * units, mu, s, k * units);
        } else {
          rowDouble(r, t, p * units, mu, s, k * units);
        }
        if (!gated) {
          for (int u = 0; u < units; u++) {
            derivatives[u * points + p] = slope[u];
          }
          continue;
        }
        int shift = p & 63;
        for (int u = 0; u < units; u++) {
          word[u] |= (long) slope[u] << shift; // phi' is 0 or 1
        }
        if ((p & 63) == 63 || p == points - 1) {
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
    return gated ? new GateMatrix(units, points, bits) : GateMatrix.ofDerivatives(units, points, derivatives);
  }

  // One row in double and one in float, as separate loops: a loop that tests the precision inside
  // is compiled for both once both have run in the JVM, and measured up to 1.5x slower then.

  private void rowDouble(double[] r, double[] t, int row, double[] mu, double[] s, int local) {
    for (int u = 0; u < units; u++) {
      double v = (r[row + u] - mu[u]) * s[u];
      values[local + u] = phi.value(v);
      double d = phi.derivative(v);
      tangents[local + u] = t[row + u] * s[u] * d;
      slope[u] = d;
    }
  }

  private void rowSingle(double[] r, double[] t, int row, double[] mu, double[] s, int local) {
    for (int u = 0; u < units; u++) {
      double v = (float) ((float) (r[row + u] - mu[u]) * s[u]);
      values[local + u] = (float) phi.value(v);
      double d = phi.derivative(v);
      tangents[local + u] = (float) ((double) (float) (t[row + u] * s[u]) * d);
      slope[u] = d;
    }
  }

  /** The number of rows streamed per block. */
  int blockRows() {
    return blockRows;
  }
}
