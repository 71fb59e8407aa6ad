package org.shattered.net;

/**
 * Elementwise and small reduction steps on row-major P x N Java arrays (point p, unit u at
 * p * N + u). In single precision every stored result is rounded to float: one +, -, *, / or sqrt
 * evaluated in double and rounded to float is exactly the float operation; sums (batch statistics,
 * the output's dot product) accumulate in double and are rounded once.
 */
final class Ops {
  private Ops() {}

  /** v, or v rounded to float when {@code single}. */
  static double round(double v, boolean single) {
    return single ? (double) (float) v : v;
  }

  /** 1 where v &gt; 0, else 0, without a data-dependent branch (see {@link #positive}). */
  static double step(double v) {
    return positive(v);
  }

  /**
   * 1 where v &gt; 0, else 0, from v's bits and without a branch: the raw bits r of a double
   * greater than zero are a positive long; -0.0 (Long.MIN_VALUE), 0.0 and negative values are not.
   * {@code (-r & ~r) >>> 63} is 1 exactly for positive r. (A NaN counts as positive; a NaN anywhere
   * makes the task's output non-finite, and such a task fails.)
   */
  static long positive(double v) {
    long r = Double.doubleToRawLongBits(v);
    return (-r & ~r) >>> 63;
  }

  /** z[p, u] = x[p] w0[u] + b0[u] (b0 may be null): the stem. */
  static void stem(double[] x, double[] w0, double[] b0, double[] z, boolean single) {
    int n = w0.length;
    for (int p = 0; p < x.length; p++) {
      for (int u = 0; u < n; u++) {
        double v = round(x[p] * w0[u], single);
        z[p * n + u] = b0 == null ? v : round(v + b0[u], single);
      }
    }
  }

  /**
   * z[p, u] = sum_j x[p, j] w0[u, j] + b0[u] (b0 may be null) for inputs in R^d: x is P x d and
   * w0 N x d, both row-major; each sum accumulates in double in the order j = 0..d-1 and is rounded
   * once, then the bias is added and rounded.
   */
  static void stemMatrix(double[] x, int d, double[] w0, double[] b0, double[] z, boolean single) {
    int n = w0.length / d;
    int points = x.length / d;
    for (int p = 0; p < points; p++) {
      int xp = p * d;
      for (int u = 0; u < n; u++) {
        int wu = u * d;
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += x[xp + j] * w0[wu + j];
        }
        double v = round(s, single);
        z[p * n + u] = b0 == null ? v : round(v + b0[u], single);
      }
    }
  }

  /**
   * g[p, j] = sum_u grad[p, u] w0[u, j]: the input gradient through the stem for inputs in R^d
   * (grad P x N, w0 N x d, g P x d, row-major), each sum accumulated in double in the order
   * u = 0..N-1 and rounded once.
   */
  static void stemGradient(double[] grad, int n, double[] w0, int d, double[] g, boolean single) {
    int points = g.length / d;
    double[] row = new double[d];
    for (int p = 0; p < points; p++) {
      java.util.Arrays.fill(row, 0);
      int gp = p * n;
      for (int u = 0; u < n; u++) {
        double a = grad[gp + u];
        int wu = u * d;
        for (int j = 0; j < d; j++) {
          row[j] += a * w0[wu + j];
        }
      }
      for (int j = 0; j < d; j++) {
        g[p * d + j] = round(row[j], single);
      }
    }
  }

  /** out[p] = sum_u m[p, u] w[u]. */
  static void rowDot(double[] m, double[] w, double[] out, boolean single) {
    rowDot(m, 0, w, out, single);
  }

  /** out[p] = sum_u m[from + p * N + u] w[u]: {@link #rowDot} of the rows starting at {@code from}. */
  static void rowDot(double[] m, int from, double[] w, double[] out, boolean single) {
    int n = w.length;
    for (int p = 0; p < out.length; p++) {
      double s = 0;
      int row = from + p * n;
      for (int u = 0; u < n; u++) {
        s += m[row + u] * w[u];
      }
      out[p] = round(s, single);
    }
  }

  /** z[p, u] += b[u] (nothing when b is null). */
  static void addBias(double[] z, double[] b, boolean single) {
    if (b == null) {
      return;
    }
    int n = b.length;
    for (int row = 0; row < z.length; row += n) {
      for (int u = 0; u < n; u++) {
        z[row + u] = round(z[row + u] + b[u], single);
      }
    }
  }

  /**
   * The gate bits of a row-major P x N array, one bit set per unit as {@link GateMatrix} stores
   * them, written from unit {@code firstUnit} on: bit set where sign * v[p, u] &gt; 0. Branch-free,
   * since gates are on about half the time.
   */
  static void gateBits(double[] v, int points, int units, double sign, long[] bits, int firstUnit) {
    int words = GateMatrix.words(points);
    long[] word = new long[units];
    for (int w = 0; w < words; w++) {
      java.util.Arrays.fill(word, 0L);
      int end = Math.min(points, (w + 1) << 6);
      for (int p = w << 6; p < end; p++) {
        int row = p * units;
        int shift = p & 63;
        for (int u = 0; u < units; u++) {
          word[u] |= positive(sign * v[row + u]) << shift; // contiguous in u: the loop vectorizes
        }
      }
      for (int u = 0; u < units; u++) {
        bits[(firstUnit + u) * words + w] = word[u];
      }
    }
  }


  /** Every row of out (length rows * w.length) set to w. */
  static void fillRows(double[] out, double[] w) {
    for (int i = 0; i < out.length; i += w.length) {
      System.arraycopy(w, 0, out, i, w.length);
    }
  }
}
