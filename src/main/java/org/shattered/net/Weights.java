package org.shattered.net;

/**
 * Weight drawing in plain Java, so that the same seed gives the same weights in any thread or
 * process. Every network draws from one {@link GaussianStream} in the fixed order documented on
 * {@link Networks}.
 */
final class Weights {
  private Weights() {}

  /** n independent N(0, std^2) values. */
  static double[] gaussian(GaussianStream rng, int n, double std) {
    return rng.fill(n, std);
  }

  /**
   * A Haar-random n x n orthogonal matrix, row-major: draws a Gaussian matrix G row-major and
   * orthonormalizes its rows by modified Gram-Schmidt, which is the QR decomposition of G^T with
   * R's diagonal made positive (Q then Haar distributed; the result is Q^T, also Haar).
   */
  static double[] haarOrthogonal(GaussianStream rng, int n) {
    double[] g = gaussian(rng, n * n, 1.0);
    for (int k = 0; k < n; k++) {
      int rk = k * n;
      double norm = 0;
      for (int j = 0; j < n; j++) {
        norm += g[rk + j] * g[rk + j];
      }
      double inv = 1.0 / Math.sqrt(norm);
      for (int j = 0; j < n; j++) {
        g[rk + j] *= inv;
      }
      for (int i = k + 1; i < n; i++) {
        int ri = i * n;
        double dot = dot(g, ri, rk, n);
        for (int j = 0; j < n; j++) {
          g[ri + j] -= dot * g[rk + j];
        }
      }
    }
    return g;
  }

  /** sum_j g[a + j] g[b + j] in four interleaved partial sums (a fixed order, but vectorizable). */
  private static double dot(double[] g, int a, int b, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += g[a + j] * g[b + j];
      s1 += g[a + j + 1] * g[b + j + 1];
      s2 += g[a + j + 2] * g[b + j + 2];
      s3 += g[a + j + 3] * g[b + j + 3];
    }
    for (; j < n; j++) {
      s0 += g[a + j] * g[b + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** [U, -U] of shape n x 2n, row-major, from U n x n row-major. */
  static double[] mirrored(double[] u, int n) {
    double[] w = new double[2 * n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[i * 2 * n + j] = u[i * n + j];
        w[i * 2 * n + n + j] = -u[i * n + j];
      }
    }
    return w;
  }
}
