package org.shattered.measure;

import java.util.List;
import java.util.function.Function;
import org.shattered.net.Backprop;
import org.shattered.net.GateMatrix;
import org.shattered.net.Network;
import org.shattered.spec.PathDecompositionRule;
import org.shattered.spec.TaskSpec;

/**
 * Measures one task: one backward pass of the network over the task's inputs, then every per-task
 * metric of docs/science.md (Per-task metrics: autocorrelation of the gradient, gate statistics of every layer, the
 * mean-field prediction). Plain Java after the backward pass.
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
    Backprop bp = network.backprop(spec.inputs());
    checkShape(spec, bp);
    String label = spec.label();
    NonFiniteResultException.check(label, "output", bp.outputs());
    NonFiniteResultException.check(label, "gradient", bp.gradient());
    double[] gradient = bp.gradient().clone();
    Autocorrelation acf = Autocorrelation.of(gradient, spec.maxLag());
    NonFiniteResultException.check(label, "autocorrelation", acf.acf());
    List<LayerStats> layers = GateStatistics.ofLayers(bp.gates(), spec.maxLag());
    double[] predicted = MeanFieldPrediction.predict(layers, spec.maxLag());
    PathDecomposition decomposition = null;
    if (paths) {
      double[][] byLength = network.pathGradients();
      for (double[] row : byLength) {
        NonFiniteResultException.check(label, "path gradient", row);
      }
      decomposition = PathDecomposition.of(byLength, spec.maxLag());
    }
    double millis = (System.nanoTime() - start) / 1e6;
    return new Measurement(spec, spec.key(), gradient, acf.acf(), acf.constant(), acf.mean(), acf.std(), predicted,
        layers, millis, decomposition);
  }

  private static void checkShape(TaskSpec spec, Backprop bp) {
    int points = spec.points();
    String problem = null;
    if (bp.outputs().length != points) {
      problem = bp.outputs().length + " outputs";
    } else if (bp.gradient().length != points) {
      problem = bp.gradient().length + " gradient values";
    } else if (bp.gates().size() != spec.depth()) {
      problem = bp.gates().size() + " gate matrices for depth " + spec.depth();
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
          + " points and " + spec.depth() + " layers)");
    }
  }
}
