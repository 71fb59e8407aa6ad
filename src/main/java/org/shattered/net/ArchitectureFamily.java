package org.shattered.net;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.measure.PrecisionLoss;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.IndependentGateMonteCarlo;
import org.shattered.theory.MeanField;

/**
 * Everything the project knows about one network family (docs/science.md, Networks), in one object
 * that its {@link org.shattered.spec.Architecture} constant holds: how its network is built and its
 * weights drawn, how many layer matrices it has and of what shape (the engine's bounds and the
 * partition cost), whether one forward pass gives its gradient at every depth, its per-layer
 * mean-field factor, closed-form curve and that curve's label, the independent-gate Monte Carlo
 * check of the curve, and its path-decomposition and precision-loss rules. The rest of the code
 * asks the family instead of testing which architecture it has, so adding one is this subclass
 * (with its network class, both in this package) and one constant; see docs/extending.md.
 *
 * <p>Families live in {@code net} because building a network uses the package's private machinery
 * (scratch memory, drawn weights); the constructor is package-private for the same reason.
 */
public abstract class ArchitectureFamily {
  ArchitectureFamily() {
  }

  /** The network of {@code spec} on drawn weights; it owns {@code blas}, the weights stay the draw's. */
  abstract AbstractNetwork network(TaskSpec spec, Blas blas, AbstractNetwork.Draw draw, boolean forwardMode);

  /**
   * {@code count} layer matrices drawn in order from {@code rng} into native matrices owned by
   * {@code blas}; by default N x N with entries N(0, sigma_w^2 / N).
   */
  INDArray[] layers(int n, double weightVariance, int count, GaussianStream rng, Blas blas) {
    return blas.gaussianMatrices(rng, count, n, n, Math.sqrt(weightVariance / n));
  }

  /**
   * Whether the gradient comes from the forward pass where {@link AbstractNetwork#forwardModeApplies}
   * allows it, so that one pass to a deeper network gives every depth ({@link Network#backpropPrefixes}).
   */
  public boolean forwardMode() {
    return true;
  }

  /** The number of layer matrices of a network of this depth (the weight block holds all of them). */
  public int layerMatrices(int depth) {
    return depth;
  }

  /** The columns of one layer matrix of a network of this width (it has width rows). */
  public long layerColumns(int width) {
    return width;
  }

  /** Whether the residual branch scale beta is a parameter of this family. */
  public boolean usesBeta() {
    return false;
  }

  /** Why the family takes ReLU alone (as "defined by ..."), or null when it takes every activation. */
  public String reluOnlyBecause() {
    return null;
  }

  /** Why the path decomposition cannot be asked of this family, or null when it can. */
  public String pathDecompositionRefusal() {
    return null;
  }

  /** Whether the path decomposition gives rows (more than one path length). */
  public boolean pathDecompositionRows() {
    return false;
  }

  /**
   * The bits of precision batch norm costs a forward pass with these per-layer gains (see
   * {@link PrecisionLoss}); by default layers that replace their input.
   */
  public double precisionLossBits(List<double[]> gains, double beta, boolean stemIsProduct) {
    return PrecisionLoss.totalBits(gains, stemIsProduct);
  }

  /**
   * One layer's factor of the mean-field (independent-gate) prediction of the pair correlation:
   * {@code coact} the co-activation of the two inputs' gates (E[phi'(u) phi'(v)]), {@code active}
   * E[phi'^2] (the active fraction for ReLU), {@code kappa} the layer's batch-norm gain (1 without
   * normalization).
   */
  public abstract double meanFieldFactor(double beta, double weightVariance, double kappa, double coact,
      double active);

  /**
   * The closed form of the pair correlation at {@code depth} under independent ReLU gates, with the
   * stem variance v_1 of the inputs.
   */
  public abstract double closedForm(Normalization normalization, double beta, int depth, double stemVariance);

  /** The formula of {@link #closedForm}, as figures label its curve. */
  public abstract String closedFormLabel(Normalization normalization);

  /**
   * The layer of the mean-field recursion from the parameters alone ({@link MeanField#pairCorrelation},
   * the column {@code mean_field_pair_corr}) for branch scale {@code beta}, or null where the recursion
   * does not describe the family ({@link #meanFieldRefusal} says why).
   */
  public abstract MeanField.Layer meanFieldLayer(double beta);

  /** Why {@link #meanFieldLayer} is null (a clause), or null when the family has the recursion. */
  public String meanFieldRefusal() {
    return null;
  }

  /**
   * One layer matrix as a Java array (N rows of {@link #layerColumns} entries, row-major), drawn from
   * {@code rng} as {@link #layers} draws it, for code that changes the weights ({@link InitialWeights}).
   */
  double[] layerArray(int n, double weightVariance, GaussianStream rng) {
    return Weights.gaussian(rng, n * n, Math.sqrt(weightVariance / n));
  }

  /**
   * Whether the layer matrices are mirrored [U, -U] (the looks-linear construction), which the
   * {@code crelu} control of training redraws without the mirror in the same shape.
   */
  public boolean mirrored() {
    return false;
  }

  /**
   * The paper's heuristic for this family's pair correlation at {@code depth}, compared with the data
   * in the theory table where it applies, or NaN: by default the family has none.
   */
  public double heuristic(Normalization normalization, double beta, int depth) {
    return Double.NaN;
  }

  /**
   * Whether a ReLU net of this family without normalization or biases has, on 1-D line inputs, a
   * gradient with one value for x &lt; 0 and one for x &gt; 0 (positively homogeneous and not linear,
   * so c_k = (P - 1 - k)/P at every depth: docs/science.md, Networks); figures label such curves
   * degenerate rather than draw them as findings. By default not (a new family says so itself).
   */
  public boolean stepOnLineUnnormalized() {
    return false;
  }

  /** The Monte Carlo check of {@link #closedForm}: the same network with gates drawn independently. */
  public abstract IndependentGateMonteCarlo.Estimate independentGates(Normalization normalization, double beta,
      double stemVariance, int depth, int width, int samples, long seed);

  /**
   * Replays per-layer gate statistics (checked by the caller) as independent gates, the branch of
   * layer l scaled by {@code scales[l]} = beta sqrt(kappa_l) where the family has branches.
   */
  public abstract IndependentGateMonteCarlo.Estimate replayGates(double[] scales, double[] active,
      double[] coactivation, int width, int samples, long seed);
}
