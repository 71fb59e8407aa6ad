package org.shattered.measure;

import java.util.SplittableRandom;

/**
 * The white-noise and brown-noise baselines of docs/science.md (Across seeds): g_p iid N(0, 1), and its
 * cumulative sum, drawn from {@code new SplittableRandom(seed)}. Normals come from the Box-Muller
 * transform over {@link SplittableRandom#nextDouble()} with {@link StrictMath}, so a seed gives the
 * same sequence on every JVM. They are measured with the same {@link Autocorrelation} as gradients.
 */
public final class Baselines {

  private Baselines() {
  }

  /** White noise: {@code points} iid standard normals. */
  public static double[] whiteNoise(int points, long seed) {
    if (points < 1) {
      throw new IllegalArgumentException("points must be >= 1, got " + points);
    }
    double[] g = new double[points];
    fillStandardNormal(new SplittableRandom(seed), g);
    return g;
  }

  /** Brown noise: the cumulative sum of {@link #whiteNoise(int, long)} with the same seed. */
  public static double[] brownNoise(int points, long seed) {
    double[] g = whiteNoise(points, seed);
    for (int p = 1; p < points; p++) {
      g[p] += g[p - 1];
    }
    return g;
  }

  /** Fills {@code out} with standard normals, two per pair of uniforms (Box-Muller). */
  static void fillStandardNormal(SplittableRandom rng, double[] out) {
    for (int i = 0; i < out.length; i += 2) {
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - rng.nextDouble())); // 1 - U in (0, 1]
      double theta = 2.0 * StrictMath.PI * rng.nextDouble();
      out[i] = r * StrictMath.cos(theta);
      if (i + 1 < out.length) {
        out[i + 1] = r * StrictMath.sin(theta);
      }
    }
  }
}
