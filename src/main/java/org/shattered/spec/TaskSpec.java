package org.shattered.spec;

import static org.shattered.spec.SpecException.require;

import java.util.Locale;

/**
 * Every parameter that determines the numbers of one task: one randomly initialized network, one
 * seed. Construction validates each value and canonicalizes parameters that do not apply (beta is
 * NaN for architectures without a residual branch), so two specs that measure the same thing are
 * equal and have the same {@link #key()}.
 *
 * @param architecture network family
 * @param normalization none or batch norm before each ReLU
 * @param gradientMode how the gradient treats batch statistics
 * @param precision arithmetic precision of the network
 * @param depth number of ReLU layers L, at least 1
 * @param width units per layer N, at least 1
 * @param beta residual branch scale (finite, at least 0); NaN where the architecture has none
 * @param biasStd standard deviation of zero-mean biases (0: no biases)
 * @param points number of inputs P on [inputMin, inputMax], at least 3
 * @param inputMin left end of the input grid
 * @param inputMax right end of the input grid, greater than inputMin
 * @param maxLag largest autocorrelation lag K, 1 to points - 1
 * @param seed seed index (0, 1, 2, ...); the weights' random stream derives from it through
 *     {@link #weightSeed()}, with the other parameters that shape the weight matrices
 */
public record TaskSpec(
    Architecture architecture,
    Normalization normalization,
    GradientMode gradientMode,
    Precision precision,
    int depth,
    int width,
    double beta,
    double biasStd,
    int points,
    double inputMin,
    double inputMax,
    int maxLag,
    long seed) implements java.io.Serializable {

  public static final int DEFAULT_POINTS = 256;
  public static final int DEFAULT_MAX_LAG = 32;
  public static final double DEFAULT_INPUT_MIN = -2.0;
  public static final double DEFAULT_INPUT_MAX = 2.0;

  public TaskSpec {
    require(architecture != null, "architecture", architecture, "one of " + ConfigName.names(Architecture.class));
    require(normalization != null, "normalization", normalization, "one of " + ConfigName.names(Normalization.class));
    require(gradientMode != null, "gradient-mode", gradientMode, "one of " + ConfigName.names(GradientMode.class));
    require(precision != null, "precision", precision, "one of " + ConfigName.names(Precision.class));
    require(depth >= 1, "depth", depth, "an integer >= 1");
    require(width >= 1, "width", width, "an integer >= 1");
    if (architecture.usesBeta()) {
      require(Double.isFinite(beta) && beta >= 0, "beta", beta, "a finite number >= 0");
      beta = beta + 0.0; // -0.0 and 0.0 are one value
    } else {
      beta = Double.NaN;
    }
    require(Double.isFinite(biasStd) && biasStd >= 0, "bias-std", biasStd, "a finite number >= 0");
    biasStd = biasStd + 0.0;
    require(points >= 3, "points", points, "an integer >= 3");
    require(Double.isFinite(inputMin), "input-min", inputMin, "a finite number");
    require(Double.isFinite(inputMax) && inputMax > inputMin, "input-max", inputMax,
        "a finite number greater than input-min (" + inputMin + ")");
    require(maxLag >= 1 && maxLag < points, "max-lag", maxLag, "an integer from 1 to points - 1 (" + (points - 1) + ")");
    require(seed >= 0, "seed", seed, "an integer >= 0");
  }

  /** A spec with the defaults of docs/science.md for everything but the main axes. */
  public static TaskSpec of(Architecture architecture, Normalization normalization, int depth, int width,
      double beta, long seed) {
    return new TaskSpec(architecture, normalization, GradientMode.FROZEN, Precision.DOUBLE, depth, width, beta,
        0.0, DEFAULT_POINTS, DEFAULT_INPUT_MIN, DEFAULT_INPUT_MAX, DEFAULT_MAX_LAG, seed);
  }

  public TaskSpec withSeed(long newSeed) {
    return new TaskSpec(architecture, normalization, gradientMode, precision, depth, width, beta, biasStd, points,
        inputMin, inputMax, maxLag, newSeed);
  }

  public TaskSpec withPoints(int newPoints, int newMaxLag) {
    return new TaskSpec(architecture, normalization, gradientMode, precision, depth, width, beta, biasStd, newPoints,
        inputMin, inputMax, newMaxLag, seed);
  }

  public TaskSpec withGradientMode(GradientMode mode) {
    return new TaskSpec(architecture, normalization, mode, precision, depth, width, beta, biasStd, points,
        inputMin, inputMax, maxLag, seed);
  }

  public TaskSpec withPrecision(Precision p) {
    return new TaskSpec(architecture, normalization, gradientMode, p, depth, width, beta, biasStd, points,
        inputMin, inputMax, maxLag, seed);
  }

  public TaskSpec withBiasStd(double std) {
    return new TaskSpec(architecture, normalization, gradientMode, precision, depth, width, beta, std, points,
        inputMin, inputMax, maxLag, seed);
  }

  /** The inputs x_p = linspace(inputMin, inputMax, points), computed the same way everywhere. */
  public double[] inputs() {
    double[] x = new double[points];
    double step = (inputMax - inputMin) / (points - 1);
    for (int p = 0; p < points; p++) {
      x[p] = p == points - 1 ? inputMax : inputMin + p * step;
    }
    return x;
  }

  /** The beta column value: null where the architecture has no residual branch. */
  public Double betaOrNull() {
    return Double.isNaN(beta) ? null : beta;
  }

  /**
   * The canonical text of every parameter, the source of the key. Changing it changes every key, so
   * it carries {@link TaskKey#ENGINE_VERSION}.
   */
  public String canonical() {
    StringBuilder sb = new StringBuilder(160);
    sb.append("v").append(TaskKey.ENGINE_VERSION)
        .append(";architecture=").append(architecture.configName())
        .append(";normalization=").append(normalization.configName())
        .append(";gradient-mode=").append(gradientMode.configName())
        .append(";precision=").append(precision.configName())
        .append(";depth=").append(depth)
        .append(";width=").append(width);
    if (architecture.usesBeta()) {
      sb.append(";beta=").append(Double.toString(beta));
    }
    sb.append(";bias-std=").append(Double.toString(biasStd))
        .append(";points=").append(points)
        .append(";input-min=").append(Double.toString(inputMin))
        .append(";input-max=").append(Double.toString(inputMax))
        .append(";max-lag=").append(maxLag)
        .append(";seed=").append(seed);
    return sb.toString();
  }

  /**
   * The seed of the task's weights: a pure function of the parameters that shape the weight
   * matrices (weights version, architecture, depth, width, seed index). Tasks that differ only in
   * normalization, beta, biases, inputs, precision or gradient mode share their weights, so they can
   * be compared pair by pair; the key still tells them apart.
   */
  public long weightSeed() {
    return TaskKey.seedOf("v" + TaskKey.WEIGHTS_VERSION + ";weights;architecture=" + architecture.configName()
        + ";depth=" + depth + ";width=" + width + ";seed=" + seed);
  }

  /** The stable identity of this task. */
  public TaskKey key() {
    return TaskKey.of(this);
  }

  /** A short human label, e.g. "resnet/batch L=50 N=200 beta=1.0 seed=3". */
  public String label() {
    return String.format(Locale.ROOT, "%s/%s L=%d N=%d%s seed=%d", architecture.configName(),
        normalization.configName(), depth, width, architecture.usesBeta() ? " beta=" + beta : "", seed);
  }

  /** Relative cost used to balance partitions: depth x width^2 x points (looks-linear doubles the width). */
  public double cost() {
    double w = architecture == Architecture.LOOKS_LINEAR ? 2.0 * width : width;
    return (double) depth * w * width * points + (double) width * points;
  }
}
