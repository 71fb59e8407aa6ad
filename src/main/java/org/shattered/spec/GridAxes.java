package org.shattered.spec;

import java.util.List;

/**
 * The values of every grid axis, each non-empty and validated.
 */
public record GridAxes(
    List<Architecture> architecture,
    List<Normalization> normalization,
    List<GradientMode> gradientMode,
    List<Precision> precision,
    List<Integer> points,
    List<Double> biasStd,
    List<Integer> width,
    List<Integer> depth,
    List<BetaValue> beta,
    List<Long> seed) {

  public GridAxes {
    architecture = List.copyOf(architecture);
    normalization = List.copyOf(normalization);
    gradientMode = List.copyOf(gradientMode);
    precision = List.copyOf(precision);
    points = List.copyOf(points);
    biasStd = List.copyOf(biasStd);
    width = List.copyOf(width);
    depth = List.copyOf(depth);
    beta = List.copyOf(beta);
    seed = List.copyOf(seed);
  }

  public GridAxes withSeeds(List<Long> seeds) {
    return new GridAxes(architecture, normalization, gradientMode, precision, points, biasStd, width, depth, beta,
        seeds);
  }

  /** The grid keys, as they are written under sweep.grid. */
  public static final List<String> KEYS = List.of("architecture", "normalization", "gradient-mode", "precision",
      "points", "bias-std", "width", "depth", "beta", "seed");
}
