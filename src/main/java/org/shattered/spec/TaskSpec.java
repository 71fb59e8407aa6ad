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
 * @param biasVariance sigma_b^2, the variance of zero-mean biases (0: no biases); the one way to set
 *     biases (the former bias-std s is bias-variance s^2)
 * @param points number of inputs P on [inputMin, inputMax], at least 3
 * @param inputMin left end of the input grid
 * @param inputMax right end of the input grid, greater than inputMin
 * @param maxLag largest autocorrelation lag K, 1 to points - 1
 * @param seed seed index (0, 1, 2, ...); the weights' random stream derives from it through
 *     {@link #weightSeed()}, with the other parameters that shape the weight matrices
 * @param inputKind line (the 1-D grid on [inputMin, inputMax]) or sphere (P points on the sphere of
 *     radius sqrt(d) in R^d)
 * @param inputDim input dimension d: 1 for line inputs, at least 2 for sphere inputs
 * @param inputSeed seed of the sphere's points (with d and P: every seed index of a group sees the
 *     same inputs); 0 for line inputs, which have no random points
 * @param activation phi of the hidden units (ReLU by default; looks-linear takes ReLU only, being
 *     defined by the ReLU mirror)
 * @param weightVariance sigma_w^2: the stem's entries are N(0, sigma_w^2 / d), the hidden layers'
 *     N(0, sigma_w^2 / N) (2, He initialization, by default; looks-linear's orthogonal layers ignore
 *     it, its stem uses it)
 */
public record TaskSpec(
    Architecture architecture,
    Normalization normalization,
    GradientMode gradientMode,
    Precision precision,
    int depth,
    int width,
    double beta,
    double biasVariance,
    int points,
    double inputMin,
    double inputMax,
    int maxLag,
    long seed,
    InputKind inputKind,
    int inputDim,
    long inputSeed,
    ActivationSpec activation,
    double weightVariance) implements java.io.Serializable {

  /** P: the first value of {@code sweep.grid.points} in reference.conf ({@link Defaults}). */
  public static final int DEFAULT_POINTS = Defaults.gridInt("points");
  /** K: {@code sweep.max-lag} of reference.conf. */
  public static final int DEFAULT_MAX_LAG = Defaults.sweepInt("max-lag");
  /** {@code sweep.input-min} of reference.conf. */
  public static final double DEFAULT_INPUT_MIN = Defaults.sweepDouble("input-min");
  /** {@code sweep.input-max} of reference.conf. */
  public static final double DEFAULT_INPUT_MAX = Defaults.sweepDouble("input-max");
  /**
   * sigma_w^2 of He initialization, 2: the weights every task had before the axis existed. Not a
   * configurable default but the baseline of the task key and label (a task at this variance keeps the
   * key and label it had before the axis), so it is fixed here; reference.conf's default axis holds
   * the same value ({@code TaskSpecTest} checks).
   */
  public static final double DEFAULT_WEIGHT_VARIANCE = 2.0;

  public TaskSpec {
    require(architecture != null, "architecture", architecture, () -> "one of " + ConfigName.names(Architecture.class));
    require(normalization != null, "normalization", normalization, () -> "one of " + ConfigName.names(Normalization.class));
    require(gradientMode != null, "gradient-mode", gradientMode, () -> "one of " + ConfigName.names(GradientMode.class));
    require(precision != null, "precision", precision, () -> "one of " + ConfigName.names(Precision.class));
    require(depth >= 1, "depth", depth, "an integer >= 1");
    require(width >= 1, "width", width, "an integer >= 1");
    if (architecture.usesBeta()) {
      require(Double.isFinite(beta) && beta >= 0, "beta", beta, "a finite number >= 0");
      beta = beta + 0.0; // -0.0 and 0.0 are one value
    } else {
      beta = Double.NaN;
    }
    require(Double.isFinite(biasVariance) && biasVariance >= 0, "bias-variance", biasVariance,
        "a finite number >= 0 (sigma_b^2; 0: no biases)");
    biasVariance = biasVariance + 0.0;
    require(activation != null, "activation", null, "an activation");
    require(activation.relu() || architecture.family().reluOnlyBecause() == null, "activation", activation,
        () -> "relu for " + architecture.configName() + " (it is " + architecture.family().reluOnlyBecause() + ")");
    require(Double.isFinite(weightVariance) && weightVariance > 0, "weight-variance", weightVariance,
        "a finite number > 0 (sigma_w^2; 2 is He initialization)");
    require(points >= 3, "points", points, "an integer >= 3");
    require(Double.isFinite(inputMin), "input-min", inputMin, "a finite number");
    require(Double.isFinite(inputMax) && inputMax > inputMin, "input-max", inputMax,
        () -> "a finite number greater than input-min (" + inputMin + ")");
    require(maxLag >= 1 && maxLag < points, "max-lag", maxLag, () -> "an integer from 1 to points - 1 (" + (points - 1) + ")");
    require(seed >= 0, "seed", seed, "an integer >= 0");
    require(inputKind != null, "inputs", inputKind, () -> "one of " + ConfigName.names(InputKind.class));
    if (inputKind == InputKind.LINE) {
      require(inputDim == 1, "input-dim", inputDim, "1 for line inputs (sphere inputs take d >= 2)");
      inputSeed = 0;
    } else {
      require(inputDim >= 2, "input-dim", inputDim,
          "an integer >= 2 for sphere inputs (the sphere of R^1 is the two points -1 and 1)");
      require(inputSeed >= 0, "input-seed", inputSeed, "an integer >= 0");
    }
  }

  /** A ReLU task at He initialization (sigma_w^2 = 2), as every task was before activations were an axis. */
  public TaskSpec(Architecture architecture, Normalization normalization, GradientMode gradientMode,
      Precision precision, int depth, int width, double beta, double biasVariance, int points, double inputMin,
      double inputMax, int maxLag, long seed, InputKind inputKind, int inputDim, long inputSeed) {
    this(architecture, normalization, gradientMode, precision, depth, width, beta, biasVariance, points, inputMin,
        inputMax, maxLag, seed, inputKind, inputDim, inputSeed, ActivationSpec.RELU, DEFAULT_WEIGHT_VARIANCE);
  }

  /** A ReLU task at He initialization with line inputs (d = 1), as every task was before sphere inputs existed. */
  public TaskSpec(Architecture architecture, Normalization normalization, GradientMode gradientMode,
      Precision precision, int depth, int width, double beta, double biasVariance, int points, double inputMin,
      double inputMax, int maxLag, long seed) {
    this(architecture, normalization, gradientMode, precision, depth, width, beta, biasVariance, points, inputMin,
        inputMax, maxLag, seed, InputKind.LINE, 1, 0);
  }

  /** A spec with the defaults of docs/science.md for everything but the main axes. */
  public static TaskSpec of(Architecture architecture, Normalization normalization, int depth, int width,
      double beta, long seed) {
    return new TaskSpec(architecture, normalization, GradientMode.FROZEN, Precision.DOUBLE, depth, width, beta,
        0.0, DEFAULT_POINTS, DEFAULT_INPUT_MIN, DEFAULT_INPUT_MAX, DEFAULT_MAX_LAG, seed);
  }

  /** A builder holding this spec's values, to make a spec that differs in a few of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public TaskSpec withSeed(long newSeed) {
    return toBuilder().seed(newSeed).build();
  }

  /** The same task at another depth (beta unchanged: a depth-dependent beta is resolved by the grid). */
  public TaskSpec withDepth(int newDepth) {
    return toBuilder().depth(newDepth).build();
  }

  public TaskSpec withPoints(int newPoints, int newMaxLag) {
    return toBuilder().points(newPoints).maxLag(newMaxLag).build();
  }

  public TaskSpec withGradientMode(GradientMode mode) {
    return toBuilder().gradientMode(mode).build();
  }

  public TaskSpec withPrecision(Precision p) {
    return toBuilder().precision(p).build();
  }

  public TaskSpec withBiasVariance(double variance) {
    return toBuilder().biasVariance(variance).build();
  }

  /** The same task with another activation and weight variance sigma_w^2. */
  public TaskSpec withActivation(ActivationSpec phi, double newWeightVariance) {
    return toBuilder().activation(phi).weightVariance(newWeightVariance).build();
  }

  /** The biases' standard deviation sqrt(sigma_b^2), with which they are drawn (0: no biases). */
  public double biasStd() {
    return Math.sqrt(biasVariance);
  }

  /** Whether the weights have He initialization's variance (sigma_w^2 = 2, the default). */
  public boolean defaultWeightVariance() {
    return weightVariance == DEFAULT_WEIGHT_VARIANCE;
  }

  /** The same task with other inputs (line: d must be 1). */
  public TaskSpec withInputs(InputKind kind, int dim, long newInputSeed) {
    return toBuilder().inputKind(kind).inputDim(dim).inputSeed(newInputSeed).build();
  }

  /** Whether the inputs are P points on a sphere in R^d rather than the 1-D line. */
  public boolean sphere() {
    return inputKind == InputKind.SPHERE;
  }

  /**
   * The line inputs x_p = linspace(inputMin, inputMax, points), computed the same way everywhere.
   * Sphere inputs are random points and come from {@code org.shattered.net.Inputs}, which serves
   * both kinds.
   *
   * @throws IllegalStateException for sphere inputs
   */
  public double[] inputs() {
    if (sphere()) {
      throw new IllegalStateException("sphere inputs come from org.shattered.net.Inputs.of(spec)");
    }
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
   * it carries {@link TaskKey#ENGINE_VERSION}. The input parameters appear only for sphere inputs:
   * a line task's text is the one it had before inputs became an axis. Likewise the activation and
   * weight variance appear only when they are not the defaults (relu, 2), and biases as
   * {@code bias-std=0.0} when off (as before bias-variance existed) or {@code bias-variance=V}, so
   * every task that could be written before these axes keeps its key.
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
    if (!activation.relu()) {
      sb.append(";activation=").append(activation.configName());
    }
    if (!defaultWeightVariance()) {
      sb.append(";weight-variance=").append(Double.toString(weightVariance));
    }
    if (architecture.usesBeta()) {
      sb.append(";beta=").append(Double.toString(beta));
    }
    if (biasVariance == 0) {
      sb.append(";bias-std=0.0");
    } else {
      sb.append(";bias-variance=").append(Double.toString(biasVariance));
    }
    sb.append(";points=").append(points)
        .append(";input-min=").append(Double.toString(inputMin))
        .append(";input-max=").append(Double.toString(inputMax))
        .append(";max-lag=").append(maxLag)
        .append(";seed=").append(seed);
    if (sphere()) { // line inputs add nothing, so their keys are those they had before sphere inputs
      sb.append(";inputs=").append(inputKind.configName())
          .append(";input-dim=").append(inputDim)
          .append(";input-seed=").append(inputSeed);
    }
    return sb.toString();
  }

  /**
   * The seed of the task's weights: a pure function of the parameters that shape the weight
   * matrices (weights version, architecture, width, seed index, and the input dimension d when
   * d &gt; 1, since it shapes the stem), not of the depth: the layer matrices are drawn in order after
   * the stem and output weights, so the depth-L network is a prefix of every deeper network of the
   * same architecture, width and seed (nested depths). A weight variance other than 2 is part of it
   * (the matrices differ). Tasks that differ only in depth, activation,
   * normalization, beta, biases, inputs of the same dimension (line or sphere, input seed),
   * precision or gradient mode share their weights, so they can be compared pair by pair and
   * computed together; the key still tells them apart.
   */
  public long weightSeed() {
    return TaskKey.seedOf("v" + TaskKey.WEIGHTS_VERSION + ";weights;" + weightsIdentity());
  }

  /**
   * The seed of the biases (when {@code biasVariance > 0}): a stream of its own beside the weights', so
   * turning biases on leaves every weight unchanged and the biases nest by depth as the weights do.
   */
  public long biasSeed() {
    return TaskKey.seedOf("v" + TaskKey.WEIGHTS_VERSION + ";biases;" + weightsIdentity());
  }

  /**
   * The parameters that shape the weights, as text: tasks with the same text share every weight
   * (the shallower network's being a prefix of the deeper one's).
   */
  public String weightsIdentity() {
    return "architecture=" + architecture.configName() + ";width=" + width + ";seed=" + seed
        + (inputDim > 1 ? ";input-dim=" + inputDim : "")
        + (defaultWeightVariance() ? "" : ";weight-variance=" + weightVariance);
  }

  /**
   * The seed of the points of sphere inputs: a pure function of (input seed, d, P), so every seed
   * index, architecture and depth of a group sees the same points.
   */
  public long inputPointsSeed() {
    return TaskKey.seedOf("v1;inputs=sphere;input-seed=" + inputSeed + ";input-dim=" + inputDim + ";points=" + points);
  }

  /** The stable identity of this task. */
  public TaskKey key() {
    return TaskKey.of(this);
  }

  /**
   * A short human label, e.g. "resnet/batch L=50 N=200 beta=1.0 seed=3" (with " sphere d=100" for
   * sphere inputs, and the activation and variances when they are not the defaults).
   */
  public String label() {
    String phi = (activation.relu() ? "" : " " + activation.configName())
        + (defaultWeightVariance() ? "" : " sw2=" + weightVariance)
        + (biasVariance == 0 ? "" : " sb2=" + biasVariance);
    return String.format(Locale.ROOT, "%s/%s L=%d N=%d%s%s%s seed=%d", architecture.configName(),
        normalization.configName(), depth, width, architecture.usesBeta() ? " beta=" + beta : "",
        sphere() ? " sphere d=" + inputDim : "", phi, seed);
  }

  /**
   * Relative cost used to balance partitions: depth x width x (a layer matrix's columns) x points
   * (looks-linear doubles the width), plus the stem and its gradient, width x points x d.
   */
  public double cost() {
    double w = architecture.family().layerColumns(width);
    return (double) depth * w * width * points + (double) width * points * inputDim;
  }

  /**
   * The values of a spec, changed one at a time and checked together by {@link #build} (through the
   * canonical constructor): the one place that copies every field, for the {@code with*} methods and
   * any caller that changes several values.
   */
  public static final class Builder {
    private Architecture architecture;
    private Normalization normalization;
    private GradientMode gradientMode;
    private Precision precision;
    private int depth;
    private int width;
    private double beta;
    private double biasVariance;
    private int points;
    private double inputMin;
    private double inputMax;
    private int maxLag;
    private long seed;
    private InputKind inputKind;
    private int inputDim;
    private long inputSeed;
    private ActivationSpec activation;
    private double weightVariance;

    private Builder(TaskSpec s) {
      architecture = s.architecture;
      normalization = s.normalization;
      gradientMode = s.gradientMode;
      precision = s.precision;
      depth = s.depth;
      width = s.width;
      beta = s.beta;
      biasVariance = s.biasVariance;
      points = s.points;
      inputMin = s.inputMin;
      inputMax = s.inputMax;
      maxLag = s.maxLag;
      seed = s.seed;
      inputKind = s.inputKind;
      inputDim = s.inputDim;
      inputSeed = s.inputSeed;
      activation = s.activation;
      weightVariance = s.weightVariance;
    }

    public Builder architecture(Architecture value) {
      architecture = value;
      return this;
    }

    public Builder normalization(Normalization value) {
      normalization = value;
      return this;
    }

    public Builder gradientMode(GradientMode value) {
      gradientMode = value;
      return this;
    }

    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    public Builder depth(int value) {
      depth = value;
      return this;
    }

    public Builder width(int value) {
      width = value;
      return this;
    }

    public Builder beta(double value) {
      beta = value;
      return this;
    }

    public Builder biasVariance(double value) {
      biasVariance = value;
      return this;
    }

    public Builder points(int value) {
      points = value;
      return this;
    }

    public Builder inputMin(double value) {
      inputMin = value;
      return this;
    }

    public Builder inputMax(double value) {
      inputMax = value;
      return this;
    }

    public Builder maxLag(int value) {
      maxLag = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder inputKind(InputKind value) {
      inputKind = value;
      return this;
    }

    public Builder inputDim(int value) {
      inputDim = value;
      return this;
    }

    public Builder inputSeed(long value) {
      inputSeed = value;
      return this;
    }

    public Builder activation(ActivationSpec value) {
      activation = value;
      return this;
    }

    public Builder weightVariance(double value) {
      weightVariance = value;
      return this;
    }

    /** The spec of these values; a {@link SpecException} names the first one that is not allowed. */
    public TaskSpec build() {
      return new TaskSpec(architecture, normalization, gradientMode, precision, depth, width, beta, biasVariance, points,
          inputMin, inputMax, maxLag, seed, inputKind, inputDim, inputSeed, activation, weightVariance);
    }
  }
}
