package org.shattered.net;

/** Test fixture (for the net and measure tests): gate matrices built from pre-activation values, as a network's layer would set them. */
public final class GateMatrices {
  private GateMatrices() {
  }

  /**
   * Builds the matrix from pre-activations laid out point-major (index p * units + u, the c-order
   * of a P x N array): a unit is active where its value is strictly positive.
   */
  public static GateMatrix fromPointMajor(double[] preActivation, int points, int units) {
    int w = GateMatrix.words(points);
    long[] bits = new long[units * w];
    for (int p = 0; p < points; p++) {
      int row = p * units;
      int word = p >>> 6;
      long bit = 1L << (p & 63);
      for (int u = 0; u < units; u++) {
        if (preActivation[row + u] > 0) {
          bits[u * w + word] |= bit;
        }
      }
    }
    return new GateMatrix(units, points, bits);
  }
}
