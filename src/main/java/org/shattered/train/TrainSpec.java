package org.shattered.train;

import static org.shattered.spec.SpecException.require;

import java.util.Locale;
import org.shattered.spec.GradientMode;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskKey;
import org.shattered.spec.TaskSpec;

/**
 * Every parameter of one training task (docs/science.md, Training). Construction validates each
 * value (one {@link org.shattered.spec.SpecException} naming the option) and canonicalizes beta to
 * NaN where the family has no residual branch.
 *
 * @param family network family
 * @param normalization none or batch norm before each ReLU
 * @param precision arithmetic precision
 * @param depth ReLU layers L (>= 1)
 * @param width units per layer N (>= 1)
 * @param beta residual branch scale (resnet; NaN otherwise)
 * @param seed seed index: the weights (as the measurement engine's for the same network) and the
 *     data order derive from it
 * @param learningRate SGD step size (> 0)
 * @param momentum heavy-ball momentum in [0, 1)
 * @param batchSize images per step (>= 1, at most the training set)
 * @param steps SGD steps (>= 1)
 * @param checkpointEvery steps between checkpoints (>= 1; the last step is always one)
 */
public record TrainSpec(Family family, Normalization normalization, Precision precision, int depth, int width,
    double beta, long seed, double learningRate, double momentum, int batchSize, int steps, int checkpointEvery)
    implements java.io.Serializable {

  public TrainSpec {
    require(family != null, "architecture", family, "one of feedforward, resnet, looks-linear, crelu");
    require(normalization != null, "normalization", normalization, "none or batch");
    require(precision != null, "precision", precision, "double or float");
    require(depth >= 1, "depth", depth, "an integer >= 1");
    require(width >= 1, "width", width, "an integer >= 1");
    if (family == Family.RESNET) {
      require(Double.isFinite(beta) && beta >= 0, "beta", beta, "a finite number >= 0");
      beta = beta + 0.0;
    } else {
      beta = Double.NaN;
    }
    require(seed >= 0, "seed", seed, "an integer >= 0");
    require(Double.isFinite(learningRate) && learningRate > 0, "learning-rate", learningRate, "a finite number > 0");
    require(Double.isFinite(momentum) && momentum >= 0 && momentum < 1, "momentum", momentum, "a number in [0, 1)");
    require(batchSize >= 1, "batch-size", batchSize, "an integer >= 1 (at most the training set)");
    require(steps >= 1, "steps", steps, "an integer >= 1");
    require(checkpointEvery >= 1, "checkpoint-every", checkpointEvery, "an integer >= 1");
  }

  /**
   * The measurement engine's spec of the same network on {@code points} inputs in R^dim (sphere
   * kind, frozen gradient): its weights are this task's initial weights ({@link
   * org.shattered.net.InitialWeights}), crelu aside, which has looks-linear's shape and weights of its own.
   */
  public TaskSpec measured(int dim, int points) {
    return new TaskSpec(family.shape(), normalization, GradientMode.FROZEN, precision, depth, width,
        family == Family.RESNET ? beta : Double.NaN, 0.0, points, TaskSpec.DEFAULT_INPUT_MIN,
        TaskSpec.DEFAULT_INPUT_MAX, Math.min(TaskSpec.DEFAULT_MAX_LAG, points - 1), seed, InputKind.SPHERE, dim, 0);
  }

  /** The seed of the data order: a function of the seed index and batch size only (docs/science.md, Training). */
  public long orderSeed() {
    return TaskKey.seedOf("v1;train-order;seed=" + seed + ";batch-size=" + batchSize);
  }

  /** The canonical text of every parameter. */
  public String canonical() {
    return "v1;train;architecture=" + family.configName() + ";normalization=" + normalization.configName()
        + ";precision=" + precision.configName() + ";depth=" + depth + ";width=" + width
        + (family == Family.RESNET ? ";beta=" + beta : "") + ";seed=" + seed + ";learning-rate=" + learningRate
        + ";momentum=" + momentum + ";batch-size=" + batchSize + ";steps=" + steps + ";checkpoint-every="
        + checkpointEvery;
  }

  public String label() {
    return String.format(Locale.ROOT, "%s/%s L=%d N=%d%s lr=%s seed=%d", family.configName(),
        normalization.configName(), depth, width, family == Family.RESNET ? " beta=" + beta : "", learningRate, seed);
  }

  public TrainSpec withSeed(long s) {
    return new TrainSpec(family, normalization, precision, depth, width, beta, s, learningRate, momentum, batchSize,
        steps, checkpointEvery);
  }
}
