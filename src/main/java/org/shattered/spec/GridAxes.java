package org.shattered.spec;

import java.util.List;

/**
 * The values of every grid axis, each non-empty and validated. {@code inputDim} is multiplied out
 * only for sphere inputs (line inputs have d = 1), as beta is only for resnets, and the activation
 * only for architectures that take any (looks-linear is ReLU-only: it gets relu, which the axis must
 * then hold).
 */
public record GridAxes(
    List<Architecture> architecture,
    List<Normalization> normalization,
    List<GradientMode> gradientMode,
    List<Precision> precision,
    List<Integer> points,
    List<Double> biasVariance,
    List<Integer> width,
    List<Integer> depth,
    List<BetaValue> beta,
    List<Long> seed,
    List<InputKind> inputs,
    List<Integer> inputDim,
    List<ActivationSpec> activation,
    List<Double> weightVariance) {

  public GridAxes {
    architecture = List.copyOf(architecture);
    normalization = List.copyOf(normalization);
    gradientMode = List.copyOf(gradientMode);
    precision = List.copyOf(precision);
    points = List.copyOf(points);
    biasVariance = List.copyOf(biasVariance);
    width = List.copyOf(width);
    depth = List.copyOf(depth);
    beta = List.copyOf(beta);
    seed = List.copyOf(seed);
    inputs = List.copyOf(inputs);
    inputDim = List.copyOf(inputDim);
    activation = List.copyOf(activation);
    weightVariance = List.copyOf(weightVariance);
  }

  /** Axes with ReLU at He initialization only (the defaults of the activation and weight-variance axes). */
  public GridAxes(List<Architecture> architecture, List<Normalization> normalization, List<GradientMode> gradientMode,
      List<Precision> precision, List<Integer> points, List<Double> biasVariance, List<Integer> width,
      List<Integer> depth, List<BetaValue> beta, List<Long> seed, List<InputKind> inputs, List<Integer> inputDim) {
    this(architecture, normalization, gradientMode, precision, points, biasVariance, width, depth, beta, seed, inputs,
        inputDim, List.of(ActivationSpec.RELU), List.of(TaskSpec.DEFAULT_WEIGHT_VARIANCE));
  }

  /** Axes with line inputs only (d = 1). */
  public GridAxes(List<Architecture> architecture, List<Normalization> normalization, List<GradientMode> gradientMode,
      List<Precision> precision, List<Integer> points, List<Double> biasVariance, List<Integer> width, List<Integer> depth,
      List<BetaValue> beta, List<Long> seed) {
    this(architecture, normalization, gradientMode, precision, points, biasVariance, width, depth, beta, seed,
        List.of(InputKind.LINE), List.of(1));
  }

  public GridAxes withSeeds(List<Long> seeds) {
    return new GridAxes(architecture, normalization, gradientMode, precision, points, biasVariance, width, depth, beta,
        seeds, inputs, inputDim, activation, weightVariance);
  }

  /** The activations a task of {@code architecture} takes: relu alone for a ReLU-only family (looks-linear), else the axis. */
  public List<ActivationSpec> activations(Architecture architecture) {
    return architecture.family().reluOnlyBecause() != null ? List.of(ActivationSpec.RELU) : activation;
  }

  /** The input dimensions a task of {@code kind} takes: the input-dim axis for sphere, d = 1 for line. */
  public List<Integer> inputDims(InputKind kind) {
    return kind == InputKind.SPHERE ? inputDim : List.of(1);
  }

  /** The grid keys, as they are written under sweep.grid. */
  public static final List<String> KEYS = List.of("architecture", "normalization", "gradient-mode", "precision",
      "points", "bias-variance", "width", "depth", "beta", "seed", "inputs", "input-dim", "activation",
      "weight-variance");
}
