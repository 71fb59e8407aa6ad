package org.shattered.data;

/**
 * Pixel scaling of docs/science.md (Training): x = (p / 255 - mean) / sd, with mean and sd the
 * global mean and population standard deviation of p / 255 over every pixel of the training set
 * (one pair of numbers, not per pixel, so blank border pixels stay finite and equal).
 *
 * @param mean mean of p / 255 over the training pixels
 * @param sd population standard deviation of p / 255 over the training pixels
 */
public record Scaling(double mean, double sd) implements java.io.Serializable {

  /** The scaling fitted to {@code train}'s pixels (a histogram of the 256 values, so exact and order-free). */
  public static Scaling fit(ImageSet train) {
    long[] counts = new long[256];
    for (byte b : train.pixels()) {
      counts[b & 0xFF]++;
    }
    double n = train.pixels().length;
    double sum = 0;
    for (int v = 0; v < 256; v++) {
      sum += counts[v] * (v / 255.0);
    }
    double mean = sum / n;
    double squares = 0;
    for (int v = 0; v < 256; v++) {
      double d = v / 255.0 - mean;
      squares += counts[v] * d * d;
    }
    return new Scaling(mean, Math.sqrt(squares / n));
  }

  /** The input value of pixel value {@code p} (0..255). */
  public double apply(int p) {
    return (p / 255.0 - mean) / sd;
  }

  /** Images {@code index[from..from+n)} of {@code set} scaled, row-major n x dim, into {@code out}. */
  public void rows(ImageSet set, int[] index, int from, int n, double[] out) {
    double[] table = table();
    int d = set.dim();
    byte[] px = set.pixels();
    for (int r = 0; r < n; r++) {
      int base = index[from + r] * d;
      for (int j = 0; j < d; j++) {
        out[r * d + j] = table[px[base + j] & 0xFF];
      }
    }
  }

  /** Images first..first+n-1 of {@code set}, scaled, row-major n x dim. */
  public double[] rows(ImageSet set, int first, int n) {
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = first + i;
    }
    double[] out = new double[n * set.dim()];
    rows(set, index, 0, n, out);
    return out;
  }

  private double[] table() {
    double[] t = new double[256];
    for (int v = 0; v < 256; v++) {
      t[v] = apply(v);
    }
    return t;
  }
}
