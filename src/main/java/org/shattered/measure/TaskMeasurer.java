package org.shattered.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.shattered.net.Backprop;
import org.shattered.net.GateMatrix;
import org.shattered.net.Inputs;
import org.shattered.net.Network;
import org.shattered.spec.PathDecompositionRule;
import org.shattered.spec.TaskSpec;

/**
 * Measures one task: one backward pass of the network over the task's inputs, then every per-task
 * metric of docs/science.md (autocorrelation of the gradient for line inputs, pair cosine, gate
 * statistics and kappa of every layer, the mean-field predictions, the precision lost to batch
 * norm). Plain Java after the backward pass.
 */
public final class TaskMeasurer {

  private TaskMeasurer() {
  }

  /**
   * Builds the network with {@code factory}, measures it and closes it. {@link Measurement#millis()}
   * covers the build, the backward pass and the metrics.
   *
   * @throws NonFiniteResultException if an output or gradient value is NaN or infinite
   */
  public static Measurement measure(TaskSpec spec, Function<TaskSpec, Network> factory) {
    return measure(spec, factory, false);
  }

  /**
   * {@link #measure(TaskSpec, Function)}, with {@code pathDecomposition} also the gradient split by
   * path length for resnets ({@link PathDecomposition}); a feedforward net has the single path
   * length L and gets none.
   *
   * @throws IllegalArgumentException if {@code pathDecomposition} is asked for a task that has none
   *     (looks-linear, or through-batch gradients with batch norm): see {@link PathDecompositionRule}
   */
  public static Measurement measure(TaskSpec spec, Function<TaskSpec, Network> factory, boolean pathDecomposition) {
    String refused = pathDecomposition ? PathDecompositionRule.refusal(spec) : null;
    if (refused != null) {
      throw new IllegalArgumentException(refused);
    }
    long start = System.nanoTime();
    try (Network network = factory.apply(spec)) {
      return measure(spec, network, start, pathDecomposition && PathDecompositionRule.hasRows(spec));
    }
  }

  /**
   * Measures a network the caller owns (and closes). {@link Measurement#millis()} covers the
   * backward pass and the metrics.
   *
   * @throws NonFiniteResultException if an output or gradient value is NaN or infinite
   * @throws IllegalStateException if the network's result does not have the task's shape
   */
  public static Measurement measure(TaskSpec spec, Network network) {
    return measure(spec, network, System.nanoTime(), false);
  }

  private static Measurement measure(TaskSpec spec, Network network, long start, boolean paths) {
    Backprop bp = network.backprop(Inputs.of(spec));
    return measure(spec, bp, paths ? network : null, start, null);
  }

  /** The mean-field theory's pair correlation of the task (NaN where it does not apply). */
  private static double meanField(TaskSpec spec) {
    return MeanFieldPairCorrelation.applies(spec) ? MeanFieldPairCorrelation.of(spec, Inputs.of(spec)) : Double.NaN;
  }

  /**
   * Measures a pass computed elsewhere ({@link Network#backpropPrefixes}: one pass for several
   * depths): the same metrics, from the same numbers, as {@link #measure(TaskSpec, Network)}.
   * {@link Measurement#millis()} covers the metrics only (the caller adds the task's share of the
   * pass).
   *
   * @param layerCache the statistics of gate matrices already measured (keyed by identity: the
   *     prefixes of one pass share their layers' gate matrices), added to as layers are measured
   * @throws NonFiniteResultException if an output or gradient value is NaN or infinite
   */
  static Measurement measurePass(TaskSpec spec, Backprop bp, java.util.Map<GateMatrix, LayerStats> layerCache) {
    return measure(spec, bp, null, System.nanoTime(), layerCache);
  }

  /** The metrics of {@code bp}; with {@code pathsOf} (the network that made it) also its path decomposition. */
  private static Measurement measure(TaskSpec spec, Backprop bp, Network pathsOf, long start,
      java.util.Map<GateMatrix, LayerStats> layerCache) {
    checkShape(spec, bp);
    String label = spec.label();
    NonFiniteResultException.check(label, "output", bp.outputs());
    NonFiniteResultException.check(label, "gradient", bp.gradient());
    double[] gradient = bp.gradient().clone();
    double[] acf;
    boolean constant;
    double mean;
    double std;
    if (spec.sphere()) {
      acf = null; // c_k over the order of random points would be a mean over arbitrary pairs
      constant = constantAcrossPoints(gradient, spec.inputDim());
      double[] ms = meanAndStd(gradient);
      mean = ms[0];
      std = ms[1];
    } else {
      Autocorrelation a = Autocorrelation.of(gradient, spec.maxLag());
      NonFiniteResultException.check(label, "autocorrelation", a.acf());
      acf = a.acf();
      constant = a.constant();
      mean = a.mean();
      std = a.std();
    }
    List<LayerStats> gates = layerCache == null ? GateStatistics.ofLayers(bp.gates(), spec.maxLag())
        : cachedLayers(bp.gates(), spec.maxLag(), layerCache);
    List<LayerStats> layers = new ArrayList<>(gates.size());
    for (int l = 0; l < gates.size(); l++) {
      layers.add(bp.gains().isEmpty() ? gates.get(l) : gates.get(l).withKappa(PrecisionLoss.kappa(bp.gains().get(l))));
    }
    double beta = spec.beta();
    double[] predicted = MeanFieldPrediction.predict(spec.architecture(), beta, spec.weightVariance(), layers,
        spec.maxLag());
    double predictedPairs = MeanFieldPrediction.predictPairs(spec.architecture(), beta, spec.weightVariance(), layers);
    double pairCosine = PairCosine.of(gradient, spec.inputDim());
    double bits = spec.architecture().family().precisionLossBits(bp.gains(), spec.beta(), spec.inputDim() > 1);
    PathDecomposition decomposition = null;
    if (pathsOf != null) {
      double[][] byLength = pathsOf.pathGradients();
      for (double[] row : byLength) {
        NonFiniteResultException.check(label, "path gradient", row);
      }
      decomposition = PathDecomposition.of(byLength, gradient, spec.maxLag(), spec.inputDim(), spec.sphere());
    }
    boolean flagged = PrecisionLoss.flagged(bits);
    if (flagged && constant) {
      // the flag wins: a gradient constant to rounding after > 20 lost bits is not an exact constant,
      // so neither the flag constant_gradient nor the convention c_k = 1 holds (c_k is not measured)
      constant = false;
      acf = null;
    }
    double millis = (System.nanoTime() - start) / 1e6;
    return new Measurement(spec, spec.key(), gradient, acf, constant, mean, std, predicted, layers, millis,
        decomposition, pairCosine, predictedPairs, bits, flagged, meanField(spec));
  }

  /** {@link GateStatistics#ofLayers}, each gate matrix measured once across the calls sharing {@code cache}. */
  private static List<LayerStats> cachedLayers(List<GateMatrix> gates, int maxLag,
      java.util.Map<GateMatrix, LayerStats> cache) {
    List<LayerStats> out = new ArrayList<>(gates.size());
    for (int l = 0; l < gates.size(); l++) {
      int layer = l + 1;
      out.add(cache.computeIfAbsent(gates.get(l), g -> GateStatistics.of(g, maxLag, layer)));
    }
    return out;
  }

  /**
   * Whether g_p is numerically the same vector at every point: sum over p and j of (g[p, j] -
   * m_j)^2 below {@link Autocorrelation#CONSTANT_THRESHOLD} times sum g[p, j]^2 (m_j the mean of
   * coordinate j), or g all zero. The d-dimensional form of the line's constant-gradient test.
   */
  static boolean constantAcrossPoints(double[] g, int dim) {
    int points = g.length / dim;
    double scale = 0;
    for (double v : g) {
      scale = Math.max(scale, Math.abs(v));
    }
    if (scale == 0) {
      return true;
    }
    double[] m = new double[dim];
    for (int p = 0; p < points; p++) {
      for (int j = 0; j < dim; j++) {
        m[j] += g[p * dim + j] / scale;
      }
    }
    double squares = 0;
    double deviations = 0;
    for (int p = 0; p < points; p++) {
      for (int j = 0; j < dim; j++) {
        double v = g[p * dim + j] / scale;
        squares += v * v;
        double dv = v - m[j] / points;
        deviations += dv * dv;
      }
    }
    return deviations < Autocorrelation.CONSTANT_THRESHOLD * squares;
  }

  /** Mean and population standard deviation of all values. */
  private static double[] meanAndStd(double[] g) {
    double sum = 0;
    for (double v : g) {
      sum += v;
    }
    double mean = sum / g.length;
    double ss = 0;
    for (double v : g) {
      ss += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(ss / g.length)};
  }

  private static void checkShape(TaskSpec spec, Backprop bp) {
    int points = spec.points();
    String problem = null;
    if (bp.outputs().length != points) {
      problem = bp.outputs().length + " outputs";
    } else if (bp.gradient().length != points * spec.inputDim()) {
      problem = bp.gradient().length + " gradient values";
    } else if (bp.gates().size() != spec.depth()) {
      problem = bp.gates().size() + " gate matrices for depth " + spec.depth();
    } else if (!bp.gains().isEmpty() && bp.gains().size() != spec.depth()) {
      problem = bp.gains().size() + " batch-norm layers for depth " + spec.depth();
    } else {
      for (GateMatrix g : bp.gates()) {
        if (g.points() != points) {
          problem = "a gate matrix over " + g.points() + " points";
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalStateException(spec.label() + ": network returned " + problem + " (expected " + points
          + " points of dimension " + spec.inputDim() + " and " + spec.depth() + " layers)");
    }
  }
}
